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
    patterns: tuple[list[dict], ...] = ()  # spaCy Matcher token patterns ("as its ... partner")


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
    return lexicon_from(lang, lexicon_data(lang))


def lexicon_data(lang: str) -> dict:
    """The package's trigger file for a language, as data."""
    return _read_json(f"triggers_{lang}.json")


def lexicon_from(lang: str, data: dict) -> Lexicon:
    positive = tuple(
        TriggerGroup(
            deal_type=g["deal_type"],
            strength=float(g["strength"]),
            terms=tuple(g["terms"]),
            case_sensitive=tuple(g.get("case_sensitive", ())),
            patterns=tuple(g.get("patterns", ())),
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


class TokenPatterns:
    """spaCy Matcher token patterns ("as its <adj> partner"), run only where they can match.

    A Matcher with optional tokens costs far more than a phrase matcher over a whole article,
    so a phrase matcher finds the patterns' last words first ("partner", "lab"), and the
    Matcher runs on the few tokens before each one that also hold a first word ("as").
    """

    def __init__(self, vocab):
        from spacy.matcher import Matcher, PhraseMatcher  # only the analysis needs spaCy

        self.matcher = Matcher(vocab)
        self.last_words = PhraseMatcher(vocab, attr="LOWER")
        self.first_words: set[str] = set()
        self.width = 0

    def add(self, key: str, patterns, make_doc) -> None:
        for pattern in patterns:
            first, last = _words_of(pattern[0]), _words_of(pattern[-1])
            if not first or not last:
                raise ValueError(f"a token pattern needs LOWER words first and last: {pattern}")
            self.first_words.update(first)
            self.last_words.add("LAST", [make_doc(w) for w in last])
            self.width = max(self.width, len(pattern))
        self.matcher.add(key, list(patterns))

    def __call__(self, doc) -> list[tuple[int, int, int]]:
        if not len(self.matcher):
            return []
        found = set()
        for _, _start, end in self.last_words(doc):
            window = doc[max(0, end - self.width) : end]
            if any(t.lower_ in self.first_words for t in window):
                found.update(
                    (k, window.start + s, window.start + e) for k, s, e in self.matcher(window)
                )
        return sorted(found, key=lambda m: (m[1], m[2]))


def _words_of(token_pattern: dict) -> list[str]:
    lower = token_pattern.get("LOWER")
    if isinstance(lower, str):
        return [lower]
    return list(lower.get("IN", ())) if isinstance(lower, dict) else []


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


@cache
def places() -> frozenset[str]:
    """Countries, cities and regions (EN and FR), lowercase with accents folded."""
    return frozenset(_read_json("places.json")["places"])
