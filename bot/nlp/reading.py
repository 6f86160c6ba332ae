"""What the rules read in a focus document: trigger terms, negative cues and modifiers,
where they sit and what bears on them (`RuleReader.observe`), and the rules' own deal type.
Their findings are the features the learned decisions weigh (see `partnership`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from bot.nlp.context import inside_quotes, linked, reported_pluperfect, time_expression
from bot.nlp.features import ScoredTrigger, bucket, trigger_context
from bot.nlp.names import fold_accents
from bot.nlp.resources import TokenPatterns, lexicon_from, name_rules

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


class RuleReader:
    """The matchers of one language's lexicon and what they find in a document."""

    def __init__(self, lang: str, vocab, tokenizer, data: dict):
        self.lang = lang
        lex = lexicon_from(lang, data)
        self.matcher = PhraseMatcher(vocab, attr="LOWER")
        self.cased = PhraseMatcher(vocab)
        self.token_patterns = TokenPatterns(vocab)
        self.keys: dict[str, tuple[str, str, float]] = {}
        self.tokenizer = tokenizer
        self._add_lexicon(lex)

    def _add_lexicon(self, lex) -> None:
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

    def hits(self, doc: Doc) -> list[Hit]:
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

    def segment_hits(self, doc: Doc, seg: Segment, hits: list[Hit]) -> list[Hit]:
        span = doc.char_span(seg.start_char, seg.end_char, alignment_mode="expand")
        if span is None:
            return []
        return [h for h in hits if span.start <= h.span.start and h.span.end <= span.end]

    # -- scoring ----------------------------------------------------------------------------

    def trigger_value(
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

    def observe(self, doc: Doc, segments: list[Segment], per_segment: list[list[Hit]]):
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
                    value, notes, kinds = self.trigger_value(hit, hits, seg_span)
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

    def deal_type(self, doc, scored, segments, per_segment, evidence: int) -> str:
        _, best_seg, best_hit = scored[0]
        candidates = []
        for n, (seg, hits) in enumerate(zip(segments, per_segment, strict=True)):
            if seg.role not in ("title", "lead") and n != evidence:
                continue
            seg_span = doc.char_span(seg.start_char, seg.end_char, alignment_mode="expand")
            for hit in hits:
                if hit.kind == "trigger" and seg_span is not None:
                    value, _, _ = self.trigger_value(hit, hits, seg_span)
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
