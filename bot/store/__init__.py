"""SQLite storage: the only place with SQL. Schema, writes from ingestion (articles grouped
into stories by the pure decisions of `grouping/`), and the read paths commands, alerts and
digests need."""

from bot.store.db import Store, open_db
from bot.store.errors import StoreError, StoreFull, StoreReadOnly

__all__ = ["Store", "StoreError", "StoreFull", "StoreReadOnly", "open_db"]
