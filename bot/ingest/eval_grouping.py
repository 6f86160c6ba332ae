"""Measure story grouping on a labelled JSONL (schema: ../shared/corpus/README.md,
`grouping-dev.jsonl`): `story` names the group, `kind` is copy, same_event or near_miss.

The texts are ingested into a fresh temporary store through the real ingest path
(`Ingestor.ingest` on the JSONL file, the real analyser), in file order or shuffled, then
every pair of articles is scored: pairs of one labelled story should share a story, all
others (near-misses above all) should not.

    report = evaluate_grouping(Path("grouping-dev.jsonl"), Analyzer())
    print(report.format())
"""

from __future__ import annotations

import json
import random
import tempfile
from dataclasses import asdict, dataclass, field
from itertools import combinations
from pathlib import Path

from bot.config import Settings
from bot.ingest.ingestor import Ingestor
from bot.store import open_db
from bot.store.candidates import StoredArticle, all_grouped_articles
from bot.store.grouping.copies import body, copy_score
from bot.store.grouping.distributions import format_distributions, measure
from bot.store.grouping.events import same_event
from bot.store.stories import stored_evidence

KINDS = ("copy", "same_event")


@dataclass(frozen=True)
class Label:
    id: str
    story: str
    kind: str
    near_miss_of: str | None = None


@dataclass(frozen=True)
class Pair:
    """Two articles, what the labels say of them, and what the grouper did."""

    a: str
    b: str
    category: str  # copy, same_event (one labelled story), near_miss or unrelated
    grouped: bool
    why: str = ""


@dataclass
class KindScore:
    pairs: int = 0
    grouped: int = 0
    wrong: int = 0  # wrong merges involving an article of this kind

    @property
    def recall(self) -> float:
        return self.grouped / self.pairs if self.pairs else 0.0

    @property
    def precision(self) -> float:
        found = self.grouped + self.wrong
        return self.grouped / found if found else 1.0


@dataclass
class GroupingReport:
    source: str
    articles: int
    stories: int
    orders: list[str] = field(default_factory=list)
    runs: list[dict[str, KindScore]] = field(default_factory=list)
    near_misses: list[tuple[int, int]] = field(default_factory=list)  # (kept apart, pairs)
    missed: list[list[Pair]] = field(default_factory=list)
    wrong: list[list[Pair]] = field(default_factory=list)
    distributions: str | None = None

    def score(self, kind: str, run: int = 0) -> KindScore:
        return self.runs[run][kind]

    def wrong_merges(self, run: int = 0) -> int:
        return len(self.wrong[run])

    def format(self) -> str:
        lines = [f"{self.source}: {self.articles} articles in {self.stories} labelled stories"]
        for run, order in enumerate(self.orders):
            lines += ["", f"ingested {order}:", self._table(run)]
            kept, pairs = self.near_misses[run]
            lines.append(f"near misses kept apart: {kept} of {pairs} pairs")
            lines.append(f"wrong merges: {len(self.wrong[run])}")
            lines += [f"  wrong merge {_show(p)}" for p in self.wrong[run]]
            lines += [f"  missed {_show(p)}" for p in self.missed[run]]
        if len(self.runs) > 1:
            lines += ["", self._summary()]
        if self.distributions:
            lines += ["", self.distributions]
        return "\n".join(lines)

    def _table(self, run: int) -> str:
        rows = ["kind        pairs  grouped  recall  precision"]
        for kind in KINDS:
            s = self.runs[run][kind]
            rows.append(
                f"{kind:<11} {s.pairs:>5}  {s.grouped:>7}  {s.recall:>6.2f}  {s.precision:>9.2f}"
            )
        return "\n".join(rows)

    def _summary(self) -> str:
        parts = []
        for kind in KINDS:
            recalls = [run[kind].recall for run in self.runs]
            parts.append(
                f"{kind} recall min {min(recalls):.2f} mean {sum(recalls) / len(recalls):.2f}"
            )
        wrong = [len(w) for w in self.wrong]
        parts.append(f"wrong merges max {max(wrong)} (in {sum(1 for w in wrong if w)} orders)")
        return f"over {len(self.runs)} orders: " + "; ".join(parts)

    def to_dict(self) -> dict:
        return {
            "source": self.source,
            "articles": self.articles,
            "stories": self.stories,
            "runs": [
                {
                    "order": order,
                    **{
                        kind: {**asdict(s), "recall": s.recall, "precision": s.precision}
                        for kind, s in self.runs[i].items()
                    },
                    "near_misses_kept_apart": self.near_misses[i][0],
                    "near_miss_pairs": self.near_misses[i][1],
                    "wrong_merges": [asdict(p) for p in self.wrong[i]],
                    "missed": [asdict(p) for p in self.missed[i]],
                }
                for i, order in enumerate(self.orders)
            ],
        }


