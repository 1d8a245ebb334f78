"""Own offline packs: any search, topic, region or curated collection as one ZIP file.

A pack holds a static HTML index and one page per document (the site's look and
stylesheet, in the reader's language, relative links only: it works from a USB stick with
no server), `catalogue.csv` and `catalogue.json` of the metadata, and links to ITU's
downloads with their sizes per language and format. Packs are reproducible: the same
catalogue gives the same bytes (entries sorted, every timestamp the catalogue date,
which the pack also states). `spec.py` reads what a pack holds, `build.py` makes it,
`views.py` serves it on the site (size shown before download), `itucat pack` on the
command line.
"""
