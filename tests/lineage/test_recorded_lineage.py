"""Lineage, guides, per-edition summaries and dates on the real recorded ITU responses.

Z.163/Z.142 (renumbering, getRecEditions and rec.aspx), E.164 (own supplements listed among
its editions), G.Imp712 (getRecHdrDetail, rec.aspx, /rec/ page), J.163's four editions
(SUM-HTM fragments and headers), the publications' dates.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from crawler.backfill import summary_source_url
from crawler.editions import build_editions
from crawler.guides import rows_from_editions
from crawler.identity import family_key
from crawler.lineage import editions_links, is_main, observation_links
from crawler.parse.mws import parse_impl_guides, parse_rec_editions, parse_rec_header
from crawler.parse.rec_aspx import parse_rec_page, parse_rec_relations
from crawler.parse.rec_edition import parse_edition_page
from crawler.parse.summary import parse_summary
from crawler.pipeline import build_document, guide_number
from crawler.records import EnumeratedEdition
from index.lineage_models import SummaryGap
from index.store.publications import publication_date
from tests.parsers import recorded_url

MWS = "api/mws"
REC = "pages/rec-detail"


def _json(reference: Path, endpoint: str, idrec: int) -> tuple[bytes, str]:
    rel = next(f"{MWS}/{p.name}" for p in (reference / MWS).glob(f"{endpoint}_idrec-{idrec}_*"))
    return (reference / rel).read_bytes(), recorded_url(reference, rel)


def _page(reference: Path, name: str) -> tuple[bytes, str]:
    rel = f"{REC}/{name}"
    return (reference / rel).read_bytes(), recorded_url(reference, rel)


def test_z163_editions_list_replaces_z142_across_renumbering(reference: Path):
    body, url = _json(reference, "getRecEditions", 9279)
    rows = parse_rec_editions(body, url)
    assert [r.rec_name for r in rows] == ["Z.163 (11/2007)", "Z.142 (03/2006)",
                                          "Z.142 (02/2003)"]
    assert [r.version for r in rows] == ["3", "2", "1"]  # ITU's edition numbers
    links = editions_links(rows, family_key, "getRecEditions", "Z.163 (11/2007)")
    assert [(lk.old_doc, lk.new_doc, lk.old_idrec, lk.new_idrec, lk.level) for lk in links] == [
        ("Z.142", "Z.163", 8642, 9279, "document")]
    assert "Z.142 (03/2006) is followed by Z.163 (11/2007)" in links[0].evidence


def test_rec_aspx_editions_tab_gives_the_same_lineage_on_the_fast_path(reference: Path):
    body, url = _page(reference, "rec-9279_Z.163_11_2007_2026-07-27.html")
    fast = parse_rec_relations(body, url)  # the header comes from the JSON API
    assert [(e.idrec, e.rec_name, e.version) for e in fast.editions] == [
        (9279, "Z.163 (11/2007)", "3"), (8642, "Z.142 (03/2006)", "2"),
        (5669, "Z.142 (02/2003)", "1")]
    links = editions_links(fast.editions, family_key, "rec.aspx", "Z.163 (11/2007)")
    assert [(lk.old_doc, lk.new_doc) for lk in links] == [("Z.142", "Z.163")]
    # The header's observation says it too.
    header = parse_rec_page(body, url).header
    assert header.observation == "Formerly Z.142"
    said = observation_links("Z.163", header.observation, lambda n: n)
    assert [(lk.old_doc, lk.new_doc, lk.source) for lk in said] == [
        ("Z.142", "Z.163", "observation")]


def test_e164_own_supplements_are_not_its_successors(reference: Path):
    body, url = _json(reference, "getRecEditions", 16273)
    rows = parse_rec_editions(body, url)
    assert not is_main(next(r for r in rows if r.rec_name == "E.164 Suppl. 2 (06/2020)"))
    # E.164/I.331 (1984) ... E.164 (2026) are one document: no link at all.
    assert editions_links(rows, family_key, "getRecEditions", "E.164 (02/2026)") == ()
    enum = [EnumeratedEdition(16273, "E.164 (02/2026)", "Numbering plan", date(2026, 2, 1),
                              "T-REC-E.164-202602-I", "In force")]
    doc = build_document("E.164", enum, header=None, page=None, supplements=[],
                         header_source=None, editions_list=rows)
    own = [r for r in doc.relations if r.kind == "supplement"]
    assert [r.target for r in own] == ["E.164 Suppl.6", "E.164 Suppl.5", "E.164 Suppl.4",
                                       "E.164 Suppl.3", "E.164 Suppl.2", "E.164 Suppl.1"]
    assert own[4].label == "E.164 Suppl. 2 (06/2020)"  # the newest edition of Suppl. 2


def test_g_imp712_from_its_header_page_and_edition_page(reference: Path):
    body, url = _json(reference, "getRecHdrDetail", 15261)
    header = parse_rec_header(body, url)
    assert (header.idrec, header.rec_name, header.status) == (
        15261, "ITU-T G.Imp712 (04/2000)", "In force")
    # G.712's page links it in its Implementer's guide(s) tab (relative "../../rec/" link).
    g712, g712_url = _page(reference, "rec-913_G.712_09_1992_2022-12-05.html")
    guides = parse_rec_relations(g712, g712_url).implementers_guides
    assert [(g.title, g.approval_date) for g in guides] == [
        ("Implementers' Guide for Recommendation ITU-T G.712", date(2000, 4, 14))]
    assert guide_number(guides[0].url) == "G.Imp712"
    # Its own rec.aspx page (by code, as the crawler asks for it) gives header and editions.
    own, own_url = _page(reference, "by-code/rec-G.Imp712_2026-08-18.html")
    page = parse_rec_page(own, own_url)
    rows = rows_from_editions(page.editions, page.header, "T-REC-G.Imp712-200004-I")
    assert [(r.idrec, r.rec_name, r.dms_link) for r in rows] == [
        (15261, "G.Imp712 (04/2000)", "T-REC-G.Imp712-200004-I")]
    doc = build_document("G.Imp712", rows, header=page.header, page=None, supplements=[],
                         header_source="rec.aspx", editions_list=page.editions, lineage=(),
                         listed_by="G.712")
    assert (doc.type, doc.listed_by, doc.title) == (
        "Implementers' guide", "G.712", "Implementers' Guide for Recommendation ITU-T G.712")
    assert doc.editions[0].edition_number == "1"
    # ... and its /rec/ page the files.
    rel = "pages/rec-edition/T-REC-G.Imp712-200004-I_2025-04-08.html"
    files = parse_edition_page((reference / rel).read_bytes(), recorded_url(reference, rel))
    assert files.number == "G.Imp712" and files.files


def test_get_impl_guides_rows_in_the_shape_of_its_sibling_endpoints():
    body = (b'[{"idrec":15261,"rec_name":"G.Imp712 (04/2000)","title":"Implementers\' Guide'
            b' for Recommendation ITU-T G.712","approval_date":"2000-04-14",'
            b'"status":"In force","dms_link":"T-REC-G.Imp712-200004-I"},{"idrec":"x"}]')
    guides = parse_impl_guides(body, "u")
    assert len(guides) == 1
    assert (guides[0].idrec, guides[0].url, guides[0].approval_date) == (
        15261, "https://www.itu.int/rec/T-REC-G.Imp712-200004-I", date(2000, 4, 14))
    assert parse_impl_guides(b"[]", "u") == []


J163 = {5388: "200103-S", 7200: "200403-S", 8655: "200511-S", 9306: "200712-I"}


def test_j163_four_editions_each_with_its_own_title_and_summary(reference: Path):
    titles, from_headers, from_fragments = {}, {}, {}
    for idrec, stamp in J163.items():
        header = parse_rec_header(*_json(reference, "getRecHdrDetail", idrec))
        titles[idrec], from_headers[idrec] = header.title, header.summary
        rel = f"pages/summary/T-REC-J.163-{stamp}__SUM-HTM-E.htm"
        from_fragments[idrec] = parse_summary((reference / rel).read_bytes(),
                                              recorded_url(reference, rel))
    assert "real time services" in titles[5388] and "real-time services" in titles[9306]
    assert len(set(from_fragments.values())) == 4  # four different summaries
    for idrec in J163:  # the fragment and the header say the same
        assert from_fragments[idrec].split()[:12] == from_headers[idrec].split()[:12]
    # The editions list names each edition's fragment: the backfill reads it from there.
    rows = parse_rec_editions(*_json(reference, "getRecEditions", 9306))
    gap = SummaryGap(5388, "J.163", "J.163 (03/2001)",
                     next(r.summary_url for r in rows if r.idrec == 5388))
    assert summary_source_url(gap) == (
        "https://www.itu.int/dms_pubrec/itu-t/rec/j/T-REC-J.163-200103-S!!SUM-HTM-E.htm",
        "SUM-HTM")
    assert summary_source_url(SummaryGap(5388, "J.163", "J.163 (03/2001)", None))[1] == "mws"
    # The current edition's own summary comes with the header; older ones wait for the
    # backfill (None), each with its own title and ITU's edition number.
    enum = [EnumeratedEdition(i, r.rec_name, r.title, None, r.edition_id, r.status)
            for i, r in ((r.idrec, r) for r in reversed(rows))]
    header = parse_rec_header(*_json(reference, "getRecHdrDetail", 9306))
    eds = build_editions(enum, rows, header, 9306, "mws")
    assert [(e.idrec, e.edition_number, e.summary is not None) for e in eds] == [
        (5388, "1", False), (7200, "2", False), (8655, "3", False), (9306, "4", True)]
    assert eds[0].title == titles[5388] and eds[-1].summary == header.summary
    assert eds[0].date_precision == "month"  # no approval date: only the name's (03/2001)


def test_publication_dates_keep_itu_precision(reference: Path):
    from crawler.parse.publication import parse_publication

    rel = "pages/publications/T-SP-OB.1096-2016_2026-08-18.html"
    pub = parse_publication((reference / rel).read_bytes(), recorded_url(reference, rel))
    assert pub.year == "15.III.2016"
    assert publication_date(pub.year) == (date(2016, 3, 15), "day")
    assert publication_date("2020") == (date(2020, 1, 1), "year")  # never "1 January 2020"
    assert publication_date("III.2016") == (date(2016, 3, 1), "month")
    assert publication_date("someday") == (None, None)


def test_z100_annexes_are_parts_of_the_edition_itu_numbers_them_in(reference: Path):
    rows = parse_rec_editions(*_json(reference, "getRecEditions", 14670))
    enum = [EnumeratedEdition(r.idrec, r.rec_name, r.title, None, r.edition_id, r.status)
            for r in reversed(rows) if r.idrec is not None]
    eds = {e.label: e for e in build_editions(enum, rows, None, 14670, None)}
    by_idrec = {e.idrec: e.label for e in eds.values()}
    # By edition id first (T-REC-Z.100-201910-I!AnnF1: published with the 10/2019 edition,
    # although ITU numbers it 11.1 since it stayed in force with edition 11).
    assert by_idrec[eds["Z.100 Annex F1 (10/2019)"].part_of] == "Z.100 (10/2019)"
    assert by_idrec[eds["Z.100 App. II (03/1993)"].part_of] == "Z.100 (03/1993)"
    # Without an edition id, by ITU's edition number: 2.9 is part of edition 2 (09/1987).
    assert eds["Z.100 Annex F3 (11/1988)"].edition_number == "2.9"
    assert by_idrec[eds["Z.100 Annex F3 (11/1988)"].part_of] == "Z.100 (09/1987)"
    assert eds["Z.100 (06/2021)"].part_of is None
