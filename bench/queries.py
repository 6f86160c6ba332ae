"""`/partners <company>` and the digest, timed end to end on generated stores.

`/partners` is `bot.service.commands.handle_command` (parsing, the store's queries, the Block Kit
answer) on the SQLite file, after a warm-up, for a realistic mix of questions: the most
cited companies, the middle and the long tail, other spellings, pairs, words that are no
company (answered by full-text search). The reference is the naive way to answer: the
company's name searched in the article text (FTS5), partnership articles only, newest
first.

The digest is `bot.store.subscriptions.digest_content` plus `bot.messages.digest_message`,
for a channel watching 50 companies whose last digest was a week of stories ago, and for
one without a schedule (`digest now`: the last 7 days).
"""

from __future__ import annotations

import logging
import random
import re
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.synthdb import TEAM, Store
from bot import messages
from bot.config import Settings
from bot.service.commands import handle_command
from bot.service.context import Context
from bot.service.grammar import split_pair
from bot.store import open_db
from bot.store import subscriptions as subs
from bot.store.queries import fts_phrase

log = logging.getLogger("bench")

CHANNEL = "C0BENCH"
DIGEST_CHANNEL = "C0DIGEST"  # a weekly digest
ADHOC_CHANNEL = "C0ADHOC"  # no schedule: `digest now` covers the last 7 days
WATCHED = 50
_NOT_COMPANIES = ("hydrogen", "cloud services", "quantum widgets", "Zorblax", "batteries",
                  "semiconductor packaging", "Paris", "joint venture")  # fmt: skip
_SUFFIXES = (" Corp", " SA", " Group", " Inc.", "")


@dataclass(frozen=True)
class Timings:
    """Latencies in seconds, and what kind of question each was."""

    seconds: list[float]
    kinds: Counter


def workload(store: Store, n: int, seed: int) -> list[tuple[str, str]]:
    """`n` (kind, question) pairs: 30% the 20 most cited companies, 25% ranks 20-999, 20%
    the tail, 5% other spellings, 10% pairs, 10% words that are no company."""
    rng = random.Random(seed)
    names = store.names
    head, torso, tail = names[:20], names[20:1000], names[1000:] or names[-100:]
    out = []
    for _ in range(n):
        roll = rng.random()
        if roll < 0.30:
            out.append(("head", rng.choice(head)))
        elif roll < 0.55:
            out.append(("torso", rng.choice(torso)))
        elif roll < 0.75:
            out.append(("tail", rng.choice(tail)))
        elif roll < 0.80:
            name = rng.choice(head + torso[:100])
            out.append(("spelling", name.lower() + rng.choice(_SUFFIXES)))
        elif roll < 0.90:
            a, b = rng.sample(head + torso[:200], 2)
            out.append(("pair", f"{a} + {b}"))
        else:
            out.append(("not a company", rng.choice(_NOT_COMPANIES)))
    return out


def context(db, path: Path, channel: str = CHANNEL) -> Context:
    return Context(
        db=db,
        settings=Settings(db_path=path),
        team_id=TEAM,
        channel_id=channel,
        user_id="U0BENCH",
        is_admin=lambda: False,
    )


def partners_latency(store: Store, *, queries: int, warmup: int, seed: int) -> Timings:
    """`handle_command` for each question of the workload, timed one by one."""
    db = open_db(store.path)
    try:
        ctx = context(db, store.path)
        for _, text in workload(store, warmup, seed + 1):
            handle_command(ctx, text)
        seconds, kinds = [], Counter()
        for kind, text in workload(store, queries, seed):
            start = time.perf_counter()
            reply = handle_command(ctx, text)
            seconds.append(time.perf_counter() - start)
            kinds[kind] += 1
            if reply.text.startswith(":warning:"):
                raise RuntimeError(f"/partners {text} failed: {reply.text}")
        return Timings(seconds, kinds)
    finally:
        db.close()


def naive_query(db, text: str) -> list:
    """The naive answer: articles whose text has the name, partnerships only, newest first."""
    pair = split_pair(text)
    terms = [fts_phrase(t) for t in pair] if pair else [fts_phrase(text)]
    match = " AND ".join(t for t in terms if t)
    return db.execute(
        "SELECT a.id, a.title, a.url, a.published, a.summary FROM articles_fts"
        " JOIN articles a ON a.id = articles_fts.rowid"
        " WHERE articles_fts MATCH ? AND a.is_partnership = 1"
        " ORDER BY a.published DESC LIMIT 6",
        [match],
    ).fetchall()


