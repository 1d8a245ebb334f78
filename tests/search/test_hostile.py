"""Any string in gives a result or a clear message out: the query parser never raises."""

from __future__ import annotations

import random

import pytest

from index.search.compiler import Compiler
from index.search.query import MAX_QUERY_CHARS, parse
from index.search.synonyms import load_synonyms
from index.tags.taxonomy import load_taxonomy

HOSTILE = [
    "", " ", '"', '""', '"unbalanced quote', 'a "b c', "*", "**", "?", "*?*", "y*", "Y.*",
    "(", ")", "((((", "))))", "(a OR (b", "a OR", "OR", "AND", "NOT", "NOT NOT", "- - -", "-",
    "+", "+-+-x", "a AND AND OR b", "foo:", ":", "::::", "foo:bar", "payload:x", "id:Y.3172",
    "spell:machine", "sort_date:1", "f_type:Recommendation", "hash:00", "__class__:x",
    "type:", "type:\"", "sg:", "sg:abc", "year:abcd", "decade:zz", "status:nope", "lang:klingon",
    "title:\"unclosed", "number:", "number:***", "number:Y.", "http://www.itu.int/rec?a=b&c",
    "\x00", "\x00\x01\x02\x1f\x7f", "a\x00b", "\u202eY.3172", "\ufeffIoT", "🙂 5G 🙂",
    "%s %d {0} {}", "'; DROP TABLE documents; --", "<script>alert(1)</script>", "\\", "\\*",
    "a" * 10_000, "(" * 5_000 + "x" + ")" * 5_000, "x " * 5_000, '"' * 3_001, "- " * 2_000,
    "Y." + "9" * 500, "y" + "3172" * 100, "OR " * 1000, "sg:13 " * 300, "e-" * 400,
    "Ω≈ç√∫˜µ≤≥÷ åß∂ƒ©˙∆˚¬ ¡™£¢∞§¶•ªº", "ｙ３１７２", "Ｙ．３１７２",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_strings_never_raise(service, text):
    answer = service.search(text, use_cache=False)
    assert isinstance(answer["total"], int) and isinstance(answer["results"], list)
    assert isinstance(answer["notices"], list)


def test_random_noise_never_raises(service):
    rng = random.Random(20261128)
    alphabet = list('abcxyzY.31-*?"():+~^!&|\\/ \t\n\x00\x07é漢') + ["OR", "AND", "NOT", "sg:"]
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 60)))
        service.search(text, {"type": text, text[:5] or "x": text}, use_cache=False)


def test_long_queries_are_shortened_with_a_notice(service):
    answer = service.search("quantum " + "x" * 20_000)
    assert any("shortened" in n.text for n in answer["notices"])
    assert len(answer["query"]) <= MAX_QUERY_CHARS


def test_full_width_digits_are_numbers(service):
    assert service.search("ｙ３１７２")["results"][0]["number"] == "Y.3172"


def test_the_compiler_only_emits_public_fields():
    compiler = Compiler(load_synonyms(), load_taxonomy(), lambda key: False,
                        lambda name, raw: ([raw], None))
    allowed = {"title", "summary", "title_sh", "summary_sh", "series_title", "tags", "number",
               "altnum", "concept_title",
               "concept_text", "core", "f_type", "f_topic", "f_region", "f_sg", "f_status",
               "f_year", "f_decade", "f_lang", "f_dc", "f_kind", "f_series"}
    for text in HOSTILE + ["payload:x OR spell:y OR (id:z sort_num:1)", "iot OR sg:13"]:
        compiled = compiler.compile(parse(text, load_synonyms()))
        if compiled.query is not None:
            fields = {f for f, _ in compiled.query.iter_all_terms()}
            assert fields <= allowed, (text, fields)
