"""Organisations and their aliases: the canonical names partnerships are keyed on."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from bot.store.db import utcnow


@dataclass(frozen=True)
class Org:
    id: int
    name: str


def alias_key(name: str) -> str:
    """The normalised form aliases are stored under (see `bot.nlp.normalise_name`)."""
    from bot.nlp import normalise_name

    return normalise_name(name)


def ensure_org(db: Database, name: str) -> int:
    """Id of the organisation called `name` or known under it as an alias; created if new.

    Looking aliases up first keeps "ACME" (from an article) and "Acme" (typed in a
    `watch`) one organisation, so the watch fires.
    """
    row = db.execute("SELECT id FROM organisations WHERE name = ?", [name]).fetchone()
    if row:
        return row[0]
    row = db.execute("SELECT org_id FROM aliases WHERE alias = ?", [alias_key(name)]).fetchone()
    if row:
        return row[0]
    cursor = db.execute(
        "INSERT INTO organisations (name, created_at) VALUES (?, ?)", [name, utcnow()]
    )
    org_id = cursor.lastrowid
    add_aliases(db, org_id, [name])
    return org_id


def add_aliases(db: Database, org_id: int, aliases: list[str]) -> None:
    """Record extra names for an organisation; an alias already taken keeps its owner."""
    for alias in aliases:
        key = alias_key(alias)
        if key:
            db.execute("INSERT OR IGNORE INTO aliases (alias, org_id) VALUES (?, ?)", [key, org_id])


def find_orgs(db: Database, text: str) -> list[Org]:
    """Organisations a user probably means by `text` ("xiaomi", "Xiaomi Corp", "MSFT").

    Exact alias first, then the NLP alias table's canonical name, then a name prefix.
    """
    key = alias_key(text)
    if not key:
        return []
    rows = db.execute(
        "SELECT o.id, o.name FROM aliases a JOIN organisations o ON o.id = a.org_id"
        " WHERE a.alias = ?",
        [key],
    ).fetchall()
    if not rows:
        from bot.nlp import canonical_company

        canonical = canonical_company(text)
        if canonical:
            rows = db.execute(
                "SELECT id, name FROM organisations WHERE name = ?", [canonical]
            ).fetchall()
    if not rows:
        rows = db.execute(
            "SELECT DISTINCT o.id, o.name FROM aliases a JOIN organisations o ON o.id = a.org_id"
            " WHERE a.alias >= ? AND a.alias < ? ORDER BY o.name LIMIT 5",
            [key + " ", key + " \uffff"],
        ).fetchall()
    return [Org(id=r[0], name=r[1]) for r in rows]


def known_aliases(db: Database) -> dict[str, list[str]]:
    """Every organisation's name, to teach the analyser the parties found so far."""
    return {name: [name] for (name,) in db.execute("SELECT name FROM organisations")}
