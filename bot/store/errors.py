"""What went wrong with the database, said in one line that names the file."""

from __future__ import annotations

import sqlite3
from pathlib import Path


class StoreError(Exception):
    """The database cannot be used as asked; the message is one line naming its path."""


class StoreFull(StoreError):
    """The disk (or the database's size limit) is full; nothing half-written was kept."""


class StoreReadOnly(StoreError):
    """The database can only be read here."""


def is_read_only_error(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and "readonly" in str(exc).replace("-", "")


def is_full_error(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and "full" in str(exc)


def describe(exc: sqlite3.Error, path: Path | str | None) -> str:
    """`exc` as a user should read it: what is wrong, and with which file."""
    where = path if path is not None else "the database"
    text = " ".join(str(exc).split()) or type(exc).__name__
    if is_read_only_error(exc):
        return f"the database is read-only: {where}"
    if is_full_error(exc):
        return f"the disk is full ({text}): {where}"
    if "not a database" in text:
        return f"not a SQLite database ({text}): {where}"
    if "malformed" in text or "corrupt" in text:
        return f"the database is damaged ({text}): {where}"
    if "unable to open" in text:
        return f"cannot open the database ({text}): {where}"
    if "locked" in text or "busy" in text:
        return f"the database stayed busy too long ({text}): {where}"
    return f"database error ({text}): {where}"


def store_error(exc: sqlite3.Error, path: Path | str | None) -> StoreError:
    """The `StoreError` (or `StoreFull`, `StoreReadOnly`) that `exc` amounts to."""
    kind = StoreError
    if is_full_error(exc):
        kind = StoreFull
    elif is_read_only_error(exc):
        kind = StoreReadOnly
    return kind(describe(exc, path))
