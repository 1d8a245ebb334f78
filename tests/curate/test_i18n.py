"""The workspace's own translation domain "curate": complete, compiled, used by the pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from app.i18n import LANGUAGES
from tests.curate.conftest import csrf_of

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "app" / "translations"
KEYWORDS = {"_c": None, "_cn": (1, 2), "lazy": None}


@pytest.fixture(scope="module")
def extracted() -> set[str]:
    """Every workspace msgid, extracted as app/curate/babel.cfg says."""
    with (ROOT / "app" / "curate" / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options = parse_mapping_cfg(handle)
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT, method_map, options, keywords=KEYWORDS):
        found.add(message[0] if isinstance(message, tuple) else message)
    assert len(found) > 150
    return found


def _catalog(code: str):
    with (TRANSLATIONS / code / "LC_MESSAGES" / "curate.po").open("rb") as handle:
        return read_po(handle)


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_every_workspace_string_is_translated(extracted, code):
    done = {}
    for m in _catalog(code):
        if m.id:
            strings = m.string if isinstance(m.string, tuple) else (m.string,)
            key = m.id[0] if isinstance(m.id, tuple) else m.id
            done[key] = all(strings) and "fuzzy" not in m.flags
    missing = sorted(k for k in extracted if not done.get(k))
    assert not missing, f"{code}: {len(missing)} untranslated, e.g. {missing[:5]}"


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_translations_keep_every_placeholder(code):
    for m in _catalog(code):
        if not m.id:
            continue
        source = m.id[0] if isinstance(m.id, tuple) else m.id
        wanted = set(re.findall(r"%\(\w+\)s", source))
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        for text in strings:
            found = set(re.findall(r"%\(\w+\)s", text))
            assert found <= wanted, (code, source, text)
            if not isinstance(m.id, tuple):
                assert found == wanted, (code, source, text)


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_compiled_workspace_catalogue_is_up_to_date(code):
    folder = TRANSLATIONS / code / "LC_MESSAGES"
    with (folder / "curate.mo").open("rb") as handle:
        mo = read_mo(handle)

    def table(catalog) -> dict:
        def plain(value):
            return tuple(value) if isinstance(value, list | tuple) else value

        return {plain(m.id): plain(m.string) for m in catalog if m.id}

    assert table(_catalog(code)) == table(mo), (
        f"{code}: curate.mo is stale: pybabel compile -D curate -d app/translations")


def test_pages_speak_the_readers_language(curator):
    expected = {"fr": "File d'examen", "es": "Cola de revisión", "ru": "Очередь на рассмотрение",
                "zh": "审核队列", "ar": "قائمة المراجعة", "en": "Review queue"}
    for code, title in expected.items():
        page = curator.get(f"/{code}/curate/review").text
        assert f"<h1>{title}</h1>".replace("'", "&#39;") in page, code
    answer = curator.post("/fr/curate/documents/Y.3172/tags", headers={"Accept":
                          "application/json"}, data={"relevance": "yes", "reason": " ",
                                                     "csrf_token": csrf_of(curator)})
    assert answer.get_json()["error"] == "Veuillez indiquer un bref motif."
