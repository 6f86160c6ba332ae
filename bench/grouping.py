"""Story grouping cost per article (`StoryGrouper.assign`) against the store's size.

A store of N stories (one article each, with its fingerprints and index keys, as `assign`
would have written them) is generated once and cached; keys are computed by the real
`bot.store.stories.index_article` in two processes. Then new articles are assigned one
by one inside a transaction that is rolled back: 70% new stories, 30% reprints of a
stored article (retitled, cut short, started at a later paragraph or with a paragraph
added), which must be matched.
"""

from __future__ import annotations

import logging
import os
import random
import sqlite3
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from bench.news import mix
from bench.synthdb import bulk_load
from bot.store import open_db
from bot.store.stories import StoryGrouper, index_article

log = logging.getLogger("bench")

VERSION = 3  # 2: fingerprints and actor pairs instead of MinHash bands; 3: evidence kept
CHUNK = 2_000
REPRINT_SHARE = 0.3


def _rows(args: tuple[int, int, int]) -> list[tuple]:
    """Articles `start`..`start+count` of the store: text and fingerprint."""
    start, count, seed = args
    rows = []
    for offset, item in enumerate(mix(count, seed=seed * 100_003 + start)):
        indexed = index_article(
            item.title, item.text, item.published, item.lang, first_seen=item.published
        )
        rows.append(
            (start + offset + 1, item.title, item.text, item.lang, item.published,
             indexed.signature, len(indexed.body.grams), indexed.keys,
             indexed.evidence.to_json())
        )  # fmt: skip
    return rows


def _fill(conn: sqlite3.Connection, n: int, seed: int) -> None:
    jobs = [(start, min(CHUNK, n - start), seed) for start in range(0, n, CHUNK)]
    bands: list[tuple[str, int]] = []
    with ProcessPoolExecutor(max_workers=min(2, os.cpu_count() or 1)) as pool:
        for rows in pool.map(_rows, jobs):
            conn.executemany(
                "INSERT INTO stories (id, title, lang, published, created_at, updated_at,"
                " first_article_id, n_articles) VALUES (?, ?, ?, ?, ?, ?, ?, 1)",
                [(r[0], r[1], r[3], r[4], r[4], r[4], r[0]) for r in rows],
            )
            conn.executemany(
                "INSERT INTO articles (id, uid, title, text, published, fetched_at,"
                " content_hash, lang, story_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (r[0], f"url:https://news.example/{r[0]}", r[1], r[2], r[4], r[4],
                     f"{r[0]:040x}", r[3], r[0])
                    for r in rows
                ],
            )  # fmt: skip
            conn.executemany(
                "INSERT INTO story_signatures (article_id, story_id, signature, shingles,"
                " evidence) VALUES (?, ?, ?, ?, ?)",
                [(r[0], r[0], r[5], r[6], r[8]) for r in rows],
            )
            bands.extend((band, r[0]) for r in rows for band in r[7])
            if rows[-1][0] % (10 * CHUNK) == 0 or rows[-1][0] == n:
                log.info("  %d / %d stories", rows[-1][0], n)
    bands.sort()
    conn.executemany("INSERT OR IGNORE INTO story_bands (band, story_id) VALUES (?, ?)", bands)


def stories_store(n: int, seed: int, out_dir: Path) -> Path:
    """The store of `n` stories for `seed`, generated unless cached in `out_dir`."""
    path = out_dir / f"stories-{n}-s{seed}-v{VERSION}.db"
    if path.exists():
        return path
    log.info("generating %d stories into %s", n, path)
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    for leftover in out_dir.glob(tmp.name + "*"):
        leftover.unlink()
    tables = ("articles", "stories", "story_signatures", "story_bands")
    bulk_load(tmp, lambda conn: _fill(conn, n, seed), tables)
    os.replace(tmp, path)
    return path


def _reprint(rng: random.Random, title: str, text: str) -> tuple[str, str]:
    """Another outlet's copy: a new headline, the body cut short, started at a later
    paragraph or with a paragraph added."""
    paragraphs = text.split("\n\n")
    roll = rng.random()
    if roll < 0.3:
        paragraphs = paragraphs[: max(3, int(len(paragraphs) * rng.uniform(0.5, 0.8)))]
    elif roll < 0.5:
        paragraphs = paragraphs[rng.randint(1, max(1, len(paragraphs) // 3)) :]
    elif roll < 0.7:
        paragraphs.append("This article first appeared on our partner site.")
    return f"{title} | Wire", "\n\n".join(paragraphs)


@dataclass(frozen=True)
class Grouping:
    seconds: list[float]  # per assign
    matched: int  # reprints put into the stored story they copy
    reprints: int


def assign_cost(path: Path, *, articles: int, seed: int, warmup: int = 0) -> Grouping:
    """Time `assign` for `articles` new articles, after `warmup` more that are not timed
    (the connection's page cache fills as a long-running ingest's would); nothing is kept."""
    db = open_db(path)
    rng = random.Random(seed)
    grouper = StoryGrouper(db)
    stored = db.execute("SELECT MAX(id) FROM articles").fetchone()[0]
    fresh = mix(warmup + articles, seed=seed + 7)
    seconds, matched, reprints = [], 0, 0
    conn = db.conn
    conn.execute("BEGIN")
    try:
        for i, item in enumerate(fresh):
            title, text, published, original = item.title, item.text, item.published, None
            if rng.random() < REPRINT_SHARE:
                original = rng.randint(1, stored)
                row = conn.execute(
                    "SELECT title, text, story_id, published FROM articles WHERE id = ?",
                    [original],
                ).fetchone()
                title, text = _reprint(rng, row[0], row[1])
                original, published = row[2], row[3]  # reprinted the day it came out
            article_id = conn.execute(
                "INSERT INTO articles (uid, title, text, published, fetched_at, content_hash,"
                " lang) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [f"bench:{seed}:{i}", title, text, published, published, "x", item.lang],
            ).lastrowid
            start = time.perf_counter()
            story_id, _ = grouper.assign(
                article_id, title, text, published, item.lang, first_seen=published
            )
            if i < warmup:
                continue
            seconds.append(time.perf_counter() - start)
            if original is not None:
                reprints += 1
                matched += story_id == original
    finally:
        conn.rollback()
        db.close()
    return Grouping(seconds, matched, reprints)


def describe(path: Path) -> dict:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {
            "stories": conn.execute("SELECT COUNT(*) FROM stories").fetchone()[0],
            "bands": conn.execute("SELECT COUNT(*) FROM story_bands").fetchone()[0],
        }
    finally:
        conn.close()
