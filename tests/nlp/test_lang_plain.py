"""Plain English or French is named from its function words; every other text goes to the
model, so languages the bot does not read still come out unsupported."""

from __future__ import annotations

import pytest

from bot.models import Article
from bot.nlp import lang
from bot.nlp.analyzer import Analyzer

ENGLISH = (
    "Northwind Freight and the port authority of Dunmore said on Monday that they have signed "
    "an agreement to build a rail terminal. The terminal, which will open in 2028, is the "
    "first of its kind in the region, and the two partners expect that it will double the "
    "volume of goods carried from the port. Their plan has been approved by the city."
)
FRENCH = (
    "Les sociétés Lumina et Ferrobel ont annoncé mardi la signature d'un accord pour "
    "développer des batteries dans leur usine de Lyon. Cette coopération, qui doit durer "
    "cinq ans, porte sur la recherche et sur la production des cellules. Les deux groupes "
    "sont déjà partenaires dans les transports et ont investi ensemble dans une start-up."
)
OTHERS = {
    "de": (
        "Die beiden Unternehmen haben am Montag eine Vereinbarung über den Bau einer neuen "
        "Fabrik unterzeichnet. Das Werk soll im nächsten Jahr den Betrieb aufnehmen und wird "
        "mit Strom aus der Region versorgt, sagte der Chef der Firma. Auch die Stadt ist an "
        "dem Projekt beteiligt und will sich mit einem Zuschuss von zehn Millionen beteiligen."
    ),
    "es": (
        "Las dos empresas firmaron el lunes un acuerdo para construir una nueva planta de "
        "baterías en el norte del país. La fábrica, que abrirá sus puertas el año que viene, "
        "dará trabajo a cientos de personas, según explicó el consejero delegado de la "
        "compañía, y contará con el apoyo de los bancos de la región para su financiación."
    ),
    "it": (
        "Le due società hanno firmato lunedì un accordo per costruire un nuovo impianto nel "
        "nord del paese. Lo stabilimento, che aprirà il prossimo anno, darà lavoro a "
        "centinaia di persone, ha spiegato l'amministratore delegato della società, e sarà "
        "sostenuto anche dalle banche della regione per il finanziamento dei lavori."
    ),
    "pt": (
        "As duas empresas assinaram na segunda-feira um acordo para construir uma nova "
        "fábrica no norte do país. A unidade, que abrirá as portas no próximo ano, vai dar "
        "emprego a centenas de pessoas, segundo o presidente da empresa, e conta com o apoio "
        "dos bancos da região para o financiamento das obras."
    ),
    "nl": (
        "De twee bedrijven hebben maandag een overeenkomst getekend voor de bouw van een "
        "nieuwe fabriek in het noorden van het land. De fabriek gaat volgend jaar open en "
        "biedt werk aan honderden mensen, zei de topman van het bedrijf. Ook de stad is bij "
        "het project betrokken en draagt een deel van de kosten voor haar rekening."
    ),
}


def test_plain_english_and_french_are_named_as_the_model_names_them():
    assert lang.plain_language(ENGLISH) == "en" == lang._get().classify(ENGLISH)[0]
    assert lang.plain_language(FRENCH) == "fr" == lang._get().classify(FRENCH)[0]


@pytest.mark.parametrize("code", sorted(OTHERS))
def test_other_languages_go_to_the_model_and_stay_unsupported(code):
    text = OTHERS[code]
    assert lang.plain_language(text) is None
    assert lang.classify(text)[0] == code
    analysis = Analyzer().analyze(Article(uid=code, title="", text=text))
    assert analysis.lang == code and not analysis.supported


@pytest.mark.parametrize(
    "text",
    [
        "Acme signs with Globex.",  # too few words to be sure
        ENGLISH[:120] + " " + FRENCH,  # mixed
        FRENCH + " " + OTHERS["it"],  # French with a long Italian quotation
    ],
)
def test_short_or_mixed_text_is_left_to_the_model(text):
    assert lang.plain_language(text) is None
    code, prob = lang._get().classify(text[: lang.CLASSIFIED_CHARS])
    assert lang.classify(text) == (code, float(prob))


def test_a_hint_the_words_contradict_is_weighed_by_the_model():
    # Plain English with a French hint: the model's probability decides, as before.
    assert lang.classify(ENGLISH, hint="fr") == (
        lang._get().classify(ENGLISH)[0],
        float(lang._get().classify(ENGLISH)[1]),
    )
    assert lang.classify(ENGLISH, hint="en") == ("en", lang.SURE_PROB)
    hinted = Analyzer().language_of(Article(uid="h", title="", text=ENGLISH, lang="fr"))
    assert hinted == "en"  # the model is sure, so the hint loses
