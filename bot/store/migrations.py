"""Schema as numbered migrations, applied at start-up. Never edit one once released:
add `m00N_...` instead."""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from bot.store.read_tables import M009_READ_TABLES, M010_DEAL_DAYS
from bot.store.schema import allow_delivery_kind

migrations = Migrations("partners_bot")


def _run(db: Database, script: str) -> None:
    """Execute a script statement by statement, inside the migration's transaction."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            db.execute(pending)
            pending = ""
    if pending.strip():
        db.execute(pending)


@migrations()
def m001_initial(db: Database) -> None:
    _run(
        db,
        """
CREATE TABLE feeds (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    team_id TEXT,
    added_by TEXT,
    title TEXT,
    etag TEXT,
    modified TEXT,
    created_at TEXT NOT NULL,
    last_polled_at TEXT,
    last_success_at TEXT,
    last_error TEXT,
    last_error_at TEXT,
    error_count INTEGER NOT NULL DEFAULT 0,
    next_poll_at TEXT,
    items_seen INTEGER NOT NULL DEFAULT 0,
    poll INTEGER NOT NULL DEFAULT 0,
    active INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE stories (
    id INTEGER PRIMARY KEY,
    title TEXT,
    lang TEXT,
    published TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    first_article_id INTEGER,
    n_articles INTEGER NOT NULL DEFAULT 1,
    is_partnership INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    url TEXT,
    external_id TEXT,
    title TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL DEFAULT '',
    published TEXT,
    fetched_at TEXT NOT NULL,
    source TEXT,
    feed_id INTEGER REFERENCES feeds(id),
    content_hash TEXT NOT NULL,
    lang TEXT,
    supported INTEGER NOT NULL DEFAULT 1,
    is_partnership INTEGER NOT NULL DEFAULT 0,
    confidence REAL NOT NULL DEFAULT 0,
    analysis TEXT,
    story_id INTEGER REFERENCES stories(id)
);
CREATE INDEX idx_articles_story ON articles(story_id);
CREATE INDEX idx_articles_hash ON articles(content_hash);
CREATE INDEX idx_articles_partnership ON articles(is_partnership, id);
CREATE TABLE story_bands (
    band TEXT NOT NULL,
    story_id INTEGER NOT NULL REFERENCES stories(id),
    PRIMARY KEY (band, story_id)
) WITHOUT ROWID;
CREATE TABLE story_signatures (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id),
    story_id INTEGER NOT NULL REFERENCES stories(id),
    signature BLOB NOT NULL,
    shingles INTEGER NOT NULL
);
CREATE INDEX idx_story_signatures_story ON story_signatures(story_id);
CREATE TABLE organisations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);
CREATE TABLE aliases (
    alias TEXT PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id)
);
CREATE INDEX idx_aliases_org ON aliases(org_id);
CREATE TABLE partnerships (
    id INTEGER PRIMARY KEY,
    story_id INTEGER NOT NULL UNIQUE REFERENCES stories(id),
    article_id INTEGER NOT NULL REFERENCES articles(id),
    deal_type TEXT NOT NULL,
    topics TEXT NOT NULL DEFAULT '[]',
    evidence TEXT,
    summary TEXT NOT NULL DEFAULT '',
    confidence REAL NOT NULL,
    lang TEXT,
    title TEXT,
    url TEXT,
    published TEXT,
    created_at TEXT NOT NULL
);
CREATE TABLE partnership_parties (
    partnership_id INTEGER NOT NULL REFERENCES partnerships(id),
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    PRIMARY KEY (org_id, partnership_id)
) WITHOUT ROWID;
CREATE INDEX idx_partnership_parties_p ON partnership_parties(partnership_id);
CREATE TABLE watches (
    id INTEGER PRIMARY KEY,
    team_id TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    created_by TEXT,
    created_at TEXT NOT NULL,
    after_story_id INTEGER NOT NULL DEFAULT 0,
    UNIQUE (team_id, channel_id, org_id)
);
CREATE INDEX idx_watches_org ON watches(org_id);
CREATE TABLE mutes (
    team_id TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    created_by TEXT,
    created_at TEXT NOT NULL,
    PRIMARY KEY (team_id, channel_id, org_id)
);
CREATE TABLE digests (
    id INTEGER PRIMARY KEY,
    team_id TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    frequency TEXT NOT NULL,
    day_of_week TEXT,
    time_of_day TEXT NOT NULL DEFAULT '09:00',
    timezone TEXT NOT NULL DEFAULT 'UTC',
    post_empty INTEGER NOT NULL DEFAULT 0,
    created_by TEXT,
    created_at TEXT NOT NULL,
    last_sent_at TEXT,
    last_story_id INTEGER NOT NULL DEFAULT 0,
    active INTEGER NOT NULL DEFAULT 1,
    stopped_reason TEXT,
    UNIQUE (team_id, channel_id)
);
CREATE TABLE deliveries (
    id INTEGER PRIMARY KEY,
    team_id TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    story_id INTEGER NOT NULL REFERENCES stories(id),
    article_id INTEGER REFERENCES articles(id),
    kind TEXT NOT NULL,
    dedupe_key TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    ts TEXT,
    thread_ts TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    last_error TEXT,
    created_at TEXT NOT NULL,
    posted_at TEXT,
    UNIQUE (team_id, channel_id, dedupe_key)
);
CREATE INDEX idx_deliveries_status ON deliveries(status, next_attempt_at);
CREATE INDEX idx_deliveries_story ON deliveries(team_id, channel_id, story_id);
CREATE TABLE feedback (
    id INTEGER PRIMARY KEY,
    team_id TEXT NOT NULL,
    user_id TEXT,
    story_id INTEGER NOT NULL REFERENCES stories(id),
    kind TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (team_id, story_id, kind)
);
CREATE TABLE slack_events (
    event_id TEXT PRIMARY KEY,
    team_id TEXT,
    received_at TEXT NOT NULL
);
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, summary, text,
    content='articles', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, summary, text)
    VALUES (new.id, new.title, new.summary, new.text);
