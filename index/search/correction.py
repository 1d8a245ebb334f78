"""Own correcting a query's spelling: which words to correct, and into what.

The speller (spelling.py) knows the catalogue's own words. A word is corrected when the
catalogue does not know it, except:
- stop words ("for", "and", "with" are never turned into "form", "end", "wish"), numbers,
  identifiers, acronyms typed in capitals ("IMS" is no typo of "ITS"), synonyms and the
  taxonomy's theme and region words;
- when the query as typed found documents, another form of a known word ("guideline"
  when the titles say "guidelines"): a known word with the same stem, at most two
  letters away. A typo whose stem happens to be a real stem ("interent" -> "inter", the
  stem of "inter-domain") is still corrected, since no known word of that stem is that
  close. When the query found nothing, every unknown word is corrected ("machin").
The service decides whether to show the corrected results at once (they find much more)
or to offer them ("Did you mean").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from index.search.query import Word
from index.search.spelling import Speller, distance
from index.search.synonyms import Synonyms
from index.tags.taxonomy import Taxonomy

INFLECTION = 2  # letters a known word of the same stem may differ by ("guideline", "-s")


def _acronym(text: str) -> bool:
    """A word typed in capitals, or with capitals inside ("IMS", "VoLTE", "eNodeB")."""
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and sum(ch.isupper() for ch in letters) >= 2


class Corrector:
    """Corrections of unknown query words, from one index version's vocabulary."""

    def __init__(self, speller: Speller, stem: Callable[[str], str], synonyms: Synonyms,
                 taxonomy: Taxonomy, stop_words: frozenset[str]) -> None:
        self.speller = speller
        self.stem = stem
        self.synonyms = synonyms
        self.taxonomy = taxonomy
        self.stop_words = stop_words
        self._by_stem: dict[str, list[str]] | None = None

    def _stems(self) -> dict[str, list[str]]:
        if self._by_stem is None:
            by_stem: dict[str, list[str]] = {}
            for word in self.speller.freq:
                by_stem.setdefault(self.stem(word), []).append(word)
            self._by_stem = by_stem
        return self._by_stem

    def inflection(self, low: str) -> bool:
        """Whether a word is another form of a word the catalogue holds."""
        return any(distance(low, known) <= INFLECTION
                   for known in self._stems().get(self.stem(low), ()))

    def _part(self, word: str, found: bool) -> str | None:
        """The correction of one word (or part of a hyphenated word), or None."""
        low = word.lower()
        if (len(low) < 3 or low in self.stop_words or self.speller.known(low)
                or (found and self.inflection(low))):
            return None
        fixed = self.speller.correct(word)
        return fixed if fixed and fixed.lower() != low else None

    def correct(self, text: str, words: Sequence[Word], found: bool = True) -> str | None:
        """The query with its unknown words corrected, or None when none is.

        `found`: the query as typed found documents (then inflections stay)."""
        replacements = []
        for word in words:
            low = word.text.lower()
            if (low in self.stop_words or _acronym(word.text) or self.synonyms.lookup((low,))
                    or self.taxonomy.query_tag((low,), "region")
                    or self.taxonomy.query_tag((low,), "theme")):
                continue
            parts = word.text.split("-")  # "e-mial": each part of a hyphenated word
            if not all(p.isalpha() for p in parts):
                continue
            fixed_parts = [self._part(p, found) for p in parts]
            fixed = "-".join(f or p for f, p in zip(fixed_parts, parts, strict=True))
            if any(fixed_parts) and fixed.lower() != low:
                replacements.append((word.span, fixed))
        if not replacements:
            return None
        out = text
        for (start, end), fixed in sorted(replacements, reverse=True):
            out = out[:start] + fixed + out[end:]
        return out
