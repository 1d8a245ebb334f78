"""Parse ITU-T document names and edition ids (pure functions, no I/O).

* ``family_of("G.989.2 (2014) Amd. 1 (04/2016)") == "G.989.2"``: the canonical number is the
  first number of a dual/triple number (``G.780/Y.1351`` -> ``G.780``), without version markers
  (``(V14)``, ``v.1``) and without the part that names an amendment, corrigendum, erratum,
  addendum, annex, appendix or a Recommendation's own supplement (``E.164 Suppl. 3`` belongs to
  ``E.164``, as ITU's getRecEditions shows). Series supplements stay families of their own
  (``A Suppl. 2``, ``E-100 series Suppl. 1``).
* Edition ids look like ``T-REC-A.13-200712-S!Amd1``: base, YYYYMM, status letter, part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DATE_TAIL = re.compile(r"\s*\((\d{2})/(\d{4})\)\s*$")
_VERSION = re.compile(r"\s+\(V\d+\)|\s+v\.?\d+\b")
_BASE_YEAR = re.compile(r"\s+\(\d{4}\)")
_PART = re.compile(
    r"\s+(?:Technical Cor\.|Amd\.|Cor\.|Err\.|Erratum|Add\.|Annex\b|App\.|App\b|attachment\b"
    r"|Suppl\.)"
)
_SERIES_SUPPL = re.compile(r"^(?P<series>[^.]+?|[A-Z]\.\d+ series)\s+Suppl\.\s*(?P<num>[\d.]+)")
_EDITION_ID = re.compile(r"^(?P<base>T-REC-.+?)-(?P<ym>\d{6})-(?P<letter>[A-Z])(?:!(?P<part>.+))?$")

LETTER_STATUS = {"I": "In force", "S": "Superseded", "W": "Withdrawn"}


def strip_prefix(docid: str) -> str:
    """``"ITU-T A.1 (10/2000)"`` -> ``"A.1 (10/2000)"`` (ITU's rec_name style)."""
    return docid[6:] if docid.startswith("ITU-T ") else docid


def family_of(name: str) -> str:
    """Return the canonical family number of a rec_name (docid without "ITU-T ")."""
    text = _DATE_TAIL.sub("", strip_prefix(name).strip())
    text = _VERSION.sub("", text)
    text = _BASE_YEAR.split(text, maxsplit=1)[0]
    first = text.split("/", 1)[0].strip()
    series = _SERIES_SUPPL.match(first)
    if series and ("series" in series["series"] or "." not in series["series"]):
        return f"{series['series']} Suppl. {series['num']}"
    return _PART.split(first, maxsplit=1)[0].strip()


def series_letter(family: str) -> str:
    """First letter of a family number (``"E-100 series Suppl. 1"`` -> ``"E"``)."""
    return family[:1].upper()


def is_series_supplement(family: str) -> bool:
    """True for families such as ``A Suppl. 2`` (a supplement to a whole series)."""
    return " Suppl. " in family


def name_date(name: str) -> tuple[int, int] | None:
    """(year, month) of the trailing ``(MM/YYYY)`` of a rec_name, if present."""
    match = _DATE_TAIL.search(name)
    return (int(match[2]), int(match[1])) if match else None


def match_key(name: str) -> str:
    """Loose key to match rec_names across sources (``v7``, ``Erratum``, spacing, case)."""
    text = strip_prefix(name).replace("Erratum", "Err.")
    text = re.sub(r"\s+v\d+\b", "", text)
    return re.sub(r"\s+", " ", text).strip().lower()


def code_key(code: str) -> str:
    """Normalise a ``rec=<code>`` value or a family number for look-up.

    ``G.Suppl.47``, ``G Suppl. 47`` and ``g suppl.47`` all give ``g.suppl.47``.
    """
    text = re.sub(r"\s*\bsuppl\.?\s*", ".suppl.", code.strip().lower())
    return re.sub(r"\.{2,}", ".", text.replace(" ", ""))


@dataclass(frozen=True, slots=True)
class EditionId:
    """The parts of an ITU-T edition id such as ``T-REC-A.13-200712-S!Amd1``."""

    base: str
    yyyymm: str
    letter: str
    part: str | None

    def text(self) -> str:
        """Reassemble the id."""
        tail = f"!{self.part}" if self.part else ""
        return f"{self.base}-{self.yyyymm}-{self.letter}{tail}"

    def with_letter(self, letter: str) -> EditionId:
        """Same id with another status letter (``-I`` -> ``-S`` when superseded)."""
        return EditionId(self.base, self.yyyymm, letter, self.part)


def parse_edition_id(text: str) -> EditionId | None:
    """Parse ``T-REC-…-YYYYMM-L[!part]``; None for anything else."""
    match = _EDITION_ID.match(text.strip())
    if not match:
        return None
    return EditionId(match["base"], match["ym"], match["letter"], match["part"])


def item_id(edition_id: str, fmt: str, lang: str) -> str:
    """Download item id: ``T-REC-A.13-201909-I!!PDF-E`` / ``T-REC-…-S!Amd1!PDF-E``."""
    sep = "!" if "!" in edition_id else "!!"
    return f"{edition_id}{sep}{fmt}-{lang}"


def dms_fragment_url(edition_id: str, kind: str = "SUM", scheme: str = "http") -> str:
    """URL of the summary (``SUM``) or table-of-contents (``TOC``) HTML fragment."""
    letter = edition_id[6:7].lower()
    name = item_id(edition_id, f"{kind}-HTM", "E")
    return f"{scheme}://www.itu.int/dms_pubrec/itu-t/rec/{letter}/{name}.htm"


def base_from_family(family: str) -> str:
    """Edition-id base for a family without any recorded id: ``A Suppl. 2`` -> ``T-REC-A.Sup2``."""
    if is_series_supplement(family):
        series, num = family.split(" Suppl. ", 1)
        return f"T-REC-{series.replace(' ', '')}.Sup{num}"
    return "T-REC-" + family.replace(" ", "")


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that orders ``G.9`` before ``G.10``."""
    parts = re.findall(r"\d+|\D+", text)
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts)


def version_key(version: str) -> tuple[int, int, int]:
    """getRecEditions order (descending): ``11.3`` > ``11.1`` > ``11`` ; ``2`` > ``2.0``."""
    major, _, minor = version.partition(".")
    try:
        return (int(major), int(minor or 0), 0 if minor else 1)
    except ValueError:
        return (0, 0, 0)
