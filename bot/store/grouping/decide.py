"""Which story a new article belongs to, given the candidate stories: pure decisions.

First copies (the same text, any part of it), then reports of the same event in other
words or another language. The caller finds the candidates through the index keys
(`index_keys`) and hands their articles over; nothing here reads the database.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import combinations, islice

from bot.store.grouping.copies import COPY_CONTAINMENT, Body, copy_score, is_copy
from bot.store.grouping.events import contradiction, partners_named, same_story, share_an_actor
from bot.store.grouping.evidence import Evidence, not_actor

MAX_ACTOR_WORDS = 3  # words of one actor's name that go into pair keys
MAX_EVENT_KEYS = 40


@dataclass(frozen=True)
class Match:
    """The story an article joins, how, and why."""

    story_id: int
    kind: str  # "copy" or "same_event"
    score: float
    reason: str


def copy_keys(fingerprints: Sequence[int]) -> list[str]:
    return [f"w{value:016x}" for value in fingerprints]


def spread(keys: Sequence[str], limit: int) -> list[str]:
    """At most `limit` of the keys, evenly spread over the text (a long article is still
    looked up by every part of it, at a coarser grain)."""
    if len(keys) <= limit:
        return list(keys)
    step = len(keys) / limit
    return [keys[int(i * step)] for i in range(limit)]


def event_keys(evidence: Evidence) -> list[str]:
    """One key per pair of words from two different actors (or partners) of the article,
    so that a lookup finds stories about the same two organisations."""
    groups = [sorted(p.split()) for p in evidence.parties]
    groups += [sorted(span) for span in evidence.actors]
    groups = [[w for w in g if not not_actor(w)][:MAX_ACTOR_WORDS] for g in groups]
    keys: dict[str, None] = {}
    for first, second in combinations([g for g in groups if g], 2):
        for a in first:
            for b in second:
                if a != b:
                    keys["p" + "|".join(sorted((a, b)))] = None
    return list(islice(keys, MAX_EVENT_KEYS))


def index_keys(body: Body, evidence: Evidence) -> list[str]:
    """Everything an article is found by: its body's fingerprints, its actor pairs."""
    return copy_keys(body.fingerprints) + event_keys(evidence)


def fingerprint_overlap(mine: Sequence[int], theirs: Sequence[int]) -> float:
    """Containment estimated from winnowing fingerprints (cheap; no text needed)."""
    smaller, larger = sorted((set(mine), set(theirs)), key=len)
    return len(smaller & larger) / len(smaller) if smaller else 0.0


@dataclass(frozen=True)
class CopyCandidate:
    """A stored article that may hold a copy: its fingerprints, and ways to read its body
    and its evidence (only done for the most promising few)."""

    story_id: int
    fingerprints: Sequence[int]
    body: Callable[[], Body]
    evidence: Callable[[], Evidence]


def copy_compatible(mine: Evidence, theirs: Evidence) -> bool:
    """Nothing says two texts sharing passages are about different events (a company's
    release template, or a stock paragraph, reused for another deal): no contradiction,
    each names the partners the other's analysis found, and they share an actor."""
    return (
        contradiction(mine, theirs) is None
        and partners_named(mine, theirs)
        and partners_named(theirs, mine)
        and share_an_actor(mine, theirs)
    )


def best_copy(
    body: Body, evidence: Evidence, candidates: Sequence[CopyCandidate], *, max_checks: int
) -> Match | None:
    """The story holding a copy of this body; the `max_checks` candidates with the most
    fingerprints in common are compared on their full text."""
    ranked = sorted(
        ((fingerprint_overlap(body.fingerprints, c.fingerprints), i) for i, c in
         enumerate(candidates)),
        reverse=True,
    )  # fmt: skip
    best: Match | None = None
    for overlap, index in ranked[:max_checks]:
        if overlap < COPY_CONTAINMENT / 2:
            break
        candidate = candidates[index]
        other = candidate.body()
        if is_copy(body, other) and copy_compatible(evidence, candidate.evidence()):
            score = copy_score(body, other)
            if best is None or score > best.score:
                best = Match(candidate.story_id, "copy", score, f"containment {score:.2f}")
            if score >= 1.0:
                break  # the whole of one is in the other: no better match exists
    return best


def best_event(evidence: Evidence, stories: dict[int, list[Evidence]]) -> Match | None:
    """The story whose event the article reports, the one sharing most details."""
    best: Match | None = None
    for story_id, members in stories.items():
        verdict = same_story(evidence, members)
        if verdict.same and (best is None or verdict.details > best.score):
            best = Match(story_id, "same_event", verdict.details, verdict.reason)
    return best
