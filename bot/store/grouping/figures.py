"""The figures an article gives, normalised so two languages compare: amounts ("$16.2
billion" and "16,2 milliards de dollars" are both "a1.62e+10"), percentages, a deal's term
and large bare numbers."""

from __future__ import annotations

import re

from bot.store.grouping.text import fold

BARE_NUMBER_MIN = 100  # smaller bare numbers (3 partners, 10 years) are too common

_SCALES = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "millions": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "billions": 1e9,
    "bn": 1e9,
    "bln": 1e9,
    "b": 1e9,
    "milliard": 1e9,
    "milliards": 1e9,
    "md": 1e9,
    "mds": 1e9,
    "mrd": 1e9,
    "mrds": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}
_NUMBER = re.compile(
    r"(?P<cur>[$€£¥]|us\$|usd|eur|gbp)?\s?"
    r"(?P<num>\d{1,3}(?:[ \u00a0\u202f.,]\d{3})+(?![\d])|\d+(?:[.,]\d+)?)"
    r"(?:\s?(?P<scale>thousand|millions?|milliards?|billions?|trillion|mrds?|mds?|mln|mn|bln|bn|tn|[kmb])\b)?"
    r"(?:\s?(?P<pct>%|per ?cent|pour ?cent)|\s?(?P<cur2>[$€£¥]|dollars?|euros?|pounds?|usd|eur))?",
    re.IGNORECASE,
)


def _number(raw: str) -> float | None:
    raw = raw.replace("\u00a0", " ").replace("\u202f", " ")
    groups = re.split(r"[ .,]", raw)
    if len(groups) > 1 and all(len(g) == 3 for g in groups[1:]):
        digits = "".join(groups)  # 4,590 / 140.000 / 140 000: thousands separators
    else:
        digits = raw.replace(",", ".")  # 16,2 / 50.01: a decimal
    try:
        return float(digits)
    except ValueError:
        return None


def _significant(value: float) -> str:
    return f"{value:.3g}"


_NUMBER_WORDS = {
    word: n
    for n, words in enumerate(
        (
            ("one", "un", "une"), ("two", "deux"), ("three", "trois"), ("four", "quatre"),
            ("five", "cinq"), ("six",), ("seven", "sept"), ("eight", "huit"),
            ("nine", "neuf"), ("ten", "dix"),
        ),
        start=1,
    )
    for word in words
}  # fmt: skip
_TERM = re.compile(
    r"\b(?P<n>\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")[- ](?P<unit>years?|months?|ans?"
    r"|annees|mois)\b(?! ago| plus tot| auparavant)"
)


def figures(text: str) -> frozenset[str]:
    """Amounts ("a1.62e+10"), percentages ("p50"), a deal's term ("t5y": "five-year",
    "de cinq ans") and large bare numbers ("n1.4e+03"), normalised; small numbers and
    years are left out: they say little about which event it is."""
    folded = fold(text or "")
    found = set()
    for match in _TERM.finditer(folded):
        n = match.group("n")
        count = int(n) if n.isdigit() else _NUMBER_WORDS[n]
        found.add(f"t{count}{'m' if match.group('unit').startswith('mo') else 'y'}")
    for match in _NUMBER.finditer(folded):
        value = _number(match.group("num"))
        if value is None:
            continue
        scale = match.group("scale")
        if match.group("pct"):
            found.add("p" + _significant(value))
            continue
        money = match.group("cur") or match.group("cur2")
        if scale:
            factor = _SCALES.get(scale.lower())
            if factor is None or (len(scale) == 1 and not money):
                continue  # "4 m" without a currency is a distance, not an amount
            found.add("a" + _significant(value * factor))
        elif (money and value >= 10) or (value >= 10_000 and not 1900 <= value <= 2100):
            found.add("a" + _significant(value))
        elif value >= BARE_NUMBER_MIN and value == int(value) and not 1900 <= value <= 2100:
            found.add("n" + _significant(value))
    return frozenset(found)
