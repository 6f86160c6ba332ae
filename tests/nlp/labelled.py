"""A tiny labelled corpus of our own sentences, in the schema of ../shared/corpus (never
corpus text): enough to train and cross-validate the learned analysis in a test."""

from __future__ import annotations

POSITIVES = [
    (
        "en",
        "Orlan Robotics and Vesta Logistics sign MoU on warehouse automation",
        "Orlan Robotics and Vesta Logistics have signed a memorandum of understanding to develop "
        "automated warehouses, the two companies said on Tuesday. The agreement covers robots "
        "and software for three sites.",
        ["Orlan Robotics", "Vesta Logistics"],
        "mou",
    ),
    (
        "en",
        "Kelm Energy and Darro Steel form joint venture for green hydrogen",
        "Kelm Energy and Darro Steel will set up a 50-50 joint venture to produce green hydrogen "
        "for steel mills, the companies announced on Monday.",
        ["Kelm Energy", "Darro Steel"],
        "joint_venture",
    ),
    (
        "en",
        "Pivara Games signs licensing deal with Ostrel Studios",
        "Pivara Games has signed a licensing agreement with Ostrel Studios to bring its puzzle "
        "titles to consoles, Pivara said in a statement.",
        ["Pivara Games", "Ostrel Studios"],
        "licensing",
    ),
    (
        "en",
        "Marlow Foods inks distribution agreement with Tierra Fresca",
        "Marlow Foods has inked an exclusive distribution agreement with Tierra Fresca covering "
        "Spain and Portugal, the grocer said on Thursday.",
        ["Marlow Foods", "Tierra Fresca"],
        "distribution_agreement",
    ),
    (
        "en",
        "Quenby Health and Arden University collaborate on AI diagnostics",
        "Quenby Health and Arden University will collaborate on artificial intelligence tools "
        "for radiology under a three-year research collaboration agreement.",
        ["Quenby Health", "Arden University"],
        "collaboration",
    ),
    (
        "en",
        "Halvard Bank teams up with Payvo on instant payments",
        "Halvard Bank has teamed up with fintech Payvo in a strategic partnership to offer "
        "instant payments to small businesses, the bank said.",
        ["Halvard Bank", "Payvo"],
        "strategic_partnership",
    ),
    (
        "en",
        "Tresco Air and Nimbus Airways form alliance on transatlantic routes",
        "Tresco Air and Nimbus Airways announced a strategic alliance on Wednesday to share "
        "transatlantic routes and loyalty programmes.",
        ["Tresco Air", "Nimbus Airways"],
        "strategic_partnership",
    ),
    (
        "en",
        "Corvid Bio partners with Selden Pharma on vaccines",
        "Corvid Bio said on Friday it has partnered with Selden Pharma to co-develop vaccines "
        "against respiratory viruses.",
        ["Corvid Bio", "Selden Pharma"],
        "collaboration",
    ),
    (
        "fr",
        "Valmont et Ardea s'associent dans la télémédecine",
        "Le groupe Valmont et la start-up Ardea ont annoncé mardi la signature d'un partenariat "
        "stratégique pour développer la télémédecine en France.",
        ["Valmont", "Ardea"],
        "strategic_partnership",
    ),
    (
        "fr",
        "Coentreprise entre Brisac Auto et Lumar Batteries",
        "Brisac Auto et Lumar Batteries vont créer une coentreprise détenue à parts égales pour "
        "produire des batteries en Normandie.",
        ["Brisac Auto", "Lumar Batteries"],
        "joint_venture",
    ),
    (
        "fr",
        "Pharmaly signe un accord de licence avec Biocera",
        "Pharmaly a signé un accord de licence exclusive avec Biocera pour commercialiser son "
        "traitement en Europe, a indiqué le laboratoire.",
        ["Pharmaly", "Biocera"],
        "licensing",
    ),
    (
        "fr",
        "Protocole d'accord entre Ferrania et Alpitra",
        "Ferrania et Alpitra ont signé un protocole d'accord pour moderniser le fret "
        "ferroviaire entre la France et l'Italie.",
        ["Ferrania", "Alpitra"],
        "mou",
    ),
]

NEGATIVES = [
    (
        "en",
        "Halcyon Software to acquire Redbeck Analytics for $2 billion",
        "Halcyon Software agreed to buy Redbeck Analytics for $2 billion in cash, the companies "
        "said, in the largest acquisition in the company's history.",
        "acquisition",
    ),
    (
        "en",
        "Zentro raises $40 million in Series B funding round",
        "Zentro has raised $40 million in a Series B funding round led by Calder Ventures, "
        "which joins as a strategic partner.",
        "investment",
    ),
    (
        "en",
        "Law firm Harwick & Co names three new partners",
        "Harwick & Co said on Monday it has appointed three new partners in its London office.",
        "none",
    ),
    (
        "en",
        "Corvane ends partnership with Delfi Foods",
        "Corvane said it has terminated its distribution partnership with Delfi Foods after "
        "five years, citing falling sales.",
        "other",
    ),
    (
        "en",
        "Kestrel Air denies report of alliance talks with Sunvale",
        "Kestrel Air denied a newspaper report that it was in talks about an alliance with "
        "Sunvale, saying it had no plans for such a deal.",
        "other",
    ),
    (
        "en",
        "Brenta Motors reports higher quarterly profit",
        "Brenta Motors said quarterly profit rose 12 percent on strong sales of its electric "
        "models, beating analysts' estimates.",
        "none",
    ),
    (
        "en",
        "Galen Motors could team up with Hoshima on EVs, sources say",
        "Galen Motors is considering a possible tie-up with Hoshima on electric vehicles, "
        "people familiar with the matter said.",
        "other",
    ),
    (
        "en",
        "Vireo unveils new electric SUV at motor show",
        "Vireo unveiled its new electric SUV on Tuesday, with deliveries expected next year.",
        "none",
    ),
    (
        "fr",
        "Jovial rachète Kerlane",
        "Le groupe Jovial a annoncé le rachat de Kerlane pour 300 millions d'euros, une "
        "acquisition qui renforce sa position en Europe.",
        "acquisition",
    ),
    (
        "fr",
        "Fin du partenariat entre Loria et Mediastar",
        "Loria a mis fin à son partenariat avec Mediastar, a annoncé le groupe lundi, après "
        "trois ans de collaboration.",
        "other",
    ),
    (
        "fr",
        "Zelior serait en discussions avec Arkeon",
        "Zelior serait en discussions avec Arkeon pour une éventuelle alliance, selon des "
        "sources proches du dossier.",
        "other",
    ),
    (
        "fr",
        "Dravia lève 20 millions d'euros",
        "La start-up Dravia a levé 20 millions d'euros lors d'un tour de table mené par des "
        "fonds d'investissement.",
        "investment",
    ),
]


def records() -> list[dict]:
    """The sample as corpus records."""
    out = []
    for n, (lang, title, text, parties, deal) in enumerate(POSITIVES):
        out.append(_record(f"own-p{n}", lang, title, text, True, parties, deal))
    for n, (lang, title, text, deal) in enumerate(NEGATIVES):
        out.append(_record(f"own-n{n}", lang, title, text, False, [], deal))
    return out


def _record(rid, lang, title, text, positive, parties, deal) -> dict:
    return {
        "id": rid,
        "lang": lang,
        "title": title,
        "text": text,
        "source_url": f"https://news.example/{rid}",
        "published": "2026-11-02T09:00:00+00:00",
        "is_partnership": positive,
        "parties": parties,
        "deal_type": deal,
        "topics": [],
        "notes": "written for the tests",
    }
