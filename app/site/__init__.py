"""Own the reader's HTML pages: search (home, results), documents, browse, status."""
