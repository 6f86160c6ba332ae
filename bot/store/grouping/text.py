"""Text normalised the one way every grouping measure compares it."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lowercase with accents removed and typographic apostrophes made plain."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
