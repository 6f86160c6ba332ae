"""Analysis throughput: the cascade (`bot.nlp.Analyzer`) against the naive way.

The naive way runs every article through the full spaCy pipeline of its language (every
default component, NER included), as `spacy.load(model)` gives it. The cascade is the real
analysis: language detection, the cheap first pass, and the model only on the headline,
lead and trigger sentences of the candidates. Both read the same generated articles in
the same run, one process, after a warm-up; tokens are counted once by the naive
pipeline's tokenizer, so tokens/s compare like for like.

The cascade only pays off if it loses nothing: its recall is the share of gold
partnerships in the shared dev set that pass the cheap first pass.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path

import spacy

from bench.news import NewsItem
from bot.models import Article
from bot.nlp import Analyzer

log = logging.getLogger("bench")

DEV_SET = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev.jsonl"
WARMUP = 16


@dataclass(frozen=True)
class Throughput:
    articles: int
    tokens: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.articles / self.seconds

    @property
    def tokens_per_second(self) -> float:
        return self.tokens / self.seconds


@dataclass(frozen=True)
class AnalysisResult:
    naive: dict[str, Throughput]  # "en", "fr", "all"
    cascade: dict[str, Throughput]
    candidates: int  # articles of the mix sent to the model
    mix_recall: float  # generated partnerships that pass the first pass
    partnerships: int
    dev_recall: float | None  # None without the dev set
    dev_partnerships: int


def _article(item: NewsItem) -> Article:
    return Article(uid=item.uid, title=item.title, text=item.text, lang=item.lang)


def _naive(items: list[NewsItem], models: dict[str, str]) -> tuple[dict[str, Throughput], int]:
    """Every article through its language's full pipeline; returns throughputs and tokens."""
    out = {}
    for lang, model in models.items():
        nlp = spacy.load(model)
        texts = [f"{i.title}\n\n{i.text}" for i in items if i.lang == lang]
        list(nlp.pipe(texts[:WARMUP]))
        start = time.perf_counter()
        tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=32))
        out[lang] = Throughput(len(texts), tokens, time.perf_counter() - start)
        log.info("  naive %s: %.1f articles/s", lang, out[lang].per_second)
        del nlp
    out["all"] = Throughput(
        sum(t.articles for t in out.values()),
        sum(t.tokens for t in out.values()),
        sum(t.seconds for t in out.values()),
    )
    return out, out["all"].tokens


def _cascade(items: list[NewsItem], analyzer: Analyzer, tokens: dict[str, int]) -> dict:
    out = {}
    for lang in ("en", "fr", "all"):
        subset = [_article(i) for i in items if lang in ("all", i.lang)]
        start = time.perf_counter()
        for _ in analyzer.analyze_many(subset):
            pass
        out[lang] = Throughput(len(subset), tokens[lang], time.perf_counter() - start)
        log.info("  cascade %s: %.1f articles/s", lang, out[lang].per_second)
    return out


def dev_recall(analyzer: Analyzer, path: Path = DEV_SET) -> tuple[float, int] | None:
    """(share of gold partnerships that pass the cheap first pass, how many), or None
    when the dev set is not there."""
    if not path.exists():
        return None
    gold = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line) if line.strip() else None
        if record and record.get("is_partnership"):
            gold.append(record)
    passed = 0
    for record in gold:
        article = Article(
            uid=str(record["id"]),
            title=record.get("title") or "",
            text=record.get("text") or "",
            lang=record.get("lang"),
        )
        lang = analyzer.language_of(article)
        prepared = analyzer.cheap_pass(lang).prepare(article.title, article.text)
        passed += prepared.candidate
    return passed / len(gold), len(gold)


def run(
    items: list[NewsItem], model_en: str, model_fr: str, *, dev: Path = DEV_SET
) -> AnalysisResult:
    models = {"en": model_en, "fr": model_fr}
    naive, _ = _naive(items, models)
    tokens = {lang: naive[lang].tokens for lang in naive}
    analyzer = Analyzer(model_en=model_en, model_fr=model_fr)
    analyzer.warm_up()
    for _ in analyzer.analyze_many([_article(i) for i in items[:WARMUP]]):
        pass
    cascade = _cascade(items, analyzer, tokens)
    candidates = passed = 0
    for item in items:
        candidate = analyzer.cheap_pass(item.lang).prepare(item.title, item.text).candidate
        candidates += candidate
        passed += candidate and item.is_partnership
    partnerships = sum(i.is_partnership for i in items)
    recall = dev_recall(analyzer, dev)
    return AnalysisResult(
        naive=naive,
        cascade=cascade,
        candidates=candidates,
        mix_recall=passed / max(partnerships, 1),
        partnerships=partnerships,
        dev_recall=recall[0] if recall else None,
        dev_partnerships=recall[1] if recall else 0,
    )
