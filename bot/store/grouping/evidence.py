"""What an article says about its event, in a form two languages can compare.

Pure functions, no database: the names it cites (capitalised words and canonical company
names, accents folded), the figures it gives (amounts and percentages, normalised across
"$16.2 billion" and "16,2 milliards de dollars"), the phase of the news its headline and
first sentence announce (a deal announced, ended, completed, or only talked about), and
when it happened (its date, else a date in its address, else only "no later than first
seen").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from pathlib import Path

from bot.nlp.names import canonical_company, normalise_name
from bot.nlp.resources import name_rules
from bot.store.grouping.figures import figures
from bot.store.grouping.text import fold
from bot.store.grouping.when import When, when

# Bump when what `article_evidence` extracts changes: stored evidence of another version
# is extracted again from the article.
EVIDENCE_VERSION = 1
PHASES = ("end", "complete", "talks")  # in order of precedence; anything else: "announce"
ANNOUNCE = "announce"
MAX_NAMES = 60  # a long article's names beyond these add nothing but noise
NAME_CHARS = 4_000  # names and figures are read in the opening, where the news is

_CUES = Path(__file__).parent / "cues.json"
_TOKEN = re.compile(r"[^\W\d_][\w'’&.-]*[\w]|[^\W\d_]", re.UNICODE)
_UPPER = "A-ZÀ-ÖØ-ÞŒŠŽŸ"
_CAPITALISED = rf"[{_UPPER}](?:[\w'’&.-]*\w)?"
# A run starts after a non-word character, or after a French elision ("d'Airbus").
_RUN_START = r"(?:(?<![\w'’&.-])|(?<=\b[dDlL]['’])|(?<=\bqu['’]))"
_RUN = re.compile(rf"{_RUN_START}{_CAPITALISED}(?:[ \t\u00a0]+{_CAPITALISED})*(?![\w&-])")
_SENTENCE_END = re.compile(r"[.!?:;…«»\"“”(\[]\s*$")
_SPLIT_NAME = re.compile(r"[&.'’-]+")


@cache
def _cues() -> dict:
    with open(_CUES, encoding="utf-8") as f:
        data = json.load(f)
    return {
        "phases": {phase: [re.compile(p) for p in data["phases"][phase]] for phase in PHASES},
        "not_names": frozenset(data["not_names"]),
    }


# -- names ---------------------------------------------------------------------------------


def _uppers(token: str) -> int:
    return sum(c.isupper() for c in token)


@lru_cache(maxsize=65_536)
def _name_parts(token: str) -> tuple[str, ...]:
    """ "Tiffany&Co" -> tiffany, co; "Toyota's" -> toyota; "C-Series" -> c, series; a
    name the alias table knows also gives its canonical name's words ("VW" -> vw,
    volkswagen)."""
    token = re.sub(r"['’]s$", "", token)
    parts = [p for p in _SPLIT_NAME.split(fold(token)) if p]
    return tuple(parts + [w for w in canonical_words(token) if w not in parts])


@lru_cache(maxsize=65_536)
def canonical_words(token: str) -> tuple[str, ...]:
    """The words of the canonical name the alias table knows `token` under, if any."""
    canonical = canonical_company(token) if len(token) >= 2 else None
    return tuple(normalise_name(canonical).split()) if canonical else ()


def _spans(line: str) -> list[tuple[list[str], bool]]:
    """Runs of capitalised words in a line (broken by punctuation), each with whether it
    opens a sentence."""
    spans = []
    for match in _RUN.finditer(line):
        before = line[: match.start()].rstrip()
        opens = not before or bool(_SENTENCE_END.search(before[-1:]))
        spans.append((match.group().split(), opens))
    return spans


def _count_names(spans: list[tuple[list[str], bool]]) -> dict[str, int]:
    """Name words of a text's spans with their counts (see `name_keys` for what counts)."""
    stop = _cues()["not_names"]
    counts: dict[str, int] = {}
    initial: dict[str, int] = {}
    for tokens, opens in spans:
        alone = len(tokens) == 1 and opens and _uppers(tokens[0]) < 2
        for token in tokens:
            for part in _name_parts(token):
                if len(part) < 2 or (part in stop and part not in canonical_words(token)):
                    continue  # a stop word, unless the alias table says so ("GM": general)
                target = initial if alone else counts
                target[part] = target.get(part, 0) + 1
    for part, n in initial.items():
        if part in counts:
            counts[part] += n
    return dict(sorted(counts.items(), key=lambda kv: -kv[1]))


@lru_cache(maxsize=65_536)
def _canonical(run: str) -> str | None:
    return canonical_company(run)


def name_keys(title: str, text: str, parties: list[str] | tuple[str, ...] = ()) -> frozenset[str]:
    """Names the article cites, as folded single words (the most frequent, capped).

    A capitalised word counts when it is not alone at the start of a sentence, or when it
    also appears elsewhere; acronyms and mixed case ("LVMH", "iPhone") always count.
    Headlines (often in title case) only add names the body confirms. Canonical names of
    the analysis's parties, and of runs of capitalised words the alias table knows, are
    added too.
    """
    spans = [span for line in (text or "")[:NAME_CHARS].splitlines() for span in _spans(line)]
    counts = _count_names(spans)
    names = set(list(counts)[:MAX_NAMES])
    stop = _cues()["not_names"]
    runs = dict.fromkeys(" ".join(tokens) for tokens, _ in spans if len(tokens) > 1)
    for name in [*parties, *(_canonical(run) for run in runs)]:
        if name:
            names.update(w for w in normalise_name(name).split() if len(w) >= 2 and w not in stop)
    names.update(p for t in _TOKEN.findall(title or "") for p in _name_parts(t) if p in counts)
    return frozenset(names)


