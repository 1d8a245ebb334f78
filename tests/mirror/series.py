"""ITU-T series titles and the sub-range headings used in ``series_title_2``/``_3``.

Top-level series titles are the public ITU-T series names. Sub-range headings (e.g.
``"L.1400-L.1499: Assessment methodologies of ICTs and CO2 trajectories"``) are learned at run
time from the recorded getRecHdrDetail responses; numbers outside those ranges get null.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from tests.mirror.reference import Reference

SERIES_TITLES = {
    "A": "Organization of the work of ITU-T",
    "B": "Means of expression: definitions, symbols, classification",
    "C": "General telecommunication statistics",
    "D": "Tariff and accounting principles and international telecommunication/ICT economic "
    "and policy issues",
    "E": "Overall network operation, telephone service, service operation and human factors",
    "F": "Non-telephone telecommunication services",
    "G": "Transmission systems and media, digital systems and networks",
    "H": "Audiovisual and multimedia systems",
    "I": "Integrated services digital network",
    "J": "Cable networks and transmission of television, sound programme and other multimedia "
    "signals",
    "K": "Protection against interference",
    "L": "Environment and ICTs, climate change, e-waste, energy efficiency; construction, "
    "installation and protection of cables and other elements of outside plant",
    "M": "Telecommunication management, including TMN and network maintenance",
    "N": "Maintenance: international sound programme and television transmission circuits",
    "O": "Specifications of measuring equipment",
    "P": "Telephone transmission quality, telephone installations, local line networks",
    "Q": "Switching and signalling, and associated measurements and tests",
    "R": "Telegraph transmission",
    "S": "Telegraph services terminal equipment",
    "T": "Terminals for telematic services",
    "U": "Telegraph switching",
    "V": "Data communication over the telephone network",
    "X": "Data networks, open system communications and security",
    "Y": "Global information infrastructure, Internet protocol aspects, next-generation "
    "networks, Internet of Things and smart cities",
    "Z": "Languages and general software aspects for telecommunication systems",
}

_RANGE = re.compile(r"^([A-Z])\.(\d+)-[A-Z]\.(\d+):")
_NUMBER = re.compile(r"^([A-Z])\.(\d+)")


@dataclass(frozen=True, slots=True)
class SubRange:
    """A heading such as ``G.700-G.799: Digital terminal equipments``."""

    letter: str
    low: int
    high: int
    title: str

    @property
    def width(self) -> int:
        """Size of the range (wider ranges are series_title_2, narrower ones _3)."""
        return self.high - self.low


class SeriesTitles:
    """Compute series_title_1..3 for a family number."""

    def __init__(self, reference: Reference) -> None:
        self.ranges: list[SubRange] = []
        seen: set[str] = set()
        for key, rec in reference.recorded.items():
            if key[0] != "mws" or key[1] != "getrechdrdetail":
                continue
            data = json.loads(reference.body(rec))
            for field in ("series_title_2", "series_title_3"):
                title = data.get(field)
                match = _RANGE.match(title or "")
                if match and title not in seen:
                    seen.add(title)
                    low, high = int(match[2]), int(match[3])
                    self.ranges.append(SubRange(match[1], low, high, title))
        self.ranges.sort(key=lambda r: -r.width)

    def titles(self, family: str) -> tuple[str | None, str | None, str | None]:
        """(series_title_1, _2, _3); supplements and odd numbers get (None, None, None)."""
        if " Suppl. " in family:
            return (None, None, None)
        match = _NUMBER.match(family)
        if not match or match[1] not in SERIES_TITLES:
            return (None, None, None)
        letter, number = match[1], int(match[2])
        first = f"{letter} series: {SERIES_TITLES[letter]}"
        inside = [r.title for r in self.ranges if r.letter == letter and r.low <= number <= r.high]
        second = inside[0] if inside else None
        third = inside[1] if len(inside) > 1 else None
        return (first, second, third)

    @staticmethod
    def joined(titles: tuple[str | None, str | None, str | None]) -> str | None:
        """``series_title``: the non-null parts joined like ITU (``<br/>&nbsp;&nbsp;``)."""
        parts = [t for t in titles if t]
        return "<br/>&nbsp;&nbsp;".join(parts) if parts else None
