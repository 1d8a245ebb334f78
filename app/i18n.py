"""Own the interface language: the six UN languages, choice by URL prefix or Accept-Language.

A path that starts with a language code (`/fr/search`) is served with that language: the
middleware moves the prefix into SCRIPT_NAME, so every `url_for` of the page keeps it.
A path without one negotiates from Accept-Language (and says so with `Vary`). Dates,
numbers and file sizes are formatted per locale with Babel.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from babel.dates import format_skeleton
from babel.units import format_unit
from flask import Flask, g, request
from flask_babel import Babel, format_date, format_decimal, get_locale, get_translations
from jinja2.ext import _make_new_gettext, _make_new_ngettext
from markupsafe import Markup

# code -> (name in its own language, text direction, ITU's name of the language)
LANGUAGES: dict[str, tuple[str, str, str]] = {
    "ar": ("العربية", "rtl", "Arabic"),
    "zh": ("中文", "ltr", "Chinese"),
    "en": ("English", "ltr", "English"),
    "fr": ("Français", "ltr", "French"),
    "ru": ("Русский", "ltr", "Russian"),
    "es": ("Español", "ltr", "Spanish"),
}
DEFAULT = "en"
ENVIRON_KEY = "itucat.lang"


class LanguagePrefix:
    """WSGI middleware: `/fr/...` is served as `/...` in French, links keep the prefix."""

    def __init__(self, wsgi_app: Callable[..., Iterable[bytes]]) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]
                 ) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        parts = path.split("/", 2)
        if len(parts) >= 2 and parts[1] in LANGUAGES:
            code = parts[1]
            environ[ENVIRON_KEY] = code
            environ["itucat.base_script"] = environ.get("SCRIPT_NAME", "")
            environ["SCRIPT_NAME"] = environ.get("SCRIPT_NAME", "") + "/" + code
            environ["PATH_INFO"] = "/" + (parts[2] if len(parts) == 3 else "")
        return self.wsgi_app(environ, start_response)


def select_locale() -> str:
    """The language of this request: URL prefix first, then Accept-Language, then English."""
    code = request.environ.get(ENVIRON_KEY)
    if code:
        return code
    return request.accept_languages.best_match(list(LANGUAGES), default=DEFAULT) or DEFAULT


def explicit_language() -> bool:
    """Whether the language came from the URL (else the page varies by Accept-Language)."""
    return ENVIRON_KEY in request.environ


def base_script() -> str:
    """SCRIPT_NAME without the language prefix (where static files and other languages live)."""
    return request.environ.get("itucat.base_script", request.script_root)


def current_language() -> str:
    """The two-letter code of the page's language."""
    cached = g.get("lang")
    if cached is None:
        locale = get_locale()
        cached = locale.language if locale is not None else DEFAULT
        g.lang = cached
    return cached


def language_url(code: str) -> str:
    """This page in another language (same path and query)."""
    query = request.query_string.decode("latin-1")
    return f"{base_script()}/{code}{request.path}" + (f"?{query}" if query else "")


def itu_language(code: str | None = None) -> str:
    """ITU's name of a UI language ("fr" -> "French"), as used in file lists."""
    return LANGUAGES[code or current_language()][2]


_DATES: dict[tuple[str, str, str], str] = {}  # (language, ISO text, form) -> text


def fmt_date(value: Any, form: str = "medium") -> str:
    """A date (or ISO text) in the reader's locale; empty when unknown.

    ISO text keeps its precision: "2020" stays a year, "2016-04" is a month ("April 2016").
    Text is remembered per language (a results page formats twenty dates, and Babel's
    locale look-up through the request context costs more than the formatting).
    """
    if not value:
        return ""
    if not isinstance(value, str):
        return _format_date(value, form)
    key = (current_language(), value, form)
    text = _DATES.get(key)
    if text is None:
        text = _format_date(value, form)
        if len(_DATES) < 100_000:
            _DATES[key] = text
    return text


def _format_date(value: Any, form: str) -> str:
    if isinstance(value, str):
        if len(value) == 7 and value[4] == "-" and value[:4].isdigit() and value[5:].isdigit():
            try:
                month = date(int(value[:4]), int(value[5:]), 1)
            except ValueError:
                return value
            return format_skeleton("yMMMM", month, locale=get_locale() or DEFAULT)
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return value
    return format_date(value, form)


_NUMBERS: dict[tuple[str, Any], str] = {}  # (language, number) -> text: facet counts repeat


def fmt_number(value: Any) -> str:
    """An integer with the locale's grouping (Babel's formatting, remembered per language:
    a results page formats a hundred facet counts)."""
    key = (current_language(), value or 0)
    text = _NUMBERS.get(key)
    if text is None:
        text = str(format_decimal(value or 0))
        if len(_NUMBERS) < 100_000:
            _NUMBERS[key] = text
    return text


def fmt_size(size: Any) -> str:
    """A file size in the locale's words ("1.2 MB", "1,2 Mo")."""
    if not isinstance(size, int) or size < 0:
        return ""
    locale = get_locale() or DEFAULT
    if size >= 1_000_000:
        return format_unit(round(size / 1_000_000, 1), "digital-megabyte", "short",
                           locale=locale)
    return format_unit(max(1, round(size / 1000)), "digital-kilobyte", "short", locale=locale)


def _bound_translations() -> dict[str, Any]:
    """The template's gettext, ngettext and value labels bound to this request's
    translations, looked up once per page rather than through the request context on
    every call (a results page makes hundreds). Jinja's i18n extension resolves
    `gettext`/`ngettext` from the context first; the wrappers are the ones it installs
    (newstyle: autoescaped, always %-formatted), so the output is the same."""
    from app.labels import labeller  # labels reads the language from here

    translations = get_translations()
    gettext = _make_new_gettext(translations.ugettext)
    return {
        # `_` too: Jinja's own `_` only looks `gettext` up in the context on every call.
        "_": gettext,
        "gettext": gettext,
        "ngettext": _make_new_ngettext(translations.ungettext),
        "value_label": labeller(str(get_locale() or DEFAULT)),
    }


def init_app(app: Flask) -> None:
    """Set up Flask-Babel (domain "messages" in app/translations) and the URL prefix."""
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", "translations")
    app.config.setdefault("BABEL_DOMAIN", "messages")
    Babel(app, locale_selector=select_locale)
    app.wsgi_app = LanguagePrefix(app.wsgi_app)  # type: ignore[method-assign]

    @app.context_processor
    def _language_context() -> dict[str, Any]:
        code = current_language()
        return {
            "lang": code,
            "dir": LANGUAGES[code][1],
            "languages": LANGUAGES,
            "language_url": language_url,
            "fmt_date": fmt_date,
            "fmt_number": fmt_number,
            "fmt_size": fmt_size,
            "itu_language": itu_language(code),
            # ITU's titles and summaries are English: mark them so for screen readers and RTL.
            "en": Markup(' lang="en" dir="ltr"') if code != "en" else "",
            **_bound_translations(),
        }
