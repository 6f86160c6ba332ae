"""The learned first pass: should an article that names a deal reach the models at all?

The rule pass (`cascade`) sends on every article with a trigger term in its headline or
lead, and on real news many of those are not partnerships: acquisitions called
partnerships, funding rounds with "strategic partners", a "partner" at a law firm. The
gate is a fourth linear model, trained with the others (`training.fit_models`), over what
the first pass already has at no extra cost: the terms it matched and where (triggers by
deal type, negative cues, modifiers beside a trigger) and the words of the headline and
lead. Its threshold is chosen by cross-validation so that every article the full analysis
would call a partnership still passes (see `training.gate_threshold`); it only spares the
models the articles they would turn down anyway.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.nlp.features import bucket, lexical, words

if TYPE_CHECKING:
    from bot.nlp.cascade import Prepared, Sentence

GATE_SENTENCES = 15  # the headline and these first sentences feed the gate
LEXICAL_PLACES = ("title", "lead0", "lead1")


def place(sentence: Sentence) -> str:
    """Where a sentence sits (see `features.bucket`); sentences past the lead are "body"."""
    if sentence.role == "title":
        return "title"
    if sentence.lead_rank is None:
        return "body"
    return bucket(sentence.role, sentence.lead_rank)


def gate_features(prepared: Prepared) -> dict[str, float]:
    """Named features of an article from the first pass alone: no model, no parse."""
    f: dict[str, float] = {f"lang={prepared.lang}": 1.0}
    title = prepared.title_sentence
    sentences = ([title] if title else []) + prepared.sentences[:GATE_SENTENCES]
    texts: list[str] = []
    for sentence in sentences:
        where = place(sentence)
        has_trigger = any(kind == "trigger" for kind, _, _ in sentence.hits)
        for kind, label, strength in sentence.hits:
            if kind == "trigger":
                for key in (f"trig@{where}", f"type:{label}"):
                    f[key] = max(f.get(key, 0.0), strength)
            elif kind == "cue" and where != "body":
                f[f"cue:{label}@{where}"] = 1.0
            elif kind == "modifier" and has_trigger and where != "body":
                f[f"mod:{label}@{where}"] = 1.0
        if where in LEXICAL_PLACES:
            text = prepared.title if sentence is title else sentence.text
            texts.append(text)
            if where == "title" or (where == "lead0" and title is None):
                names = words(text).count("<name>")
                f[f"names@head={min(names, 3)}"] = 1.0
    if not any(k.startswith("trig@") for k in f):
        f["no_trigger"] = 1.0
    f.update(lexical(texts, prefix="g"))
    return f
