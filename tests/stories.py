"""Partnership stories written straight into the store (no NLP models involved)."""

from __future__ import annotations

import json
import re
from itertools import count

from sqlite_utils import Database

from bot.store.clock import iso
from bot.store.orgs import ensure_org

_uids = count(1)
HEADLINE = re.compile(r"(Xiaomi × Microsoft|Microsoft × Xiaomi) — MoU")


def store_partnership(
    db: Database,
    *parties: str,
    deal_type: str = "mou",
    summary: str = "The two companies signed a memorandum of understanding on AI and cloud.",
    evidence: str = "The companies signed a strategic memorandum of understanding.",
    url: str = "https://news.example.com/deal",
    lang: str = "en",
) -> int:
    """Store one story announcing a partnership between `parties`; returns its story id."""
    now = iso()
    n = next(_uids)
    title = f"{' and '.join(parties)} sign a partnership"
    with db.atomic():
        story_id = db.execute(
            "INSERT INTO stories (title, lang, published, created_at, updated_at, is_partnership)"
            " VALUES (?, ?, ?, ?, ?, 1)",
            [title, lang, "2024-05-02T08:00:00Z", now, now],
        ).lastrowid
        article_id = db.execute(
            "INSERT INTO articles (uid, url, title, text, summary, published, fetched_at, source,"
            " content_hash, lang, is_partnership, confidence, story_id)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,1,0.9,?)",
            [
                f"test-{n}",
                f"{url}/{n}",
                title,
                summary,
                summary,
                "2024-05-02T08:00:00Z",
                now,
                "Example News",
                f"hash-{n}",
                lang,
                story_id,
            ],
        ).lastrowid
        partnership_id = db.execute(
            "INSERT INTO partnerships (story_id, article_id, deal_type, topics, evidence, summary,"
            " confidence, lang, title, url, published, created_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                story_id,
                article_id,
                deal_type,
                json.dumps(["ai", "cloud"]),
                evidence,
                summary,
                0.9,
                lang,
                title,
                f"{url}/{n}",
                "2024-05-02T08:00:00Z",
                now,
            ],
        ).lastrowid
        for name in parties:
            db.execute(
                "INSERT OR IGNORE INTO partnership_parties (partnership_id, org_id) VALUES (?, ?)",
                [partnership_id, ensure_org(db, name)],
            )
    return story_id


def texts(blocks: list[dict]) -> str:
    """Every text in `blocks` (headers, sections, contexts, buttons), one per line."""
    found: list[str] = []

    def walk(node) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("text"), str):
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(blocks)
    return "\n".join(found)


def buttons(blocks: list[dict]) -> list[dict]:
    """The buttons in `blocks`, in order."""
    found = []
    for block in blocks:
        elements = block.get("elements", []) if block.get("type") == "actions" else []
        elements = elements + ([block["accessory"]] if "accessory" in block else [])
        found += [e for e in elements if e.get("type") == "button"]
    return found
