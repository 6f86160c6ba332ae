"""Stores of 10k to 1M articles, generated straight into SQLite (no NLP), cached by size+seed.

The shape follows what ingestion writes: stories of one to thirty syndicated copies,
about one article in ten a partnership (partnership stories are copied more), companies
drawn Zipf-like so the most cited one is in about a tenth of the articles, a steady
900 articles a day, English and French. Texts come from `bench.news` templates: a pool of
bodies per language with the story's companies put in.

The bulk load drops the FTS triggers and secondary indexes, inserts in large
`executemany` transactions with journaling off, then rebuilds the indexes and the FTS
index and restores the triggers: the file ends up exactly as the migrations define it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import random
import sqlite3
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from bench.news import NewsWriter, Zipf, company_names
from bot.models import DEAL_TYPES
from bot.store import open_db
from bot.store.orgs import alias_key

log = logging.getLogger("bench")

VERSION = 2  # bump when the generated data changes: cached stores are then rebuilt
ARTICLES_PER_DAY = 900
START_DAY = np.datetime64("2023-01-02T06:00:00", "s")
TEAM = "T0BENCH"
PARTNERSHIP_ARTICLE_SHARE = 0.10
TOP_COMPANY_ARTICLE_SHARE = 0.10
FR_SHARE = 0.35
POOL = 1200  # bodies per language and kind
HIDDEN_SHARE = 0.005  # partnership stories the team flagged "not a partnership"
CHUNK = 25_000
# partnership_parties keeps its indexes: its triggers (m009) look parties up by partnership.
_BULK_TABLES = ("articles", "stories", "partnerships", "aliases")
_OUTLETS = tuple(
    f"{name}.example"
    for name in (
        "wire-news", "business-daily", "tech-journal", "les-echos-eco", "la-tribune-tech",
        "market-watcher", "industry-times", "usine-actu", "finance-post", "global-trade",
        "asia-biz", "euro-markets", "startup-wire", "energy-report", "pharma-letter",
        "auto-news", "telecom-review", "retail-weekly", "chip-insider", "defense-news",
    )
)  # fmt: skip


@dataclass(frozen=True)
class Store:
    """A generated store and what is in it."""

    path: Path
    articles: int
    stories: int
    partnerships: int
    orgs: int
    top_company_share: float  # articles mentioning the most cited company
    stories_per_week: int
    seed: int

    @property
    def names(self) -> tuple[str, ...]:
        return company_names(self.orgs)


def _orgs_for(articles: int) -> int:
    return int(min(50_000, max(2_000, articles // 20)))


def _zipf_for(n_orgs: int, mentions_per_article: float) -> Zipf:
    """The Zipf law whose top company is in TOP_COMPANY_ARTICLE_SHARE of the articles."""
    target = TOP_COMPANY_ARTICLE_SHARE / mentions_per_article
    low, high = 0.3, 2.0
    for _ in range(40):
        s = (low + high) / 2
        top = 1 / np.sum(1.0 / np.arange(1, n_orgs + 1) ** s)
        low, high = (low, s) if top > target else (s, high)
    return Zipf(n_orgs, (low + high) / 2)


@dataclass
class _Plan:
    """Everything but the text, as arrays (stories indexed from 0, articles in id order)."""

    is_partnership: np.ndarray  # per story
    lang_fr: np.ndarray
    companies: np.ndarray  # stories x 3, -1 when absent
    pool_index: np.ndarray
    first_article: np.ndarray  # article id (1-based) of each story's first copy
    n_copies: np.ndarray
    article_story: np.ndarray  # per article, in id order
    article_time: np.ndarray  # datetime64[s]


def _plan(n: int, seed: int, zipf: Zipf) -> _Plan:
    rng = np.random.default_rng(seed)
    # Partnership stories have 2.5 copies on average, others 1.3: solve for the story share
    # that makes PARTNERSHIP_ARTICLE_SHARE of the articles partnerships.
    p_mean, o_mean, share = 2.5, 1.3, PARTNERSHIP_ARTICLE_SHARE
    story_share = share * o_mean / (p_mean * (1 - share) + share * o_mean)
    n_stories = int(n / (story_share * p_mean + (1 - story_share) * o_mean) * 1.05) + 10
    is_p = rng.random(n_stories) < story_share
    extra = np.where(
        is_p,
        np.minimum(rng.geometric(1 / p_mean, n_stories) - 1, 29),
        np.minimum(rng.geometric(1 / o_mean, n_stories) - 1, 9),
    )
    copies = 1 + extra
    cum = np.cumsum(copies)
    last = int(np.searchsorted(cum, n))  # the story that reaches n articles
    is_p, copies = is_p[: last + 1], copies[: last + 1].copy()
    copies[last] -= int(cum[last] - n)
    n_stories = last + 1
    # One story every `gap` seconds at the steady article rate; copies follow within hours.
    gap = 86_400 * n / ARTICLES_PER_DAY / n_stories
    story_start = (np.arange(n_stories) * gap).astype(np.int64)
    story_of = np.repeat(np.arange(n_stories), copies)
    copy_no = np.arange(n) - np.repeat(np.cumsum(copies) - copies, copies)
    delay = np.where(copy_no == 0, 0, rng.exponential(4 * 3600, n).astype(np.int64) + 60)
    delay = np.minimum(delay, 48 * 3600)
    seconds = story_start[story_of] + delay
    order = np.lexsort((copy_no, seconds))
    article_story = story_of[order]
    article_time = START_DAY + seconds[order].astype("timedelta64[s]")
    first = np.zeros(n_stories, dtype=np.int64)
    first[article_story[::-1]] = np.arange(n, 0, -1)  # smallest id wins
    # Companies: partnerships name 2 parties (3 in 15%), other news 1 to 3 companies.
    k = np.where(is_p, 2 + (rng.random(n_stories) < 0.15), rng.choice([1, 2, 2, 3], n_stories))
    drawn = zipf.draw(rng, n_stories * 6).reshape(n_stories, 6)
    companies = np.full((n_stories, 3), -1, dtype=np.int64)
    for i in range(n_stories):
        row = list(dict.fromkeys(drawn[i].tolist()))[: k[i]]
        companies[i, : len(row)] = row
    return _Plan(
        is_partnership=is_p,
        lang_fr=rng.random(n_stories) < FR_SHARE,
        companies=companies,
        pool_index=rng.integers(0, POOL, n_stories),
        first_article=first,
        n_copies=copies,
        article_story=article_story,
        article_time=article_time,
    )


def _pools(seed: int) -> dict[tuple[str, bool], list[tuple[str, str]]]:
    """Bodies with placeholders \x01 \x02 \x03 for the companies, per (lang, partnership)."""
    rng = random.Random(seed)
    writer = NewsWriter(rng)
    others = ("results", "acquisition", "funding", "launch", "appointment", "lawsuit",
              "markets", "contract", "plant")  # fmt: skip
    pools = {}
    for lang in ("en", "fr"):
        for partnership in (True, False):
            pools[lang, partnership] = [
                writer.write(
                    lang,
                    "partnership" if partnership else rng.choice(others),
                    ("\x01", "\x02", "\x03"),
                    rng.randint(150, 450),
                )
                for _ in range(POOL)
            ]
    return pools


def _iso(times: np.ndarray) -> list[str]:
    return [t + "Z" for t in np.datetime_as_string(times, unit="s").tolist()]


def _put(template: str, names: list[str]) -> str:
    for marker, name in zip("\x01\x02\x03", [*names, *names[:1] * 3][:3], strict=True):
        template = template.replace(marker, name)
    return template


def _lead(text: str) -> str:
    """The dateline sentence, what the generated summary and evidence are made from."""
    first = text.split("\n\n", 1)[0]
    return first.split(" — ", 1)[-1].split(" – ", 1)[-1]


class _Writer:
    """Rows for one generated store, written chunk by chunk."""

    def __init__(self, conn: sqlite3.Connection, plan: _Plan, names: list[str], seed: int):
        self.conn, self.plan, self.names = conn, plan, names
        self.pools = _pools(seed)
        self.rng = np.random.default_rng(seed + 1)
        self.deal_types = self.rng.integers(0, len(DEAL_TYPES) - 1, len(plan.n_copies))

    def story_text(self, s: int) -> tuple[str, str, list[str]]:
        lang = "fr" if self.plan.lang_fr[s] else "en"
        title, text = self.pools[lang, bool(self.plan.is_partnership[s])][self.plan.pool_index[s]]
        names = [self.names[c] for c in self.plan.companies[s] if c >= 0]
        return _put(title, names), _put(text, names), names

    def write(self) -> None:
        plan = self.plan
        n = len(plan.article_story)
        times = plan.article_time
        self.conn.executemany(
            "INSERT INTO feeds (id, url, title, created_at, poll) VALUES (?, ?, ?, ?, 1)",
            [
                (i + 1, f"https://{o}/feed.xml", o, "2023-01-01T00:00:00Z")
                for i, o in enumerate(_OUTLETS)
            ],
        )
        self._orgs()
        self._stories()
        partnership_id = 0
        for start in range(0, n, CHUNK):
            ids = range(start + 1, min(n, start + CHUNK) + 1)
            published = _iso(times[start : start + CHUNK])
            fetched = _iso(times[start : start + CHUNK] + np.timedelta64(300, "s"))
            articles, partnerships, parties = [], [], []
            for article_id, pub, fetched_at in zip(ids, published, fetched, strict=True):
                s = int(plan.article_story[article_id - 1])
                title, text, names = self.story_text(s)
                is_p = bool(plan.is_partnership[s])
                outlet = (s * 7 + article_id) % len(_OUTLETS)
                url = f"https://{_OUTLETS[outlet]}/news/{article_id:08d}"
                lead = _lead(text)
                summary = lead[:300]
                lang = "fr" if plan.lang_fr[s] else "en"
                analysis = {
                    "lang": lang,
                    "supported": True,
                    "is_partnership": is_p,
                    "confidence": 0.9 if is_p else 0.1,
                    "parties": names if is_p else [],
                    "deal_type": DEAL_TYPES[self.deal_types[s]] if is_p else None,
                    "topics": ["cloud", "ai"] if is_p else [],
                    "evidence": lead if is_p else None,
                    "summary": summary,
                }
                digest = hashlib.blake2b(url.encode(), digest_size=20).hexdigest()
                articles.append(
                    (article_id, "url:" + url, url, title, text, summary, pub, fetched_at,
                     _OUTLETS[outlet], outlet + 1, digest, lang, int(is_p), analysis["confidence"],
                     json.dumps(analysis, ensure_ascii=False), s + 1)
                )  # fmt: skip
                if is_p and plan.first_article[s] == article_id:
                    partnership_id += 1
                    deal = DEAL_TYPES[self.deal_types[s]]
                    partnerships.append(
                        (partnership_id, s + 1, article_id, deal, '["cloud", "ai"]', lead,
                         summary, 0.9, lang, title, url, pub, fetched_at)
                    )  # fmt: skip
                    parties += [(partnership_id, int(c) + 1) for c in plan.companies[s] if c >= 0]
            self.conn.executemany(
                "INSERT INTO articles (id, uid, url, title, text, summary, published, fetched_at,"
                " source, feed_id, content_hash, lang, is_partnership, confidence, analysis,"
                " story_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                articles,
            )
            self.conn.executemany(
                "INSERT INTO partnerships (id, story_id, article_id, deal_type, topics, evidence,"
                " summary, confidence, lang, title, url, published, created_at)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                partnerships,
            )
            self.conn.executemany(
                "INSERT INTO partnership_parties (partnership_id, org_id) VALUES (?, ?)", parties
            )
            log.info("  %d / %d articles", ids[-1], n)
        self._feedback()

    def _orgs(self) -> None:
        self.conn.executemany(
            "INSERT INTO organisations (id, name, created_at) VALUES (?, ?, ?)",
            [(i + 1, name, "2023-01-01T00:00:00Z") for i, name in enumerate(self.names)],
        )
        self.conn.executemany(
            "INSERT OR IGNORE INTO aliases (alias, org_id) VALUES (?, ?)",
            [(alias_key(name), i + 1) for i, name in enumerate(self.names) if alias_key(name)],
        )

    def _stories(self) -> None:
        plan = self.plan
        first_times = plan.article_time[plan.first_article - 1]
        published = _iso(first_times)
        created = _iso(first_times + np.timedelta64(300, "s"))
        rows = []
        for s in range(len(plan.n_copies)):
            title, _, _ = self.story_text(s)
            rows.append(
                (s + 1, title, "fr" if plan.lang_fr[s] else "en", published[s], created[s],
                 created[s], int(plan.first_article[s]), int(plan.n_copies[s]),
                 int(plan.is_partnership[s]))
            )  # fmt: skip
            if len(rows) >= CHUNK:
                self._insert_stories(rows)
                rows = []
        self._insert_stories(rows)

    def _insert_stories(self, rows: list[tuple]) -> None:
        self.conn.executemany(
            "INSERT INTO stories (id, title, lang, published, created_at, updated_at,"
            " first_article_id, n_articles, is_partnership) VALUES (?,?,?,?,?,?,?,?,?)",
            rows,
        )

    def _feedback(self) -> None:
        story_ids = np.flatnonzero(self.plan.is_partnership) + 1
        hidden = self.rng.choice(story_ids, int(len(story_ids) * HIDDEN_SHARE), replace=False)
        self.conn.executemany(
            "INSERT INTO feedback (team_id, user_id, story_id, kind, created_at)"
            " VALUES (?, 'U0BENCH', ?, 'not_partnership', '2023-01-01T00:00:00Z')",
            [(TEAM, int(s)) for s in sorted(hidden)],
        )


def bulk_load(path: Path, fill, tables: tuple[str, ...] = _BULK_TABLES) -> None:
    """Create the schema (migrations), then run `fill(conn)` with the FTS triggers and the
    secondary indexes of `tables` set aside, and put them back."""
    open_db(path).close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-1000000")
    conn.execute("PRAGMA temp_store=MEMORY")
    conn.execute("PRAGMA foreign_keys=OFF")
    marks = ",".join("?" for _ in tables)
    saved = conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND ("
        f" (type = 'index' AND tbl_name IN ({marks})) OR (type = 'trigger'"
        " AND tbl_name = 'articles'))",
        tables,
    ).fetchall()
    for kind, name, _ in saved:
        conn.execute(f'DROP {kind.upper()} "{name}"')
    conn.execute("BEGIN")
    fill(conn)
    conn.execute("COMMIT")
    log.info("  indexes and full-text index")
    conn.execute("BEGIN")
    for kind, _, sql in saved:
        if kind == "index":
            conn.execute(sql)
    conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")
    for kind, _, sql in saved:
        if kind == "trigger":
            conn.execute(sql)
    conn.execute("COMMIT")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.close()


def articles_store(n: int, seed: int, out_dir: Path) -> Store:
    """The store of `n` articles for `seed`, generated unless cached in `out_dir`."""
    path = out_dir / f"articles-{n}-s{seed}-v{VERSION}.db"
    meta = path.with_suffix(".json")
    if path.exists() and meta.exists():
        data = json.loads(meta.read_text())
        return Store(**(data | {"path": path}))
    log.info("generating %d articles into %s", n, path)
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    for leftover in out_dir.glob(tmp.name + "*"):
        leftover.unlink()
    n_orgs = _orgs_for(n)
    zipf = _zipf_for(n_orgs, mentions_per_article=2.0)
    plan = _plan(n, seed, zipf)
    names = company_names(n_orgs)
    bulk_load(tmp, lambda conn: _Writer(conn, plan, names, seed).write())
    counts = np.bincount(plan.companies[plan.article_story].ravel() + 1, minlength=2)
    n_stories = len(plan.n_copies)
    store = Store(
        path=path,
        articles=n,
        stories=n_stories,
        partnerships=int(plan.is_partnership.sum()),
        orgs=n_orgs,
        top_company_share=round(float(counts[1:].max() / n), 4),
        stories_per_week=int(n_stories / n * ARTICLES_PER_DAY * 7),
        seed=seed,
    )
    os.replace(tmp, path)
    meta.write_text(json.dumps(asdict(store) | {"path": str(path)}, indent=1))
    return store
