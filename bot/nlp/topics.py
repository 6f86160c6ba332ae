"""Areas of cooperation from one language-neutral vocabulary (see patterns/topics.json)."""

from __future__ import annotations

from collections import Counter

from bot.nlp.cascade import Prepared

MAX_TOPICS = 6
MIN_SCORE = 2.0


def pick_topics(prepared: Prepared, evidence: int | None = None) -> list[str]:
    """Topic ids weighted by where they occur: headline and evidence most, then the lead."""
    scores: Counter[str] = Counter()
    if prepared.title_sentence:
        for topic in set(prepared.title_sentence.topics):
            scores[topic] += 3.0
    for sentence in prepared.sentences:
        if sentence.index == evidence:
            weight = 3.0
        elif sentence.lead_rank is not None:
            weight = 1.5
        else:
            weight = 1.0
        for topic in set(sentence.topics):
            scores[topic] += weight
    ranked = [t for t, score in scores.most_common() if score >= MIN_SCORE]
    return ranked[:MAX_TOPICS]
