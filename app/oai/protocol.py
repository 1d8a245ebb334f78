"""Own the OAI-PMH 2.0 rules a request must follow: verbs, arguments, dates, tokens, sets.

Every violation is an `OaiError` with the protocol's own code (badVerb, badArgument,
badResumptionToken, cannotDisseminateFormat, idDoesNotExist, noRecordsMatch), answered as
an OAI-PMH error response, never an HTTP error. Resumption tokens are opaque but stateless
(the position of the next page, the frozen `until` of the first page, the selection, the
list's size); a token that does not decode exactly is badResumptionToken.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, unquote

VERBS = {
    "Identify": (set(), set()),
    "ListMetadataFormats": (set(), {"identifier"}),
    "ListSets": (set(), {"resumptionToken"}),
    "GetRecord": ({"identifier", "metadataPrefix"}, set()),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
}
PREFIXES = {"oai_dc": ("http://www.openarchives.org/OAI/2.0/oai_dc.xsd",
                       "http://www.openarchives.org/OAI/2.0/oai_dc/")}
SET_FACETS = {"topic": "topic", "region": "region", "type": "type", "dc": "dc", "kind": "kind",
              "sg": "sg"}
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SECOND = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
_LOCAL_SAFE = "-_.!~*'();/?:@&=+$,"


class OaiError(Exception):
    """An OAI-PMH error: its code and a message for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def now_stamp() -> str:
    """The current UTC time at the protocol's granularity."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def check_arguments(args: dict[str, list[str]]) -> tuple[str, dict[str, str]]:
    """The verb and its arguments, or OaiError (badVerb, badArgument)."""
    verbs = args.get("verb", [])
    if len(verbs) != 1 or verbs[0] not in VERBS:
        raise OaiError("badVerb", "Illegal OAI verb" if verbs else "No verb given")
    verb = verbs[0]
    required, optional = VERBS[verb]
    given = {k: v for k, v in args.items() if k != "verb"}
    for key, values in given.items():
        if len(values) != 1:
            raise OaiError("badArgument", f"Argument {key} is repeated")
        if key not in required | optional:
            raise OaiError("badArgument", f"Illegal argument {key} for {verb}")
    flat = {k: v[0] for k, v in given.items()}
    if "resumptionToken" in flat:
        if len(flat) > 1:
            raise OaiError("badArgument", "resumptionToken is an exclusive argument")
        return verb, flat
    missing = required - set(flat)
    if missing:
        raise OaiError("badArgument", f"Missing argument(s): {', '.join(sorted(missing))}")
    return verb, flat


def check_prefix(prefix: str) -> None:
    """The only metadata format disseminated is oai_dc."""
    if prefix not in PREFIXES:
        raise OaiError("cannotDisseminateFormat", f"Metadata format {prefix!r} is not "
                       "disseminated by this repository (oai_dc is)")


def date_range(start: str | None, until: str | None) -> tuple[str | None, str | None]:
    """from/until as full datestamps (days widened to the whole day), checked."""
    def parse(value: str, end: bool) -> str:
        if _DAY.match(value):
            stamp = value + ("T23:59:59Z" if end else "T00:00:00Z")
        elif _SECOND.match(value):
            stamp = value
        else:
            raise OaiError("badArgument", f"{value!r} is not a date of this repository's "
                           "granularity (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ)")
        try:
            datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ")
        except ValueError as exc:
            raise OaiError("badArgument", f"{value!r} is not a valid date") from exc
        return stamp

    if start and until and len(start) != len(until):
        raise OaiError("badArgument", "from and until must have the same granularity")
    first = parse(start, False) if start else None
    last = parse(until, True) if until else None
    if first and last and first > last:
        raise OaiError("badArgument", "from is later than until")
    return first, last


def parse_set(spec: str | None, slugs: dict[str, str]) -> list[tuple[str, str | None]]:
    """A setSpec ("topic", "topic:iot", "type:technical-paper") as journal sets."""
    if not spec:
        return []
    facet, _sep, value = spec.partition(":")
    if facet not in SET_FACETS or (value and ":" in value):
        raise OaiError("noRecordsMatch", f"There is no set {spec!r}")
    if not value:
        return [(SET_FACETS[facet], None)]
    if facet == "type":
        value = slugs.get(value, "\0")
    return [(SET_FACETS[facet], value)]


def type_slug(value: str) -> str:
    """A document type as a setSpec part: "Implementers' guide" -> "implementers-guide"."""
    return "-".join(re.findall(r"[a-z0-9]+", value.lower()))


def identifier(repository: str, number: str) -> str:
    """The OAI identifier of a document number (spaces and the like percent-encoded)."""
    return f"oai:{repository}:{quote(number, safe=_LOCAL_SAFE)}"


def number_of(repository: str, oai_id: str) -> str | None:
    """The document number an OAI identifier names (None: not one of ours)."""
    prefix = f"oai:{repository}:"
    if not oai_id.startswith(prefix) or len(oai_id) > 300:
        return None
    return unquote(oai_id[len(prefix):]) or None


@dataclass(frozen=True)
class Token:
    """Where a list goes on: the selection, the frozen end, the position, the size."""

    verb: str
    prefix: str
    start: str | None
    until: str
    set: str | None
    after: tuple[str, str]
    cursor: int
    size: int

    def encode(self) -> str:
        """The opaque token."""
        body = [self.verb, self.prefix, self.start, self.until, self.set, list(self.after),
                self.cursor, self.size]
        raw = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str, verb: str) -> Token:
        """A token given back by a harvester, or badResumptionToken."""
        try:
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
            body: Any = json.loads(raw)
            v, prefix, start, until, spec, after, cursor, size = body
            ok = (v == verb and isinstance(prefix, str) and isinstance(until, str)
                  and (start is None or isinstance(start, str))
                  and (spec is None or isinstance(spec, str))
                  and isinstance(after, list) and len(after) == 2
                  and all(isinstance(x, str) for x in after)
                  and isinstance(cursor, int) and isinstance(size, int) and cursor >= 0)
        except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
            ok = False
        if not ok:
            raise OaiError("badResumptionToken", "The resumptionToken is invalid or expired")
        return cls(v, prefix, start, until, spec, (after[0], after[1]), cursor, size)
