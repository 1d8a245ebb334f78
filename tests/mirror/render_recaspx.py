"""Generated ``/ITU-T/recommendations/rec.aspx?rec=N&lang=en`` pages (2026 layout, no chrome).

Same ids/classes as the recorded pages: ``form#aspnetForm``, the announcement banner,
``div#…uc_rec_main_info1_div_rec_main_info`` with ``h2 > span#…lbl_rec``, ``td.title``,
``div.summary``, ``td.cell_left``/``td.cell_right`` label rows (label texts as ITU writes them,
e.g. ``Maintenance&nbsp;responsibility:``), the hidden ``…txt_idrec`` input, and the ajax tabs
(see ``recaspx_tabs``). Menus, scripts and footer are omitted.
"""

from __future__ import annotations

from tests.mirror.catalogue import Catalogue, Edition
from tests.mirror.details import Details, details
from tests.mirror.recaspx_tabs import (
    P,
    editions_panel,
    guides_panel,
    header,
    papers_panel,
    supplements_panel,
    text,
)
from tests.mirror.render_api import served_guides, served_supplements
from tests.mirror.series import SeriesTitles

M = "ctl00_content_main_uc_rec_main_info1"
S20, S24, S28, S32, S36 = (" " * n for n in (20, 24, 28, 32, 36))
_HEAD = (
    '\r\n\r\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
    '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\r\n\r\n'
    '<html id="ctl00_Html1" lang="en">\n<head id="ctl00_ctl00_Head1">\n'
    '    <meta http-equiv="Content-Type" content="text/html; charset=utf-8" />'
    '<meta http-equiv="Content-Language" content="en" /><title>\n'
    "\tITU-T Recommendation database\n</title>\n</head>\n<body class=\"inside\">\n"
    '\t<div id="announcement-banner" style="background-color: #ffeb3b; color: #000; '
    'text-align: center; padding: 10px; font-weight: bold;">  \n        This page will soon be '
    "deactivated\u2014explore our new, faster, mobile-friendly site, now centralized in "
    '<a href="https://www.itu.int/myworkspace/#/t-rec" style="color: #0078D4; '
    'text-decoration: underline;">MyWorkspace</a>!  \n    </div>\n'
)
_LANGS = [("ar", "عربي"), ("zh", "中文"), ("en", "English"), ("es", "Español"),
          ("fr", "Français"), ("ru", "Русский")]


def _row(label: str, value: str, span: str | None = None) -> str:
    inner = f'<span id="{M}_rpt_main_ctl00_{span}">{value}</span>' if span else value
    return (f'{S28}<tr>\n{S32}<td class="cell_left">{label}</td>\n'
            f'{S32}<td class="cell_right">{inner}</td>\n{S28}</tr>\n')


def _short(label: str, value: str, top: bool = False) -> str:
    valign = ' valign="top"' if top else ""
    return (f'                            <tr><td class="cell_left"{valign}>{label}</td>'
            f'<td class="cell_right">{value}</td></tr>\n')


def _fields(ed: Edition, d: Details) -> str:
    out = [_row("Citation:", f"https://handle.itu.int/11.1002/1000/{ed.idrec}", "Label9"),
           _row("Series title:", SeriesTitles.joined(d.series) or "", "Label6"),
           _row("Approval date:", ed.approval_date, "Label5")]
    if d.iso:
        out.append(_short("Identical standard:", text(f"{d.iso[0]} ({d.iso[1]})")))
    if d.prov_name:
        out.append(_short("Provisional name:", text(d.prov_name)))
    process = d.approval
    if d.aap_id:
        process = (f'<a href="https://www.itu.int/t/aap/recdetails/{d.aap_id}" title="See '
                   'alternative approval process details">AAP</a>')
    out.append(_short("Approval process:", process))
    out.append(f'{S28}<tr>\n{S32}<td class="cell_left" style="height: 15px">\n'
               f'{S36}Status:</td>\n{S32}<td class="cell_right" style="height: 15px">\n'
               f'{S36}<span id="{M}_rpt_main_ctl00_Label7">{ed.status}</span></td>\n'
               f"{S28}</tr>\n{S28}\n")
    sg = text(ed.study_group)
    out.append(f'{S28}<tr>\n{S32}<td class="cell_left">\n'
               f"{S36}Maintenance&nbsp;responsibility:</td>\n{S32}<td class=\"cell_right\">\n"
               f'{S36}<span id="{M}_rpt_main_ctl00_Label8"><a href="{d.sg_url or ""}" '
               f'title="Main page of the respective Study Group">{sg}</a></span></td>\n'
               f"{S28}</tr>\n{S28}\n")
    history = ""
    if d.work_item:
        history = (f'<a href="https://www.itu.int/myworkspace/t-wp/item?isn={d.work_item}" '
                   'title="See original work item">Development history</a><br/>')
    work = ""
    if d.associated:
        n, sp, sg_id, wp, qu = d.associated
        work = (f'[<a href="../workprog/wp_search.aspx?isn_sp={sp}&isn_sg={sg_id}&isn_wp={wp}'
                f'&isn_qu={qu}" title="{n} work items are currently under study in the '
                f'respective work programme.">{n} related work items in progress</a>]<br/>')
    spans = [f'<a href="./related_ps.aspx?id_prod={d.id_prod}" title="See declared patent '
             'statement(s)">Patent statement(s)</a><br/>', history, work, ""]
    inner = "".join(f'{S36}<span id="{M}_rpt_main_ctl00_Label{i}">{s}</span>\n'
                    for i, s in enumerate(spans, start=1))
    out.append(f'{S28}<tr>\n{S32}<td class="cell_left" valign="top">\n'
               f"{S36}Further&nbsp;details:</td>\n{S32}<td class=\"cell_right\">\n{inner}"
               f"{S32}</td>\n{S28}</tr>\n")
    return "".join(out)


