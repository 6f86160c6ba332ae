"""Language identification with py3langid's bundled model (nothing is downloaded)."""

from __future__ import annotations

import threading

from py3langid.langid import MODEL_FILE, LanguageIdentifier

UNKNOWN = "und"
_identifier: LanguageIdentifier | None = None
_lock = threading.Lock()


def _get() -> LanguageIdentifier:
    global _identifier
    with _lock:
        if _identifier is None:
            _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return _identifier


def classify(text: str) -> tuple[str, float]:
    """(ISO 639-1 code, probability); ("und", 0.0) when there is no text to judge."""
    if not text or not any(c.isalpha() for c in text):
        return UNKNOWN, 0.0
    lang, prob = _get().classify(text[:2000])
    return lang, float(prob)


def detect_language(text: str) -> str:
    """ISO code of the text's language ("en", "fr", ...), or "und" for empty text."""
    return classify(text)[0]
