"""Six UN languages: complete catalogues, lang and dir, choice by URL or Accept-Language."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from app.i18n import LANGUAGES
from tests.app.helpers import soup

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "app" / "translations"
TRANSLATED = [code for code in LANGUAGES if code != "en"]  # English is the source language


def _method_map() -> tuple[list[tuple[str, str]], dict]:
    """The mapping of babel.cfg (what `pybabel extract -F babel.cfg` reads)."""
    from babel.messages.frontend import parse_mapping_cfg

    with (ROOT / "babel.cfg").open(encoding="utf-8") as handle:
        return parse_mapping_cfg(handle)


@pytest.fixture(scope="module")
def extracted() -> set[str]:
    method_map, options = _method_map()
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT, method_map, options, keywords=keywords):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_string_is_translated(extracted, code):
    po = TRANSLATIONS / code / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as handle:
        catalog = read_po(handle)
    translated = {}
    for m in catalog:
        if not m.id:
            continue
        key = m.id[0] if isinstance(m.id, tuple) else m.id
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        translated[key] = all(strings) and "fuzzy" not in m.flags
    missing = sorted(k for k in extracted if not translated.get(k))
    assert not missing, f"{code}: {len(missing)} untranslated, e.g. {missing[:5]}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_compiled_catalogue_is_up_to_date(code):
    folder = TRANSLATIONS / code / "LC_MESSAGES"
    with (folder / "messages.po").open("rb") as handle:
        po = read_po(handle)
    with (folder / "messages.mo").open("rb") as handle:
        mo = read_mo(handle)

    def table(catalog) -> dict:
        def plain(value):
            return tuple(value) if isinstance(value, list | tuple) else value

        return {plain(m.id): plain(m.string) for m in catalog if m.id}

    want, have = table(po), table(mo)
    assert want == have, f"run `make translations` ({code}: messages.mo is stale)"


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_lang_and_dir(client, code):
    page = soup(client.get(f"/{code}/search?q=e-waste"))
    assert page.html["lang"] == code
    assert page.html["dir"] == ("rtl" if code == "ar" else "ltr")
    links = [a["href"] for a in page.select("main a[href^='/']")]
    assert links and all(h.startswith(f"/{code}/") for h in links if "static" not in h)
    assert page.select_one("link[rel=stylesheet]")["href"].startswith("/static/")


def test_accept_language_chooses_and_varies(client):
    response = client.get("/", headers={"Accept-Language": "es-HN,es;q=0.9,en;q=0.5"})
    assert soup(response).html["lang"] == "es"
    assert "Accept-Language" in response.headers["Vary"]
    response = client.get("/", headers={"Accept-Language": "de, ja"})
    assert soup(response).html["lang"] == "en"
    assert "Accept-Language" not in client.get("/fr/").headers.get("Vary", "")


def test_switcher_keeps_the_page(client):
    page = soup(client.get("/fr/search?q=e-waste&dc=yes"))
    switcher = {a["lang"]: a["href"] for a in page.select("nav.langs a")}
    assert set(switcher) == set(LANGUAGES)
    assert switcher["ar"] == "/ar/search?q=e-waste&dc=yes"
    assert page.select_one("nav.langs a[aria-current]")["lang"] == "fr"


def test_dates_numbers_and_sizes_follow_the_locale(client):
    fr = soup(client.get("/fr/documents/L.1700")).get_text(" ")
    assert "13 juin 2016" in fr and "Mo" in fr
    zh = soup(client.get("/zh/documents/L.1700")).get_text(" ")
    assert "2016年6月13日" in zh
    ar = soup(client.get("/ar/documents/L.1700"))
    assert ar.select_one("h1 bdi[lang=en][dir=ltr]")  # ITU's English title, isolated


def test_in_your_language_note(client):
    page = soup(client.get("/fr/documents/L.1700"))
    assert page.select_one("p.mine").get_text() == "Disponible en français"
    assert page.select_one("table.files tr.mine td").get_text() == "Français"
    assert not soup(client.get("/documents/L.1700")).select_one("header p.mine")


def test_engine_notices_are_translated(client):
    page = soup(client.get("/fr/search?q=%22unclosed"))
    assert "Un guillemet n'a pas été fermé" in page.select_one("p.notice").get_text()
