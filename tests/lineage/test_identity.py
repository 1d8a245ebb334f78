"""One ITU text, one document: the identity table against ITU's own editions data (point 4)."""

from __future__ import annotations

import collections
from datetime import date

import pytest

from crawler.identity import IdentityError, family_key, load_identity, parse_table
from crawler.numbers import parse_rec_name
from crawler.pipeline import family_aliases, group_families
from crawler.records import EnumeratedEdition
from tests.lineage.metadata import lineage_roots, name, records


def row(idrec: int, rec_name: str, when: date, status: str = "Superseded",
        dms: str | None = None) -> EnumeratedEdition:
    return EnumeratedEdition(idrec, rec_name, "Title", when, dms, status)


def test_e_100_suppl_2_spellings_are_one_document_and_renumberings_are_not():
    rows = [
        row(1, "E Suppl. 4 (10/1976)", date(1976, 10, 1)),
        row(2, "E-300 Suppl. 2 (11/1980)", date(1980, 11, 1)),
        row(3, "E-100 Suppl. 2 (10/1984)", date(1984, 10, 1)),
        row(4, "E-100 series Suppl. 2 (11/1988)", date(1988, 11, 1)),
        row(5, "E-100 series Suppl. 2 (01/1994)", date(1994, 1, 1), "Withdrawn"),
    ]
    families = group_families(rows)
    # ITU's current spelling names the document; the 1984 spelling is one of its aliases.
    assert set(families) == {"E.Suppl.4", "E-300 Suppl.2", "E-100 series Suppl.2"}
    assert [r.idrec for r in families["E-100 series Suppl.2"]] == [3, 4, 5]
    assert family_aliases("E-100 series Suppl.2", families["E-100 series Suppl.2"]) == (
        "E-100 Suppl.2",)


def test_joint_numbers_and_typed_letters_join_their_text():
    rows = [
        row(974, "G.780 (11/1994)", date(1994, 11, 1)),
        row(4710, "G.780 (07/1999)", date(1999, 7, 1)),
        row(10876, "G.780/Y.1351 (07/2010)", date(2010, 7, 1), "In force"),
        row(7, "M.73l (10/1976)", date(1976, 10, 1)),
        row(8, "M.731 (11/1988)", date(1988, 11, 1)),
    ]
    families = group_families(rows)
    assert set(families) == {"G.780/Y.1351", "M.731"}
    assert family_aliases("G.780/Y.1351", families["G.780/Y.1351"]) == ("G.780",)
    assert family_aliases("M.731", families["M.731"]) == ("M.73l",)


def test_annexes_appendices_and_attachments_are_parts_of_their_parent():
    # Edition id T-REC-H.350-200308-S!AppIII: an appendix of H.350 (08/2003).
    for rec_name, family, kind in [
        ("H.350 attachment (08/2003)", "H.350", "appendix"),
        ("H.350.6 attachment (03/2004)", "H.350.6", "appendix"),
        ("G.726 App. II test vectors (03/1991)", "G.726", "appendix"),
        ("G.728 App. I Software (07/1995)", "G.728", "appendix"),
        ("Z.100 Annex F3 (06/2021)", "Z.100", "annex"),
    ]:
        parsed = parse_rec_name(rec_name)
        assert (parsed.family, parsed.kind) == (family, kind), rec_name
        assert family_key(rec_name) == family


def test_version_marks_are_versions_not_numbers():
    parsed = parse_rec_name("Q.3941.1 v.1 (02/2016)")
    assert (parsed.family, parsed.version) == ("Q.3941.1", "v.1")
    assert family_key("Q.3941.1 (06/2011)") == family_key("Q.3941.1 v.1 (02/2016)")


def test_a_malformed_table_is_refused_with_a_clear_message():
    with pytest.raises(IdentityError, match="not TOML"):
        parse_table("[[same]\nkey=")
    with pytest.raises(IdentityError, match="bad identity rule"):
        parse_table("[[rule]]\npattern = '('\nreplace = ''\nsource = 'x'\n")
    with pytest.raises(IdentityError, match="listed under"):
        parse_table('[[same]]\nkey = "A"\nnames = ["B"]\nsource = "s"\n'
                    '[[same]]\nkey = "C"\nnames = ["B"]\nsource = "s"\n')