def _show(pair: Pair) -> str:
    return f"{pair.category}: {pair.a} + {pair.b} ({pair.why})"


def read_labels(path: Path) -> tuple[list[dict], dict[str, Label]]:
    """The records (as read) and their labels by id; records without a story are refused."""
    records, labels = [], {}
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            record = json.loads(line)
            if not isinstance(record, dict) or not record.get("id") or not record.get("story"):
                raise ValueError(f"{path}:{number}: a record needs an 'id' and a 'story'")
            records.append(record)
            labels[str(record["id"])] = Label(
                str(record["id"]),
                str(record["story"]),
                str(record.get("kind") or "copy"),
                record.get("near_miss_of"),
            )
    return records, labels


def category(a: Label, b: Label) -> str:
    if a.story == b.story:
        return a.kind if a.kind in KINDS else "copy"
    if a.near_miss_of == b.story or b.near_miss_of == a.story:
        return "near_miss"
    return "unrelated"


def why(a: StoredArticle, b: StoredArticle) -> str:
    """What the grouper's measures say of a pair: containment, and the same-event verdict."""
    verdict = same_event(stored_evidence(a), stored_evidence(b))
    return f"containment {copy_score(body(a.text), body(b.text)):.2f}; same event: {verdict.reason}"


def ingest_into_fresh_store(records: list[dict], analyzer, workdir: Path) -> list[StoredArticle]:
    """Write the records as JSONL and ingest them the way `partners-bot ingest` does."""
    source = workdir / "articles.jsonl"
    with open(source, "w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    db = open_db(workdir / "grouping.db")
    try:
        summary = Ingestor(Settings(db_path=workdir / "grouping.db"), db, analyzer).ingest(
            [str(source)], trusted=True
        )
        if summary.errors:
            raise ValueError("; ".join(summary.errors))
        return all_grouped_articles(db)
    finally:
        db.close()


def score_run(stored: list[StoredArticle], labels: dict[str, Label]):
    """Pair scores of one ingested store: per kind, near misses, missed pairs, wrong merges."""
    by_id = {a.external_id: a for a in stored if a.external_id in labels}
    missing = set(labels) - set(by_id)
    if missing:
        raise ValueError(f"not stored: {', '.join(sorted(missing))}")
    scores = {kind: KindScore() for kind in KINDS}
    kept = near = 0
    missed, wrong = [], []
    for a, b in combinations(sorted(by_id), 2):
        cat = category(labels[a], labels[b])
        grouped = by_id[a].story_id == by_id[b].story_id
        if cat in KINDS:
            scores[cat].pairs += 1
            scores[cat].grouped += grouped
            if not grouped:
                missed.append(Pair(a, b, cat, False, why(by_id[a], by_id[b])))
            continue
        near += cat == "near_miss"
        kept += cat == "near_miss" and not grouped
        if grouped:
            wrong.append(Pair(a, b, cat, True, why(by_id[a], by_id[b])))
            for kind in {labels[a].kind, labels[b].kind} & set(KINDS):
                scores[kind].wrong += 1
    return scores, (kept, near), missed, wrong


def pair_distributions(stored: list[StoredArticle], labels: dict[str, Label]) -> str:
    """The copy and same-event measures of every labelled pair, by category."""
    items = [
        (a.external_id, body(a.text), stored_evidence(a)) for a in stored if a.external_id in labels
    ]
    found = measure(items, lambda a, b: category(labels[a], labels[b]))
    return format_distributions(found)


def evaluate_grouping(
    path: Path, analyzer, *, orders: int = 1, seed: int = 1, distributions: bool = False
) -> GroupingReport:
    """Ingest the labelled texts into fresh stores (file order, then `orders - 1` shuffled
    orders) and score every pair of articles; with `distributions`, also the measures of
    every pair (first run)."""
    records, labels = read_labels(path)
    report = GroupingReport(
        source=path.name, articles=len(records), stories=len({x.story for x in labels.values()})
    )
    rng = random.Random(seed)
    for run in range(max(1, orders)):
        ordered = list(records)
        if run:
            rng.shuffle(ordered)
        with tempfile.TemporaryDirectory(prefix="partners-grouping-") as workdir:
            stored = ingest_into_fresh_store(ordered, analyzer, Path(workdir))
        scores, near, missed, wrong = score_run(stored, labels)
        if distributions and not run:
            report.distributions = pair_distributions(stored, labels)
        report.orders.append("in file order" if not run else f"in shuffled order {run}")
        report.runs.append(scores)
        report.near_misses.append(near)
        report.missed.append(missed)
        report.wrong.append(wrong)
    return report
