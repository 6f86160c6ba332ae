"""Training and cross-validating the learned decisions on labelled articles.

    examples = extract_examples(records, Analyzer())   # one pass of the pipeline per article
    models = fit_models(examples)                       # the linear models + thresholds
    folds = cross_validate(examples, k=5)               # held-out predictions, fold by fold

Features come from the rules and the parse, which are not fitted to the data, so they are
extracted once; every fitted part (vocabulary, weights, the detection threshold) is fitted
on the training folds only.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from bot.models import SUPPORTED_LANGS
from bot.nlp.candidates import PartyCandidate, two_sides
from bot.nlp.evaluate import to_article
from bot.nlp.gate import gate_features
from bot.nlp.learned import Models, structural
from bot.nlp.linear import LinearModel
from bot.nlp.names import same_organisation
from bot.nlp.topics import pick_topics

log = logging.getLogger(__name__)

DETECT_L2 = 2.0
GATE_L2 = 2.0
# How far under the lowest held-out partnership the gate's threshold goes, in log-odds:
# the margin for unseen articles scored lower than any the inner folds held out (1.0
# lost one partnership of 139 in a cross-validation; 1.5 none over seeds 0-2).
GATE_MARGIN = 1.5
DEAL_L2 = 4.0
PARTY_L2 = 1.0
MIN_COUNT = 3  # a feature must occur in this many training rows
PRECISION_BETA = 0.7  # the detection threshold maximises F-beta on held-out predictions
THRESHOLD_REPEATS = 3  # inner cross-validations whose pooled predictions set the threshold
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
    view: str = "full"  # "short": headline and first sentence only, for training
    has_topic: bool = False  # the analysis gives the article at least one topic
    gate_features: dict[str, float] = field(default_factory=dict)  # the first pass's (`gate`)


@dataclass
class Prediction:
    is_partnership: bool
    confidence: float
    deal_type: str | None = None
    parties: list[str] = field(default_factory=list)
    gated: bool = False  # the learned first pass kept it from the models


def extract_examples(
    records: Sequence[dict], analyzer, *, short_views: bool = False
) -> list[Example]:
    """Run every article through the whole pipeline (past the first pass too), keeping the
    features the learned decisions read.

    With `short_views`, each article also gives a second example made of its headline and
    first sentence, the way many feeds deliver an item: the models learn that a plain
    two-line announcement is a partnership, not only a long article with many words for it.
    Short views train; they are never scored (`Example.view`).
    """
    from bot.nlp.analyzer import focus_doc

    examples: list[Example] = []
    pending: dict[str, list[tuple[Example, object]]] = {}
    for record in records:
        gold = bool(record.get("is_partnership"))
        article = to_article(record)
        lang = analyzer.language_of(article)
        views = [("full", article.title, article.text)]
        if lang in SUPPORTED_LANGS and short_views:
            short = short_view(analyzer.cheap_pass(lang), article.title, article.text)
            if short is not None:
                views.append(("short", *short))
        for view, title, text in views:
            example = Example(
                id=str(record["id"]),
                lang=record.get("lang") or "",
                gold=gold,
                gold_parties=list(record.get("parties") or []) if gold else [],
                gold_deal_type=record.get("deal_type") if gold else None,
                view=view,
            )
            examples.append(example)
            if lang not in SUPPORTED_LANGS:
                continue
            example.lang = example.lang or lang
            prepared = analyzer.cheap_pass(lang).prepare(title, text)
            example.candidate = prepared.candidate
            example.gate_features = gate_features(prepared)
            example.has_topic = bool(pick_topics(prepared))
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


def short_view(cheap_pass, title: str, text: str) -> tuple[str, str] | None:
    """(headline, first sentence) of an article, or its first two sentences when it has no
    headline; None when that would be the whole article anyway."""
    sentences = [s.text for s in cheap_pass.split(text) if len(s.text.split()) >= 4]
    keep = 1 if title.strip() else 2
    if len(sentences) <= keep:
        return None
    return title, " ".join(sentences[:keep])


def train(records: Sequence[dict], analyzer, *, seed: int = 0, sources: Sequence[str] = ()):
    """The shipped models, rebuilt from labelled articles: same records and seed, same
    weights, byte for byte."""
    examples = extract_examples(records, analyzer)
    digest = hashlib.sha256()
    for record in sorted(records, key=lambda r: str(r["id"])):
        digest.update(json.dumps(record, sort_keys=True, ensure_ascii=False).encode())
    meta = {
        "articles": sum(e.view == "full" for e in examples),
        "partnerships": sum(e.gold for e in examples if e.view == "full"),
        "sources": list(sources),
        "data_sha256": digest.hexdigest(),
        "seed": seed,
        "models": dict(analyzer.models),
    }
    return fit_models(examples, seed=seed, meta=meta)


def party_label(candidate: PartyCandidate, gold_parties: Iterable[str]) -> bool:
    names = [candidate.name, *candidate.aliases]
    return any(same_organisation(n, g) for n in names for g in gold_parties)


def fit_models(
    examples: Sequence[Example], *, seed: int = 0, inner_folds: int = 5, meta: dict | None = None
) -> Models:
    """The models fitted on `examples`; the detection threshold and the gate's are chosen
    on out-of-fold probabilities of inner cross-validations over the same examples."""
    detector, structure = fit_detector(examples)
    deal = fit_deal(examples)
    party = fit_party(examples)
    models = Models(detector, structure, deal, party, meta=meta, gate=fit_gate(examples))
    if inner_folds > 1 and len(examples) >= 4 * inner_folds:
        scored, gated = [], []
        for repeat in range(THRESHOLD_REPEATS):
            for train, test in folds(examples, inner_folds, seed + 1 + repeat):
                inner = Models(*fit_detector(train), deal, party)
                gate = fit_gate(train)
                for e in test:
                    p = _gated(e, inner.detection(e.features))
                    scored.append((e.gold, p))
                    if e.candidate and gate is not None:
                        gated.append((e.gold, p, gate.predict(e.gate_features)))
        models.threshold = choose_threshold(scored)
        models.gate_threshold = gate_threshold(gated, models.threshold)
    return models


def fit_gate(examples: Sequence[Example]) -> LinearModel | None:
    """The first pass's learned decision, over the articles the rule pass sends on."""
    rows = [e for e in examples if e.candidate and e.gate_features]
    if len({e.gold for e in rows}) < 2:
        return None
    return LinearModel.fit(
        [e.gate_features for e in rows],
        ["yes" if e.gold else "no" for e in rows],
        ["no", "yes"],
        l2=GATE_L2,
        min_count=MIN_COUNT,
    )


