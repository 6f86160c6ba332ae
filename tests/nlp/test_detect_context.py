"""The detection model sees the words right after the strongest trigger, names masked."""

from __future__ import annotations

from bot.nlp.training import extract_examples


def _after(analyzer, lang: str, title: str, text: str) -> set[str]:
    record = {"id": "x", "lang": lang, "title": title, "text": text, "is_partnership": True}
    (example,) = extract_examples([record], analyzer)
    return {name for name in example.features if name.startswith("after:")}


def test_english_words_after_the_trigger_become_features_without_names(analyzer):
    after = _after(
        analyzer,
        "en",
        "Brindle Foods forms partnership with Calder Farms",
        "Brindle Foods has formed a partnership with Calder Farms to supply organic oats, "
        "the company said on Monday.",
    )
    assert "after:with" in after
    assert not any(name[6:7].isupper() for name in after)  # "Calder" is masked


def test_french_words_after_the_trigger_become_features(analyzer):
    after = _after(
        analyzer,
        "fr",
        "Verlac et Moutier signent un partenariat pour recycler les batteries",
        "Verlac et Moutier ont signé lundi un partenariat pour recycler les batteries des "
        "vélos électriques.",
    )
    assert after & {"after:pour", "after:recycler"}
    assert not any(name[6:7].isupper() for name in after)


def test_an_article_without_a_trigger_has_no_such_features(analyzer):
    after = _after(
        analyzer,
        "en",
        "Harlow Mills reports higher quarterly sales",
        "Harlow Mills said its quarterly sales rose by a tenth on strong demand for flour.",
    )
    assert after == set()