def _main_info(ed: Edition, d: Details) -> str:
    langs = " | \n".join(
        f"                                    <a href='./rec.aspx?rec={ed.idrec}&lang={code}' "
        f'title="" style="color: white; text-decoration: none;">{name}</a>'
        for code, name in _LANGS
    )
    pdf = ""
    if d.pdf_link:
        pdf = (f'<td style="width: 10%"><a href="{d.pdf_link}" title="Persistent link to download '
               'the PDF file"><img src="images/pdf.png" /></a></td>')
    summary = ""
    if ed.summary:
        # split("\n"), not splitlines(): Word's 0x1E hyphen is text, not a line break
        body = "<br/>\n".join(text(line) for line in ed.summary.split("\n"))
        summary = f'<td colspan="2"><div class="summary">{body}</div></td>'
    return (
        f'<div id="{M}_div_rec_main_info">\n    \n            <table>\n                <tr>\n'
        '                    <td>\n                        <table style="border: solid 1px #003366;'
        'width:700px;">\n                            <tr style="background-color: #004B96;">\n'
        '                                <td style="padding: 5px;" class="white-text">\n'
        f'                                    <h2><span id="{M}_rpt_main_ctl00_lbl_rec" '
        f'style="color:White;">{text(ed.docid)}</span></h2>\n{S32}</td>\n'
        '                                <td style="padding: 5px; text-align: right;" '
        f'class="white-text">\n{langs}\n                                </td>\n'
        "                            </tr>\n                        </table>\n"
        '                        <table style="border: solid 1px #003366;width:700px;">\n'
        '                            <tr>\n                                <td  class="title" '
        f'style="margin-left: 15px; witdh: 90%">{text(ed.title)}</td>\n'
        f"                                {pdf}\n                            </tr>\n"
        f"                            <tr>\n                                {summary}\n"
        "                            </tr>\n                        </table>\n"
        f"{S20}</td>\n{S20[4:]}</tr>\n{S20[4:]}<tr>\n{S20}<td>\n"
        '                        <table style="border: solid 1px #003366;">\n \n'
        f"{_fields(ed, d)}                        </table>\n                    </td>\n"
        "                </tr>\n            </table>\n        \n    \n</div>\n\n<div>\n"
        f'    <input type="hidden" name="ctl00$content_main$uc_rec_main_info1$txt_idrec" '
        f'id="{M}_txt_idrec" value="{ed.idrec}" />\n'
        f'    <input type="hidden" name="ctl00$content_main$uc_rec_main_info1$txt_lang" '
        f'id="{M}_txt_lang" value="en" />\n</div>\n'
    )


def rec_aspx(cat: Catalogue, ed: Edition, series: SeriesTitles) -> bytes:
    """The full generated page for one edition (UTF-8 bytes)."""
    fam = cat.families.get(ed.family) if ed.guide_for is None else None
    d = details(cat, ed, series)
    sups = [] if fam is None or " Suppl. " in fam.number else served_supplements(cat, ed)
    guides = served_guides(cat, ed)
    tabs = [("tab_edition", "Editions")]
    panels = [(f'<div id="{P}_tab_edition" class="ajax__tab_panel">',
               editions_panel(ed, cat.lineage_of(ed)))]
    hidden = 'class="ajax__tab_panel" style="display:none;visibility:hidden;">'
    if sups:
        tabs.append(("tab_sup", "Related Supplement(s)"))
        panels.append((f'<div id="{P}_tab_sup" tabindex="1" {hidden}', supplements_panel(ed, sups)))
    if guides:
        tabs.append(("tab_ig", "Implementer's guide(s)"))
        panels.append((f'<div id="{P}_tab_ig" tabindex="2" {hidden}', guides_panel(ed, guides)))
    if fam is not None and fam.publications:
        tabs.append(("tab_op1", "Related technical papers and reports"))
        panels.append((f'<div id="{P}_tab_op1" tabindex="4" {hidden}',
                       papers_panel(ed, fam.publications)))
    state = ",".join(["true"] * 5)
    body = "".join(f"{opening}\n\t\t\t\t\t\t\n{S36}{panel}{S32}\n\t\t\t\t\t</div>"
                   for opening, panel in panels)
    page = (
        f"{_HEAD}"
        f'<form name="aspnetForm" method="post" action="./rec.aspx?rec={ed.idrec}&amp;lang=en" '
        'id="aspnetForm">\n<div>\n<input type="hidden" name="__EVENTTARGET" id="__EVENTTARGET" '
        f'value="" />\n<input type="hidden" name="{P}_ClientState" id="{P}_ClientState" '
        f'value="{{&quot;ActiveTabIndex&quot;:0,&quot;TabEnabledState&quot;:[{state}]}}" />\n'
        '</div>\n    <div id="ctl00_content_main_UpdatePanel2">\n\t\n            <a id="details">'
        '</a>\n            <table id="ctl00_content_main_table_details" style="padding: 0; '
        'margin: 0; width:100%;">\n\t\t<tr>\n\t\t\t<td>\n                        '
        f"{_main_info(ed, d)}\n                    </td>\n\t\t</tr>\n\t\t<tr>\n\t\t\t<td>\n"
        f'                        <div id="{P}" style="width:100%;visibility:hidden;">\n'
        f"{header(tabs)}"
        f'<div id="{P}_body" class="ajax__tab_body" style="display:block;">\n\t\t\t\t\t'
        f"{body}\n\t\t\t\t</div>\n\t\t\t</div>\n                    </td>\n\t\t</tr>\n"
        "\t</table>\n\t\n        \n</div>\n</form>\n</body>\n</html>\n"
    )
    return page.encode("utf-8")

