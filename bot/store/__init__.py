"""SQLite storage: the only place with SQL. Schema, writes from ingestion, and the read
paths commands, alerts and digests need."""

from bot.store.db import open_db

__all__ = ["open_db"]
