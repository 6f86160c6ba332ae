"""Names spelled out before their acronym: "Malaysia Digital Economy Corporation (MDEC)"."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from bot.nlp.mentions import Mention, _glued_hyphen
from bot.nlp.names import NAME_PARTICLES, AliasTable, acronym_of, normalise_name

LEADING_ARTICLES = {"the", "le", "la", "les", "l'"}


def join_expanded_acronyms(doc: Doc, mentions: list[Mention], aliases: AliasTable):
    """One mention for a name the article spells out before its acronym, however the NER
    cut it: "Malaysia Digital Economy Corporation (MDEC)" is not "Malaysia" and "Digital
    Economy"."""
    out = list(mentions)
    for token in doc[2:-1]:
        if token.nbor(-1).text != "(" or token.nbor(1).text != ")":
            continue
        acronym = token.text
        letters = [c for c in acronym if c.isalpha()]
        if not (2 <= len(letters) <= 8) or not acronym.replace("&", "").isupper():
            continue
        span = _expansion(doc, token.i - 1, acronym)
        if span is None:
            continue
        overlapping = [m for m in out if m.start < span.end and m.end > span.start]
        if len(overlapping) < 2 and any(
            m.start == span.start and m.end == span.end for m in overlapping
        ):
            continue  # the NER got it whole already
        label = next((m.label for m in overlapping if m.label == "ORG"), "ORG")
        out = [m for m in out if m not in overlapping]
        canonical = aliases.lookup(span.text)
        out.append(Mention(span, span.text, normalise_name(span.text), canonical, label))
    out.sort(key=lambda m: m.start)
    return out


def _expansion(doc: Doc, paren: int, acronym: str) -> Span | None:
    """The words just before "(" whose initials spell the acronym. Words inside may be
    lowercase, as French names write them: "Groupement des industries françaises
    aéronautiques et spatiales (GIFAS)"; the initials must match exactly."""
    start = paren
    while start > 0 and paren - start < 10:
        prev = doc[start - 1]
        if prev.is_alpha or prev.lower_ in NAME_PARTICLES or _glued_hyphen(prev):
            start -= 1
        else:
            break
    for begin in range(start, paren - 1):
        if not doc[begin].text[:1].isupper() or doc[begin].lower_ in LEADING_ARTICLES:
            continue
        words = [t.text for t in doc[begin:paren] if t.text[:1].isalpha()]
        if len(words) >= 2 and acronym_of(acronym, " ".join(words)):
            return doc[begin:paren]
    return None
