"""Training and cross-validating the learned decisions on labelled articles.

    examples = extract_examples(records, Analyzer())   # one pass of the pipeline per article
    models = fit_models(examples)                       # the three linear models + threshold
    folds = cross_validate(examples, k=5)               # held-out predictions, fold by fold

Features come from the rules and the parse, which are not fitted to the data, so they are
extracted once; every fitted part (vocabulary, weights, the detection threshold) is fitted
on the training folds only.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from bot.models import SUPPORTED_LANGS, Article
from bot.nlp.candidates import PartyCandidate
from bot.nlp.learned import Models
from bot.nlp.linear import LinearModel
from bot.nlp.names import same_organisation

log = logging.getLogger(__name__)

DETECT_L2 = 4.0
DEAL_L2 = 4.0
PARTY_L2 = 2.0
MIN_COUNT = 3  # a feature must occur in this many training rows
TARGET_PRECISION = 0.95
PARTNERSHIP_TYPES = (
    "mou", "strategic_partnership", "joint_venture", "collaboration", "distribution_agreement",
    "licensing", "other",
)  # fmt: skip


@dataclass
class Example:
    """One labelled article as the analysis sees it."""

    id: str
    lang: str
    gold: bool
    gold_parties: list[str]
    gold_deal_type: str | None
    candidate: bool = False  # passed the cheap first pass
    has_trigger: bool = False
    features: dict[str, float] = field(default_factory=dict)
    deal_features: dict[str, float] = field(default_factory=dict)
    candidates: list[PartyCandidate] = field(default_factory=list)


@dataclass
class Prediction:
    is_partnership: bool
    confidence: float
    deal_type: str | None = None
    parties: list[str] = field(default_factory=list)


def to_article(record: dict) -> Article:
    """The article as the bot would receive it (no language hint: detection is measured too)."""
    return Article(
        uid=str(record["id"]),
        title=record.get("title") or "",
        text=record.get("text") or "",
        url=record.get("source_url") or record.get("url"),
        published=record.get("published"),
    )


def extract_examples(records: Sequence[dict], analyzer) -> list[Example]:
    """Run every article through the whole pipeline (past the first pass too), keeping the
    features the learned decisions read."""
    from bot.nlp.analyzer import focus_doc

    examples: list[Example] = []
    pending: dict[str, list[tuple[Example, object]]] = {}
    for record in records:
        gold = bool(record.get("is_partnership"))
        example = Example(
            id=str(record["id"]),
            lang=record.get("lang") or "",
            gold=gold,
            gold_parties=list(record.get("parties") or []) if gold else [],
            gold_deal_type=record.get("deal_type") if gold else None,
        )
        examples.append(example)
        article = to_article(record)
        lang = analyzer.language_of(article)
        if lang not in SUPPORTED_LANGS:
            continue
        example.lang = example.lang or lang
        prepared = analyzer.cheap_pass(lang).prepare(article.title, article.text)
        example.candidate = prepared.candidate
        pending.setdefault(lang, []).append((example, prepared))
    for lang, items in pending.items():
        nlp = analyzer.pipeline(lang)
        component = nlp.get_pipe("partnership")
        saved = component.models, component.keep_features
        component.models, component.keep_features = None, True
        try:
            docs = (focus_doc(nlp, prepared) for _, prepared in items)
            for (example, _), doc in zip(items, nlp.pipe(docs, batch_size=32), strict=True):
                finding = doc._.partnership
                example.has_trigger = finding.evidence is not None
                example.features = finding.features
                example.deal_features = finding.deal_features
                example.candidates = finding.candidates
                for c in example.candidates:
                    c.forms = []  # spans of a parse that is about to go
        finally:
            component.models, component.keep_features = saved
    return examples


def party_label(candidate: PartyCandidate, gold_parties: Iterable[str]) -> bool:
    names = [candidate.name, *candidate.aliases]
    return any(same_organisation(n, g) for n in names for g in gold_parties)


def fit_models(
    examples: Sequence[Example], *, seed: int = 0, inner_folds: int = 5, meta: dict | None = None
) -> Models:
    """The three models fitted on `examples`; the detection threshold is chosen on
    out-of-fold probabilities of an inner cross-validation over the same examples."""
    detector = fit_detector(examples)
    deal = fit_deal(examples)
    party = fit_party(examples)
    threshold = 0.5
    if inner_folds > 1 and len(examples) >= 4 * inner_folds:
        scored = []
        for train, test in folds(examples, inner_folds, seed + 1):
            inner = fit_detector(train)
            scored.extend((e.gold, _gated(e, inner.predict(e.features))) for e in test)
        threshold = choose_threshold(scored, TARGET_PRECISION)
    return Models(detector, deal, party, threshold=threshold, meta=meta)


def fit_detector(examples: Sequence[Example]) -> LinearModel:
    rows = [e for e in examples if e.features]
    return LinearModel.fit(
        [e.features for e in rows],
        ["yes" if e.gold else "no" for e in rows],
        ["no", "yes"],
        l2=DETECT_L2,
        min_count=MIN_COUNT,
    )


def fit_deal(examples: Sequence[Example]) -> LinearModel:
    rows = [e for e in examples if e.gold and e.deal_features]
    return LinearModel.fit(
        [e.deal_features for e in rows],
        [e.gold_deal_type if e.gold_deal_type in PARTNERSHIP_TYPES else "other" for e in rows],
        list(PARTNERSHIP_TYPES),
        l2=DEAL_L2,
        min_count=MIN_COUNT,
    )


def fit_party(examples: Sequence[Example]) -> LinearModel:
    rows, labels = [], []
    for e in examples:
        if not e.gold:
            continue
        for c in e.candidates:
            rows.append(c.features)
            labels.append("yes" if party_label(c, e.gold_parties) else "no")
    return LinearModel.fit(rows, labels, ["no", "yes"], l2=PARTY_L2, min_count=MIN_COUNT)


def _gated(example: Example, probability: float) -> float:
    """What production reports: articles the first pass drops, or with no trigger, are not
    partnerships whatever the model would say."""
    return probability if example.candidate and example.has_trigger else 0.0


def predict(models: Models, example: Example) -> Prediction:
    """The held-out prediction for one example, as the analysis would make it."""
    p = _gated(example, models.detection(example.features)) if example.features else 0.0
    if p < models.threshold:
        return Prediction(False, p)
    return Prediction(
        True,
        p,
        deal_type=models.deal_type(example.deal_features),
        parties=models.parties(list(example.candidates)),
    )


def choose_threshold(scored: Sequence[tuple[bool, float]], target: float) -> float:
    """The lowest threshold whose precision reaches `target` (so recall is the highest such),
    else the one with the best precision; never below 0.5."""
    points = sorted({p for _, p in scored if p > 0}, reverse=True)
    best, best_precision = 0.5, -1.0
    tp = fp = 0
    ordered = sorted(scored, key=lambda s: s[1], reverse=True)
    i = 0
    chosen = None
    for t in points:
        while i < len(ordered) and ordered[i][1] >= t:
            tp += ordered[i][0]
            fp += not ordered[i][0]
            i += 1
        precision = tp / (tp + fp)
        if tp >= 5 and precision >= target:
            chosen = t
        if tp >= 5 and precision > best_precision:
            best, best_precision = t, precision
    threshold = chosen if chosen is not None else best
    return max(0.5, round(threshold - 1e-6, 4))


def folds(examples: Sequence[Example], k: int, seed: int = 0):
    """K train/test splits by article, stratified by label and language, the same for the
    same seed and ids."""

    def key(e: Example) -> str:
        return hashlib.sha256(f"{seed}:{e.id}".encode()).hexdigest()

    groups: dict[tuple, list[Example]] = {}
    for e in examples:
        groups.setdefault((e.gold, e.lang), []).append(e)
    assignment: dict[str, int] = {}
    offset = 0
    for _, members in sorted(groups.items()):
        for n, e in enumerate(sorted(members, key=key)):
            assignment[e.id] = (n + offset) % k
        offset += len(members)
    for fold in range(k):
        train = [e for e in examples if assignment[e.id] != fold]
        test = [e for e in examples if assignment[e.id] == fold]
        yield train, test


def cross_validate(
    examples: Sequence[Example], k: int = 5, seed: int = 0
) -> list[list[tuple[Example, Prediction]]]:
    """Held-out predictions, one list per fold: each fold's models never saw its articles."""
    out = []
    for n, (train, test) in enumerate(folds(examples, k, seed)):
        models = fit_models(train, seed=seed + 100 * (n + 1))
        out.append([(e, predict(models, e)) for e in test])
    return out
