"""Who partners with whom: the organisations in a party role around the trigger.

A mention counts as an organisation when the alias table knows it, when NER calls it ORG, or
when it sits in a party role of the trigger (subject of "partner with", object of
"with"/"avec"/"between", names before the verb of "A et B s'associent").
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from bot.nlp.display import display_name
from bot.nlp.mentions import Mention
from bot.nlp.names import (
    acronym_of,
    fold_accents,
    is_descriptor,
    normalise_name,
    same_words,
)

SUBJECT_DEPS = {"nsubj", "nsubjpass", "nsubj:pass", "csubj"}
CLIMB_DEPS = {"xcomp", "ccomp", "conj", "advcl", "acl", "relcl", "acl:relcl", "parataxis"}
CLAUSE_DEPS = {
    "relcl", "acl:relcl", "acl", "advcl", "ccomp", "parataxis", "xcomp", "obl", "obl:mod",
    "obl:arg", "obl:agent", "dobj", "obj",
}  # fmt: skip
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
# "X, a subsidiary of Y", "une filiale de Y": Y owns a party, it is not one in that phrase.
PARENT_WORDS = {
    "subsidiary", "unit", "division", "arm", "affiliate", "filiale", "branche", "parent",
}  # fmt: skip
DEMONYM_ENDINGS = ("an", "ans", "ese", "ish", "ian", "ien", "ienne", "ais", "aise", "ois", "oise")


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
    near = {trigger, trigger.head, *chain}
    near.update(c for v in chain for c in v.children if c.dep_ in ("dobj", "obj", "attr"))
    for token in scope:
        if lang == "en":
            prep = token.head
            if token.dep_ == "pobj" and (
                (prep.lower_ in EN_ROLE_PREPS and prep.head in near) or _passive_agent(prep, chain)
            ):
                heads.append(token)  # not "a corridor between Oslo and Honolulu"
        else:
            cases = {c.lower_ for c in token.children if c.dep_ == "case"}
            if cases & FR_ROLE_CASES or ("à" in cases and token.head in (verb, trigger)):
                heads.append(token)
            elif token.dep_ == "obl:agent" and token.head in chain:
                heads.append(token)  # "retenue par la Région comme partenaire"
    heads.extend(c for c in trigger.children if c.dep_ in ("poss", "compound", "nmod:poss"))
    if _taken_as_partner(trigger):
        heads.extend(c for c in verb.children if c.dep_ in ("dobj", "obj"))  # "picks X as partner"
    out: list[Token] = []
    for head in heads:
        for token in [head, *head.conjuncts]:
            if token not in out:
                out.append(token)
    return out


def _taken_as_partner(trigger: Token) -> bool:
    """ "Air Canada picked Sabre as its technology partner", "choisit X comme partenaire"."""
    if trigger.lower_ == "as" or (trigger.head.lower_ == "as" and trigger.dep_ == "pobj"):
        return True
    return any(c.lower_ in ("comme", "que") for c in trigger.children)


def _passive_agent(token: Token, chain: list[Token]) -> bool:
    """ "by" introducing the agent of the trigger's verb: "X has been selected by Y as its
    partner" makes Y a party."""
    return token.dep_ == "agent" and token.head in chain


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
    found.extend(_named_as_partner(trigger, mentions))
    return [m for m in found if not _possessed(m, mentions) and not owner(m)]


def _named_as_partner(trigger: Span, mentions: list[Mention]) -> list[Mention]:
    """The name right before "as ... partner" / "comme partenaire": "picked Sabre as its
    technology partner", "a choisi la jeune pousse Ubiq comme partenaire"."""
    doc = trigger.doc
    start = trigger.start
    if doc[start].lower_ not in ("as", "comme"):
        if start == 0 or doc[start - 1].lower_ not in ("as", "comme"):
            return []
        start -= 1
    before = [m for m in mentions if start - 6 <= m.end <= start]
    if not before:
        return []
    nearest = before[-1]
    gap = doc[nearest.end : start]
    return [] if any(t.pos_ in ("VERB", "AUX") or t.is_punct for t in gap) else [nearest]


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
            if inside and overlaps and not _possessed(mention, mentions) and not owner(mention):
                found.append(mention)
    return found


def _possessed(mention: Mention, mentions: list[Mention]) -> bool:
    """ "Microsoft's Azure platform": Azure belongs to Microsoft, it is not a party itself."""
    doc = mention.span.doc
    i = mention.start
    if i >= 2 and doc[i - 1].lower_ in ("'s", "’s", "'"):
        return any(m.end == i - 1 for m in mentions)
    return False


