"""Names spelled out before their acronym: "Malaysia Digital Economy Corporation (MDEC)"."""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Doc, Span

from bot.nlp.candidates import MEDIA_WORDS
from bot.nlp.mentions import Mention, _glued_hyphen
from bot.nlp.names import (
    NAME_PARTICLES,
    AliasTable,
    acronym_of,
    common_words,
    fold_accents,
    is_place,
    normalise_name,
)
from bot.nlp.resources import name_rules, places

LEADING_ARTICLES = {"the", "le", "la", "les", "l'"}
MAX_LETTERS = 10  # "UNIPROLAIT": word starts make longer acronyms than initials
MAX_TAIL = 3  # words after the spelled part: "Bank", "de Bolivia SA"
TAIL_WORDS = {"bank", "banque", "banco"}
# Small words a spelled name may skip, beside the particles: "Fund for a Cleaner Harbour in
# Oslo (FCHO)".
SKIPPED = NAME_PARTICLES | {"a", "an", "in", "on", "at", "to", "en", "au", "aux", "pour", "sur"}


def join_expanded_acronyms(doc: Doc, mentions: list[Mention], aliases: AliasTable):
    """One mention for a name the article spells out before its acronym, however the NER
    cut it: "Malaysia Digital Economy Corporation (MDEC)" is not "Malaysia" and "Digital
    Economy". When the acronym takes more than initials ("Federal Export and Import Bank
    (FEXIM)"), the mention goes by the acronym, the name the article then uses."""
    out = list(mentions)
    for token in doc[2:-1]:
        if token.nbor(-1).text != "(" or token.nbor(1).text != ")":
            continue
        acronym = token.text
        letters = [c for c in acronym if c.isalpha()]
        if not (2 <= len(letters) <= MAX_LETTERS) or not acronym.replace("&", "").isupper():
            continue
        found = _expansion(doc, token.i - 1, acronym)
        if found is None:
            continue
        span, initials_only = found
        name = span.text if initials_only else acronym
        place = _place_after(doc, token.i + 2)
        if place is not None:  # "Centre hospitalier universitaire (CHU) de Rivel"
            name = f"{acronym} {doc[token.i + 2].text} {place.text}"
            span = doc[span.start : place.end]
        overlapping = [m for m in out if m.start < span.end and m.end > span.start]
        if len(overlapping) < 2 and any(
            m.start == span.start and m.end == span.end and (initials_only or m.name == name)
            for m in overlapping
        ):
            continue  # the NER got it whole already
        label = next((m.label for m in overlapping if m.label == "ORG"), "ORG")
        out = [m for m in out if m not in overlapping]
        canonical = aliases.lookup(name)
        out.append(Mention(span, name, normalise_name(name), canonical, label))
    out.sort(key=lambda m: m.start)
    return _join_short_names(doc, out, aliases)


def _join_short_names(doc: Doc, mentions: list[Mention], aliases: AliasTable) -> list[Mention]:
    """A full name followed by the short name the article then uses: "Northern Copper
    Corporation (Norcop)" is one organisation, reported as "Norcop"."""
    out = list(mentions)
    for ent in doc.ents:
        end = ent.end
        if ent.label_ != "ORG" or len(ent) < 2 or end + 2 >= len(doc):
            continue
        if doc[end].text != "(" or doc[end + 2].text != ")":
            continue
        short = doc[end + 1]
        if not _short_name(short):
            continue
        overlapping = [m for m in out if m.start < end and m.end > ent.start]
        if any(m.key == normalise_name(short.text) for m in overlapping):
            continue
        out = [m for m in out if m not in overlapping]
        span = doc[ent.start : end]
        name = short.text
        out.append(Mention(span, name, normalise_name(name), aliases.lookup(name), "ORG"))
    out.sort(key=lambda m: m.start)
    return out


