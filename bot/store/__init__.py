"""SQLite storage: the only place with SQL. Schema, writes from ingestion (articles grouped
into stories by the pure decisions of `grouping/`), and the read paths commands, alerts and
digests need."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.store.errors import StoreError, StoreFull, StoreReadOnly

if TYPE_CHECKING:
    from bot.store.db import Store, open_db

__all__ = ["Store", "StoreError", "StoreFull", "StoreReadOnly", "open_db"]


def __getattr__(name: str):
    # The connection code (and sqlite-utils, ~0.1 s to import) loads on first use: commands
    # that never open the store (`analyze`, `eval`) start without it.
    if name in ("Store", "open_db"):
        from bot.store import db

        return getattr(db, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
