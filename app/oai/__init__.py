"""Own the OAI-PMH 2.0 provider at /oai (blueprint "oai"): every verb, every error code.

Identify, ListMetadataFormats (oai_dc), ListSets (topic, region, type, kind, study group
and developing-country relevance, each with its values), ListIdentifiers and ListRecords
(selective by from/until/set, paged with resumption tokens over the whole catalogue),
GetRecord. Records are the public journal's (index/store/journal.py): their datestamp is
their last public change, and families gone from ITU stay as deleted records
(deletedRecord "persistent"). Protocol rules are in protocol.py, the XML in xml.py.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, Response, current_app, request, url_for
from lxml import etree

from app.oai.protocol import (
    PREFIXES,
    OaiError,
    Token,
    check_arguments,
    check_prefix,
    date_range,
    identifier,
    now_stamp,
    number_of,
    parse_set,
    type_slug,
)
from app.oai.xml import OAI, OAI_ID, envelope, header, oai_dc, serialise, sub
from app.reach.journal import ensure_synced
from app.templating import absolute, catalogue, public_base
from index.journal.records import StoredRecord

bp = Blueprint("oai", __name__)
_DOMAIN_START = "abcdefghijklmnopqrstuvwxyz"


def repository_id() -> str:
    """The repositoryIdentifier: the setting, else the public host if it is a domain name."""
    configured = current_app.config["ITUCAT_CONFIG"].reach.oai_repository_id.strip()
    if configured:
        return configured
    host = urlsplit(public_base()).hostname or ""
    labels = host.split(".")
    if len(labels) >= 2 and all(labels) and host[0].lower() in _DOMAIN_START:
        return host.lower()
    return "itu-t-catalogue.local"


def _sets_of(stored: StoredRecord) -> list[str]:
    record = stored.record
    out = [f"topic:{t['id']}" for t in record["topics"]]
    out += [f"region:{t['id']}" for t in record["regions"]]
    out += [f"kind:{t['id']}" for t in record["kinds"]]
    out.append(f"type:{type_slug(record['type'])}")
    out.append("dc:yes" if record["developing_countries"] else "dc:no")
    if record["study_group"]:
        out.append(f"sg:{record['study_group']}")
    return out


def _type_slugs() -> dict[str, str]:
    values = catalogue().store.journal.set_values().get("type", [])
    return {type_slug(v): v for v, _n in values}


def _record(parent: etree._Element, stored: StoredRecord, with_metadata: bool) -> None:
    repo = repository_id()
    oai_id = identifier(repo, stored.document_id)
    if not with_metadata:
        header(parent, oai_id, stored.datestamp, _sets_of(stored), stored.gone)
        return
    node = sub(parent, f"{{{OAI}}}record")
    header(node, oai_id, stored.datestamp, _sets_of(stored), stored.gone)
    if not stored.gone:
        metadata = sub(node, f"{{{OAI}}}metadata")
        oai_dc(metadata, stored.record,
               absolute(url_for("documents.show", number=stored.document_id)))


def identify(root: etree._Element, base: str) -> None:
    """Identify: who this repository is."""
    journal = catalogue().store.journal
    node = sub(root, f"{{{OAI}}}Identify")
    sub(node, f"{{{OAI}}}repositoryName", "ITU-T Catalogue")
    sub(node, f"{{{OAI}}}baseURL", base)
    sub(node, f"{{{OAI}}}protocolVersion", "2.0")
    sub(node, f"{{{OAI}}}adminEmail", current_app.config["ITUCAT_CONFIG"].reach.oai_admin_email
        or f"curators@{repository_id()}")
    sub(node, f"{{{OAI}}}earliestDatestamp", journal.earliest() or "1970-01-01T00:00:00Z")
    sub(node, f"{{{OAI}}}deletedRecord", "persistent")
    sub(node, f"{{{OAI}}}granularity", "YYYY-MM-DDThh:mm:ssZ")
    description = sub(node, f"{{{OAI}}}description")
    ident = etree.SubElement(description, f"{{{OAI_ID}}}oai-identifier", nsmap={None: OAI_ID})
    ident.set("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation",
              f"{OAI_ID} http://www.openarchives.org/OAI/2.0/oai-identifier.xsd")
    for tag, text in (("scheme", "oai"), ("repositoryIdentifier", repository_id()),
                      ("delimiter", ":"),
                      ("sampleIdentifier", identifier(repository_id(), "Y.3172"))):
        sub(ident, f"{{{OAI_ID}}}{tag}", text)


def list_formats(root: etree._Element, args: dict[str, str]) -> None:
    """ListMetadataFormats (of the repository, or of one item)."""
    if "identifier" in args:
        _stored(args["identifier"])
    node = sub(root, f"{{{OAI}}}ListMetadataFormats")
    for prefix, (schema, namespace) in PREFIXES.items():
        fmt = sub(node, f"{{{OAI}}}metadataFormat")
        sub(fmt, f"{{{OAI}}}metadataPrefix", prefix)
        sub(fmt, f"{{{OAI}}}schema", schema)
        sub(fmt, f"{{{OAI}}}metadataNamespace", namespace)


SET_NAMES = {"topic": "Topics", "region": "Regions of interest (ITU-D regions)",
             "type": "Document types", "kind": "Kinds of knowledge",
             "dc": "Relevance to developing countries", "sg": "ITU-T study groups"}


def list_sets(root: etree._Element, args: dict[str, str]) -> None:
    """ListSets: each facet, and each of its values (all in one answer)."""
    if "resumptionToken" in args:
        raise OaiError("badResumptionToken", "ListSets answers in one response")
    labels = catalogue().service.taxonomy.labels if _has_index() else {}
    node = sub(root, f"{{{OAI}}}ListSets")
    for facet, values in sorted(catalogue().store.journal.set_values().items()):
        if facet not in SET_NAMES:
            continue
        item = sub(node, f"{{{OAI}}}set")
        sub(item, f"{{{OAI}}}setSpec", facet)
        sub(item, f"{{{OAI}}}setName", SET_NAMES[facet])
        for value, _count in values:
            spec = type_slug(value) if facet == "type" else value
            name = labels.get(facet, {}).get(value, value)
            if facet == "dc":
                name = {"yes": "Relevant to developing countries",
                        "no": "Not marked relevant to developing countries"}.get(value, value)
            item = sub(node, f"{{{OAI}}}set")
            sub(item, f"{{{OAI}}}setSpec", f"{facet}:{spec}")
            sub(item, f"{{{OAI}}}setName", name)


def _has_index() -> bool:
    try:
        catalogue().service.pool.view()
    except Exception:  # noqa: BLE001 - no index: set names are their ids
        return False
    return True


def _stored(oai_id: str) -> StoredRecord:
    number = number_of(repository_id(), oai_id)
    stored = catalogue().store.journal.record(number) if number else None
    if stored is None:
        raise OaiError("idDoesNotExist", f"No item {oai_id!r} in this repository")
    return stored


def get_record(root: etree._Element, args: dict[str, str]) -> None:
    """GetRecord: one record."""
    check_prefix(args["metadataPrefix"])
    stored = _stored(args["identifier"])
    _record(sub(root, f"{{{OAI}}}GetRecord"), stored, True)


def list_items(root: etree._Element, verb: str, args: dict[str, str]) -> None:
    """ListIdentifiers and ListRecords, one page, with a resumption token if more follow."""
    journal = catalogue().store.journal
    page_size = max(1, int(current_app.config["ITUCAT_CONFIG"].reach.oai_page_size))
    if "resumptionToken" in args:
        token = Token.decode(args["resumptionToken"], verb)
        check_prefix(token.prefix)
        prefix, start, spec = token.prefix, token.start, token.set
        frozen = token.until
        after: tuple[str, str] | None = token.after
        cursor, size = token.cursor, token.size
    else:
        prefix = args["metadataPrefix"]
        check_prefix(prefix)
        start, until = date_range(args.get("from"), args.get("until"))
        frozen = min(until or now_stamp(), now_stamp())  # for the whole list
        until = frozen
        spec, after, cursor, size = args.get("set"), None, 0, -1
    sets = parse_set(spec, _type_slugs())
    if size < 0:
        size = journal.count(start=start, until=frozen, sets=sets)
    rows = journal.page(start=start, until=frozen, sets=sets, after=after,
                        limit=page_size + 1)
    if not rows and after is None:
        raise OaiError("noRecordsMatch", "No record matches these arguments")
    node = sub(root, f"{{{OAI}}}{verb}")
    for stored in rows[:page_size]:
        _record(node, stored, verb == "ListRecords")
    if len(rows) > page_size or after is not None:
        attrs = {"completeListSize": str(size), "cursor": str(cursor)}
        if len(rows) > page_size:
            last = rows[page_size - 1]
            text = Token(verb, prefix, start, frozen, spec, (last.datestamp, last.document_id),
                         cursor + page_size, size).encode()
            sub(node, f"{{{OAI}}}resumptionToken", text, **attrs)
        else:
            sub(node, f"{{{OAI}}}resumptionToken", None, **attrs)


def _answer(args: dict[str, list[str]]) -> bytes:
    base = absolute(url_for("oai.endpoint"))
    stamp = now_stamp()
    try:
        verb, flat = check_arguments(args)
    except OaiError as exc:
        root = envelope(stamp, base, {})
        sub(root, f"{{{OAI}}}error", exc.message, code=exc.code)
        return serialise(root)
    root = envelope(stamp, base, {"verb": verb, **flat})
    try:
        ensure_synced()
        if verb == "Identify":
            identify(root, base)
        elif verb == "ListMetadataFormats":
            list_formats(root, flat)
        elif verb == "ListSets":
            list_sets(root, flat)
        elif verb == "GetRecord":
            get_record(root, flat)
        else:
            list_items(root, verb, flat)
    except OaiError as exc:
        if exc.code in ("badArgument", "badResumptionToken", "badVerb"):
            root = envelope(stamp, base, {})
        sub(root, f"{{{OAI}}}error", exc.message, code=exc.code)
    return serialise(root)


@bp.route("/oai", methods=["GET", "POST"])
def endpoint() -> Response:
    """The OAI-PMH base URL (GET, or POST with form-encoded arguments)."""
    source: Any = request.form if request.method == "POST" else request.args
    args = {key: source.getlist(key) for key in source}
    response = Response(_answer(args), mimetype="text/xml")
    response.headers["Cache-Control"] = "no-cache"
    return response
