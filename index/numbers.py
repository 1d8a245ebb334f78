"""Own ITU-T number normalisation for the index and for queries.

One canonical key per number, so that every way a reader writes a number meets the way
the catalogue stores it: "Y.3172", "y3172", "Y 3172", "ITU-T Y.3172" and
"Rec. ITU-T Y.3172" all become "y.3172"; "G Suppl. 47", "G.Sup47" and "G.Suppl.47"
become "g.suppl.47"; "D.502R" and "D.502 R" become "d.502r". Joint numbers
("G.780/Y.1351") give one key per part as well as the whole. Also: series ranges
("Y.3000-Y.3499") and a natural sort key ("Y.31" < "Y.310" < "Y.3100").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# ITU-T series letters (W was never used).
SERIES = frozenset("ABCDEFGHIJKLMNOPQRSTUVXYZ")

_REC = r"(?:rec(?:ommendation)?\.?\s+)?"
_PREFIX = re.compile(rf"^\s*{_REC}(?:itu-t\s+)?{_REC}", re.I)
_SUPPL = re.compile(r"(?<![a-z])(?:supplement|suppl|supp|sup)\.?\s*(?=\d)", re.I)
_SERIES_DIGIT = re.compile(r"^([a-z])[\s.]*(?=\d|suppl\.|imp\d)")
_IMP = re.compile(r"\bimp\s*(?=\d)")
# A number already in the catalogue's own spelling ("G.993.2", "A.1-x1"): no prefix, no
# space, no supplement or implementers' guide, so its key is its lower case. Most stored
# numbers are; the fast path spares a fresh process six expressions for each.
_PLAIN = re.compile(r"[A-Z]\.\d[0-9A-Za-z.\-]*")

# A number as readers type it inside a query: optional "Rec. ITU-T", a series letter, an
# optional "Suppl."/"Imp", digits with dotted parts, an optional suffix (bis, ter, R, a
# letter) and an optional trailing "*" for a prefix search.
QUERY_NUMBER = re.compile(
    r"(?<![\w.\-])"
    r"(?i:(?:rec(?:ommendation)?\.?\s+)?itu-t\s+(?:rec(?:ommendation)?\.?\s+)?)?"
    r"(?P<series>[A-VX-Za-vx-z])(?:\s*\.\s*|\s+)?"
    r"(?P<kind>(?i:suppl(?:ement)?|supp|sup|imp)\.?\s*)?"
    r"(?P<digits>\d{1,5}(?:\.\d{1,4})*)"
    r"(?P<suffix>\s?(?:(?i:bis|ter|quater)|R|[A-F])(?![\w\-]))?"
    r"(?P<star>\*)?"
    r"(?![\w\-])",
)


# An edition's identifier on itu.int: "T-REC-G.652", "T-REC-H.264-201610-S",
# "T-REC-G.Sup47-201902-I" (the number, then the approval month and the status letter).
TREC_NUMBER = re.compile(
    r"(?<![\w\-])(?i:T-REC-)(?P<number>[A-Za-z](?:\.[A-Za-z]*\d[\w.]*?|\d[\w.]*?))"
    r"(?:-(?P<date>\d{6})(?:-[A-Za-z](?:![\w!-]*)?)?)?(?![\w.])")

# A whole series or sub-series: "ITU-T Y.3000-series", "G.984 series", "Y.4000 series" (but
# not "E.100 series Suppl. 1", a document of its own).
SERIES_OF = re.compile(
    r"(?<![\w.\-])(?i:itu-t\s+)?(?P<series>[A-VX-Za-vx-z])\.(?P<digits>\d{1,5}(?:\.\d{1,4})*)"
    r"[\s\-](?i:series)(?![\w\-])(?!\s+(?i:supp|suppl))")

# A series supplement as readers name it: "Supplement 1 to E.100 series",
# "Suppl. 2 to the ITU-T Q.500 series" (the catalogue's "E-100 series Suppl.1").
SUPPLEMENT_TO_SERIES = re.compile(
    r"(?<![\w.\-])(?i:supplement|suppl\.?|supp\.?|sup\.?)\s*(?P<n>\d{1,4})\s+(?i:to)\s+"
    r"(?i:the\s+)?(?i:itu-t\s+)?(?P<series>[A-VX-Za-vx-z])[.\-](?P<digits>\d{1,5})[\s\-]"
    r"(?i:series)(?![\w\-])")


def series_supplement_key(m: re.Match[str]) -> str:
    """The key of the series supplement a SUPPLEMENT_TO_SERIES match names."""
    return canonical(f"{m.group('series').upper()}-{m.group('digits')} series "
                     f"Suppl.{m.group('n')}")


def block_pattern(series: str, digits: str) -> re.Pattern[str]:
    """The keys of a series a SERIES_OF match names: "Y.3000" -> Y.3000-Y.3999 (trailing
    zeros give the block), "G.984" -> G.984 and its parts G.984.1, G.984.2, ..."""
    series = series.lower()
    if "." in digits or not digits.endswith("0"):
        return re.compile(rf"^{series}\.{re.escape(digits)}(?:\.\d+)*$")
    head = digits.rstrip("0") or "0"
    rest = len(digits) - len(head)
    return re.compile(rf"^{series}\.{head}\d{{{rest}}}(?:\.\d+)*$")


# An ISO/IEC twin number: "ISO/IEC 9594-8", "ISO/IEC 14496-10 (Twinned)", "ISO 8601".
ISO_NUMBER = re.compile(r"(?<![\w/])(?i:iso(?:/iec)?)\s*(?P<number>\d{3,5}(?:-\d{1,3})*)(?![\w-])")


def iso_keys(text: str) -> list[str]:
    """Keys of the ISO/IEC numbers a text names: "ISO/IEC 9594-8" -> ["9594-8"]."""
    return [m.group("number") for m in ISO_NUMBER.finditer(text)]


def without_implementers_guide(key: str) -> str | None:
    """The Recommendation an implementers' guide key belongs to: "g.imp712" -> "g.712"."""
    m = re.fullmatch(r"([a-z])\.imp(\d[\w.]*)", key)
    return f"{m.group(1)}.{m.group(2)}" if m else None


