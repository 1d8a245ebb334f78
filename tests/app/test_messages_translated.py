"""Every notice and error a reader or curator can see is said in all six languages (issue 12,
point 10): each code the store, the tagging domain and the search layer raise, and each
notice the search engine gives, has its words in app/messages.py, and none of them comes out
in English on a page of another language."""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

import pytest
from flask import Flask
from flask_babel import force_locale

import app.auth  # noqa: F401 - the site's import order (app.messages alone is a cycle)
from app.i18n import LANGUAGES
from app.messages import MESSAGES, NOTICES
from index.search.notices import ENGLISH

ROOT = Path(__file__).resolve().parents[2]
# The rooms whose errors reach the site (the crawler's reach the command line only).
ROOMS = ("index", "itucat", "app")
# Backups and restores are the operator's commands: their errors reach a terminal, not a page.
COMMAND_LINE_ONLY = {Path("index/store/backup.py")}
CODE = re.compile(r"^[a-z_]+\.[a-z_]+$")
OTHERS = [code for code in LANGUAGES if code != "en"]


def raised_codes() -> set[str]:
    """Every code written as the first argument of a `...Error(...)`/`...Conflict(...)`."""
    found: set[str] = set()
    for room in ROOMS:
        for path in (ROOT / room).rglob("*.py"):
            if path.relative_to(ROOT) in COMMAND_LINE_ONLY:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not (isinstance(node, ast.Call) and node.args):
                    continue
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", "")
                first = node.args[0]
                if (name.endswith(("Error", "Conflict")) and isinstance(first, ast.Constant)
                        and isinstance(first.value, str) and CODE.match(first.value)):
                    found.add(first.value)
    return found


@pytest.fixture(scope="module")
def site() -> Flask:
    from app import create_app
    from itucat.config import load_config

    return create_app(load_config(env={}), SECRET_KEY="t", TESTING=True)


def test_every_raised_code_has_words():
    codes = raised_codes()
    assert {"curation.reason_required", "store.conflict", "batch.unknown"} <= codes
    assert sorted(codes - set(MESSAGES)) == []


def test_every_search_notice_has_words():
    assert sorted(set(ENGLISH) - set(NOTICES)) == []


def _say(site: Flask, table, code: str, lang: str) -> str:
    params: defaultdict[str, object] = defaultdict(lambda: 7)
    with site.test_request_context(f"/{lang}/"), force_locale(lang):
        return str(table[code](params))


@pytest.mark.parametrize("lang", OTHERS)
def test_no_message_reaches_a_reader_in_english(site, lang):
    english = []
    for table in (MESSAGES, NOTICES):
        for code in table:
            if _say(site, table, code, lang) == _say(site, table, code, "en"):
                english.append(code)
    assert english == [], f"{lang}: said in English"
