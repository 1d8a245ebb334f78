"""Own what a pack is made of: a search (or a topic, region, collection) and a language."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest

from app.params import SearchRequest


@dataclass(frozen=True)
class PackSpec:
    """What to pack: a collection, or a search; and the language of its pages."""

    lang: str
    collection: str | None = None
    search: SearchRequest = field(default_factory=SearchRequest)

    @classmethod
    def from_args(cls, args: MultiDict[str, str], lang: str) -> PackSpec:
        """Read the same query string as /search (or ?collection=<id>)."""
        collection = (args.get("collection") or "").strip()
        if collection:
            if len(collection) > 80:
                raise BadRequest("collection")
            return cls(lang, collection)
        return cls(lang, None, SearchRequest.from_args(args))

    @property
    def kind(self) -> str:
        """collection | topic | region | search (for names and the metrics)."""
        if self.collection:
            return "collection"
        active = self.search.active
        if not self.search.q and len(active) == 1 and active[0][0] in ("topic", "region"):
            return active[0][0]
        return "search"

    def args(self) -> dict[str, object]:
        """The query string that asks for this pack."""
        if self.collection:
            return {"collection": self.collection}
        return self.search.args(page=None)

    def key(self) -> str:
        """A short stable key of what is packed (with the language)."""
        text = json.dumps([self.lang, self.args()], sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def filename(self) -> str:
        """The ZIP's file name: itu-t-<kind>-<what>-<lang>.zip."""
        what = self.collection or "-".join(v for _k, v in self.search.active) or "all"
        if self.search.q and not self.collection:
            what = self.search.q
        safe = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in what.lower())
        safe = "-".join(p for p in safe.split("-") if p)[:60] or self.key()
        return f"itu-t-{self.kind}-{safe}-{self.lang}.zip"
