"""Share the small text and date helpers every parser needs (ITU's many date spellings)."""

from __future__ import annotations

import logging
import re
import warnings
from datetime import date
from functools import lru_cache
from urllib.parse import urljoin

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning

from crawler.errors import CrawlError

log = logging.getLogger("itucat.parse")

_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
_NONE_STRINGS = {"", "none", "null", "-", "n/a"}
_WS = re.compile(r"\s+")
# Python's \s also matches U+001C-U+001F, so Word's control characters must be mapped before
# any whitespace is collapsed: 0x1E is Word's non-breaking hyphen ("ITU\x1eT L.1300" is
# "ITU-T L.1300"), 0x1F its optional hyphen (invisible), 0x1C/0x1D separators (a space); the
# other C0 controls (U+0007, Word's end-of-cell mark, ...) and DEL carry nothing. U+2011 is the
# Unicode non-breaking hyphen: a plain hyphen keeps "ITU-T" searchable.
_CONTROLS: dict[int, str | None] = {
    **{c: None for c in range(32) if chr(c) not in "\t\n\r\x0b\x0c"},
    0x1C: " ", 0x1D: " ", 0x1E: "-", 0x1F: None, 0x7F: None, 0x2011: "-",
}


# Most texts hold none of them, and a regex scan is ~3x cheaper than str.translate's.
_ANY_CONTROL = re.compile("[" + "".join(re.escape(chr(c)) for c in _CONTROLS) + "]")


def strip_controls(text: str) -> str:
    """Map Word's control characters and hyphens to what a reader sees (see _CONTROLS)."""
    return text.translate(_CONTROLS) if _ANY_CONTROL.search(text) else text


def clean_text(value: object) -> str | None:
    """Collapse whitespace (CR/LF, &nbsp;) and map ITU's null spellings ("None", "-") to None."""
    if value is None:
        return None
    # A plain str (lxml's "smart" strings are str subclasses that keep their whole tree alive).
    text = value if type(value) is str else str(value)
    # A harvest cleans ~770,000 strings, most of them short and seen before (the same
    # supplement titles, statuses and links on every page of a series): remember those.
    return _clean_short(text) if len(text) <= _CACHED_LENGTH else _clean(text)


_CACHED_LENGTH = 200  # longer texts (summaries, titles) are rarely repeated: not kept


def _clean(text: str) -> str | None:
    text = _WS.sub(" ", strip_controls(text).replace("\xa0", " ")).strip()
    return None if text.lower() in _NONE_STRINGS else text


_clean_short = lru_cache(maxsize=1 << 15)(_clean)  # at most ~32,000 short strings (~10 MB)


def parse_int(value: object) -> int | None:
    """Read an id that ITU sends as int, as "14659", as "None" or not at all."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = clean_text(value)
    if text is None:
        return None
    try:
        return int(float(text))
    except ValueError:
        return None


def parse_date(value: object) -> date | None:
    """Parse the date spellings ITU uses; return None (never raise) for anything else.

    Seen: "2019-09-27", "2019-09-27T00:00:00", "Approved on 27 Sep 2019", "Approved in 2000-04-14",
    "27 September 2019", "2016-04-13 00:00:00".
    """
    text = clean_text(value)
    if text is None:
        return None
    m = re.search(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if m:
        return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = re.search(r"(\d{1,2})\s+([A-Za-z]{3})[A-Za-z]*\.?\s+(\d{4})", text)
    if m and m.group(2).lower() in _MONTHS:
        return _safe_date(int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1)))
    return None


def parse_month_year(value: str) -> date | None:
    """Parse "(04/2000)" or "(04/00)" style edition stamps to the first of that month."""
    m = re.search(r"\((\d{1,2})/(\d{2}|\d{4})\)", value)
    if not m:
        return None
    year = int(m.group(2))
    if year < 100:
        year += 1900 if year > 50 else 2000
    return _safe_date(year, int(m.group(1)), 1)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def normalise_status(value: object) -> str | None:
    """Map ITU's status spellings to "In force" / "Superseded" / "Withdrawn"."""
    text = clean_text(value)
    if text is None:
        return None
    low = text.lower()
    if "force" in low:
        return "In force"
    if "supersed" in low:
        return "Superseded"
    if "withdraw" in low or "suppress" in low or "deleted" in low:
        return "Withdrawn"
    log.warning("unknown status %r", text)
    return text


