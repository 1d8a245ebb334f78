"""Per-edition header details shared by getRecHdrDetail (JSON) and rec.aspx (HTML).

Values not in the dataset (id_prod, provisional name, approval process, AAP record, work item,
related work in progress, epublication link) are derived deterministically from the seed.
"""

from __future__ import annotations

from dataclasses import dataclass

from tests.mirror.catalogue import Catalogue, Edition
from tests.mirror.names import item_id
from tests.mirror.series import SeriesTitles
from tests.mirror.synth import approval_process, hval, provisional_name, rng, sg_url, slug

MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


@dataclass(frozen=True, slots=True)
class Details:
    """Everything the header of one edition shows."""

    id_prod: int
    idp_name: str
    prov_name: str | None
    approval: str
    aap_id: int | None
    work_item: int
    associated: tuple[int, int, int, int, int] | None
    edition_html_url: str | None
    iso: tuple[str, str] | None
    series: tuple[str | None, str | None, str | None]
    sg_url: str | None
    pdf_link: str | None

    @property
    def associated_text(self) -> str | None:
        """``[https://…t-wp?sp=…][19 related work items in progress]`` (JSON style)."""
        if not self.associated:
            return None
        n, sp, sg, wp, qu = self.associated
        url = f"https://www.itu.int/myworkspace/t-wp?sp={sp}&sg={sg}&wp={wp}&qu={qu}"
        return f"[{url}][{n} related work items in progress]"


def approved_on(date: str) -> str:
    """``2019-09-27`` -> ``Approved on 27 Sep 2019``."""
    year, month, day = date.split("-")
    return f"Approved on {day} {MONTHS[int(month) - 1]} {year}"


def pdf_link(edition_id: str | None) -> str | None:
    """The persistent English PDF link of an edition."""
    if not edition_id:
        return None
    item = item_id(edition_id, "PDF", "E")
    return f"https://www.itu.int/rec/dologin_pub.asp?lang=e&id={item}&type=items"


def details(cat: Catalogue, ed: Edition, series: SeriesTitles) -> Details:
    """Compute the header details of one edition."""
    seed = cat.seed
    fam = cat.families.get(ed.family)
    editions = fam.editions if fam is not None else cat.guides.get(ed.family, [ed])
    mains = [e for e in editions if e.is_main]
    firsts = sorted(mains, key=lambda e: (e.edition_id is None, e.approval_date))
    id_prod = firsts[0].idrec if firsts else ed.idrec
    r = rng(seed, "hdr", ed.idrec)
    idp_name = str(id_prod) if r.random() < 0.5 else str(max(1, ed.idrec - r.randint(1, 900)))
    year = ed.year
    approval = approval_process(ed.family, ed.doctype, year, seed)
    aap_id = None
    if approval == "AAP":
        aap_id = max(1, (year - 2001) * 430 + r.randint(0, 429))
    work_item = 0 if year < 2000 else (year - 2000) * 850 + r.randint(1, 849)
    associated = None
    if ed.status == "In force" and year >= 2010 and hval(seed, "wp", ed.family) % 10 < 3:
        associated = (r.randint(2, 40), 9677, 9677 + r.randint(1, 12), r.randint(11000, 12400),
                      r.randint(10700, 11100))
    html_url = None
    if ed.status == "In force" and ed.is_main and year >= 2014 and r.random() < 0.8:
        name = slug(ed.family)
        title = slug(ed.title or "")[:100].rstrip("-")
        html_url = (
            "https://www.itu.int/epublications/publication/"
            f"itu-t-{name}-{year}-{ed.approval_date[5:7]}-{title}/en?framed=true"
        )
    iso = None
    if ed.other_docids:
        iso = (ed.other_docids[0], "Twinned" if r.random() < 0.5 else "Common")
    return Details(
        id_prod=id_prod,
        idp_name=idp_name,
        prov_name=provisional_name(seed, ed.family, ed.title, year),
        approval=approval,
        aap_id=aap_id,
        work_item=work_item,
        associated=associated,
        edition_html_url=html_url,
        iso=iso,
        series=series.titles(ed.family),
        sg_url=sg_url(ed.study_group),
        pdf_link=pdf_link(ed.edition_id),
    )
