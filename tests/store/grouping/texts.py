"""Invented news for the grouping tests: one deal told by a wire, copied, reported in French,
and ended two years later. No corpus text."""

from __future__ import annotations

# The wire story, paragraph by paragraph.
WIRE = [
    "OSLO (Example Wire) - Halvard Energy and Norrsken Batteries said on Tuesday they would "
    "build a battery cell plant together near Gdansk, in a joint venture worth 1.2 billion "
    "euros that both companies will own in equal shares.",
    "The plant is due to start production in the second half of 2029 and to employ about "
    "1,400 people once it runs at full capacity, the companies said in a joint statement.",
    "Halvard chief executive Ingrid Solberg said the venture would secure cells for the "
    "utility's grid storage projects in Poland and the Baltic states, where demand has "
    "outgrown what importers can deliver.",
    "Norrsken will provide its sodium-ion cell design and run the production lines, while "
    "Halvard brings the site, a grid connection and long-term purchase commitments for half "
    "of the output.",
    "Analysts at a Nordic bank said the deal gave Norrsken, which has never produced at "
    "scale, a customer large enough to justify a first full-size factory.",
    "Shares in Halvard rose 3.1 per cent in Oslo trading after the announcement.",
]
WIRE_TITLE = "Halvard Energy and Norrsken form battery joint venture"

# The same deal in French, in the newspaper's own words.
FRENCH_TITLE = "Halvard et Norrsken s'allient pour une usine de batteries en Pologne"
FRENCH = (
    "Le producteur d'électricité norvégien Halvard Energy et le fabricant suédois Norrsken "
    "Batteries ont annoncé mardi la création d'une coentreprise détenue à parts égales, "
    "dotée de 1,2 milliard d'euros, pour construire une usine de cellules près de Gdansk.\n\n"
    "L'usine doit démarrer au second semestre 2029 et employer environ 1 400 personnes. "
    "Norrsken apportera sa technologie de cellules sodium-ion, Halvard le terrain et des "
    "engagements d'achat à long terme, a précisé Ingrid Solberg, directrice générale de "
    "Halvard, qui veut sécuriser ses projets de stockage en Pologne et dans les pays baltes."
)

# Two years on, the venture is wound up: another event about the same two companies.
ENDING_TITLE = "Halvard and Norrsken end battery joint venture"
ENDING = (
    "Halvard Energy and Norrsken Batteries said on Monday they would end their battery "
    "joint venture and close the cell plant near Gdansk by the end of the year, after "
    "sodium-ion cells failed to reach the costs both companies had planned.\n\n"
    "The venture, set up with 1.2 billion euros two years ago, employs about 600 people. "
    "Halvard chief executive Ingrid Solberg said the utility would buy cells from suppliers "
    "in Asia for its grid storage projects in Poland, while Norrsken will look for a buyer "
    "for the equipment."
)

# An unrelated story of the same week.
OTHER_TITLE = "Port of Aalborg wins ferry terminal contract"
OTHER = (
    "The port authority of Aalborg said on Tuesday it had awarded a contract to rebuild its "
    "ferry terminal to a local construction group, which will replace two berths and add a "
    "waiting hall for foot passengers before the summer season of 2028. The project is "
    "financed by the municipality and a regional development fund, and the works will be "
    "carried out at night so that crossings to Norway keep running on schedule."
)


def wire(*paragraphs: int) -> str:
    return "\n\n".join(WIRE[i] for i in paragraphs)


FULL = wire(0, 1, 2, 3, 4, 5)
