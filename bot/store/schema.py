"""Schema changes SQLite cannot make with ALTER TABLE, for the migrations
(`bot.store.migrations`): each runs inside the migration's transaction."""

from __future__ import annotations

import re

from sqlite_utils import Database


def allow_delivery_kind(db: Database, kind: str) -> None:
    """Add `kind` to the CHECK on `deliveries.kind`. SQLite cannot alter a CHECK, so the
    table is rebuilt from its own current definition (every column and index it has now,
    whichever migrations added them), its rows copied, inside the migration's transaction."""
    (sql,) = db.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'deliveries'"
    ).fetchone()
    check = re.search(r"CHECK \(kind IN \(([^)]*)\)\)", sql)
    if check is None or f"'{kind}'" in check.group(1):
        return
    rebuilt = sql[: check.end(1)] + f", '{kind}'" + sql[check.end(1) :]
    rebuilt = re.sub(r'^CREATE TABLE "?deliveries"?', "CREATE TABLE deliveries_new", rebuilt)
    extras = [
        row[0]
        for row in db.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name = 'deliveries'"
            " AND type IN ('index', 'trigger') AND sql IS NOT NULL"
        )
    ]
    db.execute(rebuilt)
    db.execute("INSERT INTO deliveries_new SELECT * FROM deliveries")
    db.execute("DROP TABLE deliveries")
    db.execute("ALTER TABLE deliveries_new RENAME TO deliveries")
    for statement in extras:
        db.execute(statement)
