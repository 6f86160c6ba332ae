"""The pattern files under `patterns/`, read once per process."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PATTERNS_DIR = Path(__file__).parent / "patterns"
LANGS = ("en", "fr")


@dataclass(frozen=True)
class TriggerGroup:
    """Terms that announce a deal of one type, with how strongly they do."""

    deal_type: str
    strength: float
    terms: tuple[str, ...]
    case_sensitive: tuple[str, ...] = ()


@dataclass(frozen=True)
class Lexicon:
    """Everything the partnership component matches in one language."""

    lang: str
    positive: tuple[TriggerGroup, ...]
    negative: dict[str, tuple[float, tuple[str, ...]]]
    modifiers: dict[str, tuple[str, ...]]
    deal_hints: dict[str, tuple[str, ...]]


def _read_json(name: str):
    with open(PATTERNS_DIR / name, encoding="utf-8") as f:
        return json.load(f)


@cache
def lexicon(lang: str) -> Lexicon:
    data = _read_json(f"triggers_{lang}.json")
    positive = tuple(
        TriggerGroup(
            deal_type=g["deal_type"],
            strength=float(g["strength"]),
            terms=tuple(g["terms"]),
            case_sensitive=tuple(g.get("case_sensitive", ())),
        )
        for g in data["positive"]
    )
    negative = {
        family: (float(spec["strength"]), tuple(spec["terms"]))
        for family, spec in data["negative"].items()
    }
    return Lexicon(
        lang=lang,
        positive=positive,
        negative=negative,
        modifiers={k: tuple(v) for k, v in data["modifiers"].items()},
        deal_hints={k: tuple(v) for k, v in data["deal_hints"].items()},
    )


@cache
def name_rules() -> dict[str, frozenset[str]]:
    """Legal suffixes, descriptors, demonyms and places used to tidy company names."""
    return {key: frozenset(values) for key, values in _read_json("names.json").items()}


@cache
def company_patterns() -> tuple[dict, ...]:
    """The seed alias table: entity-ruler patterns whose `id` is the canonical name."""
    rows = []
    with open(PATTERNS_DIR / "companies.jsonl", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                rows.append(json.loads(line))
    return tuple(rows)


@cache
def topic_vocabulary() -> dict[str, dict[str, tuple[str, ...]]]:
    """Topic id -> language -> keywords."""
    data = _read_json("topics.json")
    return {
        topic: {lang: tuple(words.get(lang, ())) for lang in LANGS} for topic, words in data.items()
    }