def gate_threshold(
    scored: Sequence[tuple[bool, float, float]], threshold: float, margin: float = GATE_MARGIN
) -> float:
    """The gate's threshold from held-out (gold, detection probability, gate probability):
    `margin` log-odds under the lowest gate probability of a partnership the analysis found
    (gold, detected at `threshold`), so that the gate loses none of them; 0 (no gate) when
    there is none."""
    kept = [g for gold, p, g in scored if gold and p >= threshold]
    if not kept:
        return 0.0
    lowest = min(max(1e-6, min(kept)), 1 - 1e-6)
    logit = math.log(lowest / (1 - lowest)) - margin
    return round(1 / (1 + math.exp(-logit)), 4)


def fit_detector(examples: Sequence[Example]) -> tuple[LinearModel, LinearModel]:
    """The two views of detection: every feature, and the structural ones only."""
    rows = [e for e in examples if e.features]
    labels = ["yes" if e.gold else "no" for e in rows]
    words = LinearModel.fit(
        [e.features for e in rows], labels, ["no", "yes"], l2=DETECT_L2, min_count=MIN_COUNT
    )
    structure = LinearModel.fit(
        [structural(e.features) for e in rows],
        labels,
        ["no", "yes"],
        l2=DETECT_L2,
        min_count=MIN_COUNT,
    )
    return words, structure


def fit_deal(examples: Sequence[Example]) -> LinearModel:
    rows = [e for e in examples if e.gold and e.deal_features and e.view == "full"]
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
        if not e.gold or e.view != "full":
            continue
        for c in e.candidates:
            rows.append(c.features)
            labels.append("yes" if party_label(c, e.gold_parties) else "no")
    return LinearModel.fit(rows, labels, ["no", "yes"], l2=PARTY_L2, min_count=MIN_COUNT)


