"""Own the translated labels of catalogue vocabulary: facets, types, statuses, tags, rules.

The search engine labels values in English (taxonomy.toml); the site shows them in the
reader's language. Topics (themes and ITU's sub-series), regions, knowledge kinds and series
are named by the multilingual glossary (index/vocabulary/glossary.toml, `label`); other
values by the msgids here, each marked with N_ so extraction finds it; a value without
either keeps the engine's label.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from flask_babel import gettext

from app.i18n import current_language
from index.search import label


def N_(text: str) -> str:  # noqa: N802 - the conventional gettext no-op marker
    """Mark a string for extraction; translated when shown."""
    return text


FACETS = {
    "type": N_("Type"), "topic": N_("Topic"), "region": N_("Region"),
    "study_group": N_("Study group"), "status": N_("Status"), "year": N_("Year"),
    "decade": N_("Decade"), "language": N_("Language"),
    "developing_countries": N_("Developing countries"), "kind": N_("Kind of knowledge"),
    "series": N_("Series"),
}
VALUES: dict[str, dict[str, str]] = {
    "type": {
        "Recommendation": N_("Recommendation"), "Supplement": N_("Supplement"),
        "Amendment": N_("Amendment"), "Corrigendum": N_("Corrigendum"),
        "Implementers' guide": N_("Implementers' guide"),
        "Technical Paper": N_("Technical Paper"), "Technical Report": N_("Technical Report"),
        "Handbook": N_("Handbook"), "Guideline": N_("Guideline"),
        "Best practice": N_("Best practice"), "Use case": N_("Use case"),
        "Unknown": N_("Unknown"),
    },
    "status": {
        "In force": N_("In force"), "Superseded": N_("Superseded"),
        "Withdrawn": N_("Withdrawn"), "Published": N_("Published"), "Unknown": N_("Unknown"),
    },
    "topic": {
        "ai-ml": N_("Artificial intelligence and machine learning"),
        "iot": N_("Internet of Things (IoT)"), "5g-imt2020": N_("5G / IMT-2020 and beyond"),
        "cybersecurity": N_("Cybersecurity, privacy and trust"),
        "climate-environment": N_("Climate change and environment"),
        "e-waste": N_("E-waste and circular economy"),
        "energy-efficiency": N_("Energy efficiency and green ICT"),
        "dfs": N_("Digital financial services"),
        "accessibility": N_("Accessibility and persons with disabilities"),
        "qos-qoe": N_("Quality of service and quality of experience"),
        "emergency": N_("Emergency telecommunications and disaster relief"),
        "numbering-tariffs": N_("Numbering, tariffs and charging"),
        "broadband-access": N_("Broadband access"), "e-health": N_("E-health"),
        "smart-cities": N_("Smart sustainable cities and communities"),
        "quantum": N_("Quantum information technology"),
    },
    "region": {
        "africa": N_("Africa"), "americas": N_("Americas"), "arab-states": N_("Arab States"),
        "asia-pacific": N_("Asia-Pacific"), "cis": N_("CIS"), "europe": N_("Europe"),
        "global": N_("Global"),
    },
    "kind": {
        "guideline": N_("Guideline"), "best-practice": N_("Best practice"),
        "use-case": N_("Use case"), "success-story": N_("Success story"),
        "overview": N_("Overview / vocabulary"), "tutorial": N_("Tutorial / technical paper"),
    },
    "language": {
        "Arabic": N_("Arabic"), "Chinese": N_("Chinese"), "English": N_("English"),
        "French": N_("French"), "Russian": N_("Russian"), "Spanish": N_("Spanish"),
    },
    "developing_countries": {"yes": N_("Relevant"), "confirmed": N_("Confirmed by curators"),
                             "suggested": N_("Suggested"), "no": N_("Not marked relevant")},
    "rule": {
        "names-developing-countries":
            N_("Names developing countries or least developed countries"),
        "rural-low-cost-access":
            N_("Rural, remote, low-cost or affordable access; the digital divide"),
        "capacity-building": N_("Capacity building, skills and technical assistance"),
        "economic-tariff": N_("Economic, tariff and charging questions"),
        "regional-groups": N_("Regional groups and regional Recommendations"),
        "developing-region": N_("Names a country or region of Africa, the Americas, the Arab "
                                "States, Asia-Pacific or the CIS"),
        "places": N_("Names a country, city, regional body or regional word"),
    },
    "field": {"title": N_("title"), "summary": N_("summary"), "number": N_("number"),
              "type": N_("type")},
    "process": {"AAP": N_("Alternative approval process (AAP)"),
                "TAP": N_("Traditional approval process (TAP)"),
                "WTSA": N_("Approved by the Assembly (WTSA)"), "Agreed": N_("Agreed")},
    "kind_of_edition": {
        "edition": N_("Edition"), "amendment": N_("Amendment"),
        "corrigendum": N_("Corrigendum"), "erratum": N_("Erratum"), "annex": N_("Annex"),
        "appendix": N_("Appendix"), "addendum": N_("Addendum"),
        "implementers_guide": N_("Implementers' guide"),
    },
}
_SG = re.compile(r"SG0*(\d+)$")
GLOSSARY_FACETS = frozenset({"topic", "region", "kind", "series"})


def facet_label(name: str) -> str:
    """A facet's name in the reader's language."""
    return gettext(FACETS[name]) if name in FACETS else name


def labeller(language: str) -> Callable[[str, str, str | None], str]:
    """`value_label` for one language, remembered: a results page labels hundreds of
    facet values, each a gettext look-up through the request context otherwise."""
    known = _LABELS.setdefault(language, {})

    def label(facet: str, value: str, fallback: str | None = None) -> str:
        key = (facet, value, fallback)
        text = known.get(key)
        if text is None:
            text = value_label(facet, value, fallback)
            if len(known) < 20_000:
                known[key] = text
        return text
    return label


_LABELS: dict[str, dict[tuple[str, str, str | None], str]] = {}


def value_label(facet: str, value: str, fallback: str | None = None) -> str:
    """A facet value's label in the reader's language (ITU's own titles stay as they are)."""
    if facet == "study_group":
        match = _SG.match(value or "")
        if match:
            return gettext("Study Group %(number)s", number=match.group(1))
    if facet == "year" or facet == "decade":
        return value
    if facet in GLOSSARY_FACETS and value:
        named = label(value if facet == "topic" and "." in value else f"{facet}:{value}",
                      current_language())
        if named:
            return named
    msgid = VALUES.get(facet, {}).get(value)
    return gettext(msgid) if msgid else (fallback or value)


# Evidence the rules give without a rule of the taxonomy (index/tags/rules.py).
OTHER_RULES = {"subseries": N_("ITU-T sub-series")}


def rule_label(rule: str, fallback: str | None = None) -> str:
    """The name of the rule behind a piece of evidence: a developing-country rule, or the
    topic, region or kind whose own rule it is (the taxonomy names them by the tag's id)."""
    if rule in OTHER_RULES:
        return gettext(OTHER_RULES[rule])
    for facet in ("rule", "topic", "region", "kind"):
        if rule in VALUES[facet]:
            return value_label(facet, rule, fallback)
    return fallback or rule
