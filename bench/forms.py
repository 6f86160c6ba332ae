"""Every `/partners` form that `/partners help` lists, timed on the generated stores.

Each form of `bot.service.grammar.COMMANDS` gets questions of its own, drawn to be hard for
the store: the most cited companies, pairs of two of the twenty most cited, searches of
common words that are rarely in one article (an English and a French stop word), names
that are no company and whose words are common. A form without questions here is asked
its own examples from `/partners help`, so a new form is measured from the day it exists.

What is timed is `handle_command` end to end (parsing, the store's reads, the Block Kit
answer), in one process on the SQLite file. For `map` and `trends`, whose words come after
the acknowledgement, the deferred part is timed too, with drawing left out (`ctx.draw`
returns no picture: drawing is measured by `bench.insights` and `bench.drawing`). For
`export`, `read`, `feeds add` and `digest now`, only the immediate answer (what Slack
waits for): the CSV, the page and the posted digest come after it. Periods end on the
store's last deal day (the generated news is dated 2023 onwards), not today.
"""

from __future__ import annotations

import logging
import os
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from unittest import mock

from bench import queries
from bench.measure import percentile
from bench.synthdb import Store
from bench.table import Row
from bot.service.commands import handle_command
from bot.service.grammar import COMMANDS
from bot.store import open_db

log = logging.getLogger("bench")

SCRATCH = "C0SCRATCH"  # watch, unwatch, digest schedules: a channel of their own
ENGLISH_STOPWORDS = ("the", "and", "with", "its", "for", "said")
FRENCH_STOPWORDS = ("la", "le", "les", "des", "une", "avec")
TOPICS = ("hydrogen", "battery recycling", "cloud services", "partnership agreement",
          "quantum", "semiconductor plant", "joint venture", "data centre")  # fmt: skip


@dataclass(frozen=True)
class Form:
    """One form as measured: its label, how to ask it, where, and what is timed."""

    key: str
    label: str
    ask: Callable[[Store, random.Random, int], str]
    channel: str = queries.ADHOC_CHANNEL
    deferred: bool = False  # time the deferred part too (map, trends: the words)
    admin: bool = False


def _head(store: Store, rng: random.Random) -> str:
    return rng.choice(store.names[:20])


def _company(store: Store, rng: random.Random, i: int) -> str:
    names = store.names
    band = (names[:20], names[20:1000], names[1000:] or names[-100:])[i % 3]
    return rng.choice(band)


def _stopwords(rng: random.Random) -> str:
    pair = [rng.choice(ENGLISH_STOPWORDS), rng.choice(FRENCH_STOPWORDS)]
    rng.shuffle(pair)
    return " ".join(pair)


FORMS: tuple[Form, ...] = (
    Form("company", "<company> (top 20, ranks 20-999, tail)", _company),
    Form(
        "company-words",
        "<company>: two common words, no company (`the la`)",
        lambda s, r, i: _stopwords(r),
    ),
    Form(
        "pair",
        "<company> + <company>: two of the top 20",
        lambda s, r, i: " + ".join(r.sample(s.names[:20], 2)),
    ),
    Form(
        "pair-none",
        "<company> + <company>: top 20 + tail, never partners",
        lambda s, r, i: f"{_head(s, r)} + {r.choice(s.names[-200:])}",
    ),
    Form(
        "search",
        "search <words>: topics (`battery recycling`)",
        lambda s, r, i: f"search {r.choice(TOPICS)}",
    ),
    Form(
        "search-common",
        "search <words>: common, never together (`the la`)",
        lambda s, r, i: f"search {_stopwords(r)}",
    ),
    Form(
        "watch",
        "watch <company> (then unwatched)",
        lambda s, r, i: f"watch {_company(s, r, i)}",
        channel=SCRATCH,
    ),
    Form(
        "unwatch",
        "unwatch <company> (watched just before)",
        lambda s, r, i: f"unwatch {_company(s, r, i)}",
        channel=SCRATCH,
    ),
    Form("watchlist", "watchlist (50 companies watched)", lambda s, r, i: "watchlist"),
    Form(
        "digest",
        "digest weekly <day> 09:00 (set)",
        lambda s, r, i: f"digest weekly {('monday', 'friday')[i % 2]} 09:00",
        channel=SCRATCH,
    ),
    Form(
        "digest show",
        "digest (shown)",
        lambda s, r, i: "digest",
        channel=queries.DIGEST_CHANNEL,
    ),
    Form(
        "digest off",
        "digest off (after one was set)",
        lambda s, r, i: "digest off",
        channel=SCRATCH,
    ),
    Form(
        "digest now",
        "digest now (50 watched, last 7 days)",
        lambda s, r, i: "digest now",
    ),
    Form(
        "feeds add",
        "feeds add <url> (answer; fetch deferred)",
        lambda s, r, i: f"feeds add https://feeds.example/{r.getrandbits(48)}.xml",
        admin=True,
        channel=SCRATCH,
    ),
    Form(
        "map",
        "map <company>: words, no drawing (top 20, 24 months)",
        lambda s, r, i: f"map {_head(s, r)}",
        deferred=True,
    ),
    Form(
        "map-6m",
        "map <company> 6m: words, no drawing (top 20)",
        lambda s, r, i: f"map {_head(s, r)} 6m",
        deferred=True,
    ),
    Form(
        "trends",
        "trends [7d/30d/90d]: words, no chart",
        lambda s, r, i: ("trends", "trends 30d", "trends 90d")[i % 3],
        deferred=True,
    ),
    Form(
        "export",
        "export <company> (answer; CSV deferred)",
        lambda s, r, i: f"export {_company(s, r, i)}",
    ),
)


