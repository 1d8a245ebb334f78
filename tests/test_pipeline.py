"""The pipeline: families, fingerprints, current edition, merging header and relations."""

from __future__ import annotations

from datetime import date

from crawler.pipeline import (
    build_document,
    current_row,
    files_key,
    fingerprint,
    group_families,
    publication_type,
)
from crawler.records import (
    EnumeratedEdition,
    RecHeader,
    RecPage,
    RelatedPublicationLink,
    SupplementLink,
)


def row(idrec, name, status="Superseded", title="Title", when=None, dms=None):
    return EnumeratedEdition(idrec, name, title, when, dms, status)


ROWS = [
    row(12097, "G.989.2 (12/2014)", when=date(2014, 12, 5), dms="T-REC-G.989.2-201412-S"),
    row(12556, "G.989.2 (2014) Amd. 1 (04/2016)", title=None, when=date(2016, 4, 13)),
    row(13745, "G.989.2 (02/2019)", "In force", when=date(2019, 2, 22),
        dms="T-REC-G.989.2-201902-I"),
    row(14492, "G.989.2 (2019) Amd. 1 (10/2020)", "In force", title=None,
        when=date(2020, 10, 29)),
    row(5199, "A Suppl. 2 (06/2000)", when=date(2000, 6, 1)),
]


def test_group_families_splits_supplements_and_orders_by_date():
    families = group_families(ROWS)
    assert set(families) == {"G.989.2", "A.Suppl.2"}
    assert [r.idrec for r in families["G.989.2"]] == [12097, 12556, 13745, 14492]


def test_current_row_is_the_newest_main_edition_in_force():
    assert current_row(group_families(ROWS)["G.989.2"]).idrec == 13745


def test_fingerprint_changes_with_status_only():
    rows = group_families(ROWS)["G.989.2"]
    last = rows[-1]
    changed = [*rows[:-1], row(14492, last.rec_name, "Superseded", None, last.approval_date)]
    assert fingerprint(rows) == fingerprint(list(reversed(rows)))
    assert fingerprint(rows) != fingerprint(changed)


def test_files_key_drops_the_status_letter():
    assert files_key("T-REC-G.989.2-201604-S!Amd1") == "T-REC-G.989.2-201604!Amd1"
    assert files_key("T-REC-A.13-201909-I") == "T-REC-A.13-201909"


def test_build_document_from_header_and_page():
    header = RecHeader(13745, "ITU-T G.989.2 (02/2019)", "NG-PON2 PMD", "Sum.",
                       ("G series", "G.900-G.999"), study_group="ITU-T Study Group 15",
                       approval_process="AAP")
    page = RecPage(
        header=header,
        supplements=(SupplementLink(None, "G Suppl. 66 (10/2019)", "5G wireless fronthaul",
                                    "In force", edition_id="T-REC-G.Sup66-201910-I"),),
        related_publications=(RelatedPublicationLink("GNSS", 2020,
                                                     "https://www.itu.int/pub/T-TUT-HOME-2020",
                                                     "T-TUT-HOME-2020"),),
    )
    doc = build_document("G.989.2", group_families(ROWS)["G.989.2"], header=header, page=page,
                         supplements=None, header_source="mws")
    assert (doc.title, doc.study_group, doc.status, doc.series) == (
        "NG-PON2 PMD", "SG15", "In force", "G")
    assert doc.approval_date == date(2019, 2, 22)
    assert [e.kind for e in doc.editions] == ["edition", "amendment", "edition", "amendment"]
    kinds = {(r.kind, r.target) for r in doc.relations}
    assert kinds == {("supplement", "G.Suppl.66"), ("related", "T-TUT-HOME-2020")}


def test_build_document_without_header_is_partial():
    doc = build_document("G.989.2", group_families(ROWS)["G.989.2"], header=None, page=None,
                         supplements=None, header_source=None)
    assert doc.source == "enumeration" and doc.summary is None and doc.relations is None
    assert doc.title == "Title"


def test_publication_types():
    assert publication_type("T-HDB-QOS.02-2011", "Practical procedures") == "Handbook"
    assert publication_type("T-TUT-QOS-2023-2", "Roadmap for QoS (TR-RQ)") == "Technical Report"
    assert publication_type("T-TUT-HOME-2020", "GNSS as a time reference") == "Technical Paper"
