"""Own highlighted snippets: the best window of a summary with the query's words marked.

Whoosh's highlighter re-analyses every stored text with the full analyzer chain; this
does the same job for the 20 results of a page in well under a millisecond each, by
stemming words with the index's own stemmer (spelling key and stem, cached) and marking
those that match the query's analysed terms. Output is HTML: the text is escaped,
matches wrapped in <mark>.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from functools import lru_cache

from index.search.fields import STOP_WORDS, index_stem

WINDOW = 32  # words in a snippet
_TOKEN = re.compile(r"(\w+(?:\.\w+)*)")  # one group: re.split keeps the words
_SPACE = re.compile(r"\s+")


def _matches(word: str, terms: set[str], prefixes: tuple[str, ...]) -> bool:
    low = word.lower()
    return _stem(word) in terms or low in terms or (bool(prefixes) and low.startswith(prefixes))


@lru_cache(maxsize=100_000)
def _stem(word: str) -> str:
    low = word.lower()
    return low if low in STOP_WORDS else index_stem(low)


def highlight(text: str | None, terms: set[str], prefixes: Iterable[str] = (),
              window: int | None = WINDOW, seen: dict[str, bool] | None = None) -> str:
    """HTML of `text` (or its best window of words) with matching words in <mark>.

    `seen`: whether each word matches, shared by the texts of one answer (the same
    `terms` and `prefixes`): twenty summaries repeat most of their words."""
    if not text:
        return ""
    pre = tuple(sorted(prefixes))
    # [separator, word, separator, word, ..., separator]: words and what lies between,
    # without a match object per word (this runs for 40 texts a page).
    parts = _TOKEN.split(text)
    words = parts[1::2]
    if seen is None:
        seen = {}
    marked = set()
    for word in set(words):
        found = seen.get(word)
        if found is None:
            found = seen[word] = _matches(word, terms, pre)
        if found:
            marked.add(word)
    hits = [i for i, word in enumerate(words) if word in marked] if marked else []
    count = len(words)
    start_tok, end_tok = 0, count
    if window is not None and count > window:
        best, best_start = -1, 0
        j = 0
        for i, h in enumerate(hits):  # the window starting at each hit that holds most hits
            while j < len(hits) and hits[j] < h + window:
                j += 1
            if j - i > best:
                best, best_start = j - i, h
        start_tok = max(0, min(best_start - 3, count - window))
        end_tok = min(count, start_tok + window)
    out: list[str] = []
    run: list[str] = [] if start_tok else [parts[0]]  # the text before a first word
    marked_at = set(hits)
    for i in range(start_tok, end_tok):
        if i > start_tok:
            run.append(parts[2 * i])  # the separator before this word
        if i in marked_at:
            out.append(html.escape("".join(run)))
            out.append(f"<mark>{html.escape(words[i])}</mark>")
            run = []
        else:
            run.append(words[i])
    if end_tok == count and count:
        run.append(parts[-1])  # the text after the last word
    out.append(html.escape("".join(run)))
    body = _SPACE.sub(" ", "".join(out)).strip()
    return ("… " if start_tok else "") + body + (" …" if end_tok < count else "")
