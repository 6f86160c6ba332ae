"""The confidence a partnership needs to be posted in a channel, when neither the channel
nor its workspace chose one: `PARTNERS_MIN_CONFIDENCE`, else the trained detector's own
operating threshold."""

from __future__ import annotations

from bot.config import Settings

FALLBACK = 0.5  # no trained weights and no setting: the rules' own decision point


def trained_threshold() -> float:
    """The detector's operating threshold from the shipped weights (`bot.nlp.learned`),
    read without loading spaCy; `FALLBACK` when the package has none."""
    try:
        from bot.nlp.learned import default_threshold
    except ImportError:  # the learned analysis is not in this build
        return FALLBACK
    return float(default_threshold())


def default_min_confidence(settings: Settings) -> float:
    """PARTNERS_MIN_CONFIDENCE when set, else the trained detector's threshold."""
    if settings.min_confidence is not None:
        return settings.min_confidence
    return trained_threshold()
