"""Name-like mentions in a parsed document, each with a short display name.

Small models often tag company names PERSON/MISC/LOC and miss some altogether, so NER spans are
completed with runs of capitalised proper nouns. Tickers and datelines in brackets, places,
legal suffixes on their own and deal words ("Collaboration Agreement") are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span, Token

from bot.nlp.names import AliasTable, fold_accents, initials, name_bounds, normalise_name
from bot.nlp.resources import name_rules, topic_vocabulary

NAME_LABELS = {"ORG", "PERSON", "PER", "MISC", "PRODUCT", "GPE", "LOC", "NORP", "FAC"}
PLACE_LABELS = {"GPE", "LOC"}
DEAL_WORDS = {
    "agreement", "agreements", "collaboration", "memorandum", "understanding", "partnership",
    "alliance", "accord", "protocole", "transfer", "framework", "strategic", "venture", "deal",
    "partenariat", "cooperation", "license", "licence", "licensing",
}  # fmt: skip


@dataclass
class Mention:
    span: Span
    name: str
    key: str
    known: bool
    label: str

    @property
    def start(self) -> int:
        return self.span.start

    @property
    def end(self) -> int:
        return self.span.end


def find_mentions(doc: Doc, aliases: AliasTable) -> list[Mention]:
    """Name-like mentions with their short names, tickers and places left out."""
    rules = name_rules()
    mentions: list[Mention] = []
    taken: set[int] = set()
    for ent in doc.ents:
        if ent.label_ not in NAME_LABELS:
            continue
        mention = _mention(doc, ent, ent.label_, aliases, rules)
        if mention:
            mentions.append(mention)
            taken.update(range(ent.start, ent.end))
    # Proper-noun runs the NER missed ("TotalEnergies" tagged NOUN, names in lowercase titles).
    run: list[Token] = []
    for token in [*doc, None]:
        if token is not None and token.i not in taken and _proper(token):
            run.append(token)
            continue
        if run and not _lone_sentence_opener(run):
            span = doc[run[0].i : run[-1].i + 1]
            mention = _mention(doc, span, "PROPN", aliases, rules)
            if mention:
                mentions.append(mention)
        run = [token] if token is not None and token.i not in taken and _proper(token) else []
    mentions.sort(key=lambda m: m.start)
    return merge_institutions(doc, mentions, aliases)


def _proper(token: Token) -> bool:
    text = token.text
    if not text[:1].isupper() and not any(c.isupper() for c in text[1:]):
        return False
    return token.pos_ in ("PROPN", "NOUN", "X") or any(c.isupper() for c in text[1:])


def _lone_sentence_opener(run: list[Token]) -> bool:
    """A single capitalised word opening a sentence ("Concrètement, ...") is rarely a name."""
    token = run[0]
    if len(run) > 1 or not token.is_sent_start or _capitalised_elsewhere(token):
        return False
    nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return token.pos_ != "PROPN" or (nxt is not None and nxt.is_punct)


def _capitalised_elsewhere(token: Token) -> bool:
    return any(t.text == token.text and not t.is_sent_start for t in token.doc if t.i != token.i)


def _mention(doc: Doc, span: Span, label: str, aliases: AliasTable, rules) -> Mention | None:
    if _in_parentheses(doc, span) and not _is_acronym_of_previous(doc, span):
        return None
    if _dateline(doc, span):
        return None
    words = [t.text for t in span]
    start, end = name_bounds(words)
    if start >= end:
        return None
    core = doc[span.start + start : span.start + end]
    name = core.text.strip()
    folded = fold_accents(name).lower()
    if (
        len(name) < 2
        or not normalise_name(name)
        or all(_filler(w) for w in _words_of(name))
        or folded in rules["places"]
        or folded in rules["not_names"]
        or folded in rules["demonyms"]
        or not any(c.isalpha() for c in name)
    ):
        return None
    if label == "PROPN" and any(w in DEAL_WORDS for w in _words_of(name)):
        return None  # "Material Transfer and Collaboration Agreement"
    acronym = _acronym_after(doc, span, core)
    if acronym:
        name = acronym
    canonical = aliases.lookup(name)
    if not canonical and len(core) == 1 and folded in common_words():
        return None  # a section label or a capitalised common word: "Santé :", "Cloud"
    return Mention(
        core, canonical or name, normalise_name(canonical or name), bool(canonical), label
    )


@cache
def common_words() -> frozenset[str]:
    """Lowercase words of the topic vocabulary: subjects, not company names."""
    words = set()
    for by_lang in topic_vocabulary().values():
        for terms in by_lang.values():
            words.update(fold_accents(t).lower() for t in terms if " " not in t)
    return frozenset(words)


def merge_institutions(doc: Doc, mentions: list[Mention], aliases: AliasTable) -> list[Mention]:
    """Join "CHU" + "de" + "Nantes" (a place) into one mention, "CHU de Nantes"."""
    out: list[Mention] = []
    for mention in mentions:
        prev = out[-1] if out else None
        if (
            prev is not None
            and not prev.known
            and prev.label not in PLACE_LABELS
            and mention.label in PLACE_LABELS
            and mention.start == prev.end + 1
            and doc[prev.end].lower_ in ("de", "du", "d'", "of")
        ):
            span = doc[prev.start : mention.end]
            out[-1] = Mention(span, span.text, normalise_name(span.text), False, prev.label)
            continue
        out.append(mention)
    return out


def _words_of(name: str) -> list[str]:
    return [w for w in fold_accents(name).lower().replace(".", " ").split() if w]


def _filler(word: str) -> bool:
    rules = name_rules()
    return (
        word in rules["legal_suffixes"]
        or word in rules["descriptor_words"]
        or word in rules["leading_words"]
        or word in rules["not_names"]
        or len(word) == 1
    )


def _dateline(doc: Doc, span: Span) -> bool:
    """ "LIBREVILLE, 13 juin (Agency) -", "SEATTLE —": a place opening the story."""
    text = span.text
    if not (text.isupper() and text.replace(" ", "").isalpha() and len(text) >= 4):
        return False
    if span.start > 0 and "\n" not in doc[span.start - 1].text:
        return False
    after = doc[span.end : span.end + 2]
    if not len(after):
        return False
    return after[0].text in ("(", "—", "–", "-") or (
        after[0].text == "," and len(after) > 1 and after[1].like_num
    )


def _in_parentheses(doc: Doc, span: Span) -> bool:
    """Inside brackets within its sentence: tickers "(VOW.BE)", datelines "(dpa-AFX)"."""
    depth = 0
    start = span.start
    while start > 0 and span.start - start < 60 and "\n" not in doc[start - 1].text:
        start -= 1
    for token in doc[start : span.start]:
        if token.text == "(":
            depth += 1
        elif token.text == ")":
            depth = max(0, depth - 1)
    return depth > 0


def _is_acronym_of_previous(doc: Doc, span: Span) -> bool:
    if span.start < 2:
        return False
    before = doc[max(0, span.start - 8) : span.start - 1]
    words = [t.text for t in before if t.text[:1].isalpha()]
    return len(words) >= 2 and _matches_initials(span.text, words)


def _acronym_after(doc: Doc, span: Span, core: Span) -> str | None:
    """ "Agence Nationale du Numérique (ANN)" -> "ANN"; tickers are left alone."""
    after = span.end
    if after + 2 < len(doc) and doc[after].text == "(" and doc[after + 2].text == ")":
        candidate = doc[after + 1].text
        words = [t.text for t in core if t.text[:1].isalpha()]
        if len(words) >= 2 and _matches_initials(candidate, words):
            return candidate
    return None


def _matches_initials(candidate: str, words: list[str]) -> bool:
    return candidate.isupper() and candidate.isalpha() and initials(words) == candidate