def forms() -> list[Form]:
    """Every form `/partners help` lists: those above, then the others by their examples."""
    measured = {f.key.split("-")[0] for f in FORMS} | {f.key for f in FORMS}
    found = list(FORMS)
    for spec in COMMANDS:
        if spec.name in measured:
            continue
        examples = spec.examples or (spec.usage,)
        found.append(
            Form(
                spec.name,
                f"{spec.usage} (`{examples[0]}`)".replace("|", "/"),  # a table cell
                lambda s, r, i, ex=examples: ex[i % len(ex)],
                channel=SCRATCH,
                admin=spec.admin,
            )
        )
    return found


@dataclass(frozen=True)
class FormTimes:
    form: Form
    ms: list[float]
    example: str


def last_deal_day(db) -> date:
    row = db.execute("SELECT MAX(COALESCE(published, created_at)) FROM partnerships").fetchone()
    return date.fromisoformat(row[0][:10]) if row and row[0] else date.today()


@contextmanager
def store_today(day: date) -> Iterator[None]:
    """Periods ("the last 24 months") end on `day` instead of today."""
    with mock.patch("bot.insights.periods.today", lambda: day):
        yield


def time_forms(store: Store, *, questions: int, warmup: int, seed: int) -> list[FormTimes]:
    """Each form asked `warmup` then `questions` times, one after the other (after
    `queries.prepare_digest`, which sets up the channels watching 50 companies)."""
    db = open_db(store.path)
    try:
        with store_today(last_deal_day(db)):
            return [_time_form(db, store, form, questions, warmup, seed) for form in forms()]
    finally:
        db.close()


def _no_ingest():
    raise RuntimeError("the benchmark never fetches")


def _time_form(db, store: Store, form: Form, questions: int, warmup: int, seed: int) -> FormTimes:
    ctx = replace(
        queries.context(db, store.path, channel=form.channel),
        is_admin=lambda: form.admin,
        draw=lambda _: b"",  # drawing is not the store's: bench.insights measures it
        ingestor=_no_ingest,  # `read` and `feeds add` answer at once, fetch after
    )
    rng = random.Random(f"{seed}-{form.key}")
    ms: list[float] = []
    example = ""
    for i in range(warmup + questions):
        text = form.ask(store, rng, i)
        if form.key == "unwatch":  # something to unwatch
            handle_command(ctx, text.replace("unwatch", "watch", 1))
        elif form.key == "digest off":
            handle_command(ctx, "digest daily 08:00")
        start = time.perf_counter()
        reply = handle_command(ctx, text)
        if form.deferred and reply.deferred is not None:
            reply = reply.deferred()
        elapsed = (time.perf_counter() - start) * 1000
        if reply.text.startswith(":warning:"):
            raise RuntimeError(f"/partners {text} failed: {reply.text}")
        if form.key == "watch":
            handle_command(ctx, text.replace("watch", "unwatch", 1))
        if i >= warmup:
            ms.append(elapsed)
            example = example or text
    return FormTimes(form, ms, example)


GOAL_MS = 50


def rows(stores: list[Store], *, questions: int, warmup: int, seed: int) -> list[Row]:
    """p95 of every form on every store (p50 in the label), against the same form on the
    smallest store; the largest store is held to `GOAL_MS`."""
    measured: dict[int, list[FormTimes]] = {}
    for store in stores:
        log.info(
            "7. every /partners form on %s articles (load average %.2f)",
            size_name(store.articles), os.getloadavg()[0],
        )  # fmt: skip
        queries.prepare_digest(store)
        measured[store.articles] = time_forms(store, questions=questions, warmup=warmup, seed=seed)
    smallest, largest = stores[0].articles, stores[-1].articles
    out = []
    for i, reference in enumerate(measured[smallest]):
        ref95 = percentile(reference.ms, 95)
        for store in stores:
            times = measured[store.articles][i]
            p50, p95 = percentile(times.ms, 50), percentile(times.ms, 95)
            goal, met = ("", None)
            if store.articles == largest:
                goal, met = f"≤ {GOAL_MS} ms", p95 <= GOAL_MS
            size = size_name(store.articles)
            out.append(
                Row(f"7-{times.form.key.replace(' ', '-')}-{size}",
                    f"/partners {times.form.label}, {size}, p95 (p50 {p50:.2f} ms)",
                    p95, "ms", f"the same at {size_name(smallest)} articles", ref95, goal, met)
            )  # fmt: skip
    return out


def size_name(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    return f"{n // 1000}k" if n >= 1000 and n % 1000 == 0 else str(n)
