"""The tab panels of a generated rec.aspx page: editions, supplements, technical papers.

Markup follows the recorded 2025/2026 pages (ids ``…rpt_history_ctlNN_{Label8, lbl_title,
lbl_status, lbl_dms, Label3, Label4}``, ``…rpt_sup_ctlNN_…``, ``…rpt_other_pubs_ctlNN_…``),
including ITU's raw ``&`` in ``./rec.aspx?rec=N&lang=en`` links.
"""

from __future__ import annotations

from html import escape

from tests.mirror.catalogue import Edition
from tests.mirror.publications import Publication
from tests.mirror.render_api import fragment_links

P = "ctl00_content_main_TabContainer1"
TD_HEAD = 'style="font-weight: bold; text-align:{al}; height: 35px; border-bottom: solid 1px black"'
_POPUP = (
    '<div title="Click here to see the {what}" \n\t\t\t\t\tstyle="text-decoration: underline;"'
    "\n\t\t\t\t\tonMouseOver=\"this.style.cursor='pointer';\" \n\t\t\t\t\t"
    "onMouseOut=\"this.style.cursor='';\" \n\t\t\t\t\tonclick=\"this.style.color='purple'; "
    "var newWin = window.open('{url}', '{win}','width=500,height=400,toolbar=yes,location=no,"
    "directories=no, status=yes, scrollbars=yes, resizable=yes, copyhistory=no'); "
    'newWin.focus(); return false;">\n\t\t\t\t\t<font color="{color}">here</font></div>'
)


def attr(text: str | None) -> str:
    """Escape for an attribute value."""
    return escape(text or "", quote=True)


def text(value: str | None) -> str:
    """Escape for a text node."""
    return escape(value or "", quote=False)


def popup(url: str, kind: str, color: str) -> str:
    """The summary/ToC ``div onclick="window.open(…)"`` cell, or ``-``."""
    if url == "-":
        return "-"
    what, win = ("summary", "Summary") if kind == "SUM" else ("table of contents", "ToC")
    return _POPUP.format(what=what, url=url, win=win, color=color)


def header(tabs: list[tuple[str, str]]) -> str:
    """``div.ajax__tab_header`` with one ``a.ajax__tab_tab > span`` per (key, label)."""
    spans = "".join(
        f'<span id="{P}_{key}_tab" class="ajax__tab"><span class="ajax__tab_outer">'
        f'<span class="ajax__tab_inner"><a class="ajax__tab_tab" id="__tab_{P}_{key}" href="#" '
        f'style="text-decoration:none;"><span>{label}</span></a></span></span></span>'
        for key, label in tabs
    )
    opening = f'\t\t\t\t<div id="{P}_header" class="ajax__tab_header">'
    return f"{opening}\n\t\t\t\t\t{spans}\n\t\t\t\t</div>"


def editions_panel(current: Edition, editions: list[Edition]) -> str:
    """The Editions tab: header row plus one 6-span row per edition (viewed one highlighted)."""
    pre = f"{P}_tab_edition_uc_rec_details1_rpt_history"
    heads = [("left", "Edition number", "Ed."), ("left", "Recommendation name",
             "ITU-T Recommendation"), ("center", "Recommendation status", "Status"),
             ("center", "See summary", "Summary"), ("center", "See table of contents",
             "Table of Contents"), ("center", "Download Recommendation", "Download")]
    out = [f'<div id="{P}_tab_edition_uc_rec_details1_div_rec_details">\n    <div>       \n'
           '        <table style="border: solid 1px #003366;width:100%">\n            <tr>\n']
    for align, title, label in heads:
        out.append(f'                <td {TD_HEAD.format(al=align)} title="{title}">{label}</td>\n')
    out.append("            </tr>\n            \n")
    main_index = 0
    for n, ed in enumerate(editions):
        ctl = f"{pre}_ctl{n:02d}"
        if ed is current:
            bg, fg, link = "#004B96", "white", "white"
        elif ed.is_main:
            bg, fg, link = ("#f8f8f8" if main_index % 2 else "#e8e8e8"), "black", "blue"
        else:
            bg, fg, link = "#ffffff", "black", "blue"
        main_index += ed.is_main
        t_attr = f' title="{attr(ed.title)}"' if ed.title else ""
        version = f"<b>{ed.version}</b>" if ed.is_main else ed.version
        summary, toc = fragment_links(ed)
        if ed.edition_id:
            download = (f'<a href="/rec/{ed.edition_id}" title="Download file" '
                        f'style="text-decoration:underline; color: {link}">here</a>')
        else:
            download = "<i>Not available</i>"
        td = " " * 24 + f'<td style="text-align: {{}}; vertical-align: top; color: {fg} ">'
        cells = [
            ("left", f'<span id="{ctl}_Label8"{t_attr}>{version}</span>'),
            ("left", f'<span id="{ctl}_lbl_title"{t_attr}><a href="./rec.aspx?rec={ed.idrec}'
                     f'&lang=en" style="text-decoration:none; color: {fg};" '
                     f'title="{attr(ed.title)}">{text(ed.rec_name)}</a></span>'),
            ("center", f'<span id="{ctl}_lbl_status">{ed.status}</span>'),
            ("center", f'<span id="{ctl}_lbl_dms">{popup(summary, "SUM", link)}</span>'),
            ("center", f'<span id="{ctl}_Label3">{popup(toc, "TOC", link)}</span>'),
            ("center", f'<span id="{ctl}_Label4">{download}</span>'),
        ]
        out.append(f'                    <tr style="background-color: {bg}">\n')
        for align, cell in cells:
            out.append(f"{td.format(align)}\n                            {cell}\n"
                       "                        </td>\n")
        out.append("                    </tr>\n                \n")
    out.append("        </table>\n        \n    </div>\n\n    <div>\n")
    out.append(_hidden(f"{P}_tab_edition_uc_rec_details1", current.idrec, lang=True))
    out.append("    </div>\n    \n</div>\n")
    return "".join(out)


