"""Own the demand metrics' domain: the facts recorded, query wording, the figures read back.

Privacy first: an event holds aggregate facts only (normalised words, UI language,
filters, counts, a document number, ITU's language and format of a download): never an
address, a user agent or a cookie id. `records` defines the events, `wording` normalises
and groups queries, `recorder` hands events to the store off the request thread, and
`figures` computes the dashboard's and the annual report's numbers. The store keeps them
(index/store/metrics.py).
"""
