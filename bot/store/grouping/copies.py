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
from functools import lru_cache

import numpy as np

from bot.store.grouping.text import fold

SHINGLE_WORDS = 5
WINDOW = 12  # any shared passage of 16 words or more is found
COPY_CONTAINMENT = 0.2
MIN_WORDS = 30  # bodies shorter than this are copies only when nearly identical
SHORT_SIMILARITY = 0.9  # Jaccard needed between such short bodies
MIN_MERGE_WORDS = 8  # below this, never grouped with anything

_WORD = re.compile(r"\w+")
_BASE = np.uint64(0x100000001B3)  # an odd multiplier (FNV's prime) for shingle hashes


def words(text: str) -> list[str]:
    """Lowercase words, accents folded."""
    return _WORD.findall(fold(text or ""))


def shingles(tokens: list[str], size: int = SHINGLE_WORDS) -> list[str]:
    """Distinct word n-grams in order of first appearance (one short gram for short texts);
    `shingle_hashes` gives the same, hashed, which is what bodies keep."""
    if not tokens:
        return []
    if len(tokens) <= size:
        return [" ".join(tokens)]
    grams = (" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1))
    return list(dict.fromkeys(grams))


@lru_cache(maxsize=262_144)
def _word_hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest())


def shingle_hashes(tokens: list[str], size: int = SHINGLE_WORDS) -> np.ndarray:
    """A 64-bit hash per word n-gram, in text order (deterministic: they are stored).

    Each word is hashed once; an n-gram's hash is a polynomial of its words' hashes,
    computed for every position at once.
    """
    if not tokens:
        return np.zeros(0, dtype=np.uint64)
    words_ = np.fromiter((_word_hash(w) for w in tokens), dtype=np.uint64, count=len(tokens))
    width = min(size, len(tokens))
    hashes = np.zeros(len(tokens) - width + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for offset in range(width):
            hashes = hashes * _BASE + words_[offset : offset + len(hashes)]
    return hashes


def winnow(hashes: np.ndarray, window: int = WINDOW) -> list[int]:
    """The winnowing fingerprints of shingle hashes: the smallest of every `window`
    consecutive ones (distinct, in text order)."""
    if len(hashes) <= window:
        return list(dict.fromkeys(int(h) for h in hashes))
    smallest = np.lib.stride_tricks.sliding_window_view(hashes, window).min(axis=1)
    return list(dict.fromkeys(int(h) for h in smallest))


@dataclass(frozen=True)
class Body:
    """An article body as the copy test sees it: its distinct shingle hashes."""

    n_words: int
    grams: frozenset[int]
    fingerprints: tuple[int, ...]


def body(text: str, *, fingerprints: bool = True) -> Body:
    """Shingles and winnowing fingerprints of an article body (the fingerprints only
    when asked: comparing a stored body needs its shingles alone)."""
    tokens = words(text)
    hashes = shingle_hashes(tokens)
    grams = frozenset(hashes.tolist())
    if not fingerprints or len(tokens) < MIN_MERGE_WORDS:
        prints: tuple[int, ...] = ()  # a line this short is never grouped
    elif len(tokens) < MIN_WORDS:
        prints = tuple(dict.fromkeys(hashes.tolist()))  # only near-identical match
    else:
        prints = tuple(winnow(hashes))
    return Body(len(tokens), grams, prints)


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
