"""`python -m bench.profile WHAT [--size N]`: where the time goes, with pyinstrument.

WHAT is `analysis` (the cascade on the real-text mix of `bench.realtext`), `partners`
(`/partners` questions on a generated store), `digest` (both digests on it) or `grouping`
(`assign` with N stories stored). Uses the stores cached by `python -m bench` (generated
if missing). Needs the `bench` extra: `pip install -e ".[bench]"`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from pyinstrument import Profiler

from bench import grouping, queries
from bench.synthdb import TEAM, articles_store

OUT = Path(__file__).parent / "out" / "full"


def _analysis(size: int, seed: int) -> None:
    from bench.analysis import _article
    from bench.realtext import corpus_records, real_mix
    from bot.nlp import Analyzer

    analyzer = Analyzer()
    analyzer.warm_up()
    articles = [_article(r) for r in real_mix(corpus_records(), size)]
    with Profiler(interval=0.0005) as profiler:
        for _ in analyzer.analyze_many(articles):
            pass
    profiler.print(color=False, unicode=False)


def _partners(size: int, seed: int) -> None:
    from bot.service.commands import handle_command
    from bot.store import open_db

    store = articles_store(size, seed, OUT)
    db = open_db(store.path)
    ctx = queries.context(db, store.path)
    for _, text in queries.workload(store, 50, seed + 1):
        handle_command(ctx, text)
    questions = [text for _, text in queries.workload(store, 500, seed)]
    with Profiler(interval=0.0002) as profiler:
        for text in questions:
            handle_command(ctx, text)
    profiler.print(color=False, unicode=False)
    db.close()


def _digest(size: int, seed: int) -> None:
    from bot import messages
    from bot.store import open_db
    from bot.store import subscriptions as subs

    store = articles_store(size, seed, OUT)
    queries.prepare_digest(store)
    db = open_db(store.path)
    with Profiler(interval=0.0002) as profiler:
        for _ in range(10):
            for channel in (queries.DIGEST_CHANNEL, queries.ADHOC_CHANNEL):
                content = subs.digest_content(db, TEAM, channel)
                messages.digest_message(content.groups())
    profiler.print(color=False, unicode=False)
    db.close()


def _grouping(size: int, seed: int) -> None:
    path = grouping.stories_store(size, seed, OUT)
    with Profiler(interval=0.0005) as profiler:
        grouping.assign_cost(path, articles=300, seed=seed)
    profiler.print(color=False, unicode=False)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__)
    parser.add_argument("what", choices=("analysis", "partners", "digest", "grouping"))
    parser.add_argument("--size", type=int, help="articles (stories for grouping)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    default = {"analysis": 300, "partners": 1_000_000, "digest": 1_000_000, "grouping": 100_000}
    run = {"analysis": _analysis, "partners": _partners, "digest": _digest, "grouping": _grouping}
    run[args.what](args.size or default[args.what], args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
