"""Who partners with whom: the organisations in a party role around the trigger.

A mention counts as an organisation when the alias table knows it, when NER calls it ORG, or
when it sits in a party role of the trigger (subject of "partner with", object of
"with"/"avec"/"between", names before the verb of "A et B s'associent").
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from bot.nlp.mentions import Mention
from bot.nlp.names import fold_accents, normalise_name
from bot.nlp.resources import name_rules

SUBJECT_DEPS = {"nsubj", "nsubjpass", "nsubj:pass", "csubj"}
CLIMB_DEPS = {"xcomp", "ccomp", "conj", "advcl", "acl", "relcl", "acl:relcl", "parataxis"}
CLAUSE_DEPS = {"relcl", "acl:relcl", "acl", "advcl", "ccomp", "parataxis"}
EN_ROLE_PREPS = {"with", "between", "among", "alongside"}
FR_ROLE_CASES = {"avec", "entre", "auprès"}
COMPANY_WORDS = {
    "technologies", "technology", "systems", "motors", "motor", "bank", "labs", "therapeutics",
    "pharmaceuticals", "pharma", "energy", "energies", "semiconductor", "semiconductors",
    "electronics", "networks", "communications", "telecom", "airlines", "capital", "holdings",
    "solutions", "software", "robotics", "biotech", "biosciences", "sciences", "foods",
    "industries", "ventures", "media", "games", "studios", "logistics", "health", "financial",
    "payments", "bio", "ai", "cloud", "group", "groupe", "inc", "corp", "ltd", "sa", "ag", "se",
}  # fmt: skip
PERSON_CONTEXT = {
    "ceo", "chief", "president", "chairman", "chairwoman", "founder", "co-founder", "director",
    "said", "says", "told", "pdg", "directeur", "directrice", "président", "présidente",
    "fondateur", "fondatrice", "a déclaré", "explique", "mr", "mrs", "ms", "m.", "mme",
}  # fmt: skip
MAX_PARTIES = 4


def governor(token: Token) -> Token:
    """The verb a token hangs from (itself when it is one)."""
    current = token
    for _ in range(4):
        if current.pos_ in ("VERB", "AUX") or current.head is current:
            return current
        current = current.head
    return current


def role_heads(trigger: Token, lang: str) -> list[Token]:
    """Tokens heading a party argument of the trigger: subjects, "with X", "between X and Y"."""
    verb = governor(trigger)
    chain = [verb]
    current = verb
    for _ in range(3):
        if current.dep_ in CLIMB_DEPS and current.head is not current:
            current = current.head
            chain.append(current)
        else:
            break
    heads: list[Token] = []
    for v in chain:
        heads.extend(child for child in v.children if child.dep_ in SUBJECT_DEPS)
    scope = list(verb.subtree) if verb is not trigger else list(trigger.subtree)
    for token in scope:
        if lang == "en":
            if token.dep_ == "pobj" and token.head.lower_ in EN_ROLE_PREPS:
                heads.append(token)
        else:
            cases = {c.lower_ for c in token.children if c.dep_ == "case"}
            if cases & FR_ROLE_CASES or ("à" in cases and token.head in (verb, trigger)):
                heads.append(token)
    heads.extend(c for c in trigger.children if c.dep_ in ("poss", "compound", "nmod:poss"))
    out: list[Token] = []
    for head in heads:
        for token in [head, *head.conjuncts]:
            if token not in out:
                out.append(token)
    return out


def surface_mentions(trigger: Span, mentions: list[Mention], lang: str) -> list[Mention]:
    """Party mentions found from word order alone, for sentences the parser gets wrong:
    the names before the first verb ("A et B vont créer ...") and the names right after
    "with"/"avec"/"between"/"entre" following the trigger."""
    if not mentions:
        return []
    doc = trigger.doc
    first = mentions[0].start
    inside = {i for m in mentions for i in range(m.start, m.end)}
    start = min(first, trigger.start)
    while start > 0 and doc[start - 1].text.strip() and doc[start - 1].text != "\n":
        start -= 1
    verb = next(
        (
            t.i
            for t in doc[start : trigger.start]
            if t.i not in inside and t.pos_ in ("VERB", "AUX")
        ),
        trigger.start,
    )
    found = [
        m
        for m in mentions
        if m.end <= verb and not (m.start > 0 and _after_other_preposition(doc[m.start - 1]))
    ]
    preps = EN_ROLE_PREPS if lang == "en" else FR_ROLE_CASES | {"à"}
    for token in doc[trigger.start : min(len(doc), trigger.end + 8)]:
        if token.lower_ not in preps or (token.lower_ == "à" and token.i > trigger.end + 1):
            continue
        chain_end = None
        for m in mentions:
            if m.start <= token.i:
                continue
            gap = doc[chain_end if chain_end is not None else token.i + 1 : m.start]
            if chain_end is None and (len(gap) > 6 or any(t.pos_ in ("VERB", "AUX") for t in gap)):
                break
            if chain_end is not None and any(t.lower_ not in (",", "and", "et", "&") for t in gap):
                break
            found.append(m)
            chain_end = m.end
        break
    return [m for m in found if not _possessed(m, mentions)]


def _after_other_preposition(token: Token) -> bool:
    return token.pos_ == "ADP" and token.lower_ not in EN_ROLE_PREPS | FR_ROLE_CASES


def _phrase(head: Token) -> set[int]:
    """Token ids of the noun phrase a role head stands for, without its sub-clauses."""
    keep: set[int] = set()
    stack = [head]
    while stack:
        token = stack.pop()
        if abs(token.i - head.i) > 12:
            continue
        keep.add(token.i)
        stack.extend(c for c in token.children if c.dep_ not in CLAUSE_DEPS)
    return keep


def role_mentions(trigger: Token, mentions: list[Mention], lang: str) -> list[Mention]:
    found: list[Mention] = []
    sent = trigger.sent
    for head in role_heads(trigger, lang):
        ids = _phrase(head)
        for mention in mentions:
            inside = mention.start >= sent.start and mention.end <= sent.end
            overlaps = any(i in ids for i in range(mention.start, mention.end))
            if inside and overlaps and not _possessed(mention, mentions):
                found.append(mention)
    return found


def _possessed(mention: Mention, mentions: list[Mention]) -> bool:
    """ "Microsoft's Azure platform": Azure belongs to Microsoft, it is not a party itself."""
    doc = mention.span.doc
    i = mention.start
    if i >= 2 and doc[i - 1].lower_ in ("'s", "’s", "'"):
        return any(m.end == i - 1 for m in mentions)
    return False


def organisation_like(mention: Mention, in_role: bool) -> bool:
    if mention.known or mention.label == "ORG":
        return True
    if not in_role or mention.label == "NORP":
        return False
    return not _titled_person(mention)


def _titled_person(mention: Mention) -> bool:
    """ "Kevin Johnson, chief executive", "CEO Jane Doe": a person, not an organisation."""
    if mention.label not in ("PERSON", "PER") or len(mention.name.split()) < 2:
        return False
    if any(fold_accents(w).lower() in COMPANY_WORDS for w in mention.name.split()):
        return False
    doc, span = mention.span.doc, mention.span
    near = [t.lower_ for t in doc[max(0, span.start - 3) : min(len(doc), span.end + 4)]]
    return any(word in PERSON_CONTEXT for word in near)


@dataclass
class Candidate:
    """One organisation and the ways the article names it."""

    forms: list[tuple[Mention, bool]]
    score: float = 0.0

    @property
    def in_role(self) -> bool:
        return any(in_role for _, in_role in self.forms)

    @property
    def mention(self) -> Mention:
        return self.forms[0][0]

    def merges(self, mention: Mention) -> bool:
        return any(_same_org(mention, m) for m, _ in self.forms)

    def name(self) -> str:
        """A known canonical name, else the form used in a party role, shortest first, taking a
        longer form only when its extra words are part of the name ("Tarrow Semiconductor"),
        not a product or division ("Acme Cloud", "Microsoft Azure")."""
        known = [m for m, _ in self.forms if m.known]
        if known:
            return min(known, key=lambda m: len(m.name)).name
        role_forms = {id(m) for m, in_role in self.forms if in_role}
        forms = sorted((m for m, _ in self.forms), key=lambda m: len(m.key.split()))
        pool = [m for m in forms if id(m) in role_forms] or forms
        best = pool[0]
        division = name_rules()["division_words"]
        for m in forms:
            head, words = best.key.split(), m.key.split()
            tail = m.name.split()[len(best.name.split()) :]
            if words[: len(head)] != head or any(w in division for w in words[len(head) :]):
                continue
            product_like = any(any(c.isdigit() for c in w) or w.isupper() for w in tail)
            if id(m) in role_forms or (m.label == "ORG" and not product_like):
                best = m
        return best.name


def rank_parties(
    role_sources: list[tuple[float, list[Mention]]],
    context: list[tuple[float, list[Mention]]],
) -> list[str]:
    """Pick the partners among the mentions.

    `role_sources` are (weight, mentions in a party role of that sentence's trigger);
    `context` are (weight, mentions) of the headline and lead, which break ties and fill the
    list when the syntax found fewer than two organisations. Mentions of one organisation
    ("Tarrow", "Tarrow Semiconductor") are merged first.
    """
    candidates: list[Candidate] = []

    def slot(mention: Mention, in_role: bool) -> Candidate:
        for c in candidates:
            if c.merges(mention):
                c.forms.append((mention, in_role))
                return c
        c = Candidate([(mention, in_role)])
        candidates.append(c)
        return c

    for weight, mentions in role_sources:
        scored: set[int] = set()
        for m in mentions:
            if organisation_like(m, True):
                c = slot(m, True)
                if id(c) not in scored:
                    scored.add(id(c))
                    c.score += weight
    for weight, mentions in context:
        scored = set()
        for m in mentions:
            if any(c.merges(m) for c in candidates) or organisation_like(m, False):
                c = slot(m, False)
                if id(c) not in scored:
                    scored.add(id(c))
                    c.score += weight
    for c in candidates:
        if any(m.known or m.label == "ORG" for m, _ in c.forms):
            c.score += 0.2
    ranked = sorted(candidates, key=lambda c: c.score, reverse=True)
    in_role = [c for c in ranked if c.in_role]
    chosen: list[Candidate] = []
    if in_role:
        top = in_role[0].score
        chosen = [c for c in in_role if c.score >= 0.6 * top]
    for c in ranked:
        if len(chosen) >= 2:
            break
        if c not in chosen and organisation_like(c.mention, c.in_role):
            chosen.append(c)
    chosen = chosen[:MAX_PARTIES]
    chosen.sort(key=lambda c: min(m.start for m, _ in c.forms))  # reading order
    return _dedupe([c.name() for c in chosen])


def _same_org(a: Mention, b: Mention) -> bool:
    """Do two mentions name the same organisation ("Tarrow" / "Tarrow Semiconductor")?"""
    if a.key == b.key:
        return True
    wa, wb = a.key.split(), b.key.split()
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    return bool(short) and long_[: len(short)] == short


def _dedupe(names: list[str]) -> list[str]:
    seen, out = set(), []
    for name in names:
        key = normalise_name(name)
        if key not in seen:
            seen.add(key)
            out.append(name)
    return out
