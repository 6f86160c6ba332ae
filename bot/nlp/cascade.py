"""The cheap first pass: tokenizer, sentence splitter and phrase matchers, no statistical model.

It decides whether an article needs the full analysis at all (a trigger term in the headline or
the lead, or a deal named outright early in the body) and, when it does, which sentences the
model should read: the headline, the lead and the sentences that carry a trigger.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

import spacy
from spacy.attrs import IDX, IS_PUNCT, ORTH
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from bot.nlp.exiting import collect_nothing_at_exit
from bot.nlp.regexcache import language_class
from bot.nlp.resources import TokenPatterns, lexicon, topic_vocabulary
from bot.nlp.text import (
    clean_text,
    is_title_case,
    strip_boilerplate,
    strip_datelines,
    unwrap_lines,
)

LEAD_SENTENCES = 5
SCAN_SENTENCES = 15
MAX_FOCUS_SENTENCES = 10
# How much a trigger counts by position: the headline and lead state an article's main news.
LEAD_WEIGHTS = (0.95, 0.9, 0.8, 0.65, 0.5)
HEADING_WEIGHT = 0.5
BODY_WEIGHT = 0.3
CANDIDATE_MIN_STRENGTH = 0.5
# A deal named outright ("joint venture", "memorandum of understanding": the strongest trigger
# groups) just past the lead sends an article on too: some leads tell the news ("shares jump
# on a new deal") and leave the deal's name to a later sentence. The learned gate then decides.
LATE_MIN_STRENGTH = 0.9
LATE_SENTENCES = 10  # the first sentences of the body searched for one
MAX_CHARS = 20_000  # the news is in the headline and lead; the rest only feeds topics

_SENTENCE_END = re.compile(r"[.!?…:;»\"”)]\s*$")
_LINE_BREAK = re.compile(r"\n")


@dataclass
class Sentence:
    """One sentence of the cleaned body (or the headline, index -1)."""

    index: int
    text: str
    start: int
    paragraph: int
    heading: bool = False
    role: str = "body"
    weight: float = BODY_WEIGHT
    lead_rank: int | None = None
    trigger: float = 0.0
    topics: list[str] = field(default_factory=list)
    # What the first pass matched here: (kind, label, strength), kind "trigger" (label: the
    # deal type), "cue" (a negative cue's family) or "modifier"; the gate's features.
    hits: list[tuple[str, str, float]] = field(default_factory=list)


@dataclass
class Prepared:
    """An article after the cheap pass."""

    lang: str
    title: str
    text: str
    title_sentence: Sentence | None
    sentences: list[Sentence]
    candidate: bool
    title_for_parse: str = ""

    def focus(self) -> list[Sentence]:
        """The headline, the lead and the trigger sentences, in reading order."""
        chosen = [s for s in self.sentences if s.lead_rank is not None]
        for s in self.sentences[:SCAN_SENTENCES]:
            if s.lead_rank is None and s.trigger > 0 and len(chosen) < MAX_FOCUS_SENTENCES:
                chosen.append(s)
        chosen.sort(key=lambda s: s.index)
        return ([self.title_sentence] if self.title_sentence else []) + chosen


class CheapPass:
    """Blank tokenizer + sentencizer + phrase matchers for one language."""

    _punct_orths: frozenset[int] | None = None  # the sentencizer's punctuation, as token ids

    def __init__(self, lang: str, vocab: Vocab | None = None):
        self.lang = lang
        language_class(lang)  # imported with its slowest expressions from the cache
        collect_nothing_at_exit()
        # `vocab`: one the model can adopt later with this tokenizer (`load.first_pass_vocab`)
        self.nlp: Language = spacy.blank(lang, vocab=vocab if vocab is not None else True)
        self.nlp.add_pipe("sentencizer")
        lex = lexicon(lang)
        self.triggers = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.triggers_cased = PhraseMatcher(self.nlp.vocab)
        self.trigger_patterns = TokenPatterns(self.nlp.vocab)
        self.strength: dict[str, float] = {}
        self.labels: dict[str, tuple[str, str, float]] = {}
        for n, group in enumerate(lex.positive):
            key = f"T{n}"
            self.strength[key] = group.strength
            self.labels[key] = ("trigger", group.deal_type, group.strength)
            self.triggers.add(key, list(self.nlp.tokenizer.pipe(group.terms)))
            if group.case_sensitive:
                self.triggers_cased.add(key, list(self.nlp.tokenizer.pipe(group.case_sensitive)))
            if group.patterns:
                self.trigger_patterns.add(key, group.patterns, self.nlp.make_doc)
        self.cues = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        for kind, families in (("cue", lex.negative), ("modifier", lex.modifiers)):
            for label, spec in families.items():
                terms = spec[1] if kind == "cue" else spec
                key = f"{kind}|{label}"
                self.labels[key] = (kind, label, spec[0] if kind == "cue" else 1.0)
                self.cues.add(key, list(self.nlp.tokenizer.pipe(terms)))
        self.topics = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        for topic, words in topic_vocabulary().items():
            if words.get(lang):
                self.topics.add(topic, list(self.nlp.tokenizer.pipe(words[lang])))

    def split(self, text: str) -> list[Sentence]:
        """Sentences of `text`, never crossing a line break."""
        doc = self.nlp.make_doc(text)
        sentences: list[Sentence] = []
        for start_char, end_char in self._bounds(doc, text):
            span = text[start_char:end_char]
            stripped = span.strip()
            if not stripped:
                continue
            start = start_char + (len(span) - len(span.lstrip()))
            heading = len(stripped.split()) <= 8 and not _SENTENCE_END.search(stripped)
            paragraph = text.count("\n\n", 0, start)
            sentences.append(Sentence(len(sentences), stripped, start, paragraph, heading))
        self._mark(doc, sentences)
        return sentences

    def _bounds(self, doc: Doc, text: str) -> list[tuple[int, int]]:
        """(start, end) characters of each sentence of `doc`, made from `text`: a line break
        starts one; otherwise the sentencizer's rule (after sentence-ending punctuation),
        unless the next words go on the same sentence (`_continues`). Token attributes are
        read as arrays: building a Token object per word cost more than the rule."""
        n = len(doc)
        if not n:
            return []
        if self._punct_orths is None:
            strings = self.nlp.vocab.strings
            punct = self.nlp.get_pipe("sentencizer").punct_chars
            self._punct_orths = frozenset(strings.add(c) for c in punct)
        orths, puncts, offsets = doc.to_array([ORTH, IS_PUNCT, IDX]).T.tolist()
        forced = set()  # tokens after one holding a line break
        for match in _LINE_BREAK.finditer(text):
            after = bisect_right(offsets, match.start())  # the token after the one holding it
            if after < n:
                forced.add(after)
        starts = {0}
        first, seen_end = 0, False
        for i in range(n):  # spaCy's sentencizer, on token ids
            ends = orths[i] in self._punct_orths
            if seen_end and not puncts[i] and not ends:
                starts.add(first)
                first, seen_end = i, False
            elif ends:
                seen_end = True
        starts.add(first)
        starts |= forced
        kept = [
            i for i in sorted(starts) if i == 0 or i in forced or not _continues(doc[i - 1], doc[i])
        ]
        ends = [offsets[i] for i in kept[1:]] + [len(text)]
        return [(offsets[i], end) for i, end in zip(kept, ends, strict=True)]

    def _mark(self, doc, sentences: list[Sentence]) -> None:
        by_start = sorted(sentences, key=lambda s: s.start)
        starts = [s.start for s in by_start]

        def owner(char: int) -> Sentence | None:
            lo, hi, found = 0, len(starts) - 1, None
            while lo <= hi:
                mid = (lo + hi) // 2
                if starts[mid] <= char:
                    found, lo = by_start[mid], mid + 1
                else:
                    hi = mid - 1
            return found

        matches = [*self.triggers(doc), *self.triggers_cased(doc)]
        matches += self.trigger_patterns(doc)
        strings = self.nlp.vocab.strings
        for key, start, _end in matches:
            sent = owner(doc[start].idx)
            if sent is not None:
                label = strings[key]
                sent.trigger = max(sent.trigger, self.strength[label])
                sent.hits.append(self.labels[label])
        for key, start, _end in self.cues(doc):
            sent = owner(doc[start].idx)
            if sent is not None:
                sent.hits.append(self.labels[strings[key]])
        for key, start, _end in self.topics(doc):
            sent = owner(doc[start].idx)
            if sent is not None:
                sent.topics.append(self.nlp.vocab.strings[key])

    def prepare(self, title: str, text: str) -> Prepared:
        title = clean_text(title).replace("\n", " ")
        body = strip_boilerplate(strip_datelines(unwrap_lines(clean_text(text[:MAX_CHARS]))))
        sentences = self.split(body) if body else []
        title_sentence = None
        if title:
            title_sentence = Sentence(-1, title, 0, -1, role="title", weight=1.0)
            marked = self.split(title)
            title_sentence.trigger = max((s.trigger for s in marked), default=0.0)
            title_sentence.topics = [t for s in marked for t in s.topics]
            title_sentence.hits = [h for s in marked for h in s.hits]
        rank = 0
        for s in sentences:
            if rank >= LEAD_SENTENCES:
                break
            s.lead_rank = rank
            if s.heading:
                s.role, s.weight = "heading", HEADING_WEIGHT
            else:
                s.role, s.weight = "lead", LEAD_WEIGHTS[rank]
                rank += 1
        lead = [s for s in sentences if s.lead_rank is not None]
        strongest = max(
            [s.trigger for s in lead] + ([title_sentence.trigger] if title_sentence else []),
            default=0.0,
        )
        return Prepared(
            lang=self.lang,
            title=title,
            text=body,
            title_sentence=title_sentence,
            sentences=sentences,
            candidate=strongest >= CANDIDATE_MIN_STRENGTH or late_deal(sentences),
            title_for_parse=truecase_title(title, body) if title and self.lang == "en" else title,
        )


def late_deal(sentences: list[Sentence]) -> bool:
    """Does a sentence past the lead, among the first `LATE_SENTENCES`, name a deal outright
    (a trigger of `LATE_MIN_STRENGTH` or more)?"""
    return any(
        s.lead_rank is None and s.trigger >= LATE_MIN_STRENGTH for s in sentences[:LATE_SENTENCES]
    )


# Titles before a name: their period ends no sentence ("M. Dupont", "Dr. Lee").
NAME_TITLES = {"mr.", "mrs.", "ms.", "dr.", "st.", "m.", "mme.", "mm.", "pr."}


def _continues(last: Token, first: Token) -> bool:
    """Does a sentence the sentencizer split off actually go on? It does when it starts
    with a lowercase word on the same line ("Plug Power Inc. spécialisé dans ..."), or
    follows a title ("M. Dupont")."""
    if "\n" in last.whitespace_ or "\n" in last.text:
        return False
    if first.text[:1].islower():
        return True
    word = last.lower_ if last.text != "." or last.i == 0 else last.nbor(-1).lower_ + "."
    return word in NAME_TITLES and first.text[:1].isupper()


_WORD = re.compile(r"[^\W_][\w'&.-]*")


def truecase_title(title: str, body: str) -> str:
    """A Title Case headline lowered to sentence case, keeping words the body capitalises.

    The parser and NER read "Acme and Globex partner to deliver AI" far better than
    "Acme And Globex Partner To Deliver AI". Same length as the input, so offsets hold.
    """
    if not is_title_case(title):
        return title
    words = _WORD.findall(body)
    lowered = {w for w in words if w[:1].islower()}
    names = {w for w in words if w[:1].isupper() and w.lower() not in lowered}
    out = []
    last = 0
    for n, match in enumerate(_WORD.finditer(title)):
        word = match.group(0)
        keep = word in names or word.isupper() or any(c.isupper() for c in word[1:]) or n == 0
        out.append(title[last : match.start()])
        out.append(word if keep else word.lower())
        last = match.end()
    out.append(title[last:])
    return "".join(out)