def compact(text: str) -> str:
    """A text with every number written as one token ("L Suppl 36" -> "l.suppl.36", and
    "T-REC-H.264-201610-S" -> "h.264"), so that word-by-word processing (the translation of
    a query) cannot split a number or read its letters as words."""
    text = TREC_NUMBER.sub(lambda m: canonical(m.group("number")), text)
    text = SUPPLEMENT_TO_SERIES.sub(lambda m: m.group(0).replace(" ", "\u00a0"), text)
    return QUERY_NUMBER.sub(
        lambda m: canonical(m.group(0)) if re.search(r"\s", m.group(0).strip()) else m.group(0),
        text)


@lru_cache(maxsize=65_536)  # pure, and asked for every number of the catalogue per build
def canonical(number: str) -> str:
    """Return the canonical key of one number (no joint parts): "Y 3172" -> "y.3172"."""
    if _PLAIN.fullmatch(number):
        low = number.lower()
        if "sup" not in low and "imp" not in low:
            return low
    return respell(number)


def respell(number: str) -> str:
    """`canonical` the long way, for any spelling (what its fast path must agree with)."""
    text = _PREFIX.sub("", number.strip()).lower()
    text = re.sub(r"\s+", " ", text)
    text = _SUPPL.sub("suppl.", text)
    text = _IMP.sub("imp", text)
    text = _SERIES_DIGIT.sub(r"\1.", text)
    text = re.sub(r"\s*\.\s*", ".", text)
    return text.replace(" ", "")


def keys(doc_id: str) -> list[str]:
    """Every key a document number answers to: the whole and each joint part."""
    found = [canonical(doc_id)]
    if "/" not in doc_id:
        return found if found[0] else []
    found.extend(canonical(part) for part in doc_id.split("/") if part.strip())
    return list(dict.fromkeys(k for k in found if k))


def parts(doc_id: str) -> list[str]:
    """The joint parts of a number: "G.780/Y.1351" -> ["G.780", "Y.1351"]."""
    return [p.strip() for p in doc_id.split("/") if p.strip()]


@dataclass(frozen=True)
class Numeric:
    """A number reduced for range tests: series letter and the integer after the dot."""

    series: str
    value: int


_NUMERIC = re.compile(r"^([A-Z])\.(\d+)")


def numeric(number: str) -> Numeric | None:
    """ "Y.3172" -> Numeric("Y", 3172); "G.989.2" -> ("G", 989); supplements -> None."""
    m = _NUMERIC.match(number.strip())
    if not m or ".Suppl" in number or "Suppl." in number:
        return None
    return Numeric(m.group(1), int(m.group(2)))


@dataclass(frozen=True)
class NumberRange:
    """A series range such as "Y.3000-Y.3499" (both ends included)."""

    text: str
    series: str
    low: int
    high: int

    def contains(self, number: str) -> bool:
        """True when any joint part of the number falls in the range."""
        for part in parts(number):
            n = numeric(part)
            if n and n.series == self.series and self.low <= n.value <= self.high:
                return True
        return False


_RANGE = re.compile(r"^([A-Z])\.(\d+)\s*-\s*(?:\1\.)?(\d+)$")


def parse_range(text: str) -> NumberRange:
    """Parse "Y.3000-Y.3499" (or "Y.3000-3499"); ValueError when malformed."""
    m = _RANGE.match(text.strip())
    if not m:
        raise ValueError(f"not a number range: {text!r}")
    low, high = int(m.group(2)), int(m.group(3))
    if low > high:
        raise ValueError(f"empty number range: {text!r}")
    return NumberRange(text.strip(), m.group(1), low, high)


def sort_key(number: str) -> str:
    """A string that sorts numbers naturally: digit runs are zero-padded."""
    return re.sub(r"\d+", lambda m: m.group(0).zfill(6), number.upper())
