"""Copies of one text: the same press release or wire story on another site.

Pure functions, no database. A copy may be re-headlined, cut short, start at another
paragraph or carry another footer, so the measure is containment: the share of the
shorter body's word 5-shingles that the longer body has too. Jaccard similarity (shared
over union) falls with every cut paragraph; containment does not.

Finding candidates without reading every stored story: each body is fingerprinted by
winnowing (Schleimer, Wilkerson and Aiken, 2003) its shingle hashes: the smallest hash
of every window of `WINDOW` consecutive shingles. Any passage of `WINDOW + SHINGLE_WORDS
- 1` words that two texts share yields a fingerprint both have, wherever it sits in
either text, so an index on fingerprints finds a copy from any part of it.

Thresholds, measured on real articles (`partners-bot eval-grouping --distributions`,
BENCHMARKS.md): containment of copies of one text from different sites was 0.29 to 1.00
(14 pairs of the shared grouping set); of different articles at most 0.05 over 51,040
pairs of the shared training and dev sets, except one pair at 0.135 (two press releases
of one company, written from one template, about deals with two different partners), and
at most 0.01 between different stories about the same companies. `COPY_CONTAINMENT` sits
in that gap, 1.5 times the worst different pair and two thirds of the weakest copy.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from bot.store.grouping.text import fold

SHINGLE_WORDS = 5
WINDOW = 8  # any shared passage of 12 words or more is found
COPY_CONTAINMENT = 0.2
MIN_WORDS = 30  # bodies shorter than this are copies only when nearly identical
SHORT_SIMILARITY = 0.9  # Jaccard needed between such short bodies
MIN_MERGE_WORDS = 8  # below this, never grouped with anything

_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """Lowercase words, accents folded."""
    return _WORD.findall(fold(text or ""))


def shingles(tokens: list[str], size: int = SHINGLE_WORDS) -> list[str]:
    """Distinct word n-grams in order of first appearance (one short gram for short texts)."""
    if not tokens:
        return []
    if len(tokens) <= size:
        return [" ".join(tokens)]
    grams = (" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1))
    return list(dict.fromkeys(grams))


def _hash(gram: str) -> int:
    return int.from_bytes(hashlib.blake2b(gram.encode("utf-8"), digest_size=8).digest())


def winnow(grams: list[str], window: int = WINDOW) -> list[int]:
    """The winnowing fingerprints of a sequence of shingles (distinct, in text order)."""
    hashes = [_hash(g) for g in grams]
    if len(hashes) <= window:
        return list(dict.fromkeys(hashes))
    picked: dict[int, None] = {}
    for start in range(len(hashes) - window + 1):
        chunk = hashes[start : start + window]
        smallest = min(chunk)
        picked[smallest] = None
    return list(picked)


@dataclass(frozen=True)
class Body:
    """An article body as the copy test sees it."""

    n_words: int
    grams: frozenset[str]
    fingerprints: tuple[int, ...]


def body(text: str) -> Body:
    """Shingles and winnowing fingerprints of an article body."""
    tokens = words(text)
    grams = shingles(tokens)
    if len(tokens) < MIN_MERGE_WORDS:
        prints: tuple[int, ...] = ()  # a line this short is never grouped
    elif len(tokens) < MIN_WORDS:
        prints = tuple(dict.fromkeys(_hash(g) for g in grams))  # only near-identical match
    else:
        prints = tuple(winnow(grams))
    return Body(len(tokens), frozenset(grams), prints)


def containment(a: Body, b: Body) -> float:
    """The share of the shorter body's shingles found in the longer one."""
    smaller, larger = sorted((a.grams, b.grams), key=len)
    return len(smaller & larger) / len(smaller) if smaller else 0.0


def jaccard(a: Body, b: Body) -> float:
    union = len(a.grams | b.grams)
    return len(a.grams & b.grams) / union if union else 0.0


def copy_score(a: Body, b: Body) -> float:
    """How much of one body the other holds: containment, or for short bodies (a line or
    two, which a long text may contain by chance) their Jaccard similarity."""
    if min(a.n_words, b.n_words) < MIN_WORDS:
        return jaccard(a, b)
    return containment(a, b)


def is_copy(a: Body, b: Body) -> bool:
    """Whether the two bodies are copies of one text (whatever part each holds)."""
    if min(a.n_words, b.n_words) < MIN_MERGE_WORDS:
        return False
    if min(a.n_words, b.n_words) < MIN_WORDS:
        return jaccard(a, b) >= SHORT_SIMILARITY
    return containment(a, b) >= COPY_CONTAINMENT