def naive_latency(store: Store, *, queries: int, warmup: int, seed: int) -> list[float]:
    """The naive query for the first `queries` questions of the same workload."""
    db = open_db(store.path)
    try:
        for _, text in workload(store, warmup, seed + 1):
            naive_query(db, text)
        seconds = []
        for _, text in workload(store, queries, seed):
            start = time.perf_counter()
            naive_query(db, text)
            seconds.append(time.perf_counter() - start)
        return seconds
    finally:
        db.close()


def prepare_digest(store: Store) -> None:
    """Two channels watching the same 50 companies (the 10 most cited, then every fifth
    from rank 10): `DIGEST_CHANNEL` with a weekly schedule whose last digest was a week of
    stories ago, `ADHOC_CHANNEL` with none (its digest covers the last 7 days). The last
    week of stories gets `created_at` times within the last 7 days from now."""
    db = open_db(store.path)
    try:
        with db.atomic():
            ranks = list(range(10)) + [10 + 5 * i for i in range(WATCHED - 10)]
            for channel in (DIGEST_CHANNEL, ADHOC_CHANNEL):
                db.execute(
                    "DELETE FROM watches WHERE team_id = ? AND channel_id = ?", [TEAM, channel]
                )
                for rank in ranks[: min(WATCHED, store.orgs)]:
                    subs.add_watch(db, TEAM, channel, rank + 1, user_id="U0BENCH")
            subs.set_digest(
                db,
                TEAM,
                DIGEST_CHANNEL,
                frequency="weekly",
                day_of_week="monday",
                time_of_day="09:00",
                timezone="UTC",
            )
            newest = subs.max_story_id(db)
            week = min(store.stories_per_week, newest)
            db.execute(
                "UPDATE digests SET last_story_id = ?, active = 1 WHERE team_id = ?"
                " AND channel_id = ?",
                [newest - week, TEAM, DIGEST_CHANNEL],
            )
            now = datetime.now(UTC)
            step = timedelta(days=7) / max(week, 1)
            db.conn.executemany(
                "UPDATE stories SET created_at = ? WHERE id = ?",
                [
                    ((now - (newest - i) * step).strftime("%Y-%m-%dT%H:%M:%S.%fZ"), i)
                    for i in range(newest - week + 1, newest + 1)
                ],
            )
    finally:
        db.close()


def digest_latency(store: Store, channel: str, *, runs: int) -> tuple[list[float], int]:
    """(seconds per digest, partnerships in it): `digest_content` plus `digest_message`,
    `runs` times after one warm-up run (nothing is marked sent)."""
    db = open_db(store.path)
    try:
        seconds, size = [], 0
        for i in range(runs + 1):
            start = time.perf_counter()
            content = subs.digest_content(db, TEAM, channel)
            message = messages.digest_message(content.groups())
            if i:
                seconds.append(time.perf_counter() - start)
            size = len(content.partnerships)
            assert message.blocks
        return seconds, size
    finally:
        db.close()


def query_plans(store: Store, seed: int) -> dict[str, list[str]]:
    """Every distinct statement run on the /partners and digest paths (60 questions of the
    workload, two pairs of companies, both digests) -> its query plan, one line per step
    (after `prepare_digest`)."""
    db = open_db(store.path)
    statements: dict[str, str] = {}

    def seen(sql: str) -> None:
        key = " ".join(sql.split())
        if key.upper().startswith(("SELECT", "WITH")):
            statements.setdefault(_shape(key), key)

    try:
        ctx = context(db, store.path)
        db.conn.set_trace_callback(seen)
        try:
            names = store.names
            busy = [f"{names[0]} + {names[1]}", f"{names[0]} + {names[-1]}"]  # two busy, one not
            for text in [text for _, text in workload(store, 60, seed)] + busy:
                handle_command(ctx, text)
            subs.digest_content(db, TEAM, DIGEST_CHANNEL)
            subs.digest_content(db, TEAM, ADHOC_CHANNEL)
        finally:
            db.conn.set_trace_callback(None)
        return {
            sql: [row[3] for row in db.execute("EXPLAIN QUERY PLAN " + sql).fetchall()]
            for sql in statements.values()
        }
    finally:
        db.close()


def format_plans(plans: dict[str, list[str]]) -> str:
    return (
        "\n\n".join(
            sql + "\n" + "\n".join(f"    {step}" for step in steps) for sql, steps in plans.items()
        )
        + "\n"
    )


def _shape(sql: str) -> str:
    """The statement with its literals blanked, to list each query once."""
    return re.sub(r"'[^']*'|\b\d+\b", "?", sql)
