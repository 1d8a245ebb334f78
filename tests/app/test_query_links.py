"""A results page's links: the same query strings urlencode gives, made from remembered
pairs."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from werkzeug.datastructures import iter_multi_items

from app.site.query_links import SAFE, query_string

CASES = [
    {"q": "machine learning"},
    {"q": "haut débit rural", "topic": ["iot", "ai"], "page": 2},
    {"q": "Y.3172 & G.652/A+B", "sort": "newest", "all": "1", "ignore": ["region"]},
    {"q": "إنترنت الأشياء", "region": ["africa"], "verbatim": "1"},
    {"q": "物联网 安全", "type": ["Technical Paper"], "dc": ["yes"]},
    {"q": "100% \"quoted\" #hash ?x=y", "page": None},
    {},
]


def test_the_query_string_is_what_urlencode_gives() -> None:
    for args in CASES:
        expected = urlencode([(k, v) for k, v in iter_multi_items(args) if v is not None],
                             safe=SAFE)
        assert query_string(args) == expected
        assert query_string(args) == expected  # again, from remembered pairs


def test_the_query_string_reads_back_as_the_arguments() -> None:
    args = {"q": "a&b=c", "topic": ["iot", "5g"], "page": 3}
    assert parse_qsl(query_string(args)) == [("q", "a&b=c"), ("topic", "iot"),
                                             ("topic", "5g"), ("page", "3")]
