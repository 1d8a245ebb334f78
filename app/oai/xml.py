"""Own the XML of OAI-PMH answers: the envelope, record headers and oai_dc metadata (lxml).

Text is cleaned of the control characters XML 1.0 forbids (ITU's summaries carry some,
e.g. Word's 0x1E) before it goes in.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from index.journal.records import PublicRecord

OAI = "http://www.openarchives.org/OAI/2.0/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
DC = "http://purl.org/dc/elements/1.1/"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
OAI_ID = "http://www.openarchives.org/OAI/2.0/oai-identifier"
_BAD = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# ITU's language names -> ISO 639-1 (dc:language)
ISO = {"English": "en", "French": "fr", "Spanish": "es", "Arabic": "ar", "Russian": "ru",
       "Chinese": "zh", "German": "de", "Japanese": "ja", "Portuguese": "pt"}


def clean(text: Any) -> str:
    """Text XML can carry."""
    return _BAD.sub(" ", str(text))


def sub(parent: etree._Element, tag: str, text: Any = None, **attrs: str) -> etree._Element:
    """A child element with text and attributes."""
    node = etree.SubElement(parent, tag, {k: clean(v) for k, v in attrs.items()})
    if text is not None:
        node.text = clean(text)
    return node


def envelope(response_date: str, base_url: str, request_args: dict[str, str]
             ) -> etree._Element:
    """The OAI-PMH root with responseDate and request (no attributes for bad requests)."""
    root = etree.Element(f"{{{OAI}}}OAI-PMH", nsmap={None: OAI, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{OAI} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd")
    sub(root, f"{{{OAI}}}responseDate", response_date)
    sub(root, f"{{{OAI}}}request", base_url, **request_args)
    return root


def header(parent: etree._Element, oai_id: str, datestamp: str, sets: list[str],
           deleted: bool) -> None:
    """A record header (status="deleted" for gone families)."""
    node = sub(parent, f"{{{OAI}}}header", **({"status": "deleted"} if deleted else {}))
    sub(node, f"{{{OAI}}}identifier", oai_id)
    sub(node, f"{{{OAI}}}datestamp", datestamp)
    for spec in sets:
        sub(node, f"{{{OAI}}}setSpec", spec)


def oai_dc(parent: etree._Element, record: PublicRecord, page_url: str | None) -> None:
    """Simple Dublin Core of a public record."""
    dc = etree.SubElement(parent, f"{{{OAI_DC}}}dc", nsmap={"oai_dc": OAI_DC, "dc": DC,
                                                            "xsi": XSI})
    dc.set(f"{{{XSI}}}schemaLocation", f"{OAI_DC} http://www.openarchives.org/OAI/2.0/"
           "oai_dc.xsd")

    def add(tag: str, value: Any) -> None:
        if value:
            sub(dc, f"{{{DC}}}{tag}", value)

    add("title", f"{record['number']}: {record['title']}" if record["title"] else
        record["number"])
    group = record["study_group"]
    add("creator", f"ITU-T {group}" if group else "ITU-T")
    for tag in record["topics"]:
        add("subject", tag["label"])
    add("description", record["summary"])
    add("publisher", "International Telecommunication Union (ITU)")
    add("date", record["approval_date"])
    add("type", record["type"])
    add("type", "Text")
    add("identifier", f"ITU-T {record['number']}")
    add("identifier", record["url"])
    add("identifier", page_url)
    for language in record["languages"]:
        add("language", ISO.get(language, language))
    for region in record["regions"]:
        add("coverage", region["label"])
    for number in record["successors"]:
        add("relation", f"Replaced by ITU-T {number}")
    add("rights", "© ITU. Texts are downloaded from ITU under ITU's terms.")


def serialise(root: etree._Element) -> bytes:
    """The answer's bytes (UTF-8, with the XML declaration)."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