END;
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, summary, text)
    VALUES ('delete', old.id, old.title, old.summary, old.text);
END;
CREATE TRIGGER articles_au AFTER UPDATE OF title, summary, text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, summary, text)
    VALUES ('delete', old.id, old.title, old.summary, old.text);
    INSERT INTO articles_fts(rowid, title, summary, text)
    VALUES (new.id, new.title, new.summary, new.text);
END
""",
    )


@migrations()
def m002_delivery(db: Database) -> None:
    """Outbox claims and payloads, per-channel cursors, stopped watches and teams.

    `deliveries` is rebuilt: a digest (or an empty digest line) has no single story, so
    `story_id` becomes nullable; `payload` holds what a digest will post; `verify` says a
    previous attempt's outcome is unknown (look in the channel before posting again);
    `attempted_at` is when the last request left (where to start looking); `claimed_until`
    is the lease of the attempt in flight.
    """
    _run(
        db,
        """
CREATE TABLE deliveries_new (
    id INTEGER PRIMARY KEY,
    team_id TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    story_id INTEGER REFERENCES stories(id),
    article_id INTEGER REFERENCES articles(id),
    kind TEXT NOT NULL CHECK (kind IN ('alert', 'followup', 'digest')),
    dedupe_key TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'claimed', 'posted', 'failed', 'skipped')),
    ts TEXT,
    thread_ts TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    last_error TEXT,
    created_at TEXT NOT NULL,
    posted_at TEXT,
    payload TEXT,
    verify INTEGER NOT NULL DEFAULT 0,
    attempted_at TEXT,
    claimed_until TEXT,
    UNIQUE (team_id, channel_id, dedupe_key)
);
INSERT INTO deliveries_new (id, team_id, channel_id, story_id, article_id, kind, dedupe_key,
    status, ts, thread_ts, attempts, next_attempt_at, last_error, created_at, posted_at)
SELECT id, team_id, channel_id, story_id, article_id, kind, dedupe_key,
    status, ts, thread_ts, attempts, next_attempt_at, last_error, created_at, posted_at
FROM deliveries;
DROP TABLE deliveries;
ALTER TABLE deliveries_new RENAME TO deliveries;
CREATE INDEX idx_deliveries_status ON deliveries(status, next_attempt_at);
CREATE INDEX idx_deliveries_story ON deliveries(team_id, channel_id, story_id);
CREATE TABLE delivery_cursors (
    team_id TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    partnership_id INTEGER NOT NULL DEFAULT 0,
    article_id INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (team_id, channel_id)
) WITHOUT ROWID;
CREATE TABLE team_stops (
    team_id TEXT PRIMARY KEY,
    reason TEXT NOT NULL,
    stopped_at TEXT NOT NULL
);
ALTER TABLE watches ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
ALTER TABLE watches ADD COLUMN stopped_reason TEXT;
ALTER TABLE digests ADD COLUMN last_period TEXT
""",
    )


@migrations()
def m003_story_created_index(db: Database) -> None:
    """Stories by creation time: an ad-hoc digest (`digest now` without a schedule) starts
    at the first story of the last days, found in that window instead of by reading every
    story from the oldest on (80 ms at a million articles, growing with the store)."""
    _run(db, "CREATE INDEX IF NOT EXISTS idx_stories_created ON stories(created_at)")


@migrations()
def m004_slack_requests(db: Database) -> None:
    """Signed Slack requests seen in the last minutes, by signature: the same request sent
    again within Slack's 5-minute window is a replay. In the database, so that every
    process serving the app sees every request."""
    _run(
        db,
        """
