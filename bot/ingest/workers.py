"""Where ingestion runs: one `Ingestor` per process, built (models loaded) on first use and
shared by threads one call at a time; or worker processes (`IngestPool`), so fetching and
spaCy never hold the GIL the Slack side needs."""

from __future__ import annotations

import functools
import importlib
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

from bot.config import Settings
from bot.pools import RestartingPool

if TYPE_CHECKING:
    from bot.ingest.ingestor import Ingestor


class Serialized:
    """`target` with its method calls made one at a time: one ingestor (one SQLite
    connection, one set of models) is shared by every request thread."""

    def __init__(self, target: Any) -> None:
        self._target = target
        self._lock = threading.Lock()

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._target, name)
        if not callable(attribute):
            return attribute

        @functools.wraps(attribute)
        def one_at_a_time(*args, **kwargs):
            with self._lock:
                return attribute(*args, **kwargs)

        return one_at_a_time


def lazy_ingestor(settings: Settings, connect: Callable[[], Database]) -> Callable[[], Ingestor]:
    """A function returning the process's one ingestor, built (models loaded, a connection
    opened with `connect`) on first use; its calls are made one at a time."""
    lock = threading.Lock()
    built: list[Any] = []

    def ingestor() -> Ingestor:
        with lock:
            if not built:
                from bot.ingest.ingestor import Ingestor
                from bot.nlp.analyzer import analyzer_for

                ingestor = Ingestor(settings, connect(), analyzer_for(settings))
                built.append(Serialized(ingestor))
            return built[0]

    return ingestor


_worker_ingestor = None


def _init_worker(settings: Settings, analyzer: str) -> None:
    """In each worker process: its own database connection, models and Ingestor."""
    global _worker_ingestor
    from bot.ingest.ingestor import Ingestor
    from bot.logs import redact_secrets
    from bot.store import open_db

    redact_secrets(settings.secrets())  # a spawned process starts with logging afresh
    module, _, name = analyzer.partition(":")
    factory = getattr(importlib.import_module(module), name)
    _worker_ingestor = Ingestor(settings, open_db(settings.db_path), factory(settings))


def _ingest_in_worker(sources: list[str], poll: bool, trusted: bool):
    return _worker_ingestor.ingest(sources, poll=poll, trusted=trusted)


def _check_in_worker(text: str, url: str | None):
    return _worker_ingestor.check(text, url)


class IngestPool:
    """Ingestion in separate processes, so fetching and spaCy never hold the GIL that the
    Slack side needs. Call it with a feed URL; it waits for that feed's IngestSummary."""

    def __init__(
        self,
        settings: Settings,
        *,
        workers: int = 1,
        context: str = "spawn",
        analyzer: str = "bot.nlp.analyzer:analyzer_for",
        timeout: float = 900.0,
    ):
        self._processes = RestartingPool(
            workers=workers,
            context=context,
            initializer=_init_worker,
            initargs=(settings, analyzer),
            timeout=timeout,
        )

    def __call__(self, url: str):
        return self.ingest([url])

    def ingest(self, sources: list[str], *, poll: bool = False, trusted: bool = False):
        """`Ingestor.ingest` run in a worker process; returns its IngestSummary. This makes
        the pool usable wherever an Ingestor is (e.g. `/partners read`)."""
        return self._run(_ingest_in_worker, list(sources), poll, trusted)

    def check(self, text: str, url: str | None = None):
        """`Ingestor.check` (the "Check for partnership" shortcut) in a worker process."""
        return self._run(_check_in_worker, text, url)

    def _run(self, work, *args):
        return self._processes.run(work, *args)  # a dead worker: a new pool next time

    def close(self) -> None:
        self._processes.close()
