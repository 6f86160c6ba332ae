"""Fixtures for the hardening tests: `partners-bot` run offline in a subprocess, and the
checks that say a database came out of an ordeal whole."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, bot_env

OFFLINE = Path(__file__).parent / "offline"  # a sitecustomize that allows loopback only
SHARED = REPO.parent / "shared"


def offline_env(home: Path, **values: str) -> dict[str, str]:
    """`bot_env` for a process that can reach 127.0.0.1 and nothing else."""
    return bot_env(home, PYTHONPATH=f"{OFFLINE}:{REPO}", **values)


def partners_bot_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "bot", *args]


@pytest.fixture
def offline_cli(tmp_path):
    """Run `partners-bot ARGS` offline, in `tmp_path`, on `tmp_path/partners.db` (or `db`)."""

    def run(*args: str, db: Path | None = None, timeout: float = 300):
        env = offline_env(tmp_path, **({"PARTNERS_DB": str(db)} if db else {}))
        return subprocess.run(
            partners_bot_command(*args),
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    return run


def consistency_problems(db_path: Path) -> list[str]:
    """What is wrong with the database at `db_path`: SQLite's own checks, the full-text
    index, and the invariants between articles, stories and partnerships."""
    conn = sqlite3.connect(db_path)
    try:
        problems = []
        integrity = conn.execute("PRAGMA integrity_check").fetchall()
        if integrity != [("ok",)]:
            problems.append(f"integrity_check: {integrity[:5]}")
        foreign = conn.execute("PRAGMA foreign_key_check").fetchall()
        if foreign:
            problems.append(f"foreign_key_check: {foreign[:5]}")
        try:
            # rank 1: also check the index against its content table (`articles`)
            conn.execute(
                "INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)"
            )
        except sqlite3.DatabaseError as error:
            problems.append(f"FTS5 integrity-check: {error}")
        for what, sql in INVARIANTS.items():
            rows = conn.execute(sql).fetchall()
            if rows:
                problems.append(f"{what}: {rows[:5]}")
        return problems
    finally:
        conn.close()


INVARIANTS = {
    "articles without a story": "SELECT id FROM articles WHERE story_id IS NULL",
    "articles without a signature": (
        "SELECT a.id FROM articles a LEFT JOIN story_signatures s ON s.article_id = a.id"
        " WHERE s.article_id IS NULL"
    ),
    "stories whose n_articles is wrong": (
        "SELECT s.id, s.n_articles, COUNT(a.id) FROM stories s"
        " LEFT JOIN articles a ON a.story_id = s.id GROUP BY s.id"
        " HAVING s.n_articles != COUNT(a.id)"
    ),
    "partnerships without parties": (
        "SELECT p.id FROM partnerships p WHERE NOT EXISTS"
        " (SELECT 1 FROM partnership_parties pp WHERE pp.partnership_id = p.id)"
    ),
    "partnerships on stories not marked": (
        "SELECT p.id FROM partnerships p JOIN stories s ON s.id = p.story_id"
        " WHERE s.is_partnership = 0"
    ),
}
