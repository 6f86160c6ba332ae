"""The learned decisions: is it a partnership, what kind of deal, which names are parties,
and, before any of them, whether an article is worth the models' time (the gate, `gate`).

Linear models (see `linear`) trained by `partners-bot train` on labelled articles
(`bot.nlp.training`), saved as one JSON file in `patterns/weights/`, loaded once per process.
"""

from __future__ import annotations

import json
import logging
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from bot.nlp.names import normalise_name
from bot.nlp.resources import PATTERNS_DIR

if TYPE_CHECKING:
    from bot.nlp.linear import LinearModel

log = logging.getLogger(__name__)

WEIGHTS_FILE = PATTERNS_DIR / "weights" / "partnership.json"
PARTY_THRESHOLD = 0.6
MIN_PARTIES = 2
MAX_PARTIES = 6
LISTED_THRESHOLD = 0.2  # see `listed_party`
LEXICAL_PREFIXES = ("w:", "h:")  # word features (see features.lexical)


def listed_party(candidate) -> bool:
    """A third or later party the model doubts, kept when the rules chose it and the article
    lists it with other names ("A, B and C signed ..."): lists of parties are where the
    model's doubt about the later names is most often wrong."""
    f = candidate.features
    return (
        candidate.rule_choice
        and candidate.probability >= LISTED_THRESHOLD
        and bool(f.get("in_list") or f.get("listed_with_party"))
    )


def structural(features: dict[str, float]) -> dict[str, float]:
    """The features that describe how the news is told, without the words themselves."""
    return {k: v for k, v in features.items() if not k.startswith(LEXICAL_PREFIXES)}


@dataclass
class Models:
    """The three learned decisions and the detection threshold they were tuned with.

    Detection averages two views: `detector` reads every feature, words included;
    `structure` reads the rules' findings only. Words carry most of the signal on the
    kind of articles the models learned from, the structure carries over to unseen styles
    (a two-line feed item, a new outlet's phrasing): together they keep both.
    """

    detector: LinearModel
    structure: LinearModel
    deal: LinearModel
    party: LinearModel
    threshold: float = 0.5
    party_threshold: float = PARTY_THRESHOLD
    meta: dict | None = None
    gate: LinearModel | None = None  # over the first pass's features (`gate.gate_features`)
    gate_threshold: float = 0.0  # articles the gate scores below it never reach the models

    def passes_gate(self, features: dict[str, float]) -> bool:
        """Should an article the rule pass sent on reach the models? Always, without a gate."""
        return self.gate is None or self.gate.predict(features) >= self.gate_threshold

    def detection(self, features: dict[str, float]) -> float:
        """P(the main news is a partnership)."""
        z = 0.5 * float(self.detector.scores(features)[0]) + 0.5 * float(
            self.structure.scores(structural(features))[0]
        )
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def deal_type(self, features: dict[str, float]) -> str:
        dist = self.deal.distribution(features)
        return max(dist, key=dist.get)

    def parties(self, candidates: list) -> list[str]:
        """Names of the candidates the party model keeps (see `choose`)."""
        return [c.name for c in self.choose(candidates)]

    def choose(self, candidates: list) -> list:
        """The candidates the party model keeps, at least two when there are two, one per
        organisation, in reading order."""
        for c in candidates:
            c.probability = self.party.predict(c.features)
        ranked = sorted(candidates, key=lambda c: c.probability, reverse=True)
        chosen = [c for c in ranked if c.probability >= self.party_threshold]
        for c in ranked:
            if len(chosen) >= MIN_PARTIES:
                break
            if c not in chosen:
                chosen.append(c)
        if len(chosen) >= MIN_PARTIES:
            chosen += [c for c in ranked if c not in chosen and listed_party(c)]
        chosen = chosen[:MAX_PARTIES]
        chosen.sort(key=lambda c: c.start)
        kept, seen = [], set()
        for c in chosen:
            key = normalise_name(c.name)
            if key not in seen:
                seen.add(key)
                kept.append(c)
        return kept

    def to_dict(self) -> dict:
        return {
            "meta": self.meta or {},
            "threshold": self.threshold,
            "party_threshold": self.party_threshold,
            "detector": self.detector.to_dict(),
            "structure": self.structure.to_dict(),
            "deal": self.deal.to_dict(),
            "party": self.party.to_dict(),
            "gate": self.gate.to_dict() if self.gate is not None else None,
            "gate_threshold": self.gate_threshold,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Models:
        from bot.nlp.linear import LinearModel  # numpy: only where models are used

        return cls(
            detector=LinearModel.from_dict(data["detector"]),
            structure=LinearModel.from_dict(data["structure"]),
            deal=LinearModel.from_dict(data["deal"]),
            party=LinearModel.from_dict(data["party"]),
            threshold=float(data["threshold"]),
            party_threshold=float(data.get("party_threshold", PARTY_THRESHOLD)),
            meta=data.get("meta"),
            gate=LinearModel.from_dict(data["gate"]) if data.get("gate") else None,
            gate_threshold=float(data.get("gate_threshold", 0.0)),
        )

    def save(self, path: Path = WEIGHTS_FILE) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            json.dump(self.to_dict(), f, ensure_ascii=False, separators=(",", ":"))
            f.write("\n")

    @classmethod
    def load(cls, path: Path = WEIGHTS_FILE) -> Models:
        with open(path, encoding="utf-8") as f:
            return cls.from_dict(json.load(f))


@cache
def shipped_models() -> Models | None:
    """The weights that ship with the package, or None when there are none (a fresh
    checkout before `partners-bot train`; the rules then decide alone)."""
    if not WEIGHTS_FILE.exists():
        log.warning("no trained weights at %s: the rules decide alone", WEIGHTS_FILE)
        return None
    try:
        return Models.load(WEIGHTS_FILE)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("unusable weights at %s (%s): the rules decide alone", WEIGHTS_FILE, exc)
        return None


@cache
def default_threshold() -> float:
    """The shipped detector's operating threshold: the confidence from which an article is a
    partnership, and the default of `PARTNERS_MIN_CONFIDENCE`. Read without loading the
    models (the web process never does); 0.5 without trained weights."""
    try:
        with open(WEIGHTS_FILE, encoding="utf-8") as f:
            return float(json.load(f)["threshold"])
    except (OSError, ValueError, KeyError):
        return 0.5
