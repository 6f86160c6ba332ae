"""Pictures to PNG bytes: `render(picture)` in this process, or `DrawingPool`, one separate
process that imports matplotlib as soon as it starts.

Drawing is about a second of pure Python (matplotlib) and importing matplotlib another
second. In the Slack process that would compete for the GIL with the threads that must
acknowledge requests within 3 s, and the first map after a start would pay the import; the
pool moves both into a process of their own, warmed up before anyone asks.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING

from bot.pools import RestartingPool

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
        self._processes = RestartingPool(context=context, initializer=warm_up, timeout=timeout)

    def start(self) -> Future:
        """Start the worker now (it imports matplotlib and draws once), without waiting."""
        return self._processes.submit(_ready)

    def __call__(self, picture: Picture) -> bytes:
        try:
            return self._processes.run(render, picture)
        except BrokenProcessPool:
            log.warning("the drawing process died; a new one starts with the next picture")
            raise

    def close(self) -> None:
        self._processes.close()
