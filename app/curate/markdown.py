"""Own rendering curator notes: Markdown to HTML, then sanitised with nh3 (an allow-list).

Whatever a note contains, no script, style, event handler, frame, form or javascript:/data:
URL survives: only the tags and attributes below are kept, links get rel="nofollow
noopener noreferrer", and only http, https and mailto URLs (or relative ones) remain.
"""

from __future__ import annotations

import re

import markdown
import nh3
from markupsafe import Markup

TAGS = {"p", "br", "hr", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a",
        "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "del", "sup",
        "sub", "abbr"}
ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"},
              "ol": {"start"}}
SCHEMES = {"http", "https", "mailto"}
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_TABS = re.compile(r"[\t\n\r]")  # the URL standard removes these anywhere in a URL


def _safe_url(tag: str, attribute: str, value: str) -> str | None:
    """A link target as a browser reads it; None (dropped) unless http, https or mailto.

    nh3 takes "java<TAB>script:" for a relative URL; a browser removes the tab and runs
    it. So the URL is judged (and kept) as a browser parses it: tabs and newlines removed,
    leading and trailing controls and spaces trimmed.
    """
    if attribute != "href":
        return value
    url = _TABS.sub("", value).strip("".join(map(chr, range(0x21))))
    scheme = _SCHEME.match(url)
    if scheme and scheme.group(1).lower() not in SCHEMES:
        return None
    return url


def sanitise(html: str) -> str:
    """Keep only the allowed tags, attributes and URL schemes."""
    return nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=SCHEMES,
                     link_rel="nofollow noopener noreferrer", strip_comments=True,
                     attribute_filter=_safe_url)


def render(text: str) -> Markup:
    """A note's Markdown as safe HTML (headings start at level 3 inside a page)."""
    html = markdown.markdown(text or "", extensions=["fenced_code", "tables", "sane_lists"],
                             output_format="html")
    for level in (2, 1):  # "# Title" becomes a level-3 heading, below the page's own
        html = html.replace(f"<h{level}>", f"<h{level + 2}>").replace(
            f"</h{level}>", f"</h{level + 2}>")
    return Markup(sanitise(html))
