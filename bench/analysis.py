"""Analysis on real news: the cascade against the naive way, both as whole processes.

The text is the shared labelled corpus (`bench.realtext`: `../shared/corpus/train.jsonl` +
`dev.jsonl`, read at run time), repeated under unique ids into a mix where one article in
ten is a partnership. The naive way (`bench.naive_ner`) runs every article through its
language's model with the NER alone; the cascade is `partners-bot analyze --jsonl`. Each is
timed from its process's start to its end (imports, model loading, language detection
included), wall clock and CPU, one after the other in the same run.

What the cascade must not do is lose partnerships: its verdicts are compared with the
forced-open run, the same analysis with every article sent to the models (no rule pass, no
gate), run in this process on each distinct article once (the analysis is deterministic, so
a repeated article gets the same verdict).
"""

from __future__ import annotations

import json
import logging
import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.realtext import write_jsonl
from bot.models import SUPPORTED_LANGS, Analysis, Article
from bot.nlp import Analyzer
from bot.nlp.analyzer import focus_doc, to_analysis

log = logging.getLogger("bench")

REPO = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Process:
    """One whole process: wall and CPU seconds (its own and its children's)."""

    wall: float
    cpu: float
    stdout: str


def timed(command: list[str], env: dict[str, str] | None = None) -> Process:
    """Run `command` to its end; its wall clock and CPU time."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        command,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
        capture_output=True,
        text=True,
        timeout=3600,
        check=False,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Process(wall, cpu, done.stdout)


def cascade_command(jsonl: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "bot", "analyze", "--jsonl", str(jsonl), "--out", str(out)]


def naive_command(jsonl: Path, models: tuple[str, str]) -> list[str]:
    return [sys.executable, "-m", "bench.naive_ner", str(jsonl), "--models", *models]


@dataclass(frozen=True)
class AnalysisResult:
    articles: int
    partnerships: int  # gold, in the mix
    naive: Process
    cascade: Process
    sent_rules: int  # articles of the mix the rule pass sends on
    sent_gate: int  # ... and the gate lets through: what reaches the models
    found_open: int  # partnerships of the mix found with every article sent to the models
    found_cascade: int  # ... found by the cascade (`partners-bot analyze`)
    found_rules: int  # ... found with the rule pass alone (no gate)


def forced_open(analyzer: Analyzer, article: Article) -> Analysis:
    """The analysis with every article sent to the models, first pass or not."""
    lang = analyzer.language_of(article)
    if lang not in SUPPORTED_LANGS:
        return Analysis(lang=lang, supported=False)
    prepared = analyzer.cheap_pass(lang).prepare(article.title or "", article.text or "")
    nlp = analyzer.pipeline(lang)
    return to_analysis(prepared, nlp(focus_doc(nlp, prepared)))


def _article(record: dict) -> Article:
    return Article(
        uid=str(record["id"]), title=record.get("title") or "", text=record["text"],
        lang=record.get("lang"),
    )  # fmt: skip


def run(mix: list[dict], models: tuple[str, str], work: Path) -> AnalysisResult:
    """Both whole processes on `mix`, then the verdicts compared with the forced-open run."""
    jsonl = write_jsonl(mix, work / "mix.jsonl")
    out = work / "analyses.jsonl"
    naive = timed(naive_command(jsonl, models))
    log.info("  naive: %.1f s wall, %.1f s CPU", naive.wall, naive.cpu)
    cascade = timed(cascade_command(jsonl, out), env={"PARTNERS_MODEL_EN": models[0],
                                                      "PARTNERS_MODEL_FR": models[1]})  # fmt: skip
    log.info("  cascade: %.1f s wall, %.1f s CPU", cascade.wall, cascade.cpu)
    with open(out, encoding="utf-8") as f:
        found = {row["id"] for row in map(json.loads, f) if row.get("is_partnership")}
    analyzer = Analyzer(model_en=models[0], model_fr=models[1])
    rules_only = Analyzer(model_en=models[0], model_fr=models[1], gate=False)
    # base id -> (found forced open, sent on by the rules, by the gate, found by rules alone)
    verdicts: dict[str, tuple[bool, bool, bool, bool]] = {}
    for record in mix:
        base = str(record["id"]).rsplit("#", 1)[0]
        if base in verdicts:
            continue
        article = _article(record)
        lang = analyzer.language_of(article)
        prepared = analyzer.cheap_pass(lang).prepare(article.title, article.text)
        opened = forced_open(analyzer, article).is_partnership
        rules = prepared.candidate
        gate = rules and analyzer.passes_gate(prepared)
        verdicts[base] = (opened, rules, gate, rules_only.analyze(article).is_partnership)
    per = [(verdicts[str(r["id"]).rsplit("#", 1)[0]], str(r["id"])) for r in mix]
    return AnalysisResult(
        articles=len(mix),
        partnerships=sum(bool(r.get("is_partnership")) for r in mix),
        naive=naive,
        cascade=cascade,
        sent_rules=sum(v[1] for v, _ in per),
        sent_gate=sum(v[2] for v, _ in per),
        found_open=sum(v[0] for v, _ in per),
        found_cascade=sum(v[0] and uid in found for v, uid in per),
        found_rules=sum(v[0] and v[3] for v, _ in per),
    )
