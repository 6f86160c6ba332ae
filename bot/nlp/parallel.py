"""Analysis on several cores: `ParallelAnalyzer` spreads `analyze_many` over worker processes.

spaCy runs one article at a time on one core; `partners-bot ingest --workers N` hands
chunks of articles to N processes, each with its own copy of the analyser (models loaded
there), and gets the analyses back in input order, so what is stored is what one process
would store. Names taught meanwhile (`add_aliases`) travel with the chunks sent after.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice

from bot.models import Analysis, Article

CHUNK = 16  # articles per task: small enough to keep every worker busy to the end
IN_FLIGHT = 2  # chunks per worker sent ahead of the one the caller is storing

_worker = None  # the analyser of a worker process
_applied = 0  # how many of the names taught since the pool started it has learned


def _init(analyzer) -> None:
    global _worker, _applied
    _worker, _applied = analyzer, 0


def _analyze(taught: list[tuple[str, str]], articles: list[Article]) -> list[Analysis]:
    global _applied
    if len(taught) > _applied:
        mapping: dict[str, list[str]] = {}
        for name, canonical in taught[_applied:]:
            mapping.setdefault(canonical, []).append(name)
        _worker.add_aliases(mapping)
        _applied = len(taught)
    return list(_worker.analyze_many(articles))


class ParallelAnalyzer:
    """An `Analyzer` whose `analyze_many` runs in `workers` processes (started on first use,
    stopped by `close`)."""

    def __init__(self, analyzer, workers: int, *, context: str = "spawn"):
        self.analyzer = analyzer
        self.workers = max(1, workers)
        self.models = analyzer.models
        self._context = multiprocessing.get_context(context)
        self._pool: ProcessPoolExecutor | None = None
        self._taught: list[tuple[str, str]] = []

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=self._context,
                initializer=_init,
                initargs=(self.analyzer,),
            )
            self._taught = []  # the copies start with every name taught so far
        return self._pool

    def analyze_many(self, articles: Iterable[Article]) -> Iterator[Analysis]:
        """Analyses in input order. A few chunks per worker are in flight at a time, each
        sent with the names taught so far: what the caller teaches while it stores one
        chunk's analyses reaches the chunks sent after, and a long input is read as it goes
        rather than all at once."""
        iterator = iter(articles)
        pool = self._executor()
        pending: deque[Future] = deque()

        def send() -> None:
            chunk = list(islice(iterator, CHUNK))
            if chunk:
                pending.append(pool.submit(_analyze, list(self._taught), chunk))

        for _ in range(IN_FLIGHT * self.workers):
            send()
        while pending:
            analyses = pending.popleft().result()
            yield from analyses
            send()

    def analyze(self, article: Article) -> Analysis:
        return next(self.analyze_many([article]))

    def add_aliases(self, mapping: dict[str, list[str]]) -> None:
        self.analyzer.add_aliases(mapping)
        if self._pool is not None:
            self._taught.extend(
                (name, canonical)
                for canonical, aliases in mapping.items()
                for name in [canonical, *aliases]
            )

    def __getattr__(self, name: str):  # language_of, cheap_pass, pipeline...: in process
        return getattr(self.analyzer, name)

    def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