@pytest.fixture(scope="module")
def itu(reference):
    """(records, lineage root of each edition name) of the real metadata set."""
    rows = records(reference)
    return rows, lineage_roots(rows)


def test_every_table_entry_is_one_itu_lineage(itu):
    """Each merge the table makes is backed by ITU's editions data (no unrelated texts joined)."""
    rows, root = itu
    by_key: dict[str, set[str]] = collections.defaultdict(set)
    for r in rows:
        by_key[family_key(name(r))].add(root[name(r)])
    identity = load_identity()
    merged = {identity.same[n] for n in identity.same}
    for rule in identity.rules:
        merged |= {family_key(name(r)) for r in rows
                   if rule.pattern.search(parse_rec_name(name(r)).family)}
    for key in merged:
        spellings = {parse_rec_name(name(r)).family for r in rows if family_key(name(r)) == key}
        if len(spellings) < 2:
            continue
        # All spellings meet in one lineage (a reused number may add a second lineage to
        # the *same* spelling: A.1 before 1996 became A.2; that is not the table's doing).
        lineages_by_spelling = {s: {root[name(r)] for r in rows
                                    if parse_rec_name(name(r)).family == s} for s in spellings}
        shared = set.intersection(*lineages_by_spelling.values())
        assert shared, f"{key}: {sorted(spellings)} never share an ITU lineage"


def test_no_itu_lineage_stays_split_over_two_spellings_of_one_number(itu):
    """The table is complete: a lineage holding "X" and "X/Y" is one document."""
    rows, root = itu
    by_root: dict[str, set[str]] = collections.defaultdict(set)
    for r in rows:
        by_root[root[name(r)]].add(family_key(name(r)))
    split = []
    for keys in by_root.values():
        firsts = collections.Counter(k.split("/")[0] for k in keys)
        split += [k for k in keys if firsts[k.split("/")[0]] > 1]
    assert split == []


def test_identity_reduces_the_split_lineages(itu):
    """351 ITU lineages were spread over 784 documents; renumberings alone remain split."""
    rows, root = itu
    before: dict[str, set[str]] = collections.defaultdict(set)
    after: dict[str, set[str]] = collections.defaultdict(set)
    for r in rows:
        before[root[name(r)]].add(parse_rec_name(name(r)).family.split(" attachment")[0])
        after[root[name(r)]].add(family_key(name(r)))
    split_before = [k for k in before.values() if len(k) > 1]
    split_after = [k for k in after.values() if len(k) > 1]
    assert len(split_before) > 300
    assert len(split_after) < 0.85 * len(split_before)
    assert sum(map(len, split_after)) < sum(map(len, split_before)) - 150


def test_an_attachment_and_an_amendment_belong_to_their_edition():
    from crawler.editions import build_editions

    h350 = [row(1, "H.350 (08/2003)", date(2003, 8, 1), dms="T-REC-H.350-200308-S"),
            row(2, "H.350 attachment (08/2003)", date(2003, 8, 1),
                dms="T-REC-H.350-200308-S!AppIII"),
            row(3, "H.350 (05/2011)", date(2011, 5, 1), "In force", "T-REC-H.350-201105-I")]
    families = group_families(h350)
    assert list(families) == ["H.350"]
    eds = {e.idrec: e for e in build_editions(families["H.350"], None, None, 3, None)}
    assert (eds[2].kind, eds[2].part_of) == ("appendix", 1)
    assert eds[1].part_of is None and eds[3].part_of is None
    g989 = [row(12097, "G.989.2 (12/2014)", date(2014, 12, 5)),
            row(12556, "G.989.2 (2014) Amd. 1 (04/2016)", date(2016, 4, 13)),
            row(13745, "G.989.2 (02/2019)", date(2019, 2, 22), "In force")]
    eds = {e.idrec: e for e in build_editions(g989, None, None, 13745, None)}
    assert eds[12556].part_of == 12097  # "(2014) Amd. 1": an amendment of the 2014 edition
