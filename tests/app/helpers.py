"""Helpers of the site tests: parse pages, find links."""

from __future__ import annotations

from bs4 import BeautifulSoup


def soup(response) -> BeautifulSoup:
    """The HTML of a response, parsed (the response must be a 200 page)."""
    assert response.status_code == 200, response.data[:500]
    return BeautifulSoup(response.get_data(as_text=True), "lxml")


def result_numbers(page: BeautifulSoup) -> list[str]:
    """The document numbers of a results page, in order."""
    return [n.get_text() for n in page.select("ol.hits .num")]


def facet_link(page: BeautifulSoup, facet_heading: str, label_start: str) -> str:
    """The href of a facet value link, found by facet heading and label."""
    for section in page.select("aside.facets section"):
        if section.h3.get_text(strip=True) == facet_heading:
            for a in section.select("a"):
                if a.get_text(" ", strip=True).startswith(label_start):
                    return a["href"]
    raise AssertionError(f"no facet link {facet_heading} / {label_start}")
