"""Plain data passed between ingestion, analysis, storage and delivery, and the words
people read for stored ids (deal types, topics)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path

DEAL_TYPES = (
    "mou",
    "strategic_partnership",
    "joint_venture",
    "collaboration",
    "distribution_agreement",
    "licensing",
    "other",
)
DEAL_LABELS = {
    "mou": "MoU",
    "strategic_partnership": "Strategic partnership",
    "joint_venture": "Joint venture",
    "collaboration": "Collaboration",
    "distribution_agreement": "Distribution agreement",
    "licensing": "Licensing",
    "other": "Partnership",
}
SUPPORTED_LANGS = ("en", "fr")
# The topic vocabulary: ids with labels and aliases per language. The analysis matches the
# aliases (`bot.nlp.topics`); everything shown to people uses the labels (`topic_label`).
TOPICS_FILE = Path(__file__).parent / "nlp" / "patterns" / "topics.json"


@dataclass(frozen=True)
class Article:
    """One news item as it came in, before analysis.

    `uid` is stable across re-ingestion (canonical URL, else guid, else content hash).
    `published` is an ISO-8601 string (UTC) or None.
    """

    uid: str
    title: str
    text: str
    url: str | None = None
    published: str | None = None
    source: str | None = None
    lang: str | None = None
    external_id: str | None = None


@dataclass(frozen=True)
class Analysis:
    """What the NLP found in one article."""

    lang: str
    supported: bool = True
    is_partnership: bool = False
    confidence: float = 0.0
    parties: list[str] = field(default_factory=list)
    party_aliases: dict[str, list[str]] = field(default_factory=dict)  # other names used
    deal_type: str | None = None
    topics: list[str] = field(default_factory=list)
    evidence: str | None = None
    summary: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


def deal_label(deal_type: str | None) -> str:
    """What people read for a deal type id: "Joint venture"."""
    if not deal_type:
        return DEAL_LABELS["other"]
    return DEAL_LABELS.get(deal_type) or deal_type.replace("_", " ").strip().capitalize()


@cache
def _topic_labels() -> dict[str, dict[str, str]]:
    with open(TOPICS_FILE, encoding="utf-8") as f:
        data = json.load(f)
    return {topic: dict(entry.get("label") or {}) for topic, entry in data.items()}


def topic_ids() -> tuple[str, ...]:
    """Every topic id of the vocabulary, in file order."""
    return tuple(_topic_labels())


def topic_label(topic: str, lang: str = "en") -> str:
    """What people read for a topic id: "Voice assistants", « Assistants vocaux ».

    An id the vocabulary no longer has (stored before a change) is shown in words too.
    """
    labels = _topic_labels().get(topic)
    if labels:
        return labels.get(lang) or labels.get("en") or topic
    return topic.replace("_", " ").strip().capitalize() or topic


def topic_labels(topics: Iterable[str], lang: str = "en") -> list[str]:
    """Labels of `topics`, in their order, without repeats."""
    return list(dict.fromkeys(topic_label(t, lang) for t in topics))
