"""Plain data passed between ingestion, analysis, storage and delivery."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

DEAL_TYPES = (
    "mou",
    "strategic_partnership",
    "joint_venture",
    "collaboration",
    "distribution_agreement",
    "licensing",
    "other",
)
SUPPORTED_LANGS = ("en", "fr")


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
    deal_type: str | None = None
    topics: list[str] = field(default_factory=list)
    evidence: str | None = None
    summary: str = ""

    def to_dict(self) -> dict:
        return asdict(self)