@cache
def _not_actors() -> frozenset[str]:
    """Words that name no organisation: places, nationalities, industries (the NLP's
    own lists), and the grouping's own stop words."""
    rules = name_rules()
    words = set(_cues()["not_names"])
    for key in ("places", "demonyms", "not_names", "industry_words"):
        words.update(fold(w).replace("-", " ") for w in rules[key])
    return frozenset(words)


def not_actor(word: str) -> bool:
    """Whether a name word is a place, a nationality or another word naming no actor."""
    return word in _not_actors()


def actor_spans(title: str, text: str, names: frozenset[str]) -> tuple[frozenset[str], ...]:
    """Who the news is about: each run of capitalised words in the headline and first
    sentence (one organisation or person) as its name words, places and nationalities
    left out."""
    not_actors = _not_actors()
    lead = f"{title or ''}\n{lead_sentence(text)}"
    spans = []
    for line in lead.splitlines():
        for tokens, _ in _spans(line):
            words = [p for t in tokens for p in _name_parts(t)]
            if " ".join(words) in not_actors:
                continue
            kept = frozenset(w for w in words if w in names and w not in not_actors)
            if kept and kept not in spans:
                spans.append(kept)
    return tuple(spans)


def party_keys(parties: list[str] | tuple[str, ...]) -> frozenset[str]:
    """The analysis's parties as normalised canonical names."""
    keys = set()
    for party in parties:
        canonical = canonical_company(party) or party
        key = normalise_name(canonical)
        if key:
            keys.add(key)
    return frozenset(keys)


# -- phase ---------------------------------------------------------------------------------


def lead_sentence(text: str) -> str:
    """The body's first sentence (a dateline and wire credit included)."""
    body = " ".join((text or "").split())
    match = re.search(r"(?<=[a-z0-9\"”»)])[.!?](?=\s+[\"“«A-ZÀ-Ý])", body[:600])
    return body[: match.end()] if match else body[:400]


def phase(title: str, text: str) -> str:
    """Which kind of news the headline and first sentence announce: "end", "complete",
    "talks" or "announce" (a deal made or expanded, or any other news)."""
    lead = fold(f"{title or ''}\n{lead_sentence(text)}")
    cues = _cues()["phases"]
    for name in PHASES:
        if any(p.search(lead) for p in cues[name]):
            return name
    return ANNOUNCE


# -- the whole ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    """One article (or a whole story, merged) as the same-event test sees it."""

    names: frozenset[str]
    actors: tuple[frozenset[str], ...]
    parties: frozenset[str]
    figures: frozenset[str]
    phase: str
    deal_type: str | None
    when: When
    lang: str | None = None

    def merged(self, other: Evidence) -> Evidence:
        """A story's evidence from two of its articles'."""
        return Evidence(
            names=self.names | other.names,
            actors=self.actors + tuple(s for s in other.actors if s not in self.actors),
            parties=self.parties | other.parties,
            figures=self.figures | other.figures,
            phase=self.phase if self.phase == other.phase else _dominant(self, other),
            deal_type=self.deal_type or other.deal_type,
            when=self.when.hull(other.when),
            lang=self.lang or other.lang,
        )

    def to_json(self) -> str:
        """The evidence as stored beside the article (read back by `from_json`)."""
        w = self.when
        return json.dumps(
            {
                "v": EVIDENCE_VERSION,
                "names": sorted(self.names),
                "actors": [sorted(span) for span in self.actors],
                "parties": sorted(self.parties),
                "figures": sorted(self.figures),
                "phase": self.phase,
                "deal_type": self.deal_type,
                "when": [_day(w.earliest), _day(w.latest), _day(w.seen[0]), _day(w.seen[1])],
                "lang": self.lang,
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, text: str | None) -> Evidence | None:
        """Stored evidence, or None when absent, unreadable or from another version."""
        try:
            data = json.loads(text or "")
            if data.get("v") != EVIDENCE_VERSION:
                return None
            earliest, latest, first, last = (
                date.fromisoformat(d) if d else None for d in data["when"]
            )
            return cls(
                names=frozenset(data["names"]),
                actors=tuple(frozenset(span) for span in data["actors"]),
                parties=frozenset(data["parties"]),
                figures=frozenset(data["figures"]),
                phase=data["phase"],
                deal_type=data["deal_type"],
                when=When(earliest, latest, (first, last)),
                lang=data["lang"],
            )
        except (ValueError, TypeError, KeyError, AttributeError):
            return None


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _dominant(a: Evidence, b: Evidence) -> str:
    for name in PHASES:
        if name in (a.phase, b.phase):
            return name
    return ANNOUNCE


def article_evidence(
    *,
    title: str,
    text: str,
    url: str | None,
    published: date | None,
    first_seen: date,
    parties: list[str] | tuple[str, ...] = (),
    deal_type: str | None = None,
    lang: str | None = None,
) -> Evidence:
    """Everything the same-event test needs from one article."""
    names = name_keys(title, text, parties)
    return Evidence(
        names=names,
        actors=actor_spans(title, text, names),
        parties=party_keys(parties),
        figures=figures(f"{title}\n{(text or '')[:NAME_CHARS]}"),
        phase=phase(title, text),
        deal_type=deal_type,
        when=when(published, url, text, first_seen),
        lang=lang,
    )
