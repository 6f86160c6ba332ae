"""Areas of cooperation from one language-neutral vocabulary (see patterns/topics.json).

Each topic has an id (stored, stable), a label per language (what people see) and aliases
per language (what the first pass matches). Picking needs the first pass (`cascade`);
labels do not: `bot.models.topic_label` reads them without loading spaCy.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from bot.models import topic_ids, topic_label, topic_labels
from bot.nlp.resources import LANGS

if TYPE_CHECKING:
    from bot.models import Article
    from bot.nlp.cascade import Prepared

__all__ = ["article_topics", "pick_topics", "topic_ids", "topic_label", "topic_labels"]

MAX_TOPICS = 6
MIN_SCORE = 2.0
# A partnership whose topics are all weaker than MIN_SCORE still gets the strongest one when
# it is named at least once in the headline, the evidence or the lead.
FALLBACK_MIN_SCORE = 1.5


def pick_topics(prepared: Prepared, evidence: int | None = None) -> list[str]:
    """Topic ids weighted by where they occur: headline and evidence most, then the lead."""
    scores: Counter[str] = Counter()
    # Each sentence's topics once, in the order they occur (a set's order changes from one
    # process to the next, and so did the order of topics with equal scores).
    if prepared.title_sentence:
        for topic in dict.fromkeys(prepared.title_sentence.topics):
            scores[topic] += 3.0
    for sentence in prepared.sentences:
        if sentence.index == evidence:
            weight = 3.0
        elif sentence.lead_rank is not None:
            weight = 1.5
        else:
            weight = 1.0
        for topic in dict.fromkeys(sentence.topics):
            scores[topic] += weight
    ranked = [t for t, score in scores.most_common() if score >= MIN_SCORE]
    if not ranked:
        ranked = [t for t, score in scores.most_common(1) if score >= FALLBACK_MIN_SCORE]
    return ranked[:MAX_TOPICS]


def article_topics(analyzer, article: Article) -> list[str]:
    """The topics the analyser gives `article`'s text, whether or not it finds a deal in it:
    topic coverage is measured apart from detection."""
    lang = analyzer.language_of(article)
    if lang not in LANGS:
        return []
    prepared = analyzer.cheap_pass(lang).prepare(article.title or "", article.text or "")
    return pick_topics(prepared)