def _hidden(prefix: str, idrec: int, lang: bool = False, empty: bool | None = None) -> str:
    name = prefix.replace("_TabContainer1_", "$TabContainer1$").replace("_uc_", "$uc_")
    name = name.replace("ctl00_content_main", "ctl00$content_main")
    out = (f'        <input type="hidden" name="{name}$txt_idrec" id="{prefix}_txt_idrec" '
           f'value="{idrec}" />\n')
    if lang:
        out += (f'        <input type="hidden" name="{name}$txt_lang" id="{prefix}_txt_lang" '
                'value="en" />\n')
    if empty is not None:
        out += (f'        <input type="hidden" name="{name}$is_empty" id="{prefix}_is_empty" '
                f'value="{int(empty)}" />\n')
    return out


def supplements_panel(current: Edition, sups: list[Edition]) -> str:
    """The "Related Supplement(s)" tab."""
    pre = f"{P}_tab_sup_uc_rec_sup1_rpt_sup"
    heads = [("left", "Supplement name", "ITU-T Supplement"), ("center", "Supplement title",
             "Title"), ("center", "Supplement status", "Status"), ("center", "See summary",
             "Summary"), ("center", "See table of contents", "Table of contents"),
             ("center", "Download Supplement", "Download")]
    out = ['<div>\n    <table style="border: solid 1px #003366;width:100%;">\n        <tr>\n'
           '            <td colspan="7" style="text-align: center">\n          </td>\n'
           f'        </tr>\n        <tr id="{P}_tab_sup_uc_rec_sup1_igs_row_2">\n']
    for align, title, label in heads:
        out.append(f'\t\t\t\t\t\t\t<td style="font-weight: bold; text-align: {align}; '
                   f'border-bottom: solid 1px black" title="{title}">\n'
                   f"                {label}\n            </td>\n")
    out.append("\t\t\t\t\t\t</tr>\n\t\t\t\t\t\t\n        \n")
    td = '                    <td style="text-align: {}; vertical-align: top; ">'
    for n, sup in enumerate(sups):
        ctl = f"{pre}_ctl{n:02d}"
        summary, toc = fragment_links(sup, "https")
        download = "-"
        if sup.edition_id:
            download = (f'<a href="https://www.itu.int/rec/{sup.edition_id}" title="Download '
                        'file" style="text-decoration:underline; color: blue;">here</a>')
        cells = [
            ("left", f'<span id="{ctl}_lbl_imp_title_e"><nobr><a href="./rec.aspx?id='
                     f'{sup.idrec}&lang=en" title="{attr(sup.title)}">{text(sup.rec_name)}</a>'
                     "</nobr></span>"),
            ("left", f'<span id="{ctl}_Label3" title="{attr(sup.title)}">{text(sup.title)}</span>'),
            ("center", f'<span id="{ctl}_Label4"><nobr>{sup.status}</nobr></span>'),
            ("center", f'<span id="{ctl}_lbl_imp_dms_link">{popup(summary, "SUM", "blue")}</span>'),
            ("center", f'<span id="{ctl}_Label1">{popup(toc, "TOC", "blue")}</span>'),
            ("center", f'<span id="{ctl}_Label2">{download}</span>'),
        ]
        out.append("                <tr>\n")
        for align, cell in cells:
            out.append(f"{td.format(align)}\n                        {cell}\n"
                       "                    </td>\n")
        out.append("                </tr>\n            \n")
    out.append("        \n    </table>\n</div>\n<div>\n")
    out.append(_hidden(f"{P}_tab_sup_uc_rec_sup1", current.idrec, lang=True, empty=not sups))
    out.append("</div>\n")
    return "".join(out)


