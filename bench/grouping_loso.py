"""Leave-one-story-out figures for the two grouping thresholds read off labelled data.

    python -m bench.grouping_loso ../shared/corpus/grouping-dev.jsonl

The thresholds were chosen on the shared grouping set, so scoring them on it flatters
them. Here each labelled story is left out in turn; the threshold is chosen again on the
rest by the same rule as in BENCHMARKS.md, and the left-out story is scored with it:

- copies: containment threshold = geometric mean of the highest containment of any pair
  that is not a copy (in the rest, and in the `--unrelated` sets) and the lowest of a
  copy pair;
- same event: shared details needed when a date is unknown = the smallest value that
  makes no wrong merge in file order and in `ORDERS - 1` shuffled orders.

Grouping is simulated with the grouper's pure decisions (`bot.store.grouping`), every earlier
story being a candidate (no index, so no lookup limit); articles are analysed once by the
real analyser.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from pathlib import Path

from bot.ingest.eval_grouping import KINDS, Label, category, read_labels
from bot.models import Article
from bot.nlp import Analyzer
from bot.store.grouping import copies, events
from bot.store.grouping.copies import Body, body, copy_score
from bot.store.grouping.decide import best_event, copy_compatible
from bot.store.grouping.evidence import Evidence
from bot.store.stories import index_article

ORDERS = 5
DETAILS_GRID = (0, 1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Item:
    id: str
    label: Label
    body: Body
    evidence: Evidence


def load(path: Path, *, unlabelled: bool = False) -> list[Item]:
    """Items of a labelled set; of an unlabelled one (every record its own story) when
    `unlabelled`."""
    if unlabelled:
        with open(path, encoding="utf-8") as lines:
            records = [json.loads(line) for line in lines if line.strip()]
        labels = {str(r["id"]): Label(str(r["id"]), f"u:{r['id']}", "unrelated") for r in records}
    else:
        records, labels = read_labels(path)
    articles = [
        Article(uid=str(r["id"]), title=r.get("title") or "", text=r.get("text") or "")
        for r in records
    ]
    items = []
    today = date.today().isoformat()
    for record, analysis in zip(records, Analyzer().analyze_many(articles), strict=True):
        partnership = analysis.is_partnership and bool(analysis.parties)
        indexed = index_article(
            record.get("title") or "",
            record.get("text") or "",
            record.get("published"),
            analysis.lang,
            url=record.get("source_url"),
            parties=analysis.parties if partnership else (),
            deal_type=analysis.deal_type if partnership else None,
            first_seen=today,
        )
        rid = str(record["id"])
        items.append(Item(rid, labels[rid], body(record.get("text") or ""), indexed.evidence))
    return items


def simulate(items: list[Item]) -> dict[str, int]:
    """Story of each item, as the grouper would decide in this order."""
    stories: dict[int, list[Item]] = {}
    placed: dict[str, int] = {}
    for item in items:
        story = None
        for story_id, members in stories.items():
            if any(
                copies.is_copy(item.body, m.body) and copy_compatible(item.evidence, m.evidence)
                for m in members
            ):
                story = story_id
                break
        if story is None:
            match = best_event(
                item.evidence, {k: [m.evidence for m in v] for k, v in stories.items()}
            )
            story = match.story_id if match else len(stories)
        stories.setdefault(story, []).append(item)
        placed[item.id] = story
    return placed


def score(items: list[Item], placed: dict[str, int], only: set[str] | None = None):
    """(grouped, pairs) per kind and wrong merges, over pairs touching `only` if given."""
    found = {kind: [0, 0] for kind in KINDS}
    wrong: list[tuple[str, str]] = []
    for a, b in combinations(items, 2):
        if only is not None and not ({a.id, b.id} & only):
            continue
        cat = category(a.label, b.label)
        together = placed[a.id] == placed[b.id]
        if cat in KINDS:
            found[cat][0] += together
            found[cat][1] += 1
        elif together:
            wrong.append((a.id, b.id))
    return found, wrong


def pair_scores(items: list[Item], others: list[Item]) -> list[tuple[str, str, float, str]]:
    """Copy measure of every pair within the labelled set and within the unlabelled sets:
    (id, id, containment, "copy" or "other"). Pairs across them are left out: the shared
    sets hold a few articles of the grouping set (true copies, labelled nowhere)."""
    found = []
    pairs = [*combinations(items, 2), *combinations(others, 2)]
    for a, b in pairs:
        cat = category(a.label, b.label)
        kind = "copy" if cat == "copy" else "other" if a.label.story != b.label.story else ""
        if kind:
            found.append((a.id, b.id, copy_score(a.body, b.body), kind))
    return found


def copy_threshold(scores: list[tuple[str, str, float, str]], held: set[str]) -> float:
    worst_other, weakest_copy = 1e-3, 1.0
    for a, b, value, kind in scores:
        if a in held or b in held:
            continue
        if kind == "copy":
            weakest_copy = min(weakest_copy, value)
        else:
            worst_other = max(worst_other, value)
    return math.sqrt(worst_other * weakest_copy)


def details_needed(items: list[Item], seed: int) -> int:
    rng = random.Random(seed)
    orders = [items] + [rng.sample(items, len(items)) for _ in range(ORDERS - 1)]
    for value in DETAILS_GRID:
        events.MIN_DETAILS_UNDATED = value
        if not any(score(order, simulate(order))[1] for order in orders):
            return value
    return DETAILS_GRID[-1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.grouping_loso", description=__doc__)
    parser.add_argument("jsonl", type=Path)
    parser.add_argument(
        "--unrelated", type=Path, nargs="*", default=[],
        help="unlabelled sets whose pairs count as different articles for the copy threshold",
    )  # fmt: skip
    args = parser.parse_args(argv)
    items = load(args.jsonl)
    others = [item for path in args.unrelated for item in load(path, unlabelled=True)]
    scores = pair_scores(items, others)
    defaults = (copies.COPY_CONTAINMENT, events.MIN_DETAILS_UNDATED)
    totals = {kind: [0, 0] for kind in KINDS}
    wrong: set[tuple[str, str]] = set()
    chosen = []
    for story in sorted({i.label.story for i in items}):
        held = {i.id for i in items if i.label.story == story}
        rest = [i for i in items if i.id not in held]
        copies.COPY_CONTAINMENT = copy_threshold(scores, held)
        events.MIN_DETAILS_UNDATED = details_needed(rest, seed=len(chosen))
        chosen.append((story, round(copies.COPY_CONTAINMENT, 3), events.MIN_DETAILS_UNDATED))
        found, bad = score(items, simulate(items), only=held)
        for kind in KINDS:
            totals[kind][0] += found[kind][0]
            totals[kind][1] += found[kind][1]
        wrong.update(bad)
    copies.COPY_CONTAINMENT, events.MIN_DETAILS_UNDATED = defaults
    print("leave-one-story-out, file order:")
    for kind in KINDS:
        grouped, pairs = totals[kind]
        print(f"  {kind:<11} {grouped}/{pairs} pairs grouped ({grouped / max(1, pairs):.2f})")
    print(f"  wrong merges (pairs with a left-out article): {len(wrong)} {sorted(wrong)}")
    thresholds = sorted({c for _, c, _ in chosen})
    needed = sorted({d for _, _, d in chosen})
    print(f"  copy thresholds chosen: {thresholds}; details needed chosen: {needed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
