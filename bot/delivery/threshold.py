"""The confidence a partnership needs to be posted in a channel, when neither the channel
nor its workspace chose one: `PARTNERS_MIN_CONFIDENCE`, else the trained detector's own
operating threshold (`bot.nlp.learned.default_threshold`, read from the shipped weights
file without loading spaCy or the models)."""

from __future__ import annotations

from bot.config import Settings
from bot.nlp.learned import default_threshold


def default_min_confidence(settings: Settings) -> float:
    """PARTNERS_MIN_CONFIDENCE when set, else the trained detector's threshold."""
    if settings.min_confidence is not None:
        return settings.min_confidence
    return default_threshold()
