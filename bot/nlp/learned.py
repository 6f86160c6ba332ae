"""The learned decisions: is it a partnership, what kind of deal, which names are parties.

Three linear models (see `linear`) trained by `partners-bot train` on labelled articles
(`bot.nlp.training`), saved as one JSON file in `patterns/weights/`, loaded once per process.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bot.nlp.linear import LinearModel
from bot.nlp.names import normalise_name
from bot.nlp.resources import PATTERNS_DIR

log = logging.getLogger(__name__)

WEIGHTS_FILE = PATTERNS_DIR / "weights" / "partnership.json"
PARTY_THRESHOLD = 0.5
MIN_PARTIES = 2
MAX_PARTIES = 6


@dataclass
class Models:
    """The three learned decisions and the detection threshold they were tuned with."""

    detector: LinearModel
    deal: LinearModel
    party: LinearModel
    threshold: float = 0.5
    party_threshold: float = PARTY_THRESHOLD
    meta: dict | None = None

    def detection(self, features: dict[str, float]) -> float:
        """P(the main news is a partnership)."""
        return self.detector.predict(features)

    def deal_type(self, features: dict[str, float]) -> str:
        dist = self.deal.distribution(features)
        return max(dist, key=dist.get)

    def parties(self, candidates: list) -> list[str]:
        """Names of the candidates the party model keeps, at least two when there are two,
        in reading order."""
        for c in candidates:
            c.probability = self.party.predict(c.features)
        ranked = sorted(candidates, key=lambda c: c.probability, reverse=True)
        chosen = [c for c in ranked if c.probability >= self.party_threshold]
        for c in ranked:
            if len(chosen) >= MIN_PARTIES:
                break
            if c not in chosen:
                chosen.append(c)
        chosen = chosen[:MAX_PARTIES]
        chosen.sort(key=lambda c: c.start)
        names, seen = [], set()
        for c in chosen:
            key = normalise_name(c.name)
            if key not in seen:
                seen.add(key)
                names.append(c.name)
        return names

    def to_dict(self) -> dict:
        return {
            "meta": self.meta or {},
            "threshold": self.threshold,
            "party_threshold": self.party_threshold,
            "detector": self.detector.to_dict(),
            "deal": self.deal.to_dict(),
            "party": self.party.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict) -> Models:
        return cls(
            detector=LinearModel.from_dict(data["detector"]),
            deal=LinearModel.from_dict(data["deal"]),
            party=LinearModel.from_dict(data["party"]),
            threshold=float(data["threshold"]),
            party_threshold=float(data.get("party_threshold", PARTY_THRESHOLD)),
            meta=data.get("meta"),
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
    return Models.load(WEIGHTS_FILE)
