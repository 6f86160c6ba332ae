"""Name-like mentions in a parsed document, each with a short display name.

Small models often tag company names PERSON/MISC/LOC and miss some altogether, so NER spans are
completed with runs of capitalised proper nouns, extended over the rest of a name the alias
ruler cut short ("Tata" + "Electronics", "AP-HP", "Mahindra & Mahindra") and split where the
NER joined two names ("Kopernik Health and Vesta Care"). Tickers and datelines in brackets,
places, legal suffixes on their own, deal words ("Collaboration Agreement") and names used as
descriptors of another ("Defence AI company Helsing", "the Ray-Ban maker") are left out.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import pairwise

from spacy.tokens import Doc, Span, Token

from bot.nlp.names import (
    POSSESSIVES,
    AliasTable,
    common_words,
    fold_accents,
    initials,
    is_descriptor,
    is_place,
    listed_end,
    name_bounds,
    normalise_name,
)
from bot.nlp.resources import name_rules
from bot.nlp.spans import listed_name_end, without_person_tail

NAME_LABELS = {"ORG", "PERSON", "PER", "MISC", "PRODUCT", "GPE", "LOC", "NORP", "FAC"}
PLACE_LABELS = {"GPE", "LOC"}
# Public bodies named after their place: "Ville de Lorient", "State of Lagos".
PUBLIC_HEADS = {
    "ville", "city", "town", "municipality", "commune", "province", "state", "etat", "region",
    "county", "canton", "republic", "republique", "kingdom", "royaume", "government",
    "gouvernement", "departement", "prefecture", "metropole",
}  # fmt: skip
DEAL_WORDS = {
    "agreement", "agreements", "collaboration", "memorandum", "understanding", "partnership",
    "alliance", "accord", "protocole", "transfer", "framework", "strategic", "venture", "deal",
    "partenariat", "cooperation", "license", "licence", "licensing",
}  # fmt: skip
NAME_TAILS = {"ai"}  # not a name alone, but part of one: "Mistral AI", "Scale AI"
# "the iPhone maker", "the TikTok owner": a name describing another organisation.
MODIFIED_HEADS = {"rival", "rivals", "owner", "parent", "unit", "subsidiary", "filiale"}


@dataclass
class Mention:
    """A name in the text: `name` as the article writes it (tidied), `canonical` the alias
    table's name for it when the table knows it."""

    span: Span
    name: str
    key: str
    canonical: str | None
    label: str
    preferred: bool = False  # the canonical name was taught at run time (AliasTable.prefers)

    @property
    def known(self) -> bool:
        return self.canonical is not None

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
        if any(i in taken for i in range(ent.start, ent.end)):
            continue  # already inside an extended name
        whole, person = without_person_tail(doc, _extend(doc, ent))
        if person is not None:
            taken.update(range(person.start, person.end))  # "Acme Telecom Jane Doe"
        for span in split_conjoined(doc, whole, aliases):
            mention = _mention(doc, span, ent.label_, aliases, rules)
            if mention:
                mentions.append(mention)
                taken.update(range(span.start, span.end))
    # Proper-noun runs the NER missed ("TotalEnergies" tagged NOUN, names in lowercase titles).
    run: list[Token] = []
    for token in [*doc, None]:
        if token is not None and token.i not in taken and _proper(token):
            run.append(token)
            continue
        if run and token is not None and _glued_hyphen(token) and _proper(token.nbor(1)):
            run.append(token)  # "Geo-Sense"
            continue
        if run and not _lone_sentence_opener(run):
            span = doc[run[0].i : run[-1].i + 1]
            mention = _mention(doc, span, "PROPN", aliases, rules)
            if mention:
                mentions.append(mention)
        run = [token] if token is not None and token.i not in taken and _proper(token) else []
    mentions.sort(key=lambda m: m.start)
    return public_bodies(doc, merge_institutions(doc, mentions, aliases))


