"""Own did-you-mean: correct unknown query words from the index's own vocabulary.

The vocabulary is the unstemmed words of titles and summaries with their document
frequencies (kept beside the index: vocabulary.py). Candidates come from a one-deletion
index (SymSpell-style): a word and a candidate meet when they share a form with at most
one letter deleted from each, which covers one insertion, deletion, substitution or
transposition, and some two-edit slips. In a large catalogue, words seen in a single
document are left out as suggestions: they are mostly typos.
"""

from __future__ import annotations

from collections.abc import Iterable

MIN_WORD = 3
MIN_DOC_FREQ = 2
_PREFIX = 10  # longer words are matched on their first letters (bounds the index size)


def _deletes(word: str) -> set[str]:
    w = word[:_PREFIX]
    return {w} | {w[:i] + w[i + 1:] for i in range(len(w))}


def distance(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (optimal string alignment)."""
    if a == b:
        return 0
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


class Speller:
    """Suggest the likeliest known word for an unknown one."""

    def __init__(self, words: Iterable[tuple[str, int]], min_doc_freq: int = MIN_DOC_FREQ) -> None:
        self.freq: dict[str, int] = {}
        self._index: dict[str, list[str]] = {}
        for word, df in words:
            if len(word) < MIN_WORD:
                continue
            self.freq[word] = df
            if df < min_doc_freq:
                continue
            for form in _deletes(word):
                self._index.setdefault(form, []).append(word)

    def known(self, word: str) -> bool:
        """True when the word occurs in the catalogue."""
        return word.lower() in self.freq

    def correct(self, word: str) -> str | None:
        """The best correction of an unknown word, or None."""
        low = word.lower()
        if len(low) < MIN_WORD or low in self.freq or not low.isalpha():
            return None
        candidates: set[str] = set()
        for form in _deletes(low):
            candidates.update(self._index.get(form, ()))
        scored = [(distance(low, c), -self.freq[c], c) for c in candidates]
        scored = [s for s in scored if s[0] <= 2]
        if not scored:
            return None
        best = min(scored)[2]
        return best if word.islower() else (best.capitalize() if word[:1].isupper() else best)