def _gated(example: Example, probability: float) -> float:
    """What production reports: articles the first pass drops, with no trigger or naming
    fewer than two organisations are not partnerships whatever the model would say."""
    usable = example.candidate and example.has_trigger and two_sides(example.candidates)
    return probability if usable else 0.0


def predict(models: Models, example: Example, *, gate: bool = True) -> Prediction:
    """The held-out prediction for one example, as the analysis would make it (with
    `gate=False`, as it would with every article sent to the models)."""
    if gate and not models.passes_gate(example.gate_features):
        return Prediction(False, 0.0, gated=True)
    p = _gated(example, models.detection(example.features)) if example.features else 0.0
    if p < models.threshold:
        return Prediction(False, p)
    return Prediction(
        True,
        p,
        deal_type=models.deal_type(example.deal_features),
        parties=models.parties(list(example.candidates)),
    )


def choose_threshold(scored: Sequence[tuple[bool, float]], beta: float = PRECISION_BETA) -> float:
    """The threshold with the best F-beta (beta < 1 weighs precision above recall: a wrong
    alert costs a team more than a missed one), on a 0.05 grid from 0.5 to 0.9 so that one
    article cannot move it."""
    best, best_score = 0.5, -1.0
    for step in range(9):
        t = round(0.5 + 0.05 * step, 2)
        tp = sum(1 for gold, p in scored if gold and p >= t)
        fp = sum(1 for gold, p in scored if not gold and p >= t)
        fn = sum(1 for gold, p in scored if gold and p < t)
        if not tp:
            continue
        precision, recall = tp / (tp + fp), tp / (tp + fn)
        score = (1 + beta**2) * precision * recall / (beta**2 * precision + recall)
        if score > best_score:
            best, best_score = t, score
    return best


def folds(examples: Sequence[Example], k: int, seed: int = 0):
    """K train/test splits by article (both views of an article on the same side),
    stratified by label and language, the same for the same seed and ids; the test side
    holds full articles only."""

    def key(e: Example) -> str:
        return hashlib.sha256(f"{seed}:{e.id}".encode()).hexdigest()

    groups: dict[tuple, list[Example]] = {}
    for e in examples:
        if e.view == "full":
            groups.setdefault((e.gold, e.lang), []).append(e)
    assignment: dict[str, int] = {}
    offset = 0
    for _, members in sorted(groups.items()):
        for n, e in enumerate(sorted(members, key=key)):
            assignment[e.id] = (n + offset) % k
        offset += len(members)
    for fold in range(k):
        train = [e for e in examples if assignment.get(e.id, -1) != fold]
        test = [e for e in examples if assignment.get(e.id, -1) == fold and e.view == "full"]
        yield train, test


@dataclass
class HeldOut:
    """One fold's held-out predictions: as the analysis makes them, and as it would with
    every article sent to the models (`open`, what the gate's losses are measured against)."""

    predictions: list[tuple[Example, Prediction]]
    open: list[Prediction]
    threshold: float
    gate_threshold: float
    gate_passed: int  # held-out articles the rule pass sent on and the gate let through
    rule_passed: int  # held-out articles the rule pass sent on


def cross_validate(examples: Sequence[Example], k: int = 5, seed: int = 0) -> list[HeldOut]:
    """Held-out predictions fold by fold, with each fold's thresholds: the models of a fold
    never saw its articles."""
    out = []
    for n, (train, test) in enumerate(folds(examples, k, seed)):
        models = fit_models(train, seed=seed + 100 * (n + 1))
        rule = [e for e in test if e.candidate]
        out.append(
            HeldOut(
                predictions=[(e, predict(models, e)) for e in test],
                open=[predict(models, e, gate=False) for e in test],
                threshold=models.threshold,
                gate_threshold=models.gate_threshold,
                gate_passed=sum(models.passes_gate(e.gate_features) for e in rule),
                rule_passed=len(rule),
            )
        )
    return out
