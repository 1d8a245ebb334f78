"""Old-style pages: ``/rec/<edition-id>`` (XSLT, iso-8859-1) and dms summary fragments.

The edition page copies the recorded ``T-REC-G.Imp712-200004-I`` shape: ``<title>num : title``,
breadcrumb ``./recommendation.asp?lang=en&amp;parent=…`` links, ``Recommendation X (MM/YY)``,
``Approved in YYYY-MM-DD``, ``Status :  In force``, and the "Available languages and formats"
table (one row per language+format, language name only on a language's first row, link
``dologin_pub.asp?lang=e&amp;id=…!!PDF-E&amp;type=items``, ``NNNN bytes``, posted date).
Summary fragments follow the recorded Word-filtered HTML (windows-1252).
"""

from __future__ import annotations

from html import escape

from tests.mirror.catalogue import Edition
from tests.mirror.names import item_id, parse_edition_id
from tests.mirror.synth import Format

_X = 'xmlns:msxsl="urn:schemas-microsoft-com:xslt" xmlns:user="http://mycompany.com/mynamespace"'
_KIND = {
    "MSW": ("msw8.gif", "Word Document", " Word "),
    "PDF": ("pdf.gif", "PDF Document", " PDF (acrobat) "),
    "EPB": ("epub.gif", "ePUB Document", " ePUB "),
}
_SEP = (
    '<tr style="height: 1pt;">\r\n<td align="right" style="height: 1pt;"></td>\r\n'
    '<td align="right" bgColor="black" style="height: 1pt;" colspan="6"></td>\r\n</tr>\r\n'
)
_CELL = '<td align="{}" bgColor="#FFFFCC" width="{}"><strong><font size="1" color="#000080">'


def short_name(ed: Edition) -> str:
    """``G.Imp712 (04/00)``: the rec_name with a two-digit year in its final date."""
    name = ed.rec_name
    if name.endswith(")") and name[-8:-5].endswith("/"):
        return f"{name[:-5]}{name[-3:]}"
    return name


def _format_rows(ed: Edition, edition_id: str) -> str:
    out: list[str] = []
    last_lang = None
    for fmt in ed.formats:
        if fmt.lang != last_lang and last_lang is not None:
            out.append(_SEP)
        out.append(_format_row(fmt, edition_id, fmt.lang != last_lang))
        last_lang = fmt.lang
    out.append(_SEP)
    return "".join(out)


def _format_row(fmt: Format, edition_id: str, first: bool) -> str:
    icon, alt, label = _KIND[fmt.kind]
    item = item_id(edition_id, fmt.kind, fmt.lang)
    query = f"lang={fmt.lang.lower()}&amp;id={item}&amp;type=items"
    href = f"https://www.itu.int/rec/dologin_pub.asp?{query}"
    language = f"{fmt.language} " if first else " "
    return (
        "<tr>\r\n"
        f'<td align="middle" vAlign="middle"><strong><font size="1" color="#000000">{language}'
        "</font></strong></td>\r\n"
        f'<td bgColor="#FFFF80" width="130">\r\n<p><a href="{href}"><img border="0" '
        f'src="/res/templates/dms/images/{icon}" align="middle" width="16" height="16" '
        f'alt="{alt}"><strong><font size="1">{label}</font></strong></a></p>\r\n</td>\r\n'
        f"{_CELL.format('right', 100)}{fmt.size} bytes </font></strong></td>\r\n"
        f"{_CELL.format('center', 70)}{fmt.posted}</font></strong></td>\r\n"
        f"{_CELL.format('center', 70)}N/A  </font></strong></td>\r\n</tr>\r\n"
    )


