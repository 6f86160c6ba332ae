"""What users told the bot about its partnerships: "Not a partnership" and "Wrong companies".

Each verdict belongs to one workspace (it changes what that workspace sees at once) and,
across workspaces, becomes a labelled example for the next `partners-bot train`
(`feedback_examples`, in the corpus schema of ../shared/corpus/README.md).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from sqlite_utils import Database

from bot.store.clock import iso

NOT_PARTNERSHIP = "not_partnership"
WRONG_PARTIES = "wrong_parties"
KINDS = (NOT_PARTNERSHIP, WRONG_PARTIES)


def record_feedback(
    db: Database,
    *,
    team_id: str,
    story_id: int,
    kind: str,
    user_id: str | None,
    parties: list[str] | None = None,
) -> bool:
    """Store a verdict on a story; a later correction of the same kind replaces the earlier
    one. False when the story does not exist."""
    if kind not in KINDS:
        raise ValueError(f"unknown feedback kind {kind!r}")
    if kind == WRONG_PARTIES:
        names = [p.strip() for p in parties or [] if p and p.strip()]
        if len(names) < 2:
            raise ValueError("a correction needs at least two parties")
        stored = json.dumps(list(dict.fromkeys(names)), ensure_ascii=False)
    else:
        stored = None
    cursor = db.execute(
        "INSERT INTO feedback (team_id, user_id, story_id, kind, parties, created_at)"
        " SELECT ?, ?, id, ?, ?, ? FROM stories WHERE id = ?"
        " ON CONFLICT (team_id, story_id, kind) DO UPDATE SET"
        " user_id = excluded.user_id, parties = excluded.parties,"
        " created_at = excluded.created_at",
        [team_id, user_id, kind, stored, iso(), story_id],
    )
    return cursor.rowcount > 0


def is_flagged(db: Database, team_id: str, story_id: int | None) -> bool:
    """Did the team flag the story as not a partnership?"""
    row = db.execute(
        "SELECT 1 FROM feedback WHERE team_id = ? AND story_id = ? AND kind = ?",
        [team_id, story_id, NOT_PARTNERSHIP],
    ).fetchone()
    return row is not None


def remove_feedback(
    db: Database, team_id: str, story_id: int, *, kind: str = NOT_PARTNERSHIP
) -> bool:
    """Withdraw the team's verdict on a story (the Undo): it shows again for the team and is
    no longer a labelled example. False when there was none."""
    cursor = db.execute(
        "DELETE FROM feedback WHERE team_id = ? AND story_id = ? AND kind = ?",
        [team_id, story_id, kind],
    )
    return cursor.rowcount > 0


def corrected_parties(db: Database, team_id: str, story_ids: Iterable[int]) -> dict[int, list]:
    """Story id -> the parties the team corrected it to, for the stories that have one."""
    ids = list(dict.fromkeys(story_ids))
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    rows = db.execute(
        f"SELECT story_id, parties FROM feedback WHERE team_id = ? AND kind = ?"
        f" AND story_id IN ({marks})",
        [team_id, WRONG_PARTIES, *ids],
    ).fetchall()
    return {story_id: json.loads(parties) for story_id, parties in rows if parties}


def feedback_examples(db: Database) -> Iterator[dict]:
    """Every story users gave a verdict on, as a labelled article (latest verdict wins
    across workspaces), streamed in story order."""
    rows = db.execute(
        """
        SELECT f.story_id, f.kind, f.parties, f.created_at, a.title, a.text, a.url,
               a.published, a.lang, p.deal_type, p.topics
        FROM feedback f
        JOIN stories s ON s.id = f.story_id
        JOIN articles a ON a.id = s.first_article_id
        LEFT JOIN partnerships p ON p.story_id = f.story_id
        WHERE f.id = (SELECT f2.id FROM feedback f2 WHERE f2.story_id = f.story_id
                      ORDER BY f2.created_at DESC, f2.id DESC LIMIT 1)
        ORDER BY f.story_id
        """
    )
    for story_id, kind, parties, created, title, text, url, published, lang, deal, topics in rows:
        positive = kind == WRONG_PARTIES
        yield {
            "id": f"feedback-{story_id}",
            "lang": lang,
            "title": title or "",
            "text": text or "",
            "source_url": url,
            "published": published,
            "is_partnership": positive,
            "parties": json.loads(parties) if positive and parties else [],
            "deal_type": (deal or "other") if positive else "none",
            "topics": json.loads(topics) if positive and topics else [],
            "notes": f"Slack feedback ({kind}) on {created[:10]}",
        }