CREATE TABLE slack_requests (
    signature TEXT PRIMARY KEY,
    request_ts INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX idx_slack_requests_ts ON slack_requests(request_ts)
""",
    )


@migrations()
def m005_feedback_parties(db: Database) -> None:
    """A "Wrong companies" correction keeps the parties the user gave (a JSON list), so the
    card shows them at once and `feedback export` turns them into a labelled example."""
    _run(db, "ALTER TABLE feedback ADD COLUMN parties TEXT")


@migrations()
def m006_story_evidence(db: Database) -> None:
    """What the same-event test reads of each grouped article (`bot.store.grouping.evidence`,
    as JSON), kept beside its fingerprints so that comparing a new article with a story
    does not extract it again from the stored text. NULL for articles grouped before:
    extracted when needed."""
    _run(db, "ALTER TABLE story_signatures ADD COLUMN evidence TEXT")


@migrations()
def m007_channel_settings(db: Database) -> None:
    """What a channel (channel_id '': its whole workspace) asks of its alerts and digests:
    a confidence threshold, deal types and topics kept or left out, alerts paused; feeds
    paused without being removed. ("Wrong companies" corrections are feedback rows, m005.)
    And each party row keeps its partnership's deal date (published, else first seen), set
    by triggers and indexed with the organisation: a company's list is read by date a page
    at a time (sorting a company's 50,000 partnerships took 240 ms)."""
    _run(
        db,
        """
CREATE TABLE channel_settings (
    team_id TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    min_confidence REAL,
    deal_types TEXT NOT NULL DEFAULT '[]',
    topics TEXT NOT NULL DEFAULT '[]',
    exclude_types TEXT NOT NULL DEFAULT '[]',
    exclude_topics TEXT NOT NULL DEFAULT '[]',
    paused INTEGER NOT NULL DEFAULT 0,
    updated_by TEXT,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (team_id, channel_id)
) WITHOUT ROWID;
ALTER TABLE feeds ADD COLUMN paused INTEGER NOT NULL DEFAULT 0;
ALTER TABLE partnership_parties ADD COLUMN deal_date TEXT;
UPDATE partnership_parties SET deal_date = (
    SELECT COALESCE(p.published, p.created_at) FROM partnerships p
    WHERE p.id = partnership_parties.partnership_id);
CREATE INDEX idx_partnership_parties_org_date
    ON partnership_parties(org_id, deal_date, partnership_id);
CREATE TRIGGER partnership_parties_deal_date AFTER INSERT ON partnership_parties BEGIN
    UPDATE partnership_parties SET deal_date = (
        SELECT COALESCE(p.published, p.created_at) FROM partnerships p
        WHERE p.id = new.partnership_id)
    WHERE org_id = new.org_id AND partnership_id = new.partnership_id;
END;
CREATE TRIGGER partnerships_deal_date AFTER UPDATE OF published, created_at ON partnerships
BEGIN
    UPDATE partnership_parties SET deal_date = COALESCE(new.published, new.created_at)
    WHERE partnership_id = new.id;
END
""",
    )


@migrations()
def m008_insights(db: Database) -> None:
    """Partnerships by the date of the deal as best known (`DEAL_DATE` in
    `bot.store.dating`): trends, spikes and exports read one period through this index
    instead of every partnership (the expression must stay the one queries use). And spike
    alerts in the outbox: `deliveries.kind` may be 'spike'."""
    _run(
        db,
        "CREATE INDEX IF NOT EXISTS idx_partnerships_deal_date"
        " ON partnerships(COALESCE(published, created_at))",
    )
    allow_delivery_kind(db, "spike")


@migrations()
def m009_trend_and_pair_reads(db: Database) -> None:
    """What `a + b`, the partner map and trends read, kept by triggers
    (`bot.store.read_tables`): pairs of parties, topics and deal types by deal date, so
    these reads no longer grow with the store."""
    _run(db, M009_READ_TABLES)


@migrations()
def m010_deal_days(db: Database) -> None:
    """Deals per company, topic and deal type and day, kept by triggers
    (`bot.store.read_tables`): trends read a period's days, not its deals (90 days at 1M
    articles read 7,000 party rows and counted 3,900 companies' year before)."""
    _run(db, M010_DEAL_DAYS)
