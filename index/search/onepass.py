"""Own analysing text in one pass to the very terms of Whoosh's stemming chain.

Whoosh's StemmingAnalyzer is a chain of generators (tokenizer, lower-case, stop words,
stemmer; then ShingleFilter, which copies every token, for the word-pair fields), each
passing one Token object along in Python: with title and summary analysed twice each, it
is the largest part of indexing a document. `OnePass` wraps such a chain, reads its
settings (the tokenizer's expression, the stop list and word lengths, the stemming
function) and yields the same terms from one loop. Any call the loop does not cover
(positions, character offsets, stop words kept, a chain of another shape) goes to the
wrapped chain itself, so the answer is always Whoosh's. tests/search/test_onepass.py
compares the two on real titles and summaries and on awkward text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from index.search._whoosh import analysis


class OnePass(analysis.Analyzer):
    """The terms of `chain` (RegexTokenizer | LowercaseFilter | StopFilter | StemFilter,
    optionally | ShingleFilter), computed in one loop."""

    def __init__(self, chain: Any) -> None:
        self.chain = chain
        items = list(getattr(chain, "items", ()))
        self._shingle: tuple[int, str] | None = None
        if items and isinstance(items[-1], analysis.ShingleFilter):
            self._shingle = (items[-1].size, items[-1].sep)
            items = items[:-1]
        shape = [type(i) for i in items]
        self._fast = shape == [analysis.RegexTokenizer, analysis.LowercaseFilter,
                               analysis.StopFilter, analysis.StemFilter] \
            and not items[0].gaps and (self._shingle is None or self._shingle[0] == 2)
        if self._fast:
            self._finditer = items[0].expression.finditer
            self._stops: frozenset[str] = frozenset(items[2].stops)
            self._min, self._max = items[2].min, items[2].max
            self._stem: Callable[[str], str] = items[3]._stem  # its cached stemmer
            self._ignore: frozenset[str] = items[3].ignore

    def terms(self, value: str) -> list[str]:
        """The terms of a text, in order, as the chain makes them."""
        out = []
        stops, low_size, high_size, stem = self._stops, self._min, self._max, self._stem
        ignore = self._ignore
        for match in self._finditer(value):
            word = match.group(0).lower()
            if len(word) >= low_size and (high_size is None or len(word) <= high_size) \
                    and word not in stops:
                out.append(word if word in ignore else stem(word))
        if self._shingle is None:
            return out
        sep = self._shingle[1]
        if len(out) < 2:  # ShingleFilter: fewer words than a pair give them as they are
            return [sep.join(out)] if out else []
        return [f"{a}{sep}{b}" for a, b in zip(out, out[1:], strict=False)]

    def __call__(self, value: str, positions: bool = False, chars: bool = False,
                 keeporiginal: bool = False, removestops: bool = True, start_pos: int = 0,
                 start_char: int = 0, tokenize: bool = True, mode: str = "",
                 **kwargs: Any) -> Iterator[Any]:
        if not self._fast or positions or chars or keeporiginal or not removestops \
                or start_pos or start_char or not tokenize or not isinstance(value, str):
            yield from self.chain(value, positions=positions, chars=chars,
                                  keeporiginal=keeporiginal, removestops=removestops,
                                  start_pos=start_pos, start_char=start_char,
                                  tokenize=tokenize, mode=mode, **kwargs)
            return
        token = analysis.Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for text in self.terms(value):
            token.text = text
            token.stopped = False
            token.boost = 1.0
            yield token

    def __eq__(self, other: object) -> bool:
        return isinstance(other, OnePass) and other.chain == self.chain

    def __hash__(self) -> int:
        return hash(OnePass)  # equal wrappers (equal chains) must hash alike

    def __getstate__(self) -> dict[str, Any]:
        return {"chain": self.chain}  # what the index's schema keeps; the rest is derived

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["chain"])  # type: ignore[misc]
