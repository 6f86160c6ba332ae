"""What an article looks like to near-duplicate grouping: a MinHash signature over word
5-shingles of its title and text, and its LSH band keys.

A second, small set of bands comes from the opening of the body only (the "lead"): a
reprint cut after three paragraphs shares few bands with the whole article but all of
its lead bands.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import numpy as np

SHINGLE_WORDS = 5
SEED = 20_240_501  # changing it (or num_perm) invalidates every stored signature
LEAD_SHINGLES = 40  # shingles of the body's opening that make the lead signature
LEAD_BANDS = 16
LEAD_ROWS = 2
MIN_WORDS = 30  # below this, only near-identical texts are the same story
MIN_SHINGLES = MIN_WORDS - SHINGLE_WORDS + 1
MIN_MERGE_WORDS = 8  # below this, never grouped with anything

_WORD = re.compile(r"\w+")
_MASK64 = np.uint64(0xFFFFFFFFFFFFFFFF)


def words(text: str) -> list[str]:
    """The text's words, case-folded."""
    return _WORD.findall(text.casefold())


def shingles(tokens: list[str], size: int = SHINGLE_WORDS) -> list[str]:
    """Distinct word n-grams in order of first appearance (one short gram for short texts)."""
    if not tokens:
        return []
    if len(tokens) <= size:
        return [" ".join(tokens)]
    grams = (" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1))
    return list(dict.fromkeys(grams))


def _hash64(values: list[str]) -> np.ndarray:
    return np.fromiter(
        (
            int.from_bytes(hashlib.blake2b(v.encode("utf-8", "replace"), digest_size=8).digest())
            for v in values
        ),
        dtype=np.uint64,
        count=len(values),
    )


class MinHasher:
    """MinHash by multiply-shift hashing of 64-bit shingle hashes; deterministic."""

    def __init__(self, num_perm: int, seed: int = SEED):
        rng = np.random.default_rng(seed)
        self.num_perm = num_perm
        self.a = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64) * np.uint64(2) + 1
        self.b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)

    def signature(self, grams: list[str]) -> np.ndarray:
        if not grams:
            return np.full(self.num_perm, 0xFFFFFFFF, dtype=np.uint32)
        hashed = _hash64(grams)[:, None]
        mixed = (hashed * self.a[None, :] + self.b[None, :]) & _MASK64
        return (mixed >> np.uint64(32)).min(axis=0).astype(np.uint32)


def _band_keys(prefix: str, signature: np.ndarray, bands: int, rows: int) -> list[str]:
    keys = []
    for band in range(bands):
        chunk = signature[band * rows : (band + 1) * rows].astype("<u4").tobytes()
        digest = hashlib.blake2b(chunk, digest_size=6).hexdigest()
        keys.append(f"{prefix}{band:02d}:{digest}")
    return keys


@dataclass(frozen=True)
class Fingerprint:
    """What one article looks like to the grouper."""

    n_words: int
    n_shingles: int
    signature: np.ndarray
    bands: list[str]
    body: frozenset[str]


class Fingerprinter:
    """Fingerprints with one set of MinHash settings (those of the stored signatures)."""

    def __init__(self, num_perm: int = 128, bands: int = 32):
        if num_perm % bands:
            raise ValueError(f"num_perm ({num_perm}) must be a multiple of bands ({bands})")
        self.bands = bands
        self.rows = num_perm // bands
        self.hasher = MinHasher(num_perm)
        self.lead_hasher = MinHasher(LEAD_BANDS * LEAD_ROWS, seed=SEED + 1)

    def fingerprint(self, title: str, text: str) -> Fingerprint:
        """The article's signature, band keys and body shingles."""
        body_tokens = words(text or "")
        all_tokens = words(title or "") + body_tokens
        body = shingles(body_tokens)
        grams = shingles(all_tokens)
        signature = self.hasher.signature(grams)
        keys = []
        if len(all_tokens) >= MIN_MERGE_WORDS:  # tiny texts are never grouped: no bands
            keys = _band_keys("f", signature, self.bands, self.rows)
        if len(body_tokens) >= MIN_WORDS:
            lead = self.lead_hasher.signature(body[:LEAD_SHINGLES])
            keys += _band_keys("l", lead, LEAD_BANDS, LEAD_ROWS)
        return Fingerprint(len(all_tokens), len(grams), signature, keys, frozenset(body))