def _short_name(token) -> bool:
    """A one-word name in brackets that the article uses again outside them, not an acronym
    (see `_expansion`), a place, an outlet or a common word: "(Reuters)", "(Switzerland)"."""
    text = token.text
    folded = fold_accents(text).lower()
    rules = name_rules()
    if not (len(text) >= 3 and text[0].isupper() and text[1:].islower() and text.isalpha()):
        return False
    if (
        is_place(text)
        or folded in rules["demonyms"]
        or folded in rules["not_names"]
        or folded in MEDIA_WORDS
        or folded in common_words()
    ):
        return False
    return any(t.text == text and t.i != token.i for t in token.doc)


def _place_after(doc: Doc, i: int) -> Span | None:
    """The place in "de Rivel" / "of Rivel" right after an acronym's brackets, which the
    institution's name goes on with."""
    if i + 1 >= len(doc) or doc[i].lower_ not in ("de", "du", "d'", "of"):
        return None
    nxt = doc[i + 1]
    if nxt.ent_iob_ != "B" or nxt.ent_type_ not in ("GPE", "LOC"):
        return None
    ent = next((e for e in doc.ents if e.start == nxt.i), None)
    if ent is None:
        return None
    last = max(t.i for t in ent if t.text[:1].isupper())  # not "s’" the NER took in
    return doc[ent.start : last + 1]


def _expansion(doc: Doc, paren: int, acronym: str) -> tuple[Span, bool] | None:
    """The words just before "(" that spell the acronym, and whether they are its plain
    initials. Words inside may be lowercase, as French names write them: "Groupement des
    industries françaises aéronautiques et spatiales (GIFAS)". Failing initials, the
    letters may take the start of words ("Union des producteurs de lait (UNIPROLAIT)"),
    and a few words may follow them ("Federal Export and Import Bank (FEXIM)", "Sociedad
    Minera de Bolivia SA (SM)")."""
    start = paren
    while start > 0 and paren - start < 10:
        prev = doc[start - 1]
        if prev.is_alpha or prev.lower_ in NAME_PARTICLES or _glued_hyphen(prev):
            start -= 1
        else:
            break
    begins = [
        b
        for b in range(start, paren - 1)
        if doc[b].text[:1].isupper() and doc[b].lower_ not in LEADING_ARTICLES
    ]
    spans = [(b, [t.text for t in doc[b:paren] if t.text[:1].isalpha()]) for b in begins]
    for begin, words in spans:
        if len(words) >= 2 and acronym_of(acronym, " ".join(words)):
            return doc[begin:paren], True
    for begin, words in spans:
        if len(words) >= 2 and spelled(acronym, tuple(words)):
            return doc[begin:paren], False
    return None


def spelled(acronym: str, words: tuple[str, ...]) -> bool:
    """Do the acronym's letters run through `words` as the starts of words, in order,
    every word but particles giving at least its first letter ("UNIPROLAIT": UNIon des
    PROducteurs de LAIT), with at most a few generic words
    after the last letter (a legal suffix, "Bank", a place)?"""
    letters = fold_accents("".join(c for c in acronym if c.isalpha())).upper()
    folded = tuple(fold_accents(w).lower() for w in words)
    for end in range(len(folded), 0, -1):
        tail = folded[end:]
        if len(tail) > MAX_TAIL or not all(_tail_word(w) for w in tail):
            break
        if _runs(letters, folded[:end]):
            return True
    return False


@lru_cache(maxsize=4096)
def _runs(letters: str, words: tuple[str, ...]) -> bool:
    """Letters consumed by word prefixes, every word used, particles optionally."""
    if not words:
        return not letters
    if not letters:
        return False
    word, rest = words[0], words[1:]
    if word in SKIPPED and _runs(letters, rest):
        return True
    upper = word.upper()
    return any(
        upper[:k] == letters[:k] and _runs(letters[k:], rest)
        for k in range(1, min(len(word), len(letters)) + 1)
    )


def _tail_word(word: str) -> bool:
    rules = name_rules()
    return (
        word in NAME_PARTICLES
        or word in TAIL_WORDS
        or word in rules["legal_suffixes"]
        or word in rules["institution_words"]
        or word in rules["places"]
        or word in places()
    )