def public_bodies(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """ "Ville de Lorient", "the City of Austin", "State of Lagos": the body that signs,
    one organisation, not a place and a capitalised word."""
    out = [
        replace(m, label="ORG") if len(m.span) > 2 and _public_head(m.span[0]) else m
        for m in mentions
    ]
    spans = [
        doc[ent.start - 2 : ent.end]
        for ent in doc.ents
        if ent.label_ in PLACE_LABELS and ent.start >= 2 and _public_head(doc[ent.start - 2])
    ]
    for a, b in pairwise(out):
        if b.start != a.end + 1:
            continue
        if _public_head(doc[a.end - 1]) or (  # "City" "of" "Dunmore", tagged apart
            doc[a.end].text in POSSESSIVES  # "Kenya" "'s" "Ministry of Energy"
            and (a.label in PLACE_LABELS or is_place(a.name))
            and fold_accents(b.span[0].lower_) in name_rules()["institution_words"]
        ):
            spans.append(doc[a.start : b.end])
    for span in spans:
        overlapping = [m for m in out if m.start < span.end and m.end > span.start]
        if any(m.start == span.start and m.end == span.end for m in overlapping):
            continue
        out = [m for m in out if m not in overlapping]
        name = _without_possessive(span)
        out.append(Mention(span, name, normalise_name(name), None, "ORG"))
        out.sort(key=lambda m: m.start)
    return out


def _public_head(token: Token) -> bool:
    """ "Ville" in "Ville de Lorient", "City" in "City of Austin"."""
    return (
        token.text[:1].isupper()
        and fold_accents(token.lower_) in PUBLIC_HEADS
        and token.i + 1 < len(token.doc)
        and token.nbor(1).lower_ in ("of", "de", "du", "d'")
    )


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
    if token.dep_ in ("nsubj", "nsubjpass", "nsubj:pass") and token.tag_ != "NNS":
        # A singular subject ("Orvane said ...") is a name unless the word recurs lowercase.
        return any(t.text == token.lower_ for t in token.doc)
    nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return token.pos_ != "PROPN" or (nxt is not None and nxt.is_punct)


def _capitalised_elsewhere(token: Token) -> bool:
    return any(t.text == token.text and not t.is_sent_start for t in token.doc if t.i != token.i)


def _glued_hyphen(token: Token) -> bool:
    """A hyphen inside a word: "Rolls-Royce", not "Acme - Globex"."""
    return (
        token.text in ("-", "–")
        and 0 < token.i < len(token.doc) - 1
        and not token.whitespace_
        and not token.nbor(-1).whitespace_
    )


def _extend(doc: Doc, ent: Span) -> Span:
    """An entity cut short inside a longer name: the ruler's "Tata" in "Tata Electronics",
    "EDF" in "EDF Renewables", "HP" in "AP-HP". Product words ("Microsoft Azure") and titles
    ("Apple CEO") stay out."""
    start, end = ent.start, ent.end
    while start >= 2 and _glued_hyphen(doc[start - 1]) and doc[start - 2].text[:1].isupper():
        start -= 2
    while end < len(doc) and doc[end].text[:1].isupper() and _glued_hyphen(doc[end - 1]):
        end += 1
    while (
        end + 1 < len(doc)
        and doc[end + 1].text[:1].isupper()
        and (_glued_hyphen(doc[end]) or doc[end].text == "&")
    ):
        end += 2  # "Rolls-Royce", "Mahindra & Mahindra"
    while end < len(doc) and end - ent.end < 3:
        nxt = doc[end]
        if doc[end - 1].whitespace_ != " " or nxt.pos_ != "PROPN":
            break
        if _free_name_word(nxt):
            end += 1
        elif _compound_org(doc[end - 1], nxt):
            end += 1
            while end < len(doc) and doc[end].ent_iob_ == "I":
                end += 1
        else:
            break
    return doc[start : listed_name_end(doc, doc[start:end])]  # "X Oil, Gas and Metals Corporation"


def _compound_org(last: Token, nxt: Token) -> bool:
    """ "Aramco" + "Digital" tagged apart, though the parser joins them into one name."""
    return (
        nxt.ent_type_ == "ORG"
        and nxt.ent_iob_ == "B"
        and last.dep_ == "compound"
        and last.head.i >= nxt.i
        and fold_accents(nxt.text).lower() not in name_rules()["product_words"]
    )


def _free_name_word(token: Token) -> bool:
    """A capitalised word outside any entity that may continue a company name."""
    rules = name_rules()
    folded = fold_accents(token.text).lower()
    return (
        token.text[:1].isupper()
        and not token.ent_type_
        and folded not in rules["product_words"]
        and (folded not in rules["not_names"] or folded in NAME_TAILS)
    )


def split_conjoined(doc: Doc, span: Span, aliases: AliasTable) -> list[Span]:
    """ "Kopernik Health and NHS England" as two names, when the parser conjoins them and each
    side stands as a name: two words or more, or known, or named alone elsewhere.
    "Marks and Spencer" and "Nordland Oil, Gas and Metals Corporation" stay whole."""
    words = [t.text for t in span]
    if any(w == "," and listed_end(words, i) == len(words) for i, w in enumerate(words)):
        return [span]
    for token in span[1:-1]:
        if token.lower_ not in ("and", "et") or token.dep_ != "cc":
            continue
        left, right = doc[span.start : token.i], doc[token.i + 1 : span.end]
        if not right[0].text[:1].isupper():
            continue
        if _portfolio(left) and not _joined(left) and not aliases.lookup(right.text):
            continue  # "Ministry of Mines and Energy" is one name; a second "and" is not
        if all(_stands_alone(doc, side, aliases) for side in (left, right)):
            return [left, right]
    return [span]


def _joined(side: Span) -> bool:
    """Does the name already hold its one "and" ("Ministry of Mines and Energy")?"""
    return any(t.lower_ in ("and", "et") for t in side)


def _portfolio(left: Span) -> bool:
    """A public body named by what it is in charge of: "Ministry of Mines", "Department of
    Trade", "Ministère de l'Économie". The "and" that follows continues the list."""
    institutions = name_rules()["institution_words"]
    return any(
        fold_accents(t.text).lower() in institutions
        and t.i + 1 < left.end
        and t.nbor(1).lower_ in ("of", "de", "du", "des", "for", "on")
        for t in left
    )


def _stands_alone(doc: Doc, side: Span, aliases: AliasTable) -> bool:
    if len(side) >= 2 or aliases.lookup(side.text):
        return True
    return any(
        t.text == side.text and not (side.start <= t.i < side.end) and t.i + 1 < len(doc)
        and t.nbor(1).lower_ not in ("and", "et", "&")
        for t in doc
    )  # fmt: skip


def _modifies_a_name(doc: Doc, core: Span) -> bool:
    """A name used as a descriptor of another name: "Defence AI company Helsing", "Microsoft
    rival Google", "SoftBank-backed Zeno". The name that follows is the organisation."""
    after = core.end
    j = after
    while (
        j < len(doc) and j - after < 2 and doc[j].text.islower() and doc[j].pos_ in ("NOUN", "ADJ")
    ):
        if is_descriptor(doc[j].text):
            break
        j += 1  # "GPU cloud provider Lambda"
    if j < len(doc) and is_descriptor(doc[j].text):
        nxt = doc[j + 1] if j + 1 < len(doc) else doc[j]
        if nxt.text[:1].isupper() and nxt.pos_ in ("PROPN", "NOUN", "X"):
            return not is_place(nxt.text)  # "Verdane télécoms Afrique" is one name
        return doc[j].lower_.endswith(("maker", "makers")) or doc[j].lower_ in MODIFIED_HEADS
    if after + 1 < len(doc) and _glued_hyphen(doc[after]):
        return doc[after + 1].lower_ in ("backed", "owned", "led", "funded", "controlled")
    return False


def _mention(doc: Doc, span: Span, label: str, aliases: AliasTable, rules) -> Mention | None:
    if _in_parentheses(doc, span) and not _is_acronym_of_previous(doc, span):
        return None
    if _dateline(doc, span):
        return None
    words = [t.text for t in span]
    glued = [i for i, t in enumerate(span) if _glued_hyphen(t)]
    start, end = name_bounds(words, glued)
    whole = _known_whole(span, aliases)
    if whole is not None:
        start, end = whole
    if start >= end:
        return None
    core = doc[span.start + start : span.start + end]
    if _modifies_a_name(doc, core):
        return None
    name = _without_possessive(core)
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
    preferred = canonical is not None and aliases.prefers(canonical)
    return Mention(core, name, normalise_name(name), canonical, label, preferred)


def _without_possessive(core: Span) -> str:
    """The name as written, a possessive inside it dropped: "Kenya's Ministry of Energy" is
    reported as "Kenya Ministry of Energy"."""
    if not any(t.text in POSSESSIVES for t in core[1:-1]):
        return core.text.strip()
    return " ".join("".join(" " if t.text in POSSESSIVES else t.text_with_ws for t in core).split())


def _known_whole(span: Span, aliases: AliasTable) -> tuple[int, int] | None:
    """The span's bounds when, past a leading article, the alias table knows it whole:
    "American Express" is not the demonym "American" and "Express"."""
    start = 0
    while start < len(span) - 1 and span[start].lower_ in ("the", "le", "la", "les", "l'"):
        start += 1
    if len(span) - start >= 2 and aliases.lookup(span[start:].text):
        return start, len(span)
    return None


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
            out[-1] = Mention(span, span.text, normalise_name(span.text), None, prev.label)
            continue
        out.append(mention)
    return out


def _words_of(name: str) -> list[str]:
    return [w for w in fold_accents(name).lower().replace(".", " ").split() if w]


def _filler(word: str) -> bool:
    rules = name_rules()
    return (
        word in rules["legal_suffixes"]
        or word in rules["job_titles"]
        or word in rules["job_modifiers"]
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
    after = doc[span.end : span.end + 3]
    return after[0].text in ("(", "—", "–", "-") or (
        after[0].text == ","
        and len(after) > 1
        and (after[1].like_num or (after[1].lower_ in ("le", "the") and after[-1].like_num))
    )  # "SEATTLE, 5 May", "MONTRÉAL, le 2 février"


def _in_parentheses(doc: Doc, span: Span) -> bool:
    """Inside brackets within its sentence: tickers "(VOW.BE)", "[LMT]", datelines "(dpa-AFX)"."""
    depth = 0
    start = span.start
    while start > 0 and span.start - start < 60 and "\n" not in doc[start - 1].text:
        start -= 1
    for token in doc[start : span.start]:
        if token.text in ("(", "["):
            depth += 1
        elif token.text in (")", "]"):
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
