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
from spacy.tokens import Doc

from bot.nlp.acronyms import join_expanded_acronyms
from bot.nlp.candidates import describe_candidates, outlet, party_summary, two_sides
from bot.nlp.features import (
    article_features,
    deal_features,
    lexical,
)
from bot.nlp.learned import Models
from bot.nlp.mentions import find_mentions
from bot.nlp.names import AliasTable, dedupe_names, normalise_name, seed_aliases
from bot.nlp.parties import (
    gather_candidates,
    role_mentions,
    rule_choice,
    surface_mentions,
)
from bot.nlp.reading import CONTEXT_WEIGHTS, VENTURE_NAMING, Hit, RuleReader, Segment
from bot.nlp.resources import lexicon_data


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
    party_aliases: dict[str, list[str]] = field(default_factory=dict)  # other names used


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
        self.reader = RuleReader(self.lang, self.vocab, self.tokenizer, data)

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
        hits = self.reader.hits(doc)
        per_segment = [self.reader.segment_hits(doc, seg, hits) for seg in segments]
        doc._.partnership = self._decide(doc, segments, per_segment)
        return doc

    # -- matching ---------------------------------------------------------------------------

    def _decide(self, doc: Doc, segments: list[Segment], per_segment: list[list[Hit]]) -> Finding:
        obs = self.reader.observe(doc, segments, per_segment)
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
        rule_type = self.reader.deal_type(doc, obs.scored, segments, per_segment, finding.evidence)
        finding.deal_features[f"rule:{rule_type}"] = 1.0
        if self.models is not None:
            finding.deal_type = self.models.deal_type(finding.deal_features)
            chosen = self.models.choose(finding.candidates)
            finding.parties = [c.name for c in chosen]
            finding.party_aliases = {
                c.name: [a for a in c.aliases if normalise_name(a) != normalise_name(c.name)]
                for c in chosen
            }
        else:
            finding.deal_type = rule_type
            chosen = sorted((c for c in finding.candidates if c.rule_choice), key=lambda c: c.start)
            finding.parties = dedupe_names([c.name for c in chosen])
        return finding

    def _candidates(self, doc: Doc, scored, segments: list[Segment], evidence: int):
        """The organisations that may be parties, each with its features and the rules'
        own verdict."""
        if self.aliases is None:
            return []
        mentions = join_expanded_acronyms(doc, find_mentions(doc, self.aliases), self.aliases)
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


def _write_json(path: Path, data) -> None:
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False)


def _read_json_file(path: Path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)
