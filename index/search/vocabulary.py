"""Own the did-you-mean vocabulary kept beside a build, and the writer that keeps it.

The speller (spelling.py) needs every word of the titles and summaries with the number of
documents holding it. That was a field of the index; its postings were a fifth of all the
rebuild wrote, and only the field's lexicon was ever read. Now `VocabularyWriter` counts
the words as documents go through it (the `spell` text that index_document gives, taken
out before Whoosh sees the fields), subtracts the words of a replaced or deleted
document's previous version (read from its stored payload), and after the commit writes
`spell.json`: the counts and the index generation they describe. A vocabulary whose
generation is not the index's (a process killed between the two writes, a file removed)
is counted again from the stored payloads, by readers and by the next writer alike.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from pathlib import Path
from typing import Any

from index.search.fields import spell_analyzer
from index.search.layout import replace_file

log = logging.getLogger("itucat.search")
FILE = "spell.json"
SPELL_TEXT = "spell"  # the key of index_document's fields that holds the text to count
_ANALYZER = spell_analyzer()


def spell_text(title: str | None, summary: str | None) -> str:
    """The text a document gives the vocabulary."""
    return " ".join((title or "", summary or ""))


def words_of(text: str) -> set[str]:
    """The vocabulary's words in a text, each once (a document counts once per word)."""
    return {token.text for token in _ANALYZER(text)}


def read_vocabulary(build: Path, generation: int) -> Counter[str] | None:
    """The counts kept for this generation of a build, or None (absent, unreadable, or
    describing another generation)."""
    try:
        kept = json.loads((build / FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(kept, dict) or kept.get("generation") != generation:
        return None
    words = kept.get("words")
    return Counter(words) if isinstance(words, dict) else None


def write_vocabulary(build: Path, generation: int, counts: Counter[str]) -> None:
    """Replace a build's vocabulary atomically."""
    replace_file(build / FILE, json.dumps(
        {"generation": generation, "words": dict(sorted(counts.items()))},
        ensure_ascii=False, separators=(",", ":")))


def _stored_text(stored: dict[str, Any]) -> str:
    found = json.loads(stored.get("payload") or "{}")
    return spell_text(found.get("title"), found.get("summary"))


def count_stored(searcher: Any) -> Counter[str]:
    """The vocabulary of every live document of an index, from the stored payloads (the
    repair path: a pass over the whole index)."""
    counts: Counter[str] = Counter()
    for stored in searcher.documents():
        counts.update(words_of(_stored_text(stored)))
    return counts


def vocabulary_of(build: Path, searcher: Any) -> Counter[str]:
    """The counts of the generation a searcher reads: kept, or counted again."""
    generation = searcher.reader().generation()
    counts = read_vocabulary(build, generation)
    if counts is None:
        log.warning("no did-you-mean vocabulary for %s generation %s: counting it from the "
                    "stored documents", build.name, generation)
        counts = count_stored(searcher)
    return counts


class VocabularyWriter:
    """A Whoosh writer that keeps the build's vocabulary in step with what it writes.

    `add_document`, `update_document` and `delete_by_term("id", ...)` take what Whoosh's
    take; everything else goes to Whoosh's writer as it is. `save` after the commit.
    """

    def __init__(self, writer: Any, build: Path, create: bool) -> None:
        self.writer = writer
        self.build = build
        self.create = create
        # The counts of the generation this writer starts from (None: counted after).
        self.counts: Counter[str] | None = (
            Counter() if create else read_vocabulary(build, writer.generation - 1))
        self._forgotten: set[str] = set()  # ids whose committed version is taken out

    def __getattr__(self, name: str) -> Any:
        return getattr(self.writer, name)

    def _forget(self, doc_id: str) -> None:
        """Take out the words of the version of `doc_id` being replaced or deleted: the one
        of the generation this writer started from, which is what Whoosh deletes (a
        version this writer added itself stays, in Whoosh as here)."""
        if self.counts is None or self.create or doc_id in self._forgotten:
            return
        self._forgotten.add(doc_id)
        # Whoosh's own cached searcher of that generation (update_document uses it too);
        # it still shows a version this writer deleted, hence `_forgotten`.
        stored = self.writer.searcher().document(id=doc_id)
        if stored is None:
            return
        counts = self.counts
        for word in words_of(_stored_text(stored)):
            left = counts[word] - 1
            if left > 0:
                counts[word] = left
            else:
                del counts[word]

    def add_document(self, **fields: Any) -> None:
        words = words_of(fields.pop(SPELL_TEXT, ""))
        if self.counts is not None:
            self.counts.update(words)
        self.writer.add_document(**fields)

    def update_document(self, **fields: Any) -> None:
        doc_id = fields["id"]
        self._forget(doc_id)
        words = words_of(fields.pop(SPELL_TEXT, ""))
        if self.counts is not None:
            self.counts.update(words)
        self.writer.update_document(**fields)

    def delete_by_term(self, fieldname: str, text: str) -> None:
        if fieldname != "id":
            raise ValueError("the vocabulary follows deletions by id only")
        self._forget(text)
        self.writer.delete_by_term(fieldname, text)

    def save(self, ix: Any) -> None:
        """After the commit: write the counts for the new generation (counted from the
        stored documents if the old ones were missing)."""
        counts = self.counts
        if counts is None:
            with ix.searcher() as searcher:
                counts = count_stored(searcher)
        write_vocabulary(self.build, ix.latest_generation(), counts)
