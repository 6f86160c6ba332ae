"""Opening the database: one SQLite file, WAL mode, migrations applied.

Every transaction that writes takes SQLite's write lock when it begins (`BEGIN IMMEDIATE`),
so a writer waits its turn (`busy_timeout`) instead of failing at once with "database is
locked" when a deferred transaction that has read tries to start writing.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

from sqlite_utils import Database

from bot.store.errors import StoreError, StoreReadOnly, is_read_only_error, store_error
from bot.store.migrations import migrations

BUSY_SECONDS = 30


class Store(Database):
    """sqlite-utils' `Database` whose transactions take the write lock up front.

    `read_only` is True when the file could only be opened for reading (a shared copy,
    a user without write permission): reads work, writes raise "read-only".
    """

    read_only: bool = False
    path: Path | None = None

    @contextlib.contextmanager
    def atomic(self) -> Iterator[Store]:
        """A transaction (a savepoint when one is open) begun with `BEGIN IMMEDIATE`."""
        if self.conn.in_transaction:
            with super().atomic():
                yield self
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            self.rollback()
            raise


def open_db(path: str | Path) -> Store:
    """Open the database at `path` (created if the file is missing, not its folder) and
    bring its schema up to date; `StoreError` says in one line what is wrong with it."""
    path = Path(path)
    memory = str(path) == ":memory:"
    if not memory:
        _check_path(path)
    try:
        db = _open(path, memory)
    except sqlite3.Error as exc:
        raise store_error(exc, path) from None
    try:
        _migrate(db)
    except sqlite3.Error as exc:
        db.close()
        raise store_error(exc, path) from None
    return db


def _check_path(path: Path) -> None:
    if path.is_dir():
        raise StoreError(f"the database path is a directory, not a file: {path}")
    if not path.parent.is_dir():
        raise StoreError(f"the database's folder does not exist: {path}")


def _open(path: Path, memory: bool) -> Store:
    if not memory and path.exists() and not _writable(path):
        return _open_read_only(path)
    conn = sqlite3.connect(str(path), timeout=BUSY_SECONDS, check_same_thread=False)
    conn.isolation_level = "IMMEDIATE"  # the implicit BEGIN before a lone write statement
    try:
        _prepare(conn)
    except sqlite3.OperationalError as exc:
        conn.close()
        if memory or not is_read_only_error(exc):
            raise
        return _open_read_only(path)
    return _store(conn, path)


def _writable(path: Path) -> bool:
    """The file and its folder (where WAL mode keeps its -wal and -shm files) are writable."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _prepare(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA busy_timeout={BUSY_SECONDS * 1000}")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")


def _open_read_only(path: Path) -> Store:
    """Read-only access; `immutable` when the WAL index cannot be made beside the file
    (a read-only folder): then nobody may be writing to this copy while it is read."""
    uri = "file:" + quote(str(path.resolve()))
    for options in ("mode=ro", "mode=ro&immutable=1"):
        conn = sqlite3.connect(
            f"{uri}?{options}", uri=True, timeout=BUSY_SECONDS, check_same_thread=False
        )
        try:
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError as exc:
            conn.close()
            if is_read_only_error(exc) or "unable to open" in str(exc):
                continue  # no WAL index can be made here (a read-only folder or disk)
            raise
        db = _store(conn, path)
        db.read_only = True
        return db
    raise StoreReadOnly(f"the database is read-only and cannot be read here: {path}")


def _store(conn: sqlite3.Connection, path: Path) -> Store:
    db = Store(conn)
    db.path = path
    return db


def _migrate(db: Store) -> None:
    """Apply pending migrations, one process at a time (the first holds the write lock)."""
    if not migrations.pending(db):
        return
    if db.read_only:
        db.close()
        raise StoreReadOnly(f"the database is read-only and its schema needs an upgrade: {db.path}")
    with db.atomic():
        migrations.apply(db)
