"""The `partnership` spaCy component: is the article's main news a partnership, and between whom?

It reads a focus document (headline, lead and trigger sentences; see `cascade`) whose
`doc._.segments` say where each sentence came from. A sentence supports a partnership when it
holds a trigger ("sign an MoU with", "s'associer à", "joint venture") that is not negated,
ended, rumoured or in the past; the headline and lead count most. Negative cues in the headline
and first sentences (an acquisition, a funding round, a law-firm "partner", earnings, a lawsuit,
a launch, a sports sponsor, a political alliance, an analyst note or opinion column) pull the
score down. The result lands in `doc._.partnership`.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from bot.nlp.candidates import describe_candidates, outlet, party_summary, two_sides
from bot.nlp.context import inside_quotes, linked, reported_pluperfect, time_expression
from bot.nlp.features import (
    ScoredTrigger,
    article_features,
    bucket,
    deal_features,
    lexical,
    trigger_context,
)
from bot.nlp.learned import Models
from bot.nlp.mentions import find_mentions
from bot.nlp.names import AliasTable, fold_accents, seed_aliases
from bot.nlp.parties import (
    dedupe_names,
    gather_candidates,
    role_mentions,
    rule_choice,
    surface_mentions,
)
from bot.nlp.resources import TokenPatterns, lexicon_data, lexicon_from, name_rules

# Instruments outrank generic wording when both describe the deal ("an MoU to form a JV").
SPECIFIC_TYPES = {"mou": 4, "joint_venture": 3, "licensing": 2, "distribution_agreement": 2}
MODIFIER_FACTORS = {"negation": 0.15, "ending": 0.2, "rumour": 0.4, "past": 0.45}
# Families a trigger in the same sentence overrides ("launch a joint venture").
SOFT_FAMILIES = {"launch", "earnings", "people", "investment"}
# How much a negative cue counts by position; soft families (a launch, earnings, a hire)
# matter only when they open the article.
NEGATIVE_WEIGHTS = {"title": 1.0, 0: 0.9, 1: 0.6, 2: 0.45, 3: 0.3, 4: 0.2, "heading": 0.3}
SOFT_WEIGHTS = {"title": 1.0, 0: 0.8, 1: 0.4, 2: 0.25, 3: 0.1, 4: 0.1, "heading": 0.2}
# Families that mark an article's genre (an analyst note, an opinion column) only from the top.
GENRE_FAMILIES = {"opinion"}
GENRE_WEIGHTS = {"title": 1.0, 0: 0.7, 1: 0.3, "heading": 0.3}
CONTEXT_WEIGHTS = {"title": 0.3, "lead": 0.1, "heading": 0.05}
LEXICAL_PLACES = {"title", "lead0", "lead1"}  # sentences whose words feed the models
VENTURE_NAMING = {
    "called",
    "named",
    "dubbed",
    "baptisée",
    "baptisé",
    "nommée",
    "appelée",
    "known",
    "as",
}
PLURAL_SUBJECTS = (
    "the two", "both companies", "the companies", "the pair", "the firms", "les deux",
    "ensemble", "together", "jointly", "conjointement", "the partners", "les partenaires",
)  # fmt: skip


@dataclass
class Segment:
    """Where a stretch of the focus document came from."""

    start_char: int
    end_char: int
    role: str  # "title", "lead", "heading" or "body"
    weight: float
    index: int  # sentence index in the article (-1 for the headline)
    lead_rank: int | None = None


@dataclass
class Hit:
    kind: str  # "trigger", "cue", "modifier" or "hint"
    label: str  # deal type, cue family or modifier kind
    strength: float
    span: Span


@dataclass
class Finding:
    """What the component concluded about one document."""

    is_partnership: bool = False
    confidence: float = 0.0
    score: float = 0.0
    deal_type: str | None = None
    parties: list[str] = field(default_factory=list)
    evidence: int | None = None  # index into doc._.segments
    reasons: list[str] = field(default_factory=list)
    features: dict[str, float] = field(default_factory=dict)
    deal_features: dict[str, float] = field(default_factory=dict)
    candidates: list = field(default_factory=list)  # candidates.PartyCandidate


@dataclass
class Observation:
    """What the rules saw in a focus document (see `PartnershipDetector._observe`)."""

    scored: list = field(default_factory=list)  # (value, segment index, trigger Hit)
    triggers: list[ScoredTrigger] = field(default_factory=list)
    extra_roles: list = field(default_factory=list)  # other triggers of scored sentences
    negatives: dict[str, float] = field(default_factory=dict)
    cues: list[tuple[str, str]] = field(default_factory=list)
    modifiers: list[tuple[str, str]] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # headline and first lead sentences
    headline: str = ""  # the title, or the first sentence when there is none
    reasons: list[str] = field(default_factory=list)
    score: float = 0.0


for _name in ("segments", "partnership"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@Language.factory(
    "partnership",
    default_config={
        "threshold": 0.5,
        "steepness": 7.0,
        "keep_features": False,
        "decision_threshold": None,
    },
)
def make_partnership(
    nlp: Language,
    name: str,
    threshold: float,
    steepness: float,
    keep_features: bool,
    decision_threshold: float | None,
):
    return PartnershipDetector(
        nlp,
        name,
        threshold=threshold,
        steepness=steepness,
        keep_features=keep_features,
        decision_threshold=decision_threshold,
    )


class PartnershipDetector:
    """Scores trigger sentences against negative cues; see the module docstring.

    Settings come through the config (`threshold` and `steepness` of the rules' own score,
    used without trained weights; `keep_features` to describe every article for training;
    `decision_threshold` to override the trained models' threshold).
    Data comes through `initialize` (the trigger lexicon, the alias table, the learned
    models) and is saved and restored by `to_disk` / `from_disk`.
    """

    def __init__(
        self,
        nlp: Language,
        name: str,
        *,
        threshold: float,
        steepness: float,
        keep_features: bool = False,
        decision_threshold: float | None = None,
    ):
        self.name = name
        self.decision_threshold = decision_threshold
        self.lang = nlp.lang
        self.vocab = nlp.vocab
        self.tokenizer = nlp.tokenizer
        self.threshold = threshold
        self.steepness = steepness
        self.keep_features = keep_features
        self.lexicon_data: dict | None = None
        self.aliases: AliasTable | None = None
        self.models: Models | None = None  # without them the rules decide alone

    @property
    def cutoff(self) -> float:
        """The confidence from which an article is a partnership."""
        if self.decision_threshold is not None:
            return self.decision_threshold
        return self.models.threshold if self.models is not None else 0.5

    def initialize(
        self,
        get_examples=None,
        *,
        nlp: Language | None = None,
        lexicon: dict | None = None,
        aliases: AliasTable | None = None,
        models: Models | None = None,
    ) -> None:
        """Load the component's data: the lexicon (default: the package's for the
        language), the alias table (default: the seed table) and the learned models."""
        self._set_lexicon(lexicon if lexicon is not None else lexicon_data(self.lang))
        self.aliases = aliases if aliases is not None else seed_aliases().copy()
        self.models = models

    def _set_lexicon(self, data: dict) -> None:
        self.lexicon_data = data
        lex = lexicon_from(self.lang, data)
        self.matcher = PhraseMatcher(self.vocab, attr="LOWER")
        self.cased = PhraseMatcher(self.vocab)
        self.token_patterns = TokenPatterns(self.vocab)
        self.keys: dict[str, tuple[str, str, float]] = {}

        def add(kind: str, label: str, strength: float, terms, cased=(), patterns=()) -> None:
            key = f"{kind}|{label}|{strength}"
            self.keys[key] = (kind, label, strength)
            if terms:
                self.matcher.add(key, list(self.tokenizer.pipe(terms)))
            if cased:
                self.cased.add(key, list(self.tokenizer.pipe(cased)))
            if patterns:
                self.token_patterns.add(key, patterns, self.tokenizer)

        for g in lex.positive:
            add("trigger", g.deal_type, g.strength, g.terms, g.case_sensitive, g.patterns)
        for family, (strength, terms) in lex.negative.items():
            add("cue", family, strength, terms)
        for kind, terms in lex.modifiers.items():
            add("modifier", kind, 1.0, terms)
        for deal_type, terms in lex.deal_hints.items():
            add("hint", deal_type, 1.0, terms)

    def to_disk(self, path, *, exclude=()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        _write_json(path / "lexicon.json", self.lexicon_data)
        _write_json(path / "aliases.json", self.aliases.to_dict() if self.aliases else None)
        _write_json(path / "models.json", self.models.to_dict() if self.models else None)

    def from_disk(self, path, *, exclude=()) -> PartnershipDetector:
        path = Path(path)
        aliases = _read_json_file(path / "aliases.json")
        models = _read_json_file(path / "models.json")
        self.initialize(
            lexicon=_read_json_file(path / "lexicon.json"),
            aliases=AliasTable.from_dict(aliases) if aliases else None,
            models=Models.from_dict(models) if models else None,
        )
        return self

    def __call__(self, doc: Doc) -> Doc:
        if self.lexicon_data is None:
            self.initialize()
        segments = doc._.segments or [Segment(0, len(doc.text), "lead", 0.95, 0, 0)]
        hits = self._hits(doc)
        per_segment = [self._segment_hits(doc, seg, hits) for seg in segments]
        doc._.partnership = self._decide(doc, segments, per_segment)
        return doc

    # -- matching ---------------------------------------------------------------------------

    def _hits(self, doc: Doc) -> list[Hit]:
        raw = []
        matches = [*self.matcher(doc), *self.cased(doc)]
        matches += self.token_patterns(doc)
        for key, start, end in matches:
            kind, label, strength = self.keys[doc.vocab.strings[key]]
            raw.append(Hit(kind, label, strength, doc[start:end]))
        triggers = _longest([h for h in raw if h.kind == "trigger" and self._valid_trigger(h)])
        covered = {i for h in triggers for i in range(h.span.start, h.span.end)}
        others = [
            h
            for h in raw
            if h.kind != "trigger"
            and not (h.kind == "cue" and any(i in covered for i in range(h.span.start, h.span.end)))
        ]
        return triggers + others

    def _valid_trigger(self, hit: Hit) -> bool:
        span = hit.span
        doc = span.doc
        first = span[0]
        capitalised = any(t.text[:1].isupper() for t in span)
        for ent in doc.ents:
            if (
                capitalised
                and ent.start <= span.start
                and span.end <= ent.end
                and len(ent) > len(span)
            ):
                return False  # part of a name: "Star Alliance", "Silverline Partners"
        if first.lower_ in ("partner", "partners", "partenaire", "partenaires") and len(span) == 1:
            prev = doc[first.i - 1] if first.i > 0 else None
            nxt = doc[first.i + 1] if first.i + 1 < len(doc) else None
            if prev is not None and (prev.like_num or prev.lower_ in ("new", "former", "nouveaux")):
                return False
            if nxt is not None and nxt.lower_ in ("at", "in", "of", "chez", "du", "de"):
                return False
        return True

    def _segment_hits(self, doc: Doc, seg: Segment, hits: list[Hit]) -> list[Hit]:
        span = doc.char_span(seg.start_char, seg.end_char, alignment_mode="expand")
        if span is None:
            return []
        return [h for h in hits if span.start <= h.span.start and h.span.end <= span.end]

    # -- scoring ----------------------------------------------------------------------------

    def _trigger_value(
        self, trigger: Hit, hits: list[Hit], seg_span: Span
    ) -> tuple[float, list[str], tuple[str, ...]]:
        """The trigger's strength after what bears on it, the notes saying why, and the kinds
        of modifier that applied."""
        value = trigger.strength
        notes: list[str] = []
        kinds: list[str] = []
        for hit in hits:
            if hit.kind != "modifier" or not linked(hit.span, trigger.span):
                continue
            if hit.label == "past" and reported_pluperfect(hit.span):
                continue  # "said on Friday it had signed": the news, in reported speech
            if hit.label == "ending" and time_expression(hit.span):
                continue  # "by the end of the year"
            if hit.label in MODIFIER_FACTORS:
                value *= MODIFIER_FACTORS[hit.label]
                notes.append(f"{hit.label} '{hit.span.text}'")
                kinds.append(hit.label)
            elif hit.label == "possessive" and hit.span.root.head == trigger.span.root:
                value *= 0.75
                kinds.append("possessive")
            elif hit.label == "signing":
                value = min(1.0, value + 0.1)
                kinds.append("signing")
            elif hit.label == "intent":
                kinds.append("intent")
        if inside_quotes(seg_span, trigger.span):
            value *= 0.6
            notes.append("in a quotation")
            kinds.append("quote")
        return value, notes, tuple(dict.fromkeys(kinds))

    def _party_factor(self, seg_span: Span) -> tuple[float, int]:
        """How plainly the sentence names two sides, and how many names it holds."""
        rules = name_rules()
        names = {
            e.text
            for e in seg_span.ents
            if len(e.text) > 1
            and (
                e.label_ in ("ORG", "PERSON", "PER", "MISC", "PRODUCT")
                or (  # small models often call a company a place: "Région Normandie" (LOC)
                    e.label_ in ("LOC", "GPE")
                    and fold_accents(e.text).lower() not in rules["places"]
                )
            )
        }
        lowered = seg_span.text.lower()
        if len(names) >= 2 or any(p in lowered for p in PLURAL_SUBJECTS):
            return 1.0, len(names)
        return (0.85 if names else 0.65), len(names)

    def _observe(self, doc: Doc, segments: list[Segment], per_segment: list[list[Hit]]):
        """Everything the rules see, sentence by sentence: the scored triggers, the negative
        cues and the modifiers, with the rules' own score."""
        obs = Observation()
        for n, (seg, hits) in enumerate(zip(segments, per_segment, strict=True)):
            seg_span = doc.char_span(seg.start_char, seg.end_char, alignment_mode="expand")
            if seg_span is None:
                continue
            where = bucket(seg.role, seg.lead_rank)
            best, best_hit, best_kinds = 0.0, None, ()
            for hit in hits:
                if hit.kind == "trigger":
                    value, notes, kinds = self._trigger_value(hit, hits, seg_span)
                    if value > best:
                        best, best_hit, best_kinds = value, hit, kinds
                    if notes and hit.strength >= 0.8:
                        obs.reasons.append(f"'{hit.span.text}' weakened: {', '.join(notes)}")
            if best_hit is not None:
                factor, names = self._party_factor(seg_span)
                value = best * factor * seg.weight
                obs.scored.append((value, n, best_hit))
                window, tense = trigger_context(best_hit.span)
                obs.triggers.append(
                    ScoredTrigger(
                        best, n, best_hit.label, where, best_kinds, factor, names, window, tense
                    )
                )
                for hit in hits:
                    if hit.kind == "trigger" and hit is not best_hit and hit.strength >= 0.5:
                        obs.extra_roles.append((value, n, hit))
            self._negatives(seg, hits, best, obs.negatives, obs.reasons)
            if where in LEXICAL_PLACES:
                obs.texts.append(seg_span.text)
                if where in ("title", "lead0") and not obs.headline:
                    obs.headline = seg_span.text
                obs.cues.extend((h.label, where) for h in hits if h.kind == "cue")
                inside = {
                    i for h in hits if h.kind == "trigger" for i in range(h.span.start, h.span.end)
                }  # "as its technology partner": the "its" belongs to the trigger
                obs.modifiers.extend(
                    (h.label, where)
                    for h in hits
                    if h.kind == "modifier"
                    and not inside.issuperset(range(h.span.start, h.span.end))
                )
            obs.hints.extend(h.label for h in hits if h.kind == "hint")
        obs.scored.sort(key=lambda item: item[0], reverse=True)
        positive = obs.scored[0][0] if obs.scored else 0.0
        positive += 0.1 * min(2, sum(1 for s in obs.scored[1:] if s[0] >= 0.4))
        ranked = sorted(obs.negatives.values(), reverse=True)
        negative = (ranked[0] if ranked else 0.0) + 0.3 * (ranked[1] if len(ranked) > 1 else 0.0)
        obs.score = round(positive - negative, 3)
        return obs

    def _decide(self, doc: Doc, segments: list[Segment], per_segment: list[list[Hit]]) -> Finding:
        obs = self._observe(doc, segments, per_segment)
        finding = Finding(score=obs.score, reasons=obs.reasons)
        finding.features = article_features(
            self.lang, obs.triggers, obs.negatives, obs.cues, obs.modifiers, obs.score, obs.texts
        )
        finding.features.update(lexical([obs.headline], prefix="h"))
        if obs.scored:
            finding.evidence = _evidence(obs.scored, segments)
            finding.candidates = self._candidates(
                doc, obs.scored + obs.extra_roles, segments, finding.evidence
            )
            finding.features.update(party_summary(finding.candidates))
        else:
            finding.reasons.append("no trigger in the headline or lead")
        if self.models is not None:
            finding.confidence = round(self.models.detection(finding.features), 3)
            finding.is_partnership = (
                bool(obs.scored)
                and two_sides(finding.candidates)
                and finding.confidence >= self.cutoff
            )
        else:
            finding.confidence = round(
                1 / (1 + math.exp(-self.steepness * (finding.score - self.threshold))), 3
            )
            finding.is_partnership = finding.score >= self.threshold
        if not obs.scored or not (finding.is_partnership or self.keep_features):
            finding.evidence = None if not finding.is_partnership else finding.evidence
            return finding
        evidence = segments[finding.evidence]
        finding.deal_features = deal_features(
            obs.triggers,
            obs.hints,
            [*obs.texts[:2], doc.text[evidence.start_char : evidence.end_char]],
        )
        rule_type = self._deal_type(doc, obs.scored, segments, per_segment, finding.evidence)
        finding.deal_features[f"rule:{rule_type}"] = 1.0
        if self.models is not None:
            finding.deal_type = self.models.deal_type(finding.deal_features)
            finding.parties = self.models.parties(finding.candidates)
        else:
            finding.deal_type = rule_type
            chosen = sorted((c for c in finding.candidates if c.rule_choice), key=lambda c: c.start)
            finding.parties = dedupe_names([c.name for c in chosen])
        return finding

    def _negatives(
        self, seg: Segment, hits: list[Hit], best: float, out: dict, reasons: list[str]
    ) -> None:
        position = {"title": "title", "heading": "heading"}.get(seg.role, seg.lead_rank)
        if position is None:
            return
        failures = [h for h in hits if h.kind == "modifier" and h.label == "failure"]
        for hit in hits:
            if hit.kind != "cue":
                continue
            if any(linked(f.span, hit.span, distance=4) for f in failures):
                continue  # "after the deal to buy Tarrow fell apart"
            if hit.label in SOFT_FAMILIES and best >= 0.7:
                continue
            weights = (
                GENRE_WEIGHTS
                if hit.label in GENRE_FAMILIES
                else SOFT_WEIGHTS
                if hit.label in SOFT_FAMILIES
                else NEGATIVE_WEIGHTS
            )
            value = hit.strength * weights.get(position, 0.0)
            if value > out.get(hit.label, 0.0):
                out[hit.label] = value
                reasons.append(f"{hit.label} cue '{hit.span.text}' in the {seg.role}")

    def _deal_type(self, doc, scored, segments, per_segment, evidence: int) -> str:
        _, best_seg, best_hit = scored[0]
        candidates = []
        for n, (seg, hits) in enumerate(zip(segments, per_segment, strict=True)):
            if seg.role not in ("title", "lead") and n != evidence:
                continue
            seg_span = doc.char_span(seg.start_char, seg.end_char, alignment_mode="expand")
            for hit in hits:
                if hit.kind == "trigger" and seg_span is not None:
                    value, _, _ = self._trigger_value(hit, hits, seg_span)
                    candidates.append((value * seg.weight, hit.label, n))
        specific = [c for c in candidates if c[1] in SPECIFIC_TYPES and c[0] >= 0.45]
        if specific:
            return max(specific, key=lambda c: (SPECIFIC_TYPES[c[1]], c[0]))[1]
        generic = [(v * (0.7 if label == "other" else 1.0), label, n) for v, label, n in candidates]
        deal_type = max(generic, default=(0, best_hit.label, best_seg))[1]
        if deal_type in ("strategic_partnership", "collaboration"):
            hint_seg = per_segment[evidence] if evidence is not None else []
            if any(h.kind == "hint" and h.label == "other" for h in hint_seg):
                return "other"
        return deal_type

    def _candidates(self, doc: Doc, scored, segments: list[Segment], evidence: int):
        """The organisations that may be parties, each with its features and the rules'
        own verdict."""
        if self.aliases is None:
            return []
        mentions = find_mentions(doc, self.aliases)
        by_segment = [
            [m for m in mentions if seg.start_char <= m.span.start_char < seg.end_char]
            for seg in segments
        ]
        roles: dict[int, tuple[float, list]] = {}
        for value, n, hit in scored:
            found = role_mentions(hit.span.root, by_segment[n], self.lang)
            found += surface_mentions(hit.span, by_segment[n], self.lang)
            found = [m for m in found if not names_new_venture(m, hit)]
            weight, mentions_so_far = roles.get(n, (value, []))
            roles[n] = (max(weight, value), mentions_so_far + found)
        role_sources = list(roles.values())
        context = []
        for n, seg in enumerate(segments):
            weight = CONTEXT_WEIGHTS.get(seg.role, 0.05) + (0.1 if n == evidence else 0.0)
            context.append((weight, by_segment[n]))
        gathered = [c for c in gather_candidates(role_sources, context) if not outlet(c.name())]
        chosen = {id(c) for c in rule_choice(gathered)}
        best_segment = scored[0][1]
        return describe_candidates(
            gathered, chosen, segments, best_segment, roles.get(best_segment, (0, []))[1]
        )


def names_new_venture(mention, hit: Hit) -> bool:
    """A venture named right after its trigger ("a JV called Nuvola"): the new company."""
    if hit.label != "joint_venture" or mention.start < hit.span.end:
        return False
    doc = hit.span.doc
    between = doc[hit.span.end : mention.start]
    return len(between) <= 4 and all(
        t.is_punct or t.lower_ in VENTURE_NAMING or t.pos_ in ("ADJ", "DET") for t in between
    )


def _evidence(scored, segments: list[Segment]) -> int:
    """The sentence stating the partnership: the best body sentence, else the headline."""
    best = scored[0][0]
    for value, n, _hit in scored:
        if segments[n].role != "title" and value >= 0.5 * best:
            return n
    return scored[0][1]


def _longest(hits: list[Hit]) -> list[Hit]:
    hits = sorted(hits, key=lambda h: (-(h.span.end - h.span.start), -h.strength))
    kept: list[Hit] = []
    used: set[int] = set()
    for hit in hits:
        ids = set(range(hit.span.start, hit.span.end))
        if not ids & used:
            kept.append(hit)
            used |= ids
    return kept


def _write_json(path: Path, data) -> None:
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False)


def _read_json_file(path: Path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)
