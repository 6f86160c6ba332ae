"""Worker processes started on first use and started afresh after one died: what the ingest
workers (`bot.ingest.workers`) and the drawing process (`bot.insights.drawing`) share."""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any


class RestartingPool:
    """A `ProcessPoolExecutor` built on first use (spawned processes share nothing with the
    caller). When a worker dies (out of memory, killed), the call that saw it raises
    `BrokenProcessPool` and the next call starts a new pool."""

    def __init__(
        self,
        *,
        workers: int = 1,
        context: str = "spawn",
        initializer: Callable[..., Any] | None = None,
        initargs: tuple = (),
        timeout: float | None = None,
    ) -> None:
        self._workers = workers
        self._context = multiprocessing.get_context(context)
        self._initializer = initializer
        self._initargs = initargs
        self._timeout = timeout
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def submit(self, work: Callable[..., Any], *args: Any) -> Future:
        """`work(*args)` in a worker, without waiting."""
        return self._executor().submit(work, *args)

    def run(self, work: Callable[..., Any], *args: Any) -> Any:
        """`work(*args)` in a worker: its result, waited for up to the pool's timeout."""
        pool = self._executor()
        try:
            return pool.submit(work, *args).result(timeout=self._timeout)
        except BrokenProcessPool:
            with self._lock:
                if self._pool is pool:
                    self._pool = None
            pool.shutdown(wait=False, cancel_futures=True)
            raise

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    max_workers=self._workers,
                    mp_context=self._context,
                    initializer=self._initializer,
                    initargs=self._initargs,
                )
            return self._pool