def guides_panel(current: Edition, guides: list[Edition]) -> str:
    """The "Implementer's guide(s)" tab (recorded 2022 shape: relative ``../../rec/`` links)."""
    pre = f"{P}_tab_ig_uc_rec_igs1_rpt_igs"
    out = ['<div>    \n    <table style="border: solid 1px #003366;width:100%;">\n        <tr>\n']
    for label in ("Title", "Approved on", "Download"):
        out.append(f'            <td {TD_HEAD.format(al="center")}>{label}</td>\n')
    out.append("        </tr>\n        \n")
    for n, guide in enumerate(guides):
        ctl = f"{pre}_ctl{n:02d}"
        bg = "#eeeeee" if n % 2 == 0 else "#dddddd"
        link = ""
        if guide.edition_id:
            link = (f'<a href="../../rec/{guide.edition_id}" title="Download file" '
                    'target="_blank">here</a>')
        out.append(
            f'                <tr style="background-color: {bg}">\n'
            '                    <td style="text-align: left; vertical-align: top;">\n'
            f'                        <span id="{ctl}_lbl_imp_title_e">{text(guide.title)}</span>\n'
            "                    </td>\n"
            '                    <td style="text-align: center; vertical-align: top;">\n'
            f'                        <span id="{ctl}_lbl_imp_approval_date"><nobr>'
            f"{guide.approval_date}</nobr></span>\n"
            "                    </td>\n"
            '                    <td style="text-align: center; vertical-align: top;">\n'
            f'                        <span id="{ctl}_lbl_imp_dms_link">{link}</span>\n'
            "                    </td>\n                </tr>\n            \n"
        )
    out.append("    </table>\n    \n</div>\n<div>\n")
    out.append(_hidden(f"{P}_tab_ig_uc_rec_igs1", current.idrec, empty=not guides))
    out.append("</div>\n")
    return "".join(out)


def papers_panel(current: Edition, pubs: list[Publication]) -> str:
    """The "Related technical papers and reports" tab."""
    pre = f"{P}_tab_op1_uc_rec_op1_rpt_other_pubs"
    out = ['<div>    \n    <table style="border: solid 1px #003366;width:100%;">\n        <tr>\n']
    for label in ("Title", "Approved on", "Download"):
        out.append(f'            <td {TD_HEAD.format(al="center")}>{label}</td>\n')
    out.append("        </tr>\n        \n")
    for n, pub in enumerate(pubs):
        ctl = f"{pre}_ctl{n:02d}"
        bg = "#eeeeee" if n % 2 == 0 else "#dddddd"
        link = ""
        if pub.url:
            link = f'<a href="{pub.url}" title="Download file" target="_blank">here</a>'
        out.append(
            f'                <tr style="background-color: {bg}">\n'
            '                    <td style="text-align: left; vertical-align: top;">\n'
            f'                        <span id="{ctl}_lbl_pubs_title">{text(pub.title)}</span>\n'
            "                    </td>\n"
            '                    <td style="text-align: center; vertical-align: top;">\n'
            f'                        <span id="{ctl}_lbl_pubs_approval_year">{pub.year}</span>\n'
            "                    </td>\n"
            '                    <td style="text-align: center; vertical-align: top;">\n'
            f'                        <span id="{ctl}_lbl_pubs_dms_url">{link}</span>\n'
            "                    </td>\n                </tr>\n            \n"
        )
    out.append("    </table>\n    \n</div>\n<div>\n")
    out.append(_hidden(f"{P}_tab_op1_uc_rec_op1", current.idrec, empty=not pubs))
    out.append("</div>\n")
    return "".join(out)
