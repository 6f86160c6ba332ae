"""Pairs of unrelated real articles the grouper would join: how often, and which.

    python -m bench.grouping_pairs ../shared/corpus/train.jsonl ../shared/corpus/dev.jsonl

Every record is analysed by the real analyser and treated as a story of its own: for
every pair, the copy measure (containment of the shorter body) and the same-event verdict
are computed as the grouper computes them (all articles first seen the same day, as in a
backfill: undated ones are compared on their words alone). Prints the distributions and
the pairs that would be grouped, to be read: most sets hold a few true duplicates too.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from itertools import combinations
from pathlib import Path

from bot.models import Article
from bot.nlp import Analyzer
from bot.store.grouping.copies import body, copy_score, is_copy
from bot.store.grouping.decide import copy_compatible
from bot.store.grouping.distributions import format_distributions, measure
from bot.store.grouping.events import same_event
from bot.store.stories import index_article

SEEN = date.today().isoformat()


def _records(paths: list[Path]) -> list[dict]:
    records = []
    for path in paths:
        with open(path, encoding="utf-8") as lines:
            records += [json.loads(line) for line in lines if line.strip()]
    return records


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.grouping_pairs", description=__doc__)
    parser.add_argument("jsonl", nargs="+", type=Path)
    args = parser.parse_args(argv)
    records = _records(args.jsonl)
    articles = [
        Article(uid=str(r["id"]), title=r.get("title") or "", text=r.get("text") or "")
        for r in records
    ]
    items = []
    for record, analysis in zip(records, Analyzer().analyze_many(articles), strict=True):
        partnership = analysis.is_partnership and bool(analysis.parties)
        indexed = index_article(
            record.get("title") or "",
            record.get("text") or "",
            record.get("published"),
            analysis.lang,
            url=record.get("source_url") or record.get("url"),
            parties=analysis.parties if partnership else (),
            deal_type=analysis.deal_type if partnership else None,
            first_seen=SEEN,
        )
        items.append((str(record["id"]), body(record.get("text") or ""), indexed.evidence))
    print(f"{len(items)} articles, {len(items) * (len(items) - 1) // 2} pairs")
    print(format_distributions(measure(items, lambda a, b: "unrelated")))
    print("pairs that would be grouped:")
    for (a, body_a, ev_a), (b, body_b, ev_b) in combinations(items, 2):
        copy = is_copy(body_a, body_b) and copy_compatible(ev_a, ev_b)
        verdict = same_event(ev_a, ev_b)
        if copy or verdict.same:
            how = f"copy {copy_score(body_a, body_b):.2f}" if copy else verdict.reason
            print(f"  {a} + {b}: {how}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
