"""Pictures to PNG bytes: `render(picture)` in this process, or `DrawingPool`, one separate
process that imports matplotlib as soon as it starts.

Drawing is about a second of pure Python (matplotlib) and importing matplotlib another
second. In the Slack process that would compete for the GIL with the threads that must
acknowledge requests within 3 s, and the first map after a start would pay the import; the
pool moves both into a process of their own, warmed up before anyone asks.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.insights.partner_map import PartnerMap
    from bot.insights.trends import TrendReport

    Picture = PartnerMap | TrendReport

log = logging.getLogger(__name__)


def render(picture: Picture) -> bytes:
    """The PNG of a partner map or of a trend report (neither empty)."""
    from bot.insights.partner_map import PartnerMap

    if isinstance(picture, PartnerMap):
        from bot.insights.mapchart import render_map

        return render_map(picture)
    from bot.insights.trendchart import render_trends

    return render_trends(picture)


def warm_up() -> None:
    """Import matplotlib and draw once, so fonts are loaded before the first real picture."""
    from bot.insights import charts

    fig, ax = charts.canvas(40)
    ax.text(10, 10, "warm-up", fontfamily=charts.FONT)
    charts.to_png(fig)


def _ready() -> bool:
    return True


class DrawingPool:
    """`render` in one worker process (spawned, so it shares nothing with the caller).
    Call it with a picture; it waits for the PNG bytes."""

    def __init__(self, *, context: str = "spawn", timeout: float = 60.0) -> None:
        self._context = multiprocessing.get_context(context)
        self._timeout = timeout
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def start(self) -> Future:
        """Start the worker now (it imports matplotlib and draws once), without waiting."""
        return self._executor().submit(_ready)

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    max_workers=1, mp_context=self._context, initializer=warm_up
                )
            return self._pool

    def __call__(self, picture: Picture) -> bytes:
        pool = self._executor()
        try:
            return pool.submit(render, picture).result(timeout=self._timeout)
        except BrokenProcessPool:
            log.warning("the drawing process died; a new one starts with the next picture")
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
