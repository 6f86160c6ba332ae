"""Organisations and their aliases: the canonical names partnerships are keyed on."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from bot.store.clock import iso


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
    `watch`) one organisation, so the watch fires. The alias table's canonical name counts
    too: parties are reported as the article writes them ("Aramco"), and a user may type
    the table's name ("Saudi Aramco"); both must reach one organisation.
    """
    row = db.execute("SELECT id FROM organisations WHERE name = ?", [name]).fetchone()
    if row:
        return row[0]
    names = list(dict.fromkeys(n for n in (name, _canonical(name)) if n))
    for key in dict.fromkeys(alias_key(n) for n in names):
        row = db.execute("SELECT org_id FROM aliases WHERE alias = ?", [key]).fetchone()
        if row:
            return row[0]
    cursor = db.execute("INSERT INTO organisations (name, created_at) VALUES (?, ?)", [name, iso()])
    org_id = cursor.lastrowid
    add_aliases(db, org_id, names)
    return org_id


def _canonical(name: str) -> str | None:
    from bot.nlp import canonical_company

    return canonical_company(name)


def add_aliases(db: Database, org_id: int, aliases: list[str]) -> None:
    """Record extra names for an organisation; an alias already taken keeps its owner."""
    for alias in aliases:
        key = alias_key(alias)
        if key:
            db.execute("INSERT OR IGNORE INTO aliases (alias, org_id) VALUES (?, ?)", [key, org_id])


# Organisations a team may hear named: a party to a stored partnership (public news), or
# one the team itself watches or mutes. A name only another team typed (`watch Project X`)
# stays theirs.
_SHOWN = """ AND (
    EXISTS (SELECT 1 FROM partnership_parties pp WHERE pp.org_id = o.id)
    OR EXISTS (SELECT 1 FROM watches w WHERE w.org_id = o.id AND w.team_id = :team)
    OR EXISTS (SELECT 1 FROM mutes m WHERE m.org_id = o.id AND m.team_id = :team))"""


def _shown_to(team_id: str | None) -> tuple[str, dict]:
    return ("", {}) if team_id is None else (_SHOWN, {"team": team_id})


def find_orgs(db: Database, text: str, *, team_id: str | None = None) -> list[Org]:
    """Organisations a user probably means by `text` ("xiaomi", "Xiaomi Corp", "MSFT").

    Exact alias first, then the NLP alias table's canonical name, then a name prefix. With
    `team_id`, only organisations that team may hear named (see `_SHOWN`); the NLP table's
    canonical names are public anyway.
    """
    key = alias_key(text)
    if not key:
        return []
    shown, params = _shown_to(team_id)
    rows = db.execute(
        "SELECT o.id, o.name FROM aliases a JOIN organisations o ON o.id = a.org_id"
        " WHERE a.alias = :key" + shown,
        {"key": key, **params},
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
            " WHERE a.alias >= :low AND a.alias < :high" + shown + " ORDER BY o.name LIMIT 5",
            {"low": key + " ", "high": key + " \uffff", **params},
        ).fetchall()
    return [Org(id=r[0], name=r[1]) for r in rows]


def shown_org(db: Database, org_id: int, team_id: str) -> Org | None:
    """The organisation `org_id`, if `team_id` may hear it named."""
    shown, params = _shown_to(team_id)
    row = db.execute(
        "SELECT o.id, o.name FROM organisations o WHERE o.id = :id" + shown,
        {"id": org_id, **params},
    ).fetchone()
    return Org(row[0], row[1]) if row else None


def known_aliases(db: Database) -> dict[str, list[str]]:
    """Every organisation's name, to teach the analyser the parties found so far."""
    return {name: [name] for (name,) in db.execute("SELECT name FROM organisations")}


def org_id_named(db: Database, name: str) -> int | None:
    """The id of the organisation stored under exactly `name`."""
    row = db.execute("SELECT id FROM organisations WHERE name = ?", [name]).fetchone()
    return row[0] if row else None


def suggest_orgs(db: Database, text: str, *, team_id: str, limit: int = 20) -> list[Org]:
    """Organisations the team may hear named whose name or an alias starts with `text`
    (then those whose name contains it), for a company picker."""
    key = alias_key(text)
    if not key:
        return []
    shown, params = _shown_to(team_id)
    rows = db.execute(
        "SELECT DISTINCT o.id, o.name FROM aliases a JOIN organisations o ON o.id = a.org_id"
        " WHERE a.alias >= :low AND a.alias < :high" + shown + " ORDER BY o.name LIMIT :limit",
        {"low": key, "high": key + "\uffff", "limit": limit, **params},
    ).fetchall()
    found = {r[0]: r[1] for r in rows}
    if len(found) < limit:
        for org_id, name in db.execute(
            "SELECT o.id, o.name FROM organisations o WHERE o.name LIKE :like ESCAPE '\\'"
            + shown
            + " ORDER BY o.name LIMIT :limit",
            {"like": "%" + _like(text.strip()) + "%", "limit": limit, **params},
        ):
            found.setdefault(org_id, name)
    return [Org(i, n) for i, n in list(found.items())[:limit]]


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
