"""Own ITU-T numbering: split an edition name into family number, kind, version and date.

"G.989.2 (2014) Amd. 1 (04/2016)" -> family "G.989.2", kind "amendment";
"A Suppl. 2 (12/2022)" -> family "A.Suppl.2" (a Supplement document of its own);
"H.264 (V14) (08/2021)" -> family "H.264", version "V14".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from crawler.parse.common import parse_month_year

_NAME = re.compile(
    r"^(?P<base>.+?)"
    # ITU marks versions "(V14)" and, on some 2016 Q-series texts, "v.1" / "v7": a version of
    # the text, never part of its number.
    r"(?:\s+\((?P<version>V\d+)\)|\s+(?P<vmark>v\.?\d+))?"
    r"(?:\s+\((?P<base_year>\d{4})\)(?P<suffix>.*?))?"
    r"\s+\((?P<month>\d{1,2})/(?P<year>\d{2}|\d{4})\)\s*$"
)
# Annexes, appendices and attachments are parts of an edition of their Recommendation, whatever
# follows their letter ("G.726 App. II test vectors", "H.350 attachment" = T-REC-H.350-...!AppIII).
_PART = re.compile(
    r"^(?P<rec>.+?)\s+(?P<part>Annex\s+\S+|App\.\s*\S+|attachment\b)(?:\s+[^()]*)?$"
)
_KINDS = (
    ("Technical Cor.", "corrigendum"),
    ("Amd.", "amendment"),
    ("Cor.", "corrigendum"),
    ("Err.", "erratum"),
    ("Add.", "addendum"),
    ("Annex", "annex"),
    ("App.", "appendix"),
)
_SERIES = re.compile(r"^([A-Z]+)")


@dataclass(frozen=True)
class RecName:
    """The parts of one ITU-T edition name."""

    family: str  # canonical number of the document: "G.989.2", "G.Suppl.47", "G.780/Y.1351"
    kind: str  # "edition" | "amendment" | "corrigendum" | "erratum" | "addendum" | "annex" | ...
    version: str | None  # "V14" when ITU numbers versions
    stamp: date | None  # month of approval from "(04/2016)"
    label: str  # the name as ITU prints it, without "ITU-T "


def canonical_number(text: str) -> str:
    """Canonicalise a document number: "G Suppl. 47" -> "G.Suppl.47", "ITU-T Y.3172" -> "Y.3172"."""
    text = re.sub(r"^(?:Rec(?:ommendation)?\.?\s+)?ITU-T\s+", "", text.strip())
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"^([A-Z]+) Suppl\.\s*", r"\1.Suppl.", text)
    return re.sub(r"\s*Suppl\.\s*", " Suppl.", text) if ".Suppl." not in text else text


@lru_cache(maxsize=65536)  # pure; the pipeline asks for each of ~16,000 names several times
def parse_rec_name(rec_name: str) -> RecName:
    """Split an ITU edition name; names that do not fit still give a usable family."""
    label = re.sub(r"^ITU-T\s+", "", re.sub(r"\s+", " ", rec_name.strip()))
    m = _NAME.match(label)
    if not m:
        return RecName(canonical_number(label), "edition", None, None, label)
    base = m.group("base")
    kind = "edition"
    suffix = (m.group("suffix") or "").strip()
    if suffix:
        kind = next((k for prefix, k in _KINDS if suffix.startswith(prefix)), "edition")
    part = _PART.match(base)
    if part:
        base = part.group("rec")
        if kind == "edition":
            kind = "annex" if part.group("part").startswith("Annex") else "appendix"
    return RecName(
        family=canonical_number(base),
        kind=kind,
        version=m.group("version") or m.group("vmark"),
        stamp=parse_month_year(label[m.start("month") - 1 :]),
        label=label,
    )


def document_type(family: str) -> str:
    """Tell the ITU type of a family from its number."""
    if "Suppl." in family:
        return "Supplement"
    if ".Imp" in family:
        return "Implementers' guide"
    return "Recommendation"


def series_of(family: str) -> str | None:
    """Return the series letter(s) of a number: "Y.3172" -> "Y", "E-100 series Suppl.1" -> "E"."""
    m = _SERIES.match(family)
    return m.group(1) if m else None


def study_group_code(name: str | None) -> str | None:
    """Reduce "ITU-T Study Group 15" or "SG05" to "SG15"/"SG5", the advisory group to "TSAG".

    "SG00" (the heading ITU's /pub/ index pages use for texts of no study group) is None.
    """
    if not name:
        return None
    m = re.fullmatch(r"\s*SG\s*0*(\d+)\s*", name, re.IGNORECASE)
    if m:
        return f"SG{int(m.group(1))}" if int(m.group(1)) else None
    m = re.search(r"Study Group\s+(\d+)", name)
    if m:
        return f"SG{int(m.group(1))}"
    if "Advisory Group" in name or "TSAG" in name:
        return "TSAG"
    return name
