"""Every migration written is registered, and applies on a fresh database."""

from __future__ import annotations

import inspect

from bot.store import migrations as module
from bot.store.migrations import migrations


def test_every_migration_function_is_registered():
    written = sorted(
        name
        for name, obj in inspect.getmembers(module, inspect.isfunction)
        if name[:1] == "m" and name[1:4].isdigit()
    )
    registered = [m.name for m in migrations._migrations]
    assert written == sorted(registered)
    assert registered == sorted(registered), "migrations apply in the order they are numbered"


def test_a_fresh_database_has_every_migration(db):
    applied = [row[0] for row in db.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    assert applied == [m.name for m in migrations._migrations]
