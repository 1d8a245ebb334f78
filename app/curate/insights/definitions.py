"""Own the words of every demand figure: its label and its definition, in six languages.

The dashboard, its CSV and JSON twins and the annual report (`itucat report`) all say a
figure through this one table, so that a figure always comes with its definition.
"""

from __future__ import annotations

from app.curate.i18n import _c


def definitions(low: int) -> dict[str, tuple[str, str]]:
    """figure id -> (label, definition), in the current language."""
    return {
        "searches": (_c("Searches"), _c(
            "Searches made on the search page (the first page of results of each search; "
            "the JSON API is not counted).")),
        "browses": (_c("Browse pages opened"), _c(
            "Topic, region, study group and type pages opened (first page).")),
        "zero_searches": (_c("Searches with no result"), _c(
            "Searches with words that found no document.")),
        "low_searches": (_c("Searches with few results"), _c(
            "Searches with words that found at least one and at most %(low)s documents.",
            low=low)),
        "opened_searches": (_c("Searches with a result opened"), _c(
            "Searches after which a result was opened from the results page within 30 "
            "minutes.")),
        "views": (_c("Document pages seen"), _c(
            "Document pages shown to readers (JSON twins not counted).")),
        "downloads": (_c("Download clicks"), _c(
            "Clicks on a download link, counted on the way to ITU's file.")),
        "packs": (_c("Offline packs downloaded"), _c(
            "Offline packs (ZIP) downloaded from the site.")),
        "coverage": (_c("Share of current documents reviewed"), _c(
            "Documents in force with a curator's decision on developing-country relevance, "
            "out of all documents in force.")),
        "documents_current": (_c("Documents in force"), _c(
            "Documents the catalogue shows by default: in force or published.")),
        "documents_relevant": (_c("Documents in force relevant to developing countries"), _c(
            "Documents in force marked relevant to developing countries, by the rules or by "
            "a curator.")),
        "texts_approved": (_c("Texts approved in the year"), _c(
            "Documents of any status whose current edition was approved in the year.")),
        "editions_approved": (_c("Editions approved in the year"), _c(
            "Editions, amendments and corrigenda with an approval date in the year.")),
        "curator_decisions": (_c("Curator decisions"), _c(
            "Tag decisions recorded by curators in the period (audit log).")),
        "collections": (_c("Curated collections"), _c(
            "Reading lists curators have assembled (at the time of the report).")),
        "collections_made": (_c("Collections made in the year"), _c(
            "Curated collections made in the year.")),
    }


def sections() -> dict[str, str]:
    """Headings of the breakdowns, in the current language."""
    return {
        "searches_by_lang": _c("Searches by interface language"),
        "searches_by_region": _c("Searches and browse pages by region of interest"),
        "searches_by_topic": _c("Searches and browse pages by topic"),
        "needs": _c("Unmet needs: queries that found nothing or little"),
        "views_by_lang": _c("Document pages by interface language"),
        "views_by_via": _c("Document pages by where they were opened from"),
        "top_documents": _c("Most-opened documents"),
        "top_by_topic": _c("Most-opened documents per topic"),
        "top_by_region": _c("Most-opened documents per region"),
        "downloads_by_file": _c("Downloads by language and format"),
        "downloads_by_lang": _c("Downloads by interface language"),
        "coverage_topics": _c("Reviewed for developing-country relevance, per topic"),
        "coverage_groups": _c("Reviewed for developing-country relevance, per study group"),
        "weeks": _c("Trends by week"),
    }


def via_label(via: str) -> str:
    """Where a page was opened from, in words."""
    return {"search": _c("a search"), "browse": _c("a browse page"),
            "collection": _c("a collection"), "other": _c("elsewhere")}.get(via, via)