def edition_page(ed: Edition, edition_id: str) -> bytes:
    """The ``/rec/<edition-id>`` page, encoded iso-8859-1 (other characters as ``&#N;``)."""
    parsed = parse_edition_id(edition_id)
    base = parsed.base if parsed else f"T-REC-{ed.family}"
    num = base[6:]
    letter = num[:1]
    title = escape(ed.title or "", quote=False)
    short = escape(short_name(ed), quote=False)
    crumbs = "".join(
        f'\t\t: <a href="./recommendation.asp?lang=en&amp;parent={target}" {_X}>{label}</a>\r\n'
        for target, label in (("T-REC", "Recommendations"), (f"T-REC-{letter}",
                              f"{letter} Series"), (base, num))
    )
    page = (
        '<html>\r\n<head>\r\n<META http-equiv="Content-Type" content="text/html; '
        'charset=iso-8859-1">\r\n<meta http-equiv="Content-Language" content="en">\r\n'
        f'<meta name="keywords" content="{num},{num.replace(".", "")},ITU-T Recommendations,'
        'ITU-T,recommendation,ITU">\r\n<link href="/net/res/templates/v1.0/css/itu_new.css" '
        f'rel="stylesheet" type="text/css">\r\n<title>{num} : {title}</title>\r\n</head>\r\n'
        '<body bgcolor="#FFFFFF" text="#000000" style="margin: 0px"><div><a name="top"></a>'
        '<table border="0" cellpadding="0" cellspacing="0" width="100%">\r\n<tr>\r\n'
        f'<td colspan="2"> </td>\r\n<td style="font-size: 9pt;" valign="middle"><a href="'
        f'/index.html" {_X}>Home</a>\r\n\t\t: <a href="/ITU-T/index.html" {_X}>ITU-T</a> \r\n'
        f"{crumbs}\t\t: {short}</td>\r\n</tr>\r\n"
        '<tr valign="top"><td colspan="5" style="width: 100%; padding: 3pt; font-family: '
        'verdana; font-size: 10pt; font-weight: bold; color: #004B96; "><strong>'
        f"{num} : {title}</strong></td>\r\n</tr>\r\n<tr valign=\"top\">\r\n"
        '<td colspan="5" style="height: 350pt; width: 100%; padding: 10pt 5pt 5pt 5pt;">\r\n'
        f'<table border="0" width="100%" {_X}>\r\n<tr><td width="40%">\r\n<table border="0">\r\n'
        f'<tr>\r\n<td style="font-size: 9pt;">\r\n<p><strong>Recommendation {short}</strong>'
        '</p>\r\n</td>\r\n</tr>\r\n<tr>\r\n<td style="font-size: 9pt;">\r\n'
        f"<p>Approved in {ed.approval_date}</p>\r\n</td>\r\n</tr>\r\n<tr>\r\n"
        f'<td style="font-size: 9pt;"><p>Status :  {ed.status} </p>\r\n</td>\r\n</tr>\r\n'
        "</table>\r\n</td>\r\n</tr>\r\n<tr>\r\n<td>\r\n<table>\r\n"
        '<tr style="font-size: 9pt;">\r\n<td width="18%" style="font-size: 9pt;" nowrap>'
        '<p>Access : </p>\r\n</td>\r\n<td style="font-size: 9pt;" nowrap>\r\n'
        "<p>Free Download </p>\r\n</td>\r\n</tr>\r\n</table>\r\n</td>\r\n</tr>\r\n</table>\r\n"
        f'<hr {_X}>\r\n<table border="0" width="100%" {_X}>\r\n<tr>\r\n<td>\r\n'
        "<p><strong>Available languages and formats :</strong></p>\r\n</td>\r\n</tr>\r\n"
        '<tr>\r\n<td>\r\n<table border="0">\r\n<tr>\r\n<td vAlign="top"></td>\r\n'
        + "".join(
            f'<td vAlign="top" width="{w}"><strong><font size="1" color="#000000">{h} '
            "</font></strong></td>\r\n"
            for w, h in ((130, "Format"), (100, "Size"), (40, "Posted"), (80, "Article Number"))
        )
        + f"</tr>\r\n{_SEP}{_format_rows(ed, edition_id)}</table>\r\n</td>\r\n</tr>\r\n"
        f"</table>\r\n<hr {_X}>\r\n</td>\r\n</tr>\r\n</table>\r\n</div>\r\n</body>\r\n</html>\r\n"
    )
    return page.encode("iso-8859-1", "xmlcharrefreplace")


def summary_fragment(ed: Edition) -> bytes:
    """``…!!SUM-HTM-E.htm``: the edition's abstract in ITU's Word-filtered HTML (cp1252)."""
    paras = "".join(
        f"  <p class=MsoNormal>{escape(line.strip(), quote=False)}</p>\r\n"
        for line in (ed.summary or "").split("\n")  # not splitlines(): 0x1E is text
        if line.strip()
    )
    title = escape(f"{ed.rec_name} {ed.title or ''}".strip(), quote=False)
    page = (
        "<html>\r\n\r\n<head>\r\n<meta http-equiv=Content-Type content=\"text/html; "
        'charset=windows-1252">\r\n<meta name=Generator content="Microsoft Word 15 (filtered)">'
        f"\r\n<title>Summary - ITU-T Rec. {title} </title>\r\n</head>\r\n\r\n<body lang=EN-GB>"
        "\r\n\r\n<div class=WordSection1>\r\n\r\n<table class=MsoNormalTable border=0 "
        "cellspacing=0 cellpadding=0 width=\"100%\"\r\n style='border-collapse:collapse'>\r\n"
        " <tr>\r\n  <td width=\"100%\" valign=top style='width:100.0%;padding:0cm 5.4pt 0cm "
        "5.4pt'>\r\n  <h3 style='margin-left:0cm;text-indent:0cm'><a name=isume>Summary</a>"
        f"</h3>\r\n{paras}  </td>\r\n </tr>\r\n</table>\r\n\r\n<p class=MsoNormal>&nbsp;</p>"
        "\r\n\r\n</div>\r\n\r\n</body>\r\n\r\n</html>\r\n"
    )
    return page.encode("cp1252", "xmlcharrefreplace")