def status_from_edition_id(edition_id: str | None) -> str | None:
    """Read the status letter of an edition id: T-REC-A.13-201909-I -> "In force"."""
    if not edition_id:
        return None
    m = re.search(r"-\d{6}-([ISWP])(?:!|$)", edition_id)
    if not m:
        return None
    return {"I": "In force", "S": "Superseded", "W": "Withdrawn", "P": None}[m.group(1)]


def approval_process_code(value: object) -> str | None:
    """Reduce "Alternative approval process, AAP" / "Traditional \\r\\napproval process, TAP"."""
    text = clean_text(value)
    if text is None:
        return None
    m = re.search(r"\b(AAP|TAP|WTSA)\b", text)
    if m:
        return m.group(1)
    # The JSON API says "Agreement" where rec.aspx says "Agreed": one spelling for both.
    return "Agreed" if text.lower().startswith("agree") else text


def strip_prefix(value: object, prefix: str) -> str | None:
    """Drop a label prefix such as "Provisional name:" or "Equivalent standard:" from a value."""
    text = clean_text(value)
    if text is None:
        return None
    if text.lower().startswith(prefix.lower()):
        text = text[len(prefix) :].strip()
    return text or None


class ParseError(CrawlError, ValueError):
    """Raised when a body is clearly not the kind of page a parser reads (never for odd fields)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, "crawl.parse_error")


# --- Shared by the HTML/JSON page parsers (mws, rec_edition, publication, summary) -----------


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# WHATWG: browsers decode these labels as windows-1252, and ITU's Word exports rely on it
# (0x96 en dash, 0x95 bullet in pages declared iso-8859-1 or windows-1252).
_AS_CP1252 = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "us-ascii", "ascii", "windows-1252"}


def decode_html(body: bytes, default: str = "windows-1252") -> str:
    """Decode an HTML body by BOM, then valid non-ASCII UTF-8, then its <meta> charset."""
    if body.startswith(b"\xef\xbb\xbf"):
        return body[3:].decode("utf-8", errors="replace")
    if not body.isascii():
        # cp1252/latin-1 text practically never forms valid multi-byte UTF-8 by accident.
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            pass
    m = _META_CHARSET.search(body[:4096])
    name = m.group(1).decode("ascii", "replace").lower() if m else default
    if name in _AS_CP1252:
        name = "cp1252"
    try:
        # cp1252 leaves 0x81/0x8d/0x8f/0x90/0x9d undefined; they occur in ITU's CSS junk.
        return body.decode(name, errors="replace")
    except (LookupError, ValueError):
        # Unknown labels, and codecs such as "idna" that refuse errors="replace".
        return body.decode(default, errors="replace")


# NUL breaks lxml; zero-width spaces/BOMs pasted by SharePoint editors ("(d\u200b\u200birect
# download)") carry no meaning in ITU metadata.
_INVISIBLE = re.compile("[\x00\u200b\u200c\u200d\u2060\ufeff]")


def strip_invisible(text: str) -> str:
    """Drop NUL and the zero-width characters (what every HTML reader parses: see above)."""
    return _INVISIBLE.sub("", text)  # a regex, not str.translate: ~20x faster on a whole page


def make_soup(text: str) -> BeautifulSoup:
    """Parse HTML text with lxml, silencing bs4's "this looks like a URL/XML" heuristics."""
    with warnings.catch_warnings():
        # The crawler parses whatever a server sent; a body that *looks* like a file name or
        # XML is still a body, and tests run with -W error.
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        return BeautifulSoup(strip_invisible(text), "lxml")


