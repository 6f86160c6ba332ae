"""The language model unpacked once into the user's cache, and read from there after."""

from __future__ import annotations

import pytest
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from bot.nlp import lang

TEXTS = [
    "Les deux entreprises ont signé un accord de coopération industrielle mardi.",
    "The two companies signed a cooperation agreement on Tuesday, they said.",
    "Die beiden Unternehmen haben am Dienstag eine Vereinbarung unterzeichnet.",
    "Las dos empresas firmaron un acuerdo de cooperación el martes.",
]


def test_cached_model_classifies_as_the_bundled_one(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    bundled = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    first = lang._from_cache(lang.MODEL_DIR / MODEL_FILE)  # unpacks
    (unpacked,) = (tmp_path / "partners-bot").iterdir()
    again = lang._from_cache(lang.MODEL_DIR / MODEL_FILE)  # reads what was unpacked
    assert [p.name for p in (tmp_path / "partners-bot").iterdir()] == [unpacked.name]
    for text in TEXTS:
        assert first.classify(text) == again.classify(text) == bundled.classify(text)
    assert [again.classify(t)[0] for t in TEXTS] == ["fr", "en", "de", "es"]


def test_an_unwritable_cache_is_not_an_error(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    with pytest.raises(OSError):
        lang._from_cache(lang.MODEL_DIR / MODEL_FILE)
    monkeypatch.setattr(lang, "_identifier", None)
    assert lang.classify(TEXTS[0])[0] == "fr"  # the bundled file, read as is
