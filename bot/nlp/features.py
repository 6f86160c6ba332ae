"""What the learned decisions look at: named features of an article, its deal and its names.

The rules (trigger terms, negative cues, modifiers, the syntax around a trigger) no longer
decide on their own: what they find becomes features, and the linear models of `learned`
weigh them against words of the headline and lead. Features say *how* something is written,
never *who* it is about: capitalised words (names) never become lexical features.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.nlp.names import fold_accents

_TOKEN = re.compile(r"[^\W\d_][\w'’-]*|\d[\d.,]*", re.UNICODE)
LEXICAL_SENTENCES = 2  # the headline and this many lead sentences feed the word features
MAX_WORDS = 60
LEXICAL_NORM = 8.0  # length of the word-feature vector, whatever the text's length


def bucket(role: str, lead_rank: int | None) -> str:
    """Where a sentence sits: title, lead0, lead1, lead2 (third to fifth), heading, body."""
    if role == "title":
        return "title"
    if role == "lead" and lead_rank is not None:
        return f"lead{min(lead_rank, 2)}"
    return role


def words(text: str, *, sentence_start: bool = True) -> list[str]:
    """Lowercase words of a sentence, names and numbers replaced by placeholders.

    A capitalised word after the first is a name or part of one: it becomes `<name>` so that
    no model learns a company. Numbers become `<num>`.
    """
    out = []
    for n, match in enumerate(_TOKEN.finditer(text)):
        word = match.group(0)
        if word[0].isdigit():
            out.append("<num>")
        elif (word[:1].isupper() and (n > 0 or not sentence_start)) or (
            len(word) > 1 and word.isupper()
        ):
            if not out or out[-1] != "<name>":
                out.append("<name>")
        else:
            out.append(fold_accents(word.lower()).replace("’", "'"))
        if len(out) >= MAX_WORDS:
            break
    return out


def lexical(texts: Iterable[str], prefix: str = "w") -> dict[str, float]:
    """Unigrams and bigrams of a few sentences, as presence features scaled to unit length,
    so that a two-line feed item and a long article weigh their words alike."""
    features: dict[str, float] = {}
    for text in texts:
        tokens = words(text)
        for w in tokens:
            if w != "<name>":
                features[f"{prefix}:{w}"] = 1.0
        for a, b in itertools.pairwise(tokens):
            features[f"{prefix}:{a}_{b}"] = 1.0
    if features:
        scale = LEXICAL_NORM / math.sqrt(len(features))
        features = {name: scale for name in features}
    return features


@dataclass
class ScoredTrigger:
    """The strongest trigger of one sentence and what bears on it."""

    value: float  # strength after modifiers
    segment: int
    label: str  # deal type the trigger announces
    role: str  # bucket() of its sentence
    modifiers: tuple[str, ...]  # negation, ending, rumour, past, quote, possessive, signing
    party_factor: float
    names_in_sentence: int
    window: tuple[str, ...] = ()  # words around the trigger, names masked
    tense: str = ""  # that verb's tense or tag ("Past", "Fut", "VBD", "MD")


def trigger_context(span, width: int = 5) -> tuple[tuple[str, ...], str]:
    """Words around a trigger span and the tense of the verb it hangs from."""
    from bot.nlp.parties import governor  # parties needs spaCy tokens; keep it local

    doc = span.doc
    sent = span.sent
    left = doc[max(sent.start, span.start - width) : span.start]
    right = doc[span.end : min(sent.end, span.end + width)]
    window = tuple(
        f"L:{w}" for w in words(left.text, sentence_start=left.start == sent.start)
    ) + tuple(f"R:{w}" for w in words(right.text, sentence_start=False))
    verb = governor(span.root)
    tense = ""
    if verb.pos_ in ("VERB", "AUX"):
        tense = ",".join(verb.morph.get("Tense")) or verb.tag_
        aux = [c.lower_ for c in verb.children if c.dep_ in ("aux", "aux:tense", "aux:pass")]
        if any(a in ("will", "shall", "va", "vont", "would") for a in aux):
            tense = "Fut"
        elif any(a in ("has", "have", "had", "a", "ont", "avait") for a in aux):
            tense = "Perf" if "had" not in aux and "avait" not in aux else "Pluperf"
        elif any(a in ("could", "may", "might", "pourrait") for a in aux):
            tense = "Modal"
    return window, tense


def article_features(
    lang: str,
    triggers: Sequence[ScoredTrigger],
    negatives: dict[str, float],
    cues: Iterable[tuple[str, str]],
    unlinked_modifiers: Iterable[tuple[str, str]],
    rule_score: float,
    sentences: Sequence[str],
) -> dict[str, float]:
    """Features of the question "is the main news a partnership?".

    `cues` are (family, bucket) of negative cues, `unlinked_modifiers` (kind, bucket) of
    modifiers anywhere in the headline and lead, `sentences` the headline and lead texts.
    """
    f: dict[str, float] = {f"lang={lang}": 1.0, "rule:score": rule_score}
    ranked = sorted(triggers, key=lambda t: t.value, reverse=True)
    if ranked:
        best = ranked[0]
        f["best:value"] = best.value
        f[f"best:type={best.label}"] = 1.0
        f[f"best:at={best.role}"] = 1.0
        f["best:party_factor"] = best.party_factor
        f[f"best:names={min(best.names_in_sentence, 3)}"] = 1.0
        for modifier in best.modifiers:
            f[f"best:{modifier}"] = 1.0
        if best.tense:
            f[f"tense:{best.tense}"] = 1.0
        for w in best.window:  # what follows the trigger: "with <name>", "push", "talks"
            if w.startswith("R:"):
                f[f"after:{w[2:]}"] = 1.0
    else:
        f["no_trigger"] = 1.0
    for t in ranked:
        key = f"trig@{t.role}"
        f[key] = max(f.get(key, 0.0), t.value)
        f[f"type:{t.label}"] = max(f.get(f"type:{t.label}", 0.0), t.value)
    strong = sum(1 for t in ranked if t.value >= 0.4)
    f["triggers:log"] = math.log1p(strong)
    for family, value in negatives.items():
        f[f"neg:{family}"] = value
    cues = list(cues)
    for family, where in cues:
        f[f"cue:{family}@{where}"] = 1.0
    if ranked and _clean(ranked[0], cues):
        f["clean_announcement"] = 1.0
    for kind, where in unlinked_modifiers:
        f[f"mod:{kind}@{where}"] = 1.0
    f.update(lexical(sentences))
    return f


DOUBTING_MODIFIERS = {"negation", "ending", "rumour", "past", "intent", "quote"}


def _clean(best: ScoredTrigger, cues: list[tuple[str, str]]) -> bool:
    """A strong trigger at the top, nothing doubting it, no negative cue in the headline or
    lead: the plain form of an announcement, which a linear model cannot build from its
    parts."""
    return (
        best.value >= 0.8
        and best.role in ("title", "lead0", "lead1")
        and not DOUBTING_MODIFIERS & set(best.modifiers)
        and not cues
    )


def deal_features(
    triggers: Sequence[ScoredTrigger],
    hints: Iterable[str],
    sentences: Sequence[str],
) -> dict[str, float]:
    """Features of the question "what kind of deal?": the triggers by type and place, the
    deal hints (manufacturing, supply) and the words of the headline, lead and evidence."""
    f: dict[str, float] = {}
    ranked = sorted(triggers, key=lambda t: t.value, reverse=True)
    for rank, t in enumerate(ranked):
        for key in (f"type:{t.label}", f"type:{t.label}@{t.role}"):
            f[key] = max(f.get(key, 0.0), t.value)
        if rank == 0:
            f[f"best:{t.label}"] = 1.0
            for w in t.window:
                f[f"ctx:{w}"] = 1.0
    for hint in hints:
        f[f"hint:{hint}"] = 1.0
    f.update(lexical(sentences, prefix="d"))
    return f
