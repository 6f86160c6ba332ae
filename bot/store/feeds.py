"""Sources and their health: conditional-GET state, last success, last error."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from bot.store.clock import iso


@dataclass(frozen=True)
class Feed:
    id: int
    url: str
    title: str | None
    etag: str | None
    modified: str | None
    last_success_at: str | None
    last_error: str | None
    last_error_at: str | None
    error_count: int
    items_seen: int
    poll: bool
    team_id: str | None
    paused: bool = False


def _feed(row: dict) -> Feed:
    return Feed(
        id=row["id"],
        url=row["url"],
        title=row["title"],
        etag=row["etag"],
        modified=row["modified"],
        last_success_at=row["last_success_at"],
        last_error=row["last_error"],
        last_error_at=row["last_error_at"],
        error_count=row["error_count"],
        items_seen=row["items_seen"],
        poll=bool(row["poll"]),
        team_id=row["team_id"],
        paused=bool(row.get("paused") or 0),
    )


def ensure_feed(
    db: Database,
    url: str,
    *,
    poll: bool = False,
    team_id: str | None = None,
    added_by: str | None = None,
) -> Feed:
    """The source row for `url`, created if new; `poll=True` makes it a polled feed.

    A feed that was not polled (read once, or removed) becomes the feed of whoever starts
    polling it: `team_id` (None: the operator's, shared by every workspace). A polled one
    keeps its owner.
    """
    db.execute(
        "INSERT OR IGNORE INTO feeds (url, team_id, added_by, created_at, poll)"
        " VALUES (?, ?, ?, ?, ?)",
        [url, team_id, added_by, iso(), int(poll)],
    )
    if poll:
        db.execute(
            "UPDATE feeds SET poll = 1, active = 1, team_id = ?, added_by = ?"
            " WHERE url = ? AND NOT (poll = 1 AND active = 1)",
            [team_id, added_by, url],
        )
    return get_feed(db, url)


def register_operator_feeds(db: Database, urls: tuple[str, ...] | list[str]) -> None:
    """The operator's feeds (PARTNERS_FEEDS) as polled feeds of no team, so every workspace
    sees them and their health; one removed with `feeds remove` stays removed."""
    with db.atomic():
        for url in urls:
            db.execute(
                "INSERT OR IGNORE INTO feeds (url, created_at, poll) VALUES (?, ?, 1)",
                [url, iso()],
            )
            db.execute("UPDATE feeds SET poll = 1 WHERE url = ? AND active = 1", [url])


def get_feed(db: Database, url_or_id: str | int) -> Feed | None:
    column = "id" if isinstance(url_or_id, int) else "url"
    rows = list(db.query(f"SELECT * FROM feeds WHERE {column} = ?", [url_or_id]))
    return _feed(rows[0]) if rows else None


def list_feeds(db: Database, *, polled_only: bool = True) -> list[Feed]:
    where = "WHERE poll = 1 AND active = 1" if polled_only else ""
    return [_feed(r) for r in db.query(f"SELECT * FROM feeds {where} ORDER BY id")]


def record_success(
    db: Database,
    feed_id: int,
    *,
    title: str | None,
    etag: str | None,
    modified: str | None,
    items: int,
) -> None:
    now = iso()
    db.execute(
        "UPDATE feeds SET title = COALESCE(?, title), etag = ?, modified = ?,"
        " last_polled_at = ?, last_success_at = ?, error_count = 0,"
        " items_seen = items_seen + ? WHERE id = ?",
        [title, etag, modified, now, now, items, feed_id],
    )


def record_not_modified(db: Database, feed_id: int) -> None:
    now = iso()
    db.execute(
        "UPDATE feeds SET last_polled_at = ?, last_success_at = ?, error_count = 0 WHERE id = ?",
        [now, now, feed_id],
    )


def record_error(db: Database, feed_id: int, message: str) -> None:
    now = iso()
    db.execute(
        "UPDATE feeds SET last_polled_at = ?, last_error = ?, last_error_at = ?,"
        " error_count = error_count + 1 WHERE id = ?",
        [now, message[:500], now, feed_id],
    )


def deactivate_feed(db: Database, feed_id: int) -> None:
    db.execute("UPDATE feeds SET poll = 0, active = 0, paused = 0 WHERE id = ?", [feed_id])


def set_paused(db: Database, feed_id: int, paused: bool) -> bool:
    """Stop polling a feed for now (it stays listed), or poll it again; False when it was
    already so."""
    cursor = db.execute(
        "UPDATE feeds SET paused = ?, next_poll_at = NULL WHERE id = ? AND paused != ?",
        [int(paused), feed_id, int(paused)],
    )
    return cursor.rowcount > 0


def poll_states(db: Database, configured: tuple[str, ...]) -> dict[str, tuple[str | None, int]]:
    """Every feed to poll -> (next_poll_at, active): the `configured` ones and polled rows;
    a paused feed counts as inactive."""
    states: dict[str, tuple[str | None, int]] = {url: (None, 1) for url in configured}
    marks = ",".join("?" for _ in configured) or "NULL"
    for url, next_poll_at, active, paused in db.execute(
        "SELECT url, next_poll_at, active, paused FROM feeds"
        f" WHERE (poll = 1 AND active = 1) OR url IN ({marks})",
        list(configured),
    ):
        states[url] = (next_poll_at, 0 if paused else active)
    return states


def set_next_poll(db: Database, feed_id: int, when: str | None) -> None:
    """When the feed is polled next (None: at the next round)."""
    db.execute("UPDATE feeds SET next_poll_at = ? WHERE id = ?", [when, feed_id])
