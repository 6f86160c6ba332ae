"""SQLite storage: schema, writes from ingestion, and the read paths Slack needs."""

from bot.store.db import open_db, utcnow

__all__ = ["open_db", "utcnow"]
