"""Generated SharePoint ``/pub/<id>`` leaf pages for T-TUT/T-HDB publications.

Shape of the recorded ``T-SP-OB.1096-2016`` page without the site chrome: ``div.page-heading
h1``, ``div.breadcrumb``, ``div.col-22.content`` with ``td.title > strong`` (title),
``Year: …``, ``Persistent link: …``, and ``table.itemtable`` rows (``div.itemlang``, format
icon ``alt``, ``Free of charge``, ``DOWNLOAD`` link to ``/dms_pub/itu-t/opb/tut/…``).
"""

from __future__ import annotations

from html import escape

from tests.mirror.publications import Publication
from tests.mirror.synth import hval, rng

_ROW = (
    '<tr bgcolor="{bg}"><td width="410"><table width="400" cellspacing="0" cellpadding="1" '
    'border="0"><tr><td><div class="itemlang">{lang}</div><div class="itemdesc"><table '
    'border="0" cellpadding="0" cellspacing="0"><tr valign="middle"><td><img src="/en/'
    'publications/PublishingImages/{icon}" width="16" height="16" alt="{alt}" title="{alt}" />'
    "\n\t\t\t\t  &nbsp;\n\t\t\t\t</td></tr></table></div></td></tr></table></td>"
    '<td width="70" align="center" class="itemtabletd"> \n\t\t</td><td width="100" '
    'align="center" nowrap="nowrap" class="itemtabletd">Free of charge</td><td width="100" '
    'align="center" class="itemtabletd"><a href="{href}">DOWNLOAD</a></td></tr>'
)
_LANG = {"E": "ENGLISH", "F": "FRENCH", "S": "SPANISH", "A": "ARABIC", "C": "CHINESE",
         "R": "RUSSIAN"}


def pub_items(pub: Publication, seed: int) -> list[tuple[str, str]]:
    """(language code, format) items of a publication: English PDF, sometimes more."""
    r = rng(seed, "pub", pub.pub_id)
    items = [("E", "PDF")]
    if r.random() < 0.25:
        items.append(("E", "ZIP"))
    items += [(code, "PDF") for code in "FS" if r.random() < 0.2]
    return items


def pub_page(pub: Publication, seed: int) -> bytes:
    """The leaf page of one publication (UTF-8)."""
    title = escape(pub.title, quote=False)
    kind = "tut" if pub.pub_id.startswith("T-TUT") else "hdb"
    handle = f"{hval(seed, 'handle', pub.pub_id):08x}"
    rows = []
    last = None
    for n, (lang, fmt) in enumerate(pub_items(pub, seed)):
        icon, alt = ("zip.gif", "Zip format") if fmt == "ZIP" else ("document-pdf.png",
                                                                     "PDF format")
        href = f"/dms_pub/itu-t/opb/{kind}/{pub.pub_id}-{fmt}-{lang}.{fmt.lower()}"
        rows.append(_ROW.format(bg="#FFFFFF" if n % 2 == 0 else "#E5F5FC",
                                lang=_LANG[lang] if lang != last else " ", icon=icon, alt=alt,
                                href=href))
        last = lang
    page = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8" />\n<title>\n\t \n'
        f"    {title}\n\n</title>\n</head>\n<body>\n"
        '    <div class="row">\n\t    <div class="col-22 page-heading">\n    \t    <h1>\n'
        f"\t\t\t    {title}\n\t\t    </h1>\n        </div><!--/.col-22 page-heading-->\n"
        '    </div><!--/.row-->\n    <div class="row">\n    \t<div class="col-32 breadcrumb">\n'
        '    \t<div class="col-24 col-first">\n        \t<p>\n        \t\t<em><span>You are here'
        '</span></em>\n                <a href="/en">Homepage</a> > <a href="/en/publications">'
        'ITU Publications</a> > <a href="/en/publications/ITU-T">Standardization (ITU-T)</a> > '
        f"{title}\n        \t</p>\n        </div>\n        </div>\n    </div><!--/.row-->\n"
        '    <div class="row">\n        <div class="col-22 content">\n            <span></span>'
        '<table cellspacing="0" width="100%" border="0"><tbody><tr><td colspan="2" '
        f'class="title"><strong>{title}</strong><br />\n\t\tYear: {pub.year}<br />\n\t\t'
        f"Persistent link: http://handle.itu.int/11.1002/pub/{handle}-en<br /></td></tr>"
        '<tr><td colspan="2"><table class="itemtable"><tr class="itemtableth" align="center">'
        '<th width="410">ITEM DETAIL</th><th width="70">ARTICLE</th><th width="100">PRICE</th>'
        f'<th width="100" /></tr>{"".join(rows)}</table></td></tr></tbody></table>\n'
        "        </div><!--/.col-22-->\n    </div>\n</body>\n</html>\n"
    )
    return page.encode("utf-8")
