"""The OAI-PMH 2.0 provider by the protocol's rules (every verb, every error code, tokens,
sets, deleted records), and a whole harvest by an independent client library (Sickle)."""

from __future__ import annotations

import shutil
import threading
import xml.etree.ElementTree as ET

import pytest
from werkzeug.serving import make_server

from tests.reach.conftest import make_app

NS = {"o": "http://www.openarchives.org/OAI/2.0/", "dc": "http://purl.org/dc/elements/1.1/",
      "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/"}
REPO = "itu-t-catalogue.local"


@pytest.fixture
def oai(reach_dir):
    app = make_app(reach_dir, reach={"oai_page_size": 7})
    yield app.test_client(), app
    app.extensions["itucat_catalogue"].close()


def ask(client, query="", method="get"):
    if method == "post":
        response = client.post("/oai", data=dict(p.split("=", 1) for p in query.split("&")))
    else:
        response = client.get(f"/oai?{query}")
    assert response.status_code == 200 and response.mimetype == "text/xml"
    root = ET.fromstring(response.data)
    assert root.tag == "{http://www.openarchives.org/OAI/2.0/}OAI-PMH"
    assert root.find("o:responseDate", NS).text.endswith("Z")
    return root


def error(root):
    found = root.find("o:error", NS)
    return found.get("code") if found is not None else None


def test_identify_formats_and_sets(oai):
    client, _app = oai
    root = ask(client, "verb=Identify")
    ident = root.find("o:Identify", NS)
    assert ident.find("o:protocolVersion", NS).text == "2.0"
    assert ident.find("o:deletedRecord", NS).text == "persistent"
    assert ident.find("o:granularity", NS).text == "YYYY-MM-DDThh:mm:ssZ"
    assert ident.find("o:baseURL", NS).text == "http://localhost/oai"
    assert root.find("o:request", NS).get("verb") == "Identify"
    formats = ask(client, "verb=ListMetadataFormats")
    assert [p.text for p in formats.iter(f"{{{NS['o']}}}metadataPrefix")] == ["oai_dc"]
    assert error(ask(client, f"verb=ListMetadataFormats&identifier=oai:{REPO}:Y.3172")) is None
    specs = [s.text for s in ask(client, "verb=ListSets").iter(f"{{{NS['o']}}}setSpec")]
    for spec in ("topic", "region", "type", "dc", "topic:iot", "region:africa",
                 "type:recommendation", "type:supplement", "dc:yes"):
        assert spec in specs, spec


def test_every_error_code(oai):
    client, _app = oai
    cases = {
        "": "badVerb", "verb=Dance": "badVerb", "verb=Identify&verb=Identify": "badVerb",
        "verb=ListRecords": "badArgument",
        "verb=Identify&extra=1": "badArgument",
        "verb=ListRecords&metadataPrefix=oai_dc&from=yesterday": "badArgument",
        "verb=ListRecords&metadataPrefix=oai_dc&from=2026-02-30": "badArgument",
        "verb=ListRecords&metadataPrefix=oai_dc&from=2026-03-02&until=2026-03-01":
            "badArgument",
        "verb=ListRecords&metadataPrefix=oai_dc&from=2026-03-01&until=2026-03-02T00:00:00Z":
            "badArgument",
        "verb=ListRecords&metadataPrefix=oai_dc&set=topic:iot&set=dc:yes": "badArgument",
        "verb=GetRecord&metadataPrefix=oai_dc": "badArgument",
        "verb=ListIdentifiers&resumptionToken=abc&metadataPrefix=oai_dc": "badArgument",
        "verb=ListIdentifiers&resumptionToken=not-a-token": "badResumptionToken",
        "verb=ListSets&resumptionToken=x": "badResumptionToken",
        "verb=ListRecords&metadataPrefix=marc21": "cannotDisseminateFormat",
        f"verb=GetRecord&metadataPrefix=mods&identifier=oai:{REPO}:Y.3172":
            "cannotDisseminateFormat",
        f"verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:{REPO}:Z.999": "idDoesNotExist",
        "verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:elsewhere:Y.3172":
            "idDoesNotExist",
        "verb=ListMetadataFormats&identifier=oai:x:y": "idDoesNotExist",
        "verb=ListRecords&metadataPrefix=oai_dc&from=2099-01-01": "noRecordsMatch",
        "verb=ListIdentifiers&metadataPrefix=oai_dc&set=topic:astrology": "noRecordsMatch",
        "verb=ListIdentifiers&metadataPrefix=oai_dc&set=colour:blue": "noRecordsMatch",
    }
    for query, code in cases.items():
        root = ask(client, query)
        assert error(root) == code, query
        if code in ("badVerb", "badArgument", "badResumptionToken"):
            assert root.find("o:request", NS).attrib == {}, query  # no attributes then
    # A token from ListIdentifiers is not one for ListRecords.
    first = ask(client, "verb=ListIdentifiers&metadataPrefix=oai_dc")
    token = first.find(".//o:resumptionToken", NS).text
    assert error(ask(client, f"verb=ListRecords&resumptionToken={token}")) == \
        "badResumptionToken"