def is_truncated_html(body: bytes) -> bool:
    """True when an HTML body lacks its closing </html> (a cut-off download, not a page)."""
    # Every recorded ITU page and Word fragment ends with </html>; without it the last rows
    # (and their links) may be cut mid-attribute, which must not be stored as data.
    return b"</html" not in body[-4096:].lower()


_HREF_BREAKS = re.compile(r"[\r\n\t]")


def absolute_url(href: object, base: str) -> str | None:
    """Resolve a link against base after removing the CR/LF/TAB ITU's XSLT leaves inside hrefs."""
    if not isinstance(href, str):
        return None
    if "\r" in href or "\n" in href or "\t" in href:  # rare: the regex only when needed
        href = _HREF_BREAKS.sub("", href)
    cleaned = href.strip()
    if not cleaned or cleaned.lower().startswith(("javascript:", "mailto:", "#")):
        return None
    return urljoin(base, cleaned)


def clean_paragraphs(value: object) -> str | None:
    """Keep line breaks as paragraph breaks ("\\n\\n"), collapsing whitespace inside each one."""
    if value is None:
        return None
    paragraphs = [clean_text(p) for p in re.split(r"[\r\n\u2029]+", str(value))]
    text = "\n\n".join(p for p in paragraphs if p)
    return text or None


_LANGUAGES = {
    "english": "English",
    "anglais": "English",
    "inglés": "English",
    "french": "French",
    "français": "French",
    "francais": "French",
    "francés": "French",
    "spanish": "Spanish",
    "español": "Spanish",
    "espanol": "Spanish",
    "espagnol": "Spanish",
    "arabic": "Arabic",
    "arabe": "Arabic",
    "árabe": "Arabic",
    "العربية": "Arabic",
    "chinese": "Chinese",
    "chinois": "Chinese",
    "chino": "Chinese",
    "中文": "Chinese",
    "russian": "Russian",
    "russe": "Russian",
    "ruso": "Russian",
    "русский": "Russian",
    "multilingual": "Multilingual",
    "multilingue": "Multilingual",
}
# The last letter of ITU document codes: "T-REC-A.1-200010-S!!PDF-E", "R-HDB-43-2013-OAS-PDF-A".
LANGUAGE_CODES = {
    "E": "English",
    "F": "French",
    "S": "Spanish",
    "A": "Arabic",
    "C": "Chinese",
    "R": "Russian",
    "M": "Multilingual",
}


def language_name(value: object) -> str | None:
    """Map ITU's language labels ("ENGLISH", "Español", "Français") to English names."""
    text = clean_text(value)
    if text is None:
        return None
    return _LANGUAGES.get(text.lower(), text[:1].upper() + text[1:].lower())


# Document-code format parts ("!!MSW-E", "-OAS-ZPF-E") -> display format.
FORMAT_CODES = {
    "PDF": "PDF",
    "MSW": "Word",
    "DOC": "Word",
    "EPB": "ePub",
    "EPUB": "ePub",
    "ZIP": "Zip",
    "ZPF": "Zip",  # zipped PDF
    "ZWD": "Zip",  # zipped Word
    "HTM": "HTML",
    "HTML": "HTML",
    "TXT": "Text",
    "XML": "XML",
    "PPT": "PowerPoint",
    "XLS": "Excel",
    "NC": "Paper",
    "DVD": "DVD",
    "CD": "CD",
}
# Ordered: "zipped pdf" and "Zip format" are Zip before they are PDF.
_FORMAT_WORDS = (
    ("zip", "Zip"),
    ("epub", "ePub"),
    ("pdf", "PDF"),
    ("acrobat", "PDF"),
    ("word", "Word"),
    ("html", "HTML"),
    ("dvd", "DVD"),
    ("cd", "CD"),
    ("paper", "Paper"),
    ("text", "Text"),
    ("txt", "Text"),
)


def format_name(label: object) -> str | None:
    """Map a format label or icon alt ("PDF (acrobat)", "Word 2007 Document") to a format."""
    text = clean_text(label)
    if text is None:
        return None
    low = text.lower()
    for word, name in _FORMAT_WORDS:
        if re.search(rf"\b{word}", low):
            return name
    return None
