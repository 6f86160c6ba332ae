"""Same event, other words: does a new article report the event a story is about?

Pure decisions over `Evidence` (see `bot.store.grouping.evidence`). Two reports of one event
name the same actors, announce the same phase of it (a deal made, ended, completed or
talked about) and lie within a couple of weeks of each other; beyond the actors they
share details: other names (people, places, products), figures. Each rule below is a
reason to keep two reports apart or a piece of evidence to join them; the thresholds were
read off the measured distributions (`partners-bot eval-grouping --distributions`, see
BENCHMARKS.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.store.grouping.evidence import Evidence, canonical_words, not_actor

# Reports of one event appear within days; two weeks covers weeklies and late pickups.
WINDOW_DAYS = 14
# Shared details (beyond the actors) needed when the dates cannot tell: an undated report
# might be from any time, so the same actors in the same phase are not enough.
MIN_DETAILS_UNDATED = 2
# ... and when both dates are known and close, the actors and phase suffice.
MIN_DETAILS_DATED = 0
MIN_ACTORS = 2  # shared names in both headlines/leads, unless the parties agree


@dataclass(frozen=True)
class Verdict:
    """The decision, with its reason (for the evaluation's error lists and for tests)."""

    same: bool
    reason: str
    details: int = 0


def same_party(a: str, b: str) -> bool:
    """Two canonical party names for one organisation: the words of one are all in the
    other ("halvard" and "halvard energy"); analysers name a party differently from one
    article to the next."""
    mine, theirs = set(a.split()), set(b.split())
    return bool(mine and theirs) and (mine <= theirs or theirs <= mine)


def matched_parties(mine: frozenset[str], theirs: frozenset[str]) -> int:
    return sum(1 for p in mine if any(same_party(p, q) for q in theirs))


def parties_conflict(a: Evidence, b: Evidence) -> bool:
    """Each names a partner the other never mentions: two deals. (Names, not party lists,
    are compared: the analysis may call one party differently in two reports, or take a
    place for a party.)"""
    return bool(a.parties and b.parties) and not (partners_named(a, b) or partners_named(b, a))


def _party_words(a: Evidence, b: Evidence) -> frozenset[str]:
    return frozenset(w for p in a.parties | b.parties for w in p.split())


def _amounts(e: Evidence) -> frozenset[str]:
    return frozenset(f for f in e.figures if f.startswith("a"))


def figures_conflict(a: Evidence, b: Evidence) -> bool:
    """Both give money amounts and none of them agree: two different deals."""
    mine, theirs = _amounts(a), _amounts(b)
    return bool(mine and theirs) and not (mine & theirs)


def _actor_words(e: Evidence) -> frozenset[str]:
    return frozenset(w for span in e.actors for w in span)


def _entities(spans: tuple[frozenset[str], ...]) -> list[frozenset[str]]:
    """Spans that share a word name one entity ("Reliance Industries", "Reliance Jio")."""
    groups: list[set[str]] = []
    for span in spans:
        joined = set(span)
        for group in [g for g in groups if g & span]:
            joined |= group
            groups.remove(group)
        groups.append(joined)
    return [frozenset(g) for g in groups]


def _same_actor(mine: frozenset[str], theirs: frozenset[str]) -> bool:
    """Two runs of names for one actor: the words of one are all in the other ("Halvard"
    and "Halvard Energy"; not "Samsung SDI" and "Samsung Electronics")."""
    return mine <= theirs or theirs <= mine


def _matched(a: Evidence, b: Evidence) -> list[frozenset[str]]:
    """`a`'s actors (entities) that `b` also puts in its headline or lead."""
    return [
        entity
        for entity in _entities(a.actors)
        if any(
            _same_actor(span, other) for span in a.actors if span <= entity for other in b.actors
        )
    ]


def share_an_actor(a: Evidence, b: Evidence) -> bool:
    """Copies of one text are about the same organisations: when both headlines and leads
    name some, one of them at least is common (unless one side names none)."""
    return not (a.actors and b.actors) or bool(_matched(a, b))


def named_actors(a: Evidence, b: Evidence) -> int:
    """How many of `a`'s actors (entities) `b` also puts in its headline or lead."""
    return len(_matched(a, b))


def partners_named(a: Evidence, b: Evidence) -> bool:
    """Every partner the analysis found in `a` is named somewhere in `b` (all the words of
    its canonical name: "Norvane Systems" is not named by "Norvane Robotics"; signs such as
    the "&" of "Mahindra & Mahindra" are no words)."""
    return all({w for w in p.split() if any(c.isalnum() for c in w)} <= b.names for p in a.parties)


def _core(a: Evidence, b: Evidence) -> frozenset[str]:
    """The words of the two actors the reports are about: their agreed parties, else the
    first two of `a`'s entities that `b` names in its headline or lead."""
    if a.parties and b.parties:
        return _party_words(a, b)
    matched = _matched(a, b)[:MIN_ACTORS]
    return frozenset(w for e in matched for w in e) | _party_words(a, b)


def _with_aliases(core: frozenset[str], names: frozenset[str]) -> frozenset[str]:
    """The core words plus the names the alias table maps onto them ("vw" for volkswagen)."""
    return core | frozenset(n for n in names if set(canonical_words(n)) & core)


def _telling(name: str) -> bool:
    """Countries, nationalities, industries ("India", "French", "AI") are named in much
    of the news of a region or a trade; they tell nothing about which event it is."""
    return not (name.isdigit() or not_actor(name))


def details(a: Evidence, b: Evidence) -> int:
    """Evidence beyond the two actors: other shared names (a third company, people,
    cities, products; not countries), and shared figures (an amount or a percentage
    counts twice: it is rarer than a name; a term or a large bare number once)."""
    shared_names = frozenset(n for n in a.names & b.names if _telling(n))
    names = len(shared_names - _with_aliases(_core(a, b), shared_names))
    shared = a.figures & b.figures
    figures = sum(2 if f[0] in "ap" else 1 for f in shared)
    return names + figures


def contradiction(a: Evidence, b: Evidence) -> str | None:
    """What makes two articles different events whatever their words: dates too far
    apart, other amounts, other partners. Copies are checked for these too: one company's
    release template, reused months later, for another sum or another partner, is not a
    copy of the first release."""
    gap = a.when.gap_days(b.when)
    if gap > WINDOW_DAYS:
        return f"{gap} days apart"
    if figures_conflict(a, b):
        return "other amounts"
    if parties_conflict(a, b):
        return "other parties"
    return None


def same_event(a: Evidence, b: Evidence) -> Verdict:
    """Whether `a` and `b` (an article, or a whole story's merged evidence) report one event."""
    reason = contradiction(a, b)
    if reason:
        return Verdict(False, reason)
    if a.phase != b.phase:
        return Verdict(False, f"{a.phase} vs {b.phase}")
    if not (partners_named(a, b) and partners_named(b, a)):
        return Verdict(False, "partners not named")
    agreed_parties = matched_parties(a.parties, b.parties) >= MIN_ACTORS
    if not agreed_parties and min(named_actors(a, b), named_actors(b, a)) < MIN_ACTORS:
        return Verdict(False, "other actors")
    found = details(a, b)
    dated = a.when.earliest is not None and b.when.earliest is not None
    needed = MIN_DETAILS_DATED if dated else MIN_DETAILS_UNDATED
    if found < needed:
        return Verdict(False, f"{found} shared details", found)
    return Verdict(True, f"{found} shared details", found)


def same_story(new: Evidence, members: list[Evidence]) -> Verdict:
    """Whether `new` reports the event of the story made of `members`: nothing in any
    member keeps them apart, and the story as a whole shares enough with it."""
    if not members:
        return Verdict(False, "empty story")
    story = members[0]
    for member in members[1:]:
        story = story.merged(member)
    for member in members:
        reason = contradiction(new, member)
        if reason is None and new.phase != member.phase:
            reason = f"{new.phase} vs {member.phase}"
        if reason:
            return Verdict(False, reason)
    return same_event(new, story)