def _walk(client, verb, query):
    seen, sizes, cursors = [], set(), []
    root = ask(client, f"verb={verb}&metadataPrefix=oai_dc{query}")
    while True:
        assert error(root) is None
        headers = root.iter(f"{{{NS['o']}}}header")
        seen += [h.find("o:identifier", NS).text for h in headers]
        token = root.find(".//o:resumptionToken", NS)
        if token is None:
            return seen, sizes, cursors
        sizes.add(token.get("completeListSize"))
        cursors.append(int(token.get("cursor")))
        if not token.text:
            return seen, sizes, cursors
        root = ask(client, f"verb={verb}&resumptionToken={token.text}", method="post")


def test_lists_page_with_resumption_tokens_through_everything(oai, store):
    client, _app = oai
    every = store.journal.count()
    seen, sizes, cursors = _walk(client, "ListIdentifiers", "")
    assert len(seen) == len(set(seen)) == every > 7
    assert sizes == {str(every)} and cursors == list(range(0, every, 7))
    records, _s, _c = _walk(client, "ListRecords", "")
    assert records == seen
    africa, _s, _c = _walk(client, "ListIdentifiers", "&set=region:africa")
    assert f"oai:{REPO}:D.607%20R" in africa and len(africa) < every
    assert all(store.journal.record(i.split(":", 2)[2].replace("%20", " ")).record["regions"]
               for i in africa)


def test_get_record_dublin_core_and_deleted_records(oai, store):
    client, app = oai
    root = ask(client, f"verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:{REPO}:Y.3172")
    dc = root.find(".//oai_dc:dc", NS)
    assert dc.find("dc:title", NS).text.startswith("Y.3172: Architectural framework")
    identifiers = [e.text for e in dc.findall("dc:identifier", NS)]
    assert "https://www.itu.int/rec/T-REC-Y.3172" in identifiers
    assert "http://localhost/documents/Y.3172" in identifiers
    assert {e.text for e in dc.findall("dc:language", NS)} == {"en", "fr"}
    spaced = ask(client, f"verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:{REPO}:"
                 "D.607%20R")
    assert error(spaced) is None
    # A family that leaves ITU's enumeration stays as a deleted record.
    store.documents.mark_gone(["X.1205"])
    app.extensions["itucat_journal"]["last"] = -1e9  # sync now
    root = ask(client, f"verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:{REPO}:X.1205")
    header = root.find(".//o:header", NS)
    assert header.get("status") == "deleted" and root.find(".//o:metadata", NS) is None
    stamp = header.find("o:datestamp", NS).text
    later = ask(client, f"verb=ListIdentifiers&metadataPrefix=oai_dc&from={stamp}")
    assert f"oai:{REPO}:X.1205" in [i.text for i in later.iter(f"{{{NS['o']}}}identifier")]


def test_an_independent_client_harvests_the_whole_site_catalogue(site_catalogue, tmp_path):
    """Sickle (PyPI) harvests every record of the crawled site catalogue over HTTP."""
    sickle = pytest.importorskip("sickle")
    data_dir = tmp_path / "site"
    shutil.copytree(site_catalogue, data_dir)
    app = make_app(data_dir, reach={"oai_page_size": 50})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        harvester = sickle.Sickle(f"http://127.0.0.1:{server.server_port}/oai",
                                  max_retries=0, timeout=60)
        assert harvester.Identify().repositoryName == "ITU-T Catalogue"
        records = list(harvester.ListRecords(metadataPrefix="oai_dc", ignore_deleted=False))
        store = app.extensions["itucat_catalogue"].store
        assert len(records) == store.journal.count() == len(
            {r.header.identifier for r in records}) > 500
        titles = [r.metadata.get("title", [""])[0] for r in records if not r.deleted]
        assert all(titles)
        sets = list(harvester.ListSets())
        assert any(s.setSpec == "dc:yes" for s in sets)
        relevant = list(harvester.ListIdentifiers(metadataPrefix="oai_dc", set="dc:yes"))
        assert 0 < len(relevant) < len(records)
    finally:
        server.shutdown()
        thread.join(5)
        app.extensions["itucat_catalogue"].close()
