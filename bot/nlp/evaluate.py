"""Measure the analyser on a labelled JSONL (see ../shared/corpus/README.md for the schema).

report = evaluate_file("dev.jsonl", Analyzer())
print(report.format())
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bot.dates import utc_iso
from bot.models import Article
from bot.nlp.batch import BadInput
from bot.nlp.names import normalise_name, same_organisation


@dataclass
class Scores:
    """Detection counts, plus party and deal-type agreement over the true positives.

    Parties match when the two sets name the same organisations (`same_organisation`: equal
    once normalised, an acronym and its expansion, or a shorter form of the same name);
    `party_strict` counts sets whose normalised names are identical.
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    party_matches: int = 0
    party_strict: int = 0
    deal_type_matches: int = 0
    topics_covered: int = 0  # gold partnerships given at least one topic
    parties_found: int = 0  # predicted parties that name a gold party (over true positives)
    parties_predicted: int = 0
    parties_gold: int = 0

    @property
    def articles(self) -> int:
        return self.tp + self.fp + self.fn + self.tn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def party_exact_match(self) -> float:
        return self.party_matches / self.tp if self.tp else 0.0

    @property
    def party_precision(self) -> float:
        return self.parties_found / self.parties_predicted if self.parties_predicted else 0.0

    @property
    def party_recall(self) -> float:
        return self.parties_found / self.parties_gold if self.parties_gold else 0.0

    @property
    def deal_type_accuracy(self) -> float:
        return self.deal_type_matches / self.tp if self.tp else 0.0

    @property
    def topic_coverage(self) -> float:
        """Share of the gold partnerships the analyser gives a topic (found or not: topics
        are measured apart from detection)."""
        gold = self.tp + self.fn
        return self.topics_covered / gold if gold else 0.0

    def add(self, gold: bool, gold_parties, gold_deal_type, got) -> None:
        """Count one article: `got` has is_partnership, parties and deal_type."""
        if gold and got.is_partnership:
            self.tp += 1
            self.party_matches += same_parties(gold_parties, got.parties)
            self.party_strict += party_set(gold_parties) == party_set(got.parties)
            self.deal_type_matches += gold_deal_type == got.deal_type
            found = matched_parties(gold_parties, got.parties)
            self.parties_found += found
            self.parties_predicted += len(got.parties)
            self.parties_gold += len(gold_parties or [])
        elif got.is_partnership:
            self.fp += 1
        elif gold:
            self.fn += 1
        else:
            self.tn += 1

    def to_dict(self) -> dict:
        return {
            **asdict(self),
            "articles": self.articles,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "party_exact_match": round(self.party_exact_match, 4),
            "party_precision": round(self.party_precision, 4),
            "party_recall": round(self.party_recall, 4),
            "deal_type_accuracy": round(self.deal_type_accuracy, 4),
            "topic_coverage": round(self.topic_coverage, 4),
        }

    def line(self, label: str) -> str:
        return (
            f"{label:<8} n={self.articles:<4} P={self.precision:.2f} R={self.recall:.2f} "
            f"F1={self.f1:.2f}  parties EM={self.party_exact_match:.2f} "
            f"(P={self.party_precision:.2f} R={self.party_recall:.2f}) "
            f"deal type={self.deal_type_accuracy:.2f} topics={self.topic_coverage:.2f}  "
            f"(tp={self.tp} fp={self.fp} fn={self.fn})"
        )


@dataclass
class EvalError:
    id: str
    lang: str
    kind: str  # false_positive, false_negative, parties, deal_type
    expected: object
    got: object
    reason: str


@dataclass
class EvalReport:
    overall: Scores = field(default_factory=Scores)
    by_lang: dict[str, Scores] = field(default_factory=dict)
    errors: list[EvalError] = field(default_factory=list)
    seconds: float = 0.0

    def format(self) -> str:
        lines = [self.overall.line("overall")]
        lines += [self.by_lang[lang].line(lang) for lang in sorted(self.by_lang)]
        n = max(1, self.overall.articles)
        lines.append(f"{self.seconds:.2f}s, {1000 * self.seconds / n:.0f} ms/article")
        if self.errors:
            lines.append(f"\n{len(self.errors)} errors:")
            for e in self.errors:
                lines.append(
                    f"- {e.id} [{e.lang}] {e.kind}: expected {_show(e.expected)}, "
                    f"got {_show(e.got)} ({e.reason})"
                )
        else:
            lines.append("no errors")
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return {
            "overall": self.overall.to_dict(),
            "by_lang": {lang: s.to_dict() for lang, s in sorted(self.by_lang.items())},
            "errors": [asdict(e) for e in self.errors],
            "seconds": round(self.seconds, 3),
        }


