"""How a trigger's surroundings bear on it: modifiers attached to it, quotations, reported
speech."""

from __future__ import annotations

from spacy.tokens import Span

from bot.nlp.parties import governor

REPORTING_VERBS = {"said", "says", "announced", "told", "added", "confirmed", "stated"}


def linked(modifier: Span, trigger: Span, distance: int = 2) -> bool:
    """Does a modifier bear on a trigger: adjacent, a dependent of its verb, or governing it?"""
    for m in modifier:
        for t in trigger:
            if m.pos_ == "ADJ" and m.head not in trigger:
                continue  # "co-develop a potential vaccine": the adjective is about the vaccine
            if 0 < t.i - m.i <= distance or (distance > 2 and abs(m.i - t.i) <= distance):
                return True
            verb = governor(t)
            if m.head in (t, verb) and m.head is not m:
                return True
            ancestor, hops = t.head, 0
            while hops < 3 and ancestor is not ancestor.head:
                if ancestor == m:
                    return True
                ancestor, hops = ancestor.head, hops + 1
            if ancestor == m:
                return True
    return False


def reported_pluperfect(span: Span) -> bool:
    """ "had signed" backshifted under "said": reported speech, not an earlier deal."""
    if span[0].lower_ != "had":
        return False
    verb = span[-1]
    return verb.dep_ == "ccomp" and verb.head.lower_ in REPORTING_VERBS


def inside_quotes(seg_span: Span, trigger: Span) -> bool:
    before = seg_span.doc[seg_span.start : trigger.start].text
    straight = before.count('"')
    opened = before.count("“") + before.count("«") - before.count("”") - before.count("»")
    return straight % 2 == 1 or opened > 0


DEAL_NOUNS = {
    "partnership", "partnerships", "alliance", "agreement", "contract", "deal", "venture",
    "collaboration", "cooperation", "relationship", "ties", "partenariat", "accord", "contrat",
    "coentreprise", "coopération", "relation", "relations",
}  # fmt: skip
TIME_NOUNS = {"end", "fin", "terme"}


def time_expression(span: Span) -> bool:
    """ "by the end of the year", "d'ici la fin du semestre", "à long terme": an ending word
    that dates something instead of ending a deal."""
    if span[0].lower_ not in TIME_NOUNS:
        return False
    token = span[0]
    doc = token.doc
    prev = doc[token.i - 1].lower_ if token.i > 0 else ""
    nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if token.lower_ == "terme":
        return prev in ("à", "long", "moyen", "court", "long-", "-")
    if prev not in ("the", "la", "l'", "this", "cette", "year", "year-", "d'ici"):
        return nxt is not None and (nxt.like_num or nxt.lower_ in ("2020s", "prochain"))
    if nxt is None or nxt.lower_ not in ("of", "de", "du", "d'", "des"):
        return True
    following = [t.lower_ for t in doc[nxt.i + 1 : nxt.i + 4]]
    return not any(w in DEAL_NOUNS for w in following)
