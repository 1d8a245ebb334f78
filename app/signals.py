"""Own the site's signals: where other parts of the site hook in without changing a view.

`search_answered` is sent once per reader's search, after the answer is made (the search
page, its browse pages and GET /api/v1/search; not the feeds or exports, which page
through a search), with `request` (app.params.SearchRequest: the words and filters as
asked), `answer` (index.search.SearchAnswer: the query searched, the filter words, the
total) and `language` (the page's). Receivers must not modify the answer (it is shared
with the search cache) and must not raise. Connect with
`search_answered.connect(receiver, app)` (blinker, which Flask uses for its own signals).
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()
search_answered = _signals.signal("search-answered")