def _show(value) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(map(str, value)) + "]"
    return str(value)


def party_set(names) -> set[str]:
    return {normalise_name(n) for n in names or [] if normalise_name(n)}


def matched_parties(gold, got) -> int:
    """How many predicted parties name a distinct gold party."""
    used: set[int] = set()
    for name in got or []:
        for i, g in enumerate(gold or []):
            if i not in used and same_organisation(name, g):
                used.add(i)
                break
    return len(used)


def same_parties(gold, got) -> bool:
    """The same organisations on both sides, one for one."""
    gold, got = list(gold or []), list(got or [])
    return len(gold) == len(got) and matched_parties(gold, got) == len(gold)


def to_article(record: dict) -> Article:
    """The article as the bot would receive it (no language hint: detection is measured too)."""
    return Article(
        uid=str(record["id"]),
        title=record.get("title") or "",
        text=record.get("text") or "",
        url=record.get("source_url") or record.get("url"),
        published=utc_iso(record.get("published")),
    )


def evaluate(records: list[dict], analyzer) -> EvalReport:
    """Precision/recall/F1 of partnership detection, party exact-match and deal-type accuracy."""
    report = EvalReport()
    articles = [to_article(r) for r in records]
    warm_up = getattr(analyzer, "warm_up", None)
    if warm_up:
        warm_up()  # model loading is not analysis time
    started = time.perf_counter()
    analyses = list(analyzer.analyze_many(articles))
    report.seconds = time.perf_counter() - started
    for record, article, got in zip(records, articles, analyses, strict=True):
        lang = record.get("lang") or got.lang
        covered = bool(record.get("is_partnership")) and bool(_topics(analyzer, article, got))
        for scores in (report.overall, report.by_lang.setdefault(lang, Scores())):
            scores.add(
                bool(record.get("is_partnership")), record.get("parties"),
                record.get("deal_type"), got,
            )  # fmt: skip
            scores.topics_covered += covered
        report.errors.extend(_errors(record, article, got, lang, analyzer))
    return report


def _topics(analyzer, article: Article, got) -> list[str]:
    """The analyser's topics for the article; for a deal it missed, those its text would get."""
    if got.is_partnership or not hasattr(analyzer, "cheap_pass"):
        return list(got.topics)
    from bot.nlp.topics import article_topics

    return article_topics(analyzer, article)


def _errors(record: dict, article: Article, got, lang: str, analyzer) -> list[EvalError]:
    gold = bool(record.get("is_partnership"))
    rid = str(record.get("id"))

    def why() -> str:
        explain = getattr(analyzer, "explain", None)
        return "; ".join(explain(article)[:3]) if explain else ""

    if gold != got.is_partnership:
        kind = "false_negative" if gold else "false_positive"
        reason = why()
        if got.is_partnership and got.evidence:
            reason = f"evidence: {got.evidence[:90]!r}; {reason}"
        return [EvalError(rid, lang, kind, gold, got.is_partnership, reason)]
    if not gold:
        return []
    errors = []
    if not same_parties(record.get("parties"), got.parties):
        errors.append(
            EvalError(rid, lang, "parties", record.get("parties"), got.parties, "party set differs")
        )
    if record.get("deal_type") != got.deal_type:
        errors.append(
            EvalError(rid, lang, "deal_type", record.get("deal_type"), got.deal_type, why())
        )
    return errors


def read_jsonl(path) -> list[dict]:
    """The labelled records of `path`; `BadInput` naming the first line that is not one."""
    records = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for number, line in enumerate(f, start=1):
            if line.strip():
                records.append(_record(path, number, line))
    return records


def _record(path, number: int, line: str) -> dict:
    try:
        record = json.loads(line)
    except (ValueError, RecursionError) as exc:
        reason = getattr(exc, "msg", None) or type(exc).__name__
        raise BadInput(f"{path}: line {number} is not JSON ({reason})") from None
    if not isinstance(record, dict):
        raise BadInput(f"{path}: line {number} is not a JSON object")
    missing = [key for key in ("id", "text") if key not in record]
    if missing:
        raise BadInput(f"{path}: line {number} has no {', '.join(map(repr, missing))}")
    return record


def evaluate_file(path, analyzer) -> EvalReport:
    return evaluate(read_jsonl(Path(path)), analyzer)
