"""Own the helpers every template can use: asset URLs, labels, links, the catalogue."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from flask import Flask, current_app, has_request_context, request, url_for

from app.assets import asset_url
from app.catalogue import Catalogue
from app.fragments import for_answer, remembered
from app.hit_parts import hit_parts
from app.labels import facet_label, rule_label, value_label
from app.messages import say_notice
from app.ordering import distinct_evidence


def catalogue() -> Catalogue:
    """The app's catalogue."""
    return current_app.extensions["itucat_catalogue"]


_DOC_URLS: dict[tuple[str, str], str] = {}  # (script root, number) -> url_for's answer
_DOC_URLS_MAX = 100_000  # every number of the catalogue in six languages, with room


def doc_url(number: str, **kwargs: Any) -> str:
    """The page of a document (numbers may hold "/" and spaces).

    url_for's answer is remembered per script root (the language prefix) and number: a
    page links hundreds of documents (a series' supplements, twenty hits and what replaced
    them), and a routing build costs ten times the look-up. Nothing else enters the build
    (no url_defaults, no SERVER_NAME), so the remembered text is the one url_for gives.
    """
    if kwargs or not has_request_context():
        return url_for("documents.show", number=number, **kwargs)
    key = (request.script_root, number)
    url = _DOC_URLS.get(key)
    if url is None:
        url = url_for("documents.show", number=number)
        if len(_DOC_URLS) < _DOC_URLS_MAX:
            _DOC_URLS[key] = url
    return url


def public_base() -> str:
    """The site's public address without a trailing slash (feeds, sitemap, OpenSearch)."""
    configured = current_app.config["ITUCAT_APP"].base_url.rstrip("/")
    return configured or request.host_url.rstrip("/")


def absolute(path: str) -> str:
    """An absolute URL for a site path."""
    return public_base() + path if path.startswith("/") else path


def init_templating(app: Flask) -> None:
    """Register template globals and filters."""
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.globals.update(
        asset_url=asset_url, facet_label=facet_label, value_label=value_label,
        rule_label=rule_label,
        doc_url=doc_url, absolute=absolute, say_notice=say_notice, hit_parts=hit_parts,
        remembered=remembered, for_answer=for_answer,
    )
    app.jinja_env.filters["distinct_evidence"] = distinct_evidence
    app.jinja_env.filters["urlpart"] = lambda text: quote(str(text), safe="")
    app.jinja_env.tests["is_theme"] = lambda tag_id: "." not in str(tag_id)
