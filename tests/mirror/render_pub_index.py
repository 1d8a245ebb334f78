"""Generated SharePoint index pages ``/pub/T-TUT/en`` and ``/pub/T-HDB/en``.

Shape of the recorded ITU-R ``R-HDB/en`` index page (same SharePoint template), minus most of
the site chrome: ``div.page-heading h1``, ``div.breadcrumb``, and a ``div.col-22.content``
holding the rich-text introduction and then the web part's XSLT table: per group a row
``<td valign="top"><strong>SG15</strong></td><td>group name</td>`` followed by a row with a
``<ul>`` of ``<li><a class="producttitle" href="&#xA;&#x9;…publications.aspx?lang=en&amp;
parent=<id>">title</a>`` items (some with ``<br /><span class="observation">…</span>``).
"""

from __future__ import annotations

from html import escape
from itertools import groupby

from tests.mirror.publications import GENERAL_GROUP, Publication
from tests.mirror.synth import hval

TITLES = {"T-TUT": "Technical Papers and Technical Reports", "T-HDB": "Handbooks"}
_INTRO = {
    "T-TUT": "ITU-T Technical Papers and Technical Reports are informative texts agreed by "
    "ITU-T study groups: tutorials, use cases and best practices that complement the ITU-T "
    "Recommendations.",
    "T-HDB": "ITU-T Handbooks provide a statement of current knowledge and good practice on "
    "the planning, installation and operation of telecommunication networks.",
}
GROUP_NAMES = {
    GENERAL_GROUP: "General",
    "SG02": "Operational aspects of service provision and telecommunication management",
    "SG03": "Economic and policy issues",
    "SG05": "Environment, EMF and circular economy",
    "SG11": "Protocols, testing specifications and combating counterfeiting",
    "SG12": "Performance, quality of service and quality of experience",
    "SG13": "Future networks and emerging network technologies",
    "SG15": "Networks, technologies and infrastructures for transport, access and home",
    "SG17": "Security",
    "SG20": "Internet of things, digital twins, smart sustainable cities and communities",
    "SG21": "Technologies for multimedia, content delivery and cable television",
}
_HREF = "&#xA;&#x9;&#x9;&#x9;    &#x9;&#x9;publications.aspx?lang=en&amp;parent={}"
_KIND = {"T-TUT": "Technical Paper", "T-HDB": "Handbook"}


def group_name(group: str) -> str:
    """The heading's second cell: the study group's name (``Study Group 9`` if unknown)."""
    return GROUP_NAMES.get(group) or f"Study Group {int(group[2:] or 0)}"


def _item(pub: Publication, index_id: str, seed: int) -> str:
    link = (f'<li><a class="producttitle" href="{_HREF.format(pub.pub_id)}">'
            f"{escape(pub.title, quote=False)}</a>")
    if hval(seed, "observation", pub.pub_id) % 4:
        return link + "</li>"
    by = "ITU-T" if pub.group in (None, GENERAL_GROUP) else f"ITU-T {pub.group}"
    note = f"This {_KIND[index_id]} ({pub.year}) was prepared by {by}."
    return f'{link}<br /><span class="observation">{note}</span><br /><br /></li>'


def index_page(index_id: str, pubs: list[Publication], seed: int) -> bytes:
    """The index page listing ``pubs`` (already in page order) under their groups (UTF-8)."""
    title = TITLES[index_id]
    rows = []
    for group, members in groupby(pubs, key=lambda p: p.group or GENERAL_GROUP):
        items = "".join(_item(p, index_id, seed) for p in members)
        rows.append(f'<tr><td valign="top"><strong>{group}</strong></td><td>'
                    f"{escape(group_name(group), quote=False)}</td></tr>"
                    f'<tr><td colspan="2"><ul>{items}</ul></td></tr>')
    page = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8" />\n<title>\n\t \n'
        f"    {title}\n\n</title>\n</head>\n<body>\n"
        '    <div id="pagetitle" class="row">\n\t<div class="col-22 page-heading">\n    \t<h1>\n'
        f"\t\t\t{title}\n\t\t</h1>\n    </div><!--/.col-22 page-heading-->\n"
        '    </div><!--/.row-->\n    <div id="breadcrumb" class="row">\n'
        '    \t<div class="col-32 breadcrumb">\n    \t<div class="col-24 col-first">\n'
        "        \t<p>\n        \t\t<em>You are here</em> \n"
        '                <a href="/en">Homepage</a> &gt; <a href="/en/publications">'
        'ITU Publications</a> &gt; <a href="/en/publications/ITU-T">Standardization (ITU-T)'
        f"</a> &gt; {title}\n        \t</p>\n        </div>\n        </div>\n"
        '    </div><!--/.row-->\n    <div class="row">\n        <div class="col-22 content">\n'
        '        \t<div>\n\t\t\t\t<div class="ms-rtestate-field" style="display:inline">'
        '<div class="ms-rteFontSize-2"><table width="100%"><tbody><tr><td>'
        f'<div style="display:inline">{_INTRO[index_id]}</div></td></tr>\n'
        "<tr><td></td></tr></tbody></table></div>\n</div>\n            </div><!--/.content--> \n"
        '            <div>\n\t\t\t\t<div class="AspNet-WebPartZone-Vertical">\n'
        '\t\t\t<div class="AspNet-WebPart">\n\t\t\t\t<div id="ctl00_SPWebPartManager1_g_1">\n'
        '\t\t\t\t\t<span></span><?xml version="1.0" encoding="utf-8"?><table cellspacing="0" '
        'width="100%" border="0"><tbody><tr><td><table border="0" width="100%">'
        f'{"".join(rows)}</table></td></tr></tbody></table>\n\t\t\t\t</div>\n\t\t\t</div>\n'
        "\t\t\t</div>\n            </div>\n        </div><!--/.col-22-->\n    </div>\n"
        "</body>\n</html>\n"
    )
    return page.encode("utf-8")
