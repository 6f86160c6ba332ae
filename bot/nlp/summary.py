"""Extractive summaries: the lead sentences, plus the sentence that states the partnership."""

from __future__ import annotations

from bot.nlp.cascade import Prepared, Sentence

MIN_WORDS = 6
MAX_CHARS = 600


def _usable(sentence: Sentence) -> bool:
    return not sentence.heading and len(sentence.text.split()) >= MIN_WORDS


def build_summary(prepared: Prepared, evidence: int | None = None, size: int = 2) -> str:
    """Two lead sentences in the article's own words, and the evidence sentence when it is not
    among them; the headline stands in when the body is empty."""
    lead = [s for s in prepared.sentences if _usable(s)][:size]
    chosen = list(lead)
    if evidence is not None and evidence >= 0 and all(s.index != evidence for s in chosen):
        extra = next((s for s in prepared.sentences if s.index == evidence), None)
        if extra is not None:
            chosen.append(extra)
    if not chosen:
        return prepared.title or (prepared.sentences[0].text if prepared.sentences else "")
    chosen.sort(key=lambda s: s.index)
    parts, total = [], 0
    for s in chosen:
        text = s.text if len(s.text) <= MAX_CHARS else s.text[: MAX_CHARS - 1].rstrip() + "…"
        parts.append(text)
        total += len(text)
    return " ".join(parts)