def owner(mention: Mention) -> bool:
    """Named as the owner of another organisation: "Tide Pharma, a subsidiary of Sino Group",
    "une filiale du groupe Orvane"."""
    doc = mention.span.doc
    i = mention.start - 1
    while i >= 0 and (doc[i].pos_ == "DET" or doc[i].lower_ in ("groupe", "group")):
        i -= 1
    if i < 3 or doc[i].lower_ not in ("of", "de", "du", "d'", "des"):
        return False
    # an aside, ", a subsidiary of", not "a deal with a unit of Alphabet"
    noun = i - 1
    while noun > 1 and doc[noun].pos_ == "ADJ":
        noun -= 1  # "a wholly owned subsidiary", "une filiale française"
    return (
        fold_accents(doc[noun].lower_) in PARENT_WORDS
        and doc[noun - 1].lower_ in ("a", "an", "une", "un")
        and doc[noun - 2].text in (",", "(")
    )


def organisation_like(mention: Mention, in_role: bool) -> bool:
    if mention.known or mention.label == "ORG":
        return True
    if not in_role or (
        mention.label == "NORP" and _demonym_like(mention.name) and not _described(mention)
    ):
        return False
    return not _titled_person(mention)


def _described(mention: Mention) -> bool:
    """Introduced by a common noun, as names are and demonyms never: "the retailer Bailan"."""
    start = mention.span.start
    return start > 0 and is_descriptor(mention.span.doc[start - 1].text)


def _demonym_like(name: str) -> bool:
    """ "Kenyan", "Lebanese", "Danish": NORP proper; small models also tag names NORP."""
    return fold_accents(name).lower().endswith(DEMONYM_ENDINGS)


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
        """The organisation's name as the article gives it; see `display_name`."""
        return display_name([m for m, _ in self.forms], {id(m) for m, r in self.forms if r})


def gather_candidates(
    role_sources: list[tuple[float, list[Mention]]],
    context: list[tuple[float, list[Mention]]],
) -> list[Candidate]:
    """The organisations among the mentions, each scored by the rules, best first.

    `role_sources` are (weight, mentions in a party role of that sentence's trigger);
    `context` are (weight, mentions) of the headline and lead. Mentions of one organisation
    ("Tarrow", "Tarrow Semiconductor") are merged.
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
    candidates += _ventures(candidates)
    for c in candidates:
        if any(m.known or m.label == "ORG" for m, _ in c.forms):
            c.score += 0.2
    return sorted(candidates, key=lambda c: c.score, reverse=True)


def _ventures(candidates: list[Candidate]) -> list[Candidate]:
    """Names that join two organisations' names ("Norvik Halsey Energy" beside "Norvik" and
    "Halsey"): the venture they create, not a longer form of the first one. Taken out of the
    first one's forms, as candidates of their own."""
    out: dict[str, Candidate] = {}
    for c in candidates:
        short = min((m.key.split() for m, _ in c.forms), key=len)
        for form in list(c.forms):
            extra = form[0].key.split()[len(short) :]
            if form[0].key.split()[: len(short)] != short or not extra:
                continue
            others = [m.key.split() for o in candidates if o is not c for m, _ in o.forms]
            if any(_inside(words, extra) for words in others if words):
                c.forms.remove(form)
                out.setdefault(form[0].key, Candidate([], score=0.0)).forms.append(form)
    return list(out.values())


def _inside(words: list[str], longer: list[str]) -> bool:
    n = len(words)
    return any(longer[i : i + n] == words for i in range(len(longer) - n + 1))


def rule_choice(ranked: list[Candidate]) -> list[Candidate]:
    """The rules' pick of partners among ranked candidates, in reading order: those in a
    party role scoring close to the best, completed to two from the rest."""
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
    return chosen


def _same_org(a: Mention, b: Mention) -> bool:
    """Do two mentions name the same organisation ("Tarrow" / "Tarrow Semiconductor",
    "Aramco" / "Saudi Aramco" through the alias table)?"""
    if a.key == b.key or (a.canonical is not None and a.canonical == b.canonical):
        return True
    keys_a = {a.key, normalise_name(a.canonical or "")} - {""}
    keys_b = {b.key, normalise_name(b.canonical or "")} - {""}
    if keys_a & keys_b:
        return True
    wa, wb = a.key.split(), b.key.split()
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    if bool(short) and long_[: len(short)] == short:
        return True
    # "L&T" / "Larsen & Toubro", "Oxford University" / "University of Oxford"
    return acronym_of(a.name, b.name) or acronym_of(b.name, a.name) or same_words(a.key, b.key)
