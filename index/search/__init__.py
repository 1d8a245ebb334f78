"""Own the Whoosh search engine over the catalogue (derived from the store, rebuildable).

Entry points: `SearchService` (answers queries, keeps searchers open), `rebuild` and
`update` (build the index from the store), `reindex_document` (one document at once,
e.g. after a curator's tag change). Whoosh is imported only through `_whoosh`.
"""

from index.search.build import rebuild, reindex_document, update
from index.search.service import SearchService

__all__ = ["SearchService", "rebuild", "reindex_document", "update"]
