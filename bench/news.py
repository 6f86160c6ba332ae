"""Synthetic business news in English and French, from our own templates and vocabulary.

Articles read like wire copy: a headline, a dateline lead that states the news, then
quotes, context and boilerplate. About one in ten announces a partnership; the rest are
the usual business news (results, deals, funding, launches, appointments, lawsuits,
contracts, plants), some of which use words like "agreement with" or "partners" in
passing, as real news does. Deterministic for a given seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache

import numpy as np

from bench.templates import (
    AREAS,
    CITIES,
    ENDINGS,
    FIRST_NAMES,
    HEAD_COMPANIES,
    LAST_NAMES,
    OTHER_KINDS,
    PRODUCTS,
    PRODUCTS_FR,
    SYLLABLES,
    TEMPLATES,
    WEEKDAYS,
)

# -- vocabulary ----------------------------------------------------------------------------


def made_up_name(index: int) -> str:
    """A deterministic, pronounceable company name for rank `index` of the tail."""
    rng = random.Random(index * 7919 + 17)
    stem = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 2, 3)))).capitalize()
    ending = rng.choice(ENDINGS)
    name = f"{stem} {ending}".strip()
    return name if index % 7 else f"{name} {index}"  # a few numbered names keep them unique


@cache
def company_names(n: int) -> tuple[str, ...]:
    """`n` distinct company names, by rank: the well-known ones first."""
    names = list(HEAD_COMPANIES[:n])
    seen = set(names)
    i = 0
    while len(names) < n:
        name = made_up_name(i)
        i += 1
        if name not in seen:
            seen.add(name)
            names.append(name)
    return tuple(names)


class Zipf:
    """Ranks 0..n-1 drawn with probability proportional to 1 / (rank + 1) ** s."""

    def __init__(self, n: int, s: float = 1.0):
        weights = 1.0 / np.arange(1, n + 1) ** s
        self.p = weights / weights.sum()
        self.cdf = np.cumsum(self.p)

    def draw(self, rng: np.random.Generator, size: int) -> np.ndarray:
        return np.minimum(np.searchsorted(self.cdf, rng.random(size)), len(self.cdf) - 1)


# -- articles ------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewsItem:
    """One synthetic article and what it is about."""

    uid: str
    lang: str
    kind: str  # "partnership" or one of OTHER_KINDS
    title: str
    text: str
    companies: tuple[str, ...]
    published: str

    @property
    def is_partnership(self) -> bool:
        return self.kind == "partnership"


class NewsWriter:
    """Writes articles from the templates; all randomness comes from `rng`."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def _slots(self, lang: str, companies: tuple[str, ...]) -> dict[str, str]:
        r = self.rng
        a, b = companies[0], companies[1] if len(companies) > 1 else companies[0]
        c = companies[2] if len(companies) > 2 else f"{r.choice(LAST_NAMES)} Ventures"
        if lang == "en":
            money = f"${r.randint(2, 950)} million"
        else:
            money = f"{r.randint(2, 950)} millions d'euros"
        return {
            "a": a,
            "b": b,
            "c": c,
            "area": r.choice(AREAS[lang]),
            "product": r.choice(PRODUCTS),
            "produit": r.choice(PRODUCTS_FR),
            "city": r.choice(CITIES),
            "day": r.choice(WEEKDAYS[lang]),
            "money": money,
            "pct": str(r.randint(2, 38)),
            "n": str(r.randint(2, 9)),
            "person": f"{r.choice(FIRST_NAMES)} {r.choice(LAST_NAMES)}",
            "letter": r.choice("ABC"),
        }

    def write(
        self, lang: str, kind: str, companies: tuple[str, ...], words: int
    ) -> tuple[str, str]:
        """(title, text) of a `kind` article about `companies`, with about `words` words:
        a dateline lead, then paragraphs of one to three sentences."""
        titles, leads, body = TEMPLATES[lang]
        slots = self._slots(lang, companies)
        r = self.rng
        choice = r.randrange(len(titles[kind]))
        title = titles[kind][choice].format(**slots)
        lead = leads[kind][choice % len(leads[kind])].format(**slots)
        dash = "—" if lang == "en" else "–"
        paragraphs = [f"{slots['city'].upper()} {dash} {lead}"]
        count = len(lead.split())
        order = r.sample(range(len(body)), len(body))
        while count < words and order:
            sentences = []
            for _ in range(r.choice((1, 2, 2, 3))):
                if not order:
                    break
                fill = self._slots(lang, companies) | {"a": companies[0]}
                sentence = body[order.pop()].format(**fill)
                sentences.append(sentence)
                count += len(sentence.split())
            paragraphs.append(" ".join(sentences))
        return title, "\n\n".join(paragraphs)


def mix(
    n: int, *, seed: int, partnership_share: float = 0.1, fr_share: float = 0.35
) -> list[NewsItem]:
    """`n` articles, about `partnership_share` of them partnerships, `fr_share` in French,
    250 to 650 words each, companies drawn Zipf-like from 2,000 names."""
    rng = random.Random(seed)
    np_rng = np.random.default_rng(seed)
    names = company_names(2000)
    zipf = Zipf(len(names))
    writer = NewsWriter(rng)
    kinds, weights = zip(*OTHER_KINDS.items(), strict=True)
    start = datetime(2025, 1, 6, 7, 0, tzinfo=UTC)
    items = []
    for i in range(n):
        lang = "fr" if rng.random() < fr_share else "en"
        kind = "partnership" if rng.random() < partnership_share else rng.choices(kinds, weights)[0]
        ranks = dict.fromkeys(int(x) for x in zipf.draw(np_rng, 4))
        companies = tuple(names[x] for x in ranks)
        if len(companies) < 3:
            companies += tuple(names[x] for x in (1500 + i % 400, 1900 + i % 100))
        title, text = writer.write(lang, kind, companies[:3], rng.randint(250, 650))
        published = (start + timedelta(minutes=37 * i)).strftime("%Y-%m-%dT%H:%M:%SZ")
        items.append(
            NewsItem(f"bench-{seed}-{i:06d}", lang, kind, title, text, companies[:3], published)
        )
    return items
