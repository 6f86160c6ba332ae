"""Where a name ends, when the model's entity span runs past it or stops short.

- A company name and the person right after it, joined by the NER: "the CEO of Acme Telecom
  Jane Doe" tagged as one organisation, while the article names Jane Doe on her own elsewhere.
- A name written with commas: "Nordland Oil, Gas and Metals National Corporation", which the
  model may cut at the first comma (`names.listed_end`).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from bot.nlp.names import listed_end

PERSON_LABELS = {"PERSON", "PER"}
OTHER_NAMES = {"PERSON", "PER", "GPE", "LOC"}


def without_person_tail(doc: Doc, span: Span) -> tuple[Span, Span | None]:
    """The span without a person's name at its end, and that name: the tail is two or more
    capitalised words that the article also names alone as a person (whole, or by the last
    name). The head keeps at least one word."""
    if len(span) < 3:
        return span, None
    people = [e for e in doc.ents if e.label_ in PERSON_LABELS and not _overlaps(e, span)]
    if not people:
        return span, None
    whole = {e.text for e in people}
    last_names = {e.text for e in people if len(e) == 1}
    for cut in range(1, len(span) - 1):
        tail = span[cut:]
        if not all(t.text[:1].isupper() and t.is_alpha for t in tail):
            continue
        if tail.text in whole or (len(tail) == 2 and tail[-1].text in last_names):
            return span[:cut], tail
    return span, None


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and a.end > b.start


def listed_name_end(doc: Doc, span: Span) -> int:
    """The end of a name written as a list, when `span` stops at its first comma; the words
    it takes in must not be names of their own (a person, a place, another company)."""
    if span.end >= len(doc) or doc[span.end].text != ",":
        return span.end
    window = doc[span.end : min(len(doc), span.end + 12)]
    end = listed_end([t.text for t in window], 0)
    if not end:
        return span.end
    if any(
        t.ent_type_ in OTHER_NAMES or (t.ent_iob_ == "B" and t.nbor(-1).text == ",")
        for t in window[:end]
    ):
        return span.end  # "Acme, Globex and Initech Corporation": three names
    return span.end + end
