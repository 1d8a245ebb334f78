"""Pure parsers: `(bytes, url) -> records`, one module per page kind, no network."""
