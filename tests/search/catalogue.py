"""A small catalogue of real ITU-T documents for search tests (numbers, titles, dates, study
groups and statuses are ITU's; summaries are short paraphrases written for these tests)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from index.models import DocumentData, EditionData, PublicationData
from index.store import Store

# number, type, title, summary, study group, status, approval date, languages
DOCS: list[tuple[str, str, str, str, str | None, str, date, tuple[str, ...]]] = [
    ("Y.3172", "Recommendation",
     "Architectural framework for machine learning in future networks including IMT-2020",
     "Specifies an architectural framework for machine learning (ML) in future networks "
     "including IMT-2020, with an ML pipeline and ML management and orchestration.",
     "SG13", "In force", date(2019, 6, 22), ("English", "French", "Spanish")),
    ("Y.3173", "Recommendation",
     "Framework for evaluating intelligence levels of future networks including IMT-2020",
     "Gives a method to evaluate the intelligence level of networks that use machine learning.",
     "SG13", "In force", date(2020, 2, 13), ("English",)),
    ("Y.3174", "Recommendation",
     "Framework for data handling to enable machine learning in future networks including "
     "IMT-2020", "Describes how data is collected and handled for ML in IMT-2020 networks.",
     "SG13", "In force", date(2020, 2, 13), ("English",)),
    ("Y.3100", "Recommendation", "Terms and definitions for IMT-2020 network",
     "Defines terms used for the IMT-2020 (5G) network.", "SG13", "In force",
     date(2017, 9, 13), ("English", "Chinese")),
    ("Y.4000/Y.2060", "Recommendation", "Overview of the Internet of things",
     "Gives an overview of the Internet of things (IoT): concepts, scope and reference model.",
     "SG20", "In force", date(2012, 6, 15), ("English", "Arabic")),
    ("Y.4218", "Recommendation",
     "Internet of things and information and communication technology requirements for "
     "deployment of smart services in rural communities",
     "Aims to help bridge the digital divide with ICT and IoT requirements for smart services "
     "in rural communities of developing countries.", "SG20", "In force", date(2023, 5, 7),
     ("English",)),
    ("L.1000", "Recommendation",
     "Universal power adapter and charger solution for mobile terminals and other hand-held "
     "ICT devices", "High level requirements for a universal charger that reduces the number "
     "of chargers produced and recycled, and their energy consumption.", "SG5", "In force",
     date(2011, 6, 13), ("English", "French")),
    ("L.1021", "Recommendation",
     "Extended producer responsibility - Guidelines for sustainable e-waste management",
     "Describes extended producer responsibility systems for e-waste, with best practices from "
     "developed, developing and emerging economies.", "SG5", "In force", date(2018, 10, 14),
     ("English",)),
    ("L.Suppl.27", "Supplement", "Supplement on success stories on e-waste management",
     "Success stories of e-waste management in different countries and regions.", "SG5",
     "In force", date(2016, 5, 20), ("English",)),
    ("L.1700", "Recommendation",
     "Requirements and framework for low-cost sustainable telecommunications infrastructure "
     "for rural communications in developing countries",
     "Identifies requirements for low-cost sustainable infrastructure for rural areas.", "SG15",
     "In force", date(2016, 6, 13), ("English",)),
    ("X.Suppl.41", "Supplement",
     "Supplement to ITU-T X.1254: e-KYC use cases in digital financial services",
     "Compares how countries implement electronic know your customer (e-KYC) in digital "
     "financial services (DFS).", "SG17", "In force", date(2024, 9, 6), ("English",)),
    ("X.1150", "Recommendation", "Security assurance framework for digital financial services",
     "A security assurance framework for DFS providers.", "SG17", "In force",
     date(2022, 12, 14), ("English",)),
    ("X.1205", "Recommendation", "Overview of cybersecurity",
     "Defines cybersecurity and gives a taxonomy of threats.", "SG17", "In force",
     date(2008, 4, 18), ("English", "Russian")),
    ("D.502R", "Recommendation", "International mobile roaming in Asia and Oceania",
     "Regional Recommendation that promotes a transparent, competitive international mobile "
     "roaming market in Asia and Oceania.", "SG3", "In force", date(2026, 2, 10), ("English",)),
    ("D.607 R", "Recommendation", "One network area roaming",
     "Based on African regional experiences, promotes regional integration by bringing down "
     "the cost of roaming.", "SG3", "In force", date(2021, 7, 29), ("English", "French")),
    ("D.700 R", "Recommendation", "Principles for dealing with OTTs",
     "Guidance to Arab States on over-the-top services.", "SG3", "In force",
     date(2019, 11, 29), ("English", "Arabic")),
    ("E.800", "Recommendation", "Definitions of terms related to quality of service",
     "Commonly used terms for the study and management of quality of service (QoS).", "SG12",
     "In force", date(2008, 9, 23), ("English",)),
    ("G.1000", "Recommendation",
     "Communications Quality of Service: A framework and definitions",
     "A framework and definitions for communications quality of service.", "SG12", "In force",
     date(2001, 11, 29), ("English",)),
    ("E.164", "Recommendation", "The international public telecommunication numbering plan",
     "Number structure and functionality of international public telecommunication numbers.",
     "SG2", "In force", date(2010, 11, 18), ("English", "French", "Spanish")),
    ("D.1", "Recommendation",
     "General principles for the lease of international (continental and intercontinental) "
     "private telecommunication circuits and networks",
     "Tariff principles for leased international circuits.", "SG3", "In force",
     date(1991, 3, 1), ()),
    ("G.984.1", "Recommendation",
     "Gigabit-capable passive optical networks (GPON): General characteristics",
     "A flexible optical fibre access network for business and residential broadband.",
     "SG15", "In force", date(2008, 3, 29), ("English",)),
    ("Y.3800", "Recommendation", "Overview on networks supporting quantum key distribution",
     "An overview of networks supporting quantum key distribution (QKD).", "SG13", "In force",
     date(2019, 10, 25), ("English",)),
    ("F.790", "Recommendation",
     "Telecommunications accessibility guidelines for older persons and persons with "
     "disabilities", "General accessibility guidelines for telecommunications equipment.",
     "SG16", "In force", date(2007, 1, 13), ("English",)),
    ("H.810", "Recommendation",
     "Interoperability design guidelines for personal connected health systems: Introduction",
     "Introduces the design guidelines for personal health devices and services.", "SG16",
     "In force", date(2019, 11, 29), ("English",)),
    ("Y.4900/L.1600", "Recommendation",
     "Overview of key performance indicators in smart sustainable cities",
     "General guidance to cities on key performance indicators (KPIs) for smart sustainable "
     "cities (SSC).", "SG20", "In force", date(2016, 6, 6), ("English",)),
    ("G.100", "Recommendation",
     "Definitions used in Recommendations on general characteristics of international "
     "telephone connections and circuits", "Definitions for telephone connections and "
     "circuits.", "SG12", "Superseded", date(2001, 2, 23), ("English",)),
    ("P.10/G.100", "Recommendation",
     "Vocabulary for performance, quality of service and quality of experience",
     "Terms and definitions for network performance, quality of service and quality of "
     "experience.", "SG12", "In force", date(2017, 11, 13), ("English",)),
    ("G.995.1", "Recommendation", "Overview of digital subscriber line (DSL) Recommendations",
     "An overview of the DSL family of Recommendations.", "SG15", "Withdrawn",
     date(2001, 2, 9), ()),
    ("G.Suppl.50", "Supplement", "Overview of digital subscriber line Recommendations",
     "An overview of the DSL Recommendations. This Supplement integrates and replaces "
     "Recommendation ITU-T G.995.1 (2001) and its Amendment 1.", "SG15", "In force",
     date(2011, 9, 16), ("English",)),
    ("F.62", "Recommendation", "Duplex operation in the telex service", "", None, "Withdrawn",
     date(1988, 11, 25), ()),
    ("X.509", "Recommendation",
     "Information technology - Open Systems Interconnection - The Directory: Public-key and "
     "attribute certificate frameworks", "Defines public-key and attribute certificates, "
     "the basis of a public-key infrastructure (PKI).", "SG17", "In force",
     date(2019, 10, 14), ("English",)),
]
# Provisional names and ISO/IEC twin numbers, as ITU's header gives them.
HEADER = {
    "Y.3172": {"provisional_name": "Y.IMT2020-ML-Arch"},
    "X.509": {"iso_number": "ISO/IEC 9594-8"},
}


def build_store(data_dir: Path, database_url: str = "") -> Store:
    """A store holding DOCS (one edition each, with files for the languages listed)."""
    store = Store.open(data_dir, database_url)
    for i, (number, kind, title, summary, sg, status, approved, langs) in enumerate(DOCS, 1):
        series = number.split(".")[0]
        edition = EditionData(i, f"{number} ({approved:%m/%Y})", "edition", None, title,
                              approved, status, f"T-REC-{number}-{approved:%Y%m}-I")
        store.documents.save(DocumentData(
            id=number, type=kind, title=title, summary=summary or None, series=series,
            study_group=sg, status=status, approval_date=approved, current_idrec=i,
            url=f"https://www.itu.int/rec/T-REC-{number}", source="mws", editions=(edition,),
            relations=(), **HEADER.get(number, {})), f"h{i}")
        if langs:
            files = [{"language": lang, "format": "PDF"} for lang in langs]
            store.documents.save_edition_files(i, files, f"T-REC-{number}")
    store.publications.save(PublicationData(
        id="T-TUT-QOS-2023-2", type="Technical Report",
        title="Roadmap for QoS and QoE in the ITU-T Study Group 12 context (TR-RQ)",
        year="2023", url="https://www.itu.int/pub/T-TUT-QOS-2023-2", items=[]),
        not_found=False)
    return store
