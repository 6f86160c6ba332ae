"""Candidate parties as features: how the article uses each organisation it names.

The rules of `parties` find the organisations and score them; the learned party model
decides which are partners, from features that describe the use of a name (in the role of
the trigger, in the headline, a place, a job title, a dateline...), never the name itself.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from bot.nlp.features import bucket
from bot.nlp.mentions import Mention
from bot.nlp.names import fold_accents, is_place, normalise_name
from bot.nlp.parties import Candidate, organisation_like
from bot.nlp.resources import name_rules

ROLE_WORDS = {
    "with", "between", "among", "alongside", "and", "by", "avec", "entre", "et", "par", "à",
    "to", "de", "du", "of", ",", "partner", "partenaire",
}  # fmt: skip
JOB_WORDS = {
    "director", "directeur", "directrice", "chairman", "chairwoman", "chair", "ceo", "cfo",
    "cto", "president", "président", "présidente", "minister", "ministre", "secretary",
    "manager", "officer", "administrator", "administrateur", "mr", "mrs", "ms", "dr", "m.",
    "mme", "founder", "fondateur", "head", "chief", "governor", "gouverneur", "mayor", "maire",
    "pdg", "md", "vice", "executive", "spokesperson", "porte-parole",
}  # fmt: skip
MEDIA_WORDS = {
    "news", "agency", "agence", "press", "presse", "wire", "newswire", "times", "journal",
    "herald", "tribune", "gazette", "daily", "reuters", "bloomberg", "xinhua", "afp", "pti",
    "ani", "cnw", "prnewswire", "businesswire", "globenewswire", "dpa", "awp", "apa", "ians",
}  # fmt: skip
LIST_GLUE = {",", "and", "et", "&", ";", "as", "well"}
DATELINE_BREAKS = {"—", "–", "-", ":", "/", "(", "--"}
PUBLIC_WORDS = {
    "ministry", "ministère", "ministere", "government", "gouvernement", "state", "état", "etat",
    "city", "ville", "region", "région", "department", "département", "council", "conseil",
    "republic", "république", "municipality", "commune", "province", "authority", "autorité",
}  # fmt: skip


@dataclass
class PartyCandidate:
    """One organisation the article names, ready for the party model."""

    name: str
    aliases: list[str]
    features: dict[str, float]
    rule_choice: bool
    start: int  # first mention's token index: parties are reported in reading order
    probability: float = 0.0
    forms: list = field(default_factory=list, repr=False)


def describe_candidates(
    ranked: list[Candidate],
    chosen: set[int],
    segments: list,
    best_segment: int,
    best_roles: list[Mention],
) -> list[PartyCandidate]:
    """Features of every candidate (`ranked` best first by the rules' score)."""
    if not ranked:
        return []
    top = max(c.score for c in ranked) or 1.0
    order = sorted(ranked, key=lambda c: min(m.start for m, _ in c.forms))
    best_role_ids = {id(m) for m in best_roles}
    role_tokens = {t.i for m in best_roles for t in m.span}
    lists = _lists([m for c in ranked for m, _ in c.forms])
    out = []
    for rank, c in enumerate(ranked):
        f: dict[str, float] = {
            "rule:score": c.score,
            "rule:rel": c.score / top,
            f"rule:rank={min(rank, 3)}": 1.0,
            f"order={min(order.index(c), 3)}": 1.0,
            "mentions:log": math.log1p(len(c.forms)),
            "in_role": float(c.in_role),
            "in_best_role": float(any(id(m) in best_role_ids for m, _ in c.forms)),
            "org_like": float(organisation_like(c.mention, c.in_role)),
        }
        if id(c) in chosen:
            f["rule:chosen"] = 1.0
        for mention, _ in c.forms:
            f[f"label={mention.label}"] = 1.0
            if mention.known:
                f["known"] = 1.0
            where = _where(mention, segments)
            f[f"at={where}"] = 1.0
            if _segment_of(mention, segments) == best_segment:
                f["in_best_sentence"] = 1.0
            f.update(_context(mention))
            if _listed_with(mention, role_tokens):
                f["listed_with_party"] = 1.0
            f.update(_list_features(mention, lists.get(id(mention), []), role_tokens))
            if _in_dateline(mention):
                f["dateline"] = 1.0
        f.update(_name_shape(c))
        forms = [m.name for m, _ in c.forms]
        out.append(
            PartyCandidate(
                name=c.name(),
                aliases=list(dict.fromkeys(forms)),
                features=f,
                rule_choice=id(c) in chosen,
                start=min(m.start for m, _ in c.forms),
                forms=[m for m, _ in c.forms],
            )
        )
    return out


def _segment_of(mention: Mention, segments: list) -> int | None:
    char = mention.span.start_char
    for n, seg in enumerate(segments):
        if seg.start_char <= char < seg.end_char:
            return n
    return None


def _where(mention: Mention, segments: list) -> str:
    n = _segment_of(mention, segments)
    if n is None:
        return "body"
    seg = segments[n]
    return bucket(seg.role, seg.lead_rank)


def _context(mention: Mention) -> dict[str, float]:
    """The words around a mention and its syntactic role."""
    doc, span = mention.span.doc, mention.span
    f: dict[str, float] = {}
    if span.start > 0:
        prev = doc[span.start - 1]
        word = prev.lower_ if prev.lower_ in ROLE_WORDS else ("<punct>" if prev.is_punct else "")
        if word:
            f[f"prev={word}"] = 1.0
        if prev.text == "\n" or "\n" in prev.whitespace_ or (prev.is_sent_start and prev.is_punct):
            f["line_start"] = 1.0
    else:
        f["line_start"] = 1.0
    if span.end < len(doc):
        nxt = doc[span.end]
        if nxt.lower_ in ("'s", "’s", "(", ",", "—", "-", ":", "said", "a", "has", "and", "et"):
            f[f"next={nxt.lower_}"] = 1.0
    root = span.root
    f[f"dep={root.dep_.split(':')[0]}"] = 1.0
    if root.head is not root and root.head.lower_ in JOB_WORDS:
        f["head_job_word"] = 1.0
    window = doc[max(0, span.start - 3) : span.start]
    if any(t.lower_ in JOB_WORDS for t in window):
        f["job_word_before"] = 1.0
    return f


def _listed_with(mention: Mention, role_tokens: set[int]) -> bool:
    """In one coordination with a name in the trigger's role: "A, B and C will form a
    joint venture" lists three parties."""
    root = mention.span.root
    own = {t.i for t in mention.span}
    return any(c.i in role_tokens and c.i not in own for c in root.conjuncts)


def _lists(mentions: list[Mention]) -> dict[int, list[Mention]]:
    """Names written as one list, "A, B and C", whatever the parse: mention id -> the list."""
    out: dict[int, list[Mention]] = {}
    chain: list[Mention] = []
    for m in sorted(mentions, key=lambda m: m.start):
        if chain and _glued(chain[-1], m):
            chain.append(m)
            continue
        chain = [m]
        out[id(m)] = chain
        continue
    for chain in {id(c): c for c in out.values()}.values():
        for m in chain:
            out[id(m)] = chain
    return out


def _glued(left: Mention, right: Mention) -> bool:
    doc = left.span.doc
    gap = doc[left.end : right.start]
    return (
        0 < len(gap) <= 2
        and all(t.lower_ in LIST_GLUE for t in gap)
        and left.span.sent.start == right.span.sent.start
    )


def _list_features(mention: Mention, chain: list[Mention], role_tokens: set[int]) -> dict:
    """How many names the list holds and whether another of them is in the trigger's role."""
    others = [m for m in chain if m.key != mention.key]
    if not others:
        return {}
    f = {"in_list": 1.0, f"list_size={min(len({m.key for m in chain}), 4)}": 1.0}
    if any(t.i in role_tokens for m in others for t in m.span):
        f["list_with_role"] = 1.0
    return f


def _in_dateline(mention: Mention) -> bool:
    """In the opening words of a sentence before a dash or colon, with no verb before:
    "NEW DELHI:", "ROCHESTER, Minn. —", "MONTRÉAL, le 5 mars /CNW/ -"."""
    doc, span = mention.span.doc, mention.span
    sent = span.sent
    if span.start - sent.start > 12:
        return False
    for token in doc[sent.start : min(sent.end, sent.start + 16)]:
        if token.pos_ in ("VERB", "AUX"):
            return False
        if token.text in DATELINE_BREAKS and token.i >= span.end:
            return True
    return False


def _name_shape(c: Candidate) -> dict[str, float]:
    """What the name itself looks like: a place, a job title, a public body, an acronym."""
    rules = name_rules()
    name = c.mention.name
    folded = fold_accents(name).lower()
    tokens = [w for w in folded.replace(",", " ").split() if w]
    f: dict[str, float] = {f"words={min(len(tokens), 4)}": 1.0}
    if is_place(name):
        f["place"] = 1.0
    if folded in rules["demonyms"]:
        f["demonym"] = 1.0
    if any(w.strip("/()") in MEDIA_WORDS for w in tokens):
        f["media_word"] = 1.0
    if any(w in JOB_WORDS for w in tokens):
        f["job_word_in_name"] = 1.0
    if any(w in PUBLIC_WORDS for w in tokens):
        f["public_body"] = 1.0
    if name.isupper() and len(name) > 1:
        f["all_caps"] = 1.0
        if len(name.replace(" ", "")) <= 6:
            f["acronym"] = 1.0
    if any(ch.isdigit() for ch in name):
        f["digit"] = 1.0
    if any(w in rules["legal_suffixes"] for w in tokens):
        f["legal_suffix"] = 1.0
    if any(w in rules["industry_words"] or w in rules["descriptor_words"] for w in tokens):
        f["industry_word"] = 1.0
    if not normalise_name(name):
        f["empty_key"] = 1.0
    return f


def party_summary(candidates: list[PartyCandidate]) -> dict[str, float]:
    """Detection features from the names: does the news name two organisations in the
    trigger's roles, in the headline?"""
    in_role = sum(1 for c in candidates if c.features.get("in_best_role"))
    chosen = sum(1 for c in candidates if c.rule_choice)
    titled = sum(1 for c in candidates if c.features.get("at=title"))
    orgs = sum(1 for c in candidates if c.features.get("org_like"))
    return {
        f"parties:in_role={min(in_role, 2)}": 1.0,
        f"parties:chosen={min(chosen, 3)}": 1.0,
        f"parties:title={min(titled, 2)}": 1.0,
        f"parties:orgs={min(orgs, 3)}": 1.0,
    }


def two_sides(candidates: list[PartyCandidate]) -> bool:
    """A partnership needs two organisations: does the article name at least two?"""
    return sum(1 for c in candidates if c.features.get("org_like")) >= 2


OUTLET_ENDINGS = ("news", "newswire", "news agency", "press agency", "wire", "presse")


def outlet(name: str) -> bool:
    """A news outlet or agency ("Renewables News", "Philippines News Agency"), which
    reports the deal and is never a party to it."""
    folded = fold_accents(name).lower().strip().strip("/")
    folded = re.sub(r"\.(com|net|org|info|fr|co\.uk)$", "", folded)  # "DealWire.com"
    return folded.endswith(OUTLET_ENDINGS) or folded in MEDIA_WORDS
