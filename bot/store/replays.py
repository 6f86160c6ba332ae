"""Signed Slack requests already seen (by signature), kept while a replay could pass."""

from __future__ import annotations

from sqlite_utils import Database


def first_use(db: Database, signature: str, request_ts: int, *, forget_before: int) -> bool:
    """Record that `signature` (sent at `request_ts`) was used; False when it already was.
    Requests sent before `forget_before` are forgotten: they are refused as stale anyway."""
    with db.atomic():
        cursor = db.execute(
            "INSERT OR IGNORE INTO slack_requests (signature, request_ts) VALUES (?, ?)",
            [signature, request_ts],
        )
        fresh = cursor.rowcount == 1
        if fresh:
            db.execute("DELETE FROM slack_requests WHERE request_ts < ?", [forget_before])
    return fresh
