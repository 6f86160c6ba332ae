"""Generated news for the hardening tests: a few hundred plausible articles, written for the
project (made-up companies), as text files a `partners-bot ingest DIR` can read."""

from __future__ import annotations

import random
from pathlib import Path

FIRST = ["Norvane", "Kelptide", "Brightfjord", "Quillmark", "Solvara", "Tessarine", "Orbelle"]
FIRST += ["Duskwater", "Halvorn", "Virelia", "Corvanta", "Lumetric", "Pellisar", "Astrofen"]
SECOND = ["Systems", "Energy", "Robotics", "Motors", "Labs", "Pharma", "Logistics", "Telecom"]
AREAS = [
    "battery recycling",
    "satellite broadband",
    "hydrogen trucks",
    "cloud gaming",
    "medical imaging",
    "grid storage",
    "warehouse automation",
    "chip packaging",
    "offshore wind",
    "digital payments",
]
CITIES = ["Lyon", "Rotterdam", "Osaka", "Porto", "Gdansk", "Austin", "Turin", "Leeds"]
DEALS = [
    ("sign a memorandum of understanding on", "signed a memorandum of understanding"),
    ("form a joint venture for", "agreed to form a joint venture"),
    ("enter a strategic partnership on", "entered into a strategic partnership"),
    ("strike a licensing agreement for", "signed a licensing agreement"),
    ("agree to collaborate on", "agreed to collaborate"),
]
DETAILS = [
    "The agreement runs for {years} years and covers research, pilot lines and joint sales.",
    "Engineers from both groups will share a site in {city} from the spring.",
    "Neither company disclosed the financial terms of the arrangement.",
    "Analysts said the move could cut development costs by about {pct} percent.",
    "A first product is expected within {months} months, the companies said.",
    "{a} brings its manufacturing base while {b} contributes software and patents.",
    "The two firms already supply each other on a smaller scale in {city}.",
    "Shares of {a} rose {pct} percent in early trading after the announcement.",
    "Regulators in {city} must still approve parts of the plan.",
    "Around {staff} employees will work on the programme by the end of next year.",
]
OTHER = [
    "{a} reports quarterly revenue up {pct} percent on strong demand for {area}",
    "{a} opens a new plant in {city} to expand its {area} business",
    "{a} names a new chief executive after a review of its {area} unit",
]
OUTLETS = ["Wire Service", "Market Desk", "Industry Daily", "Business Report"]


def _company(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(SECOND)}"


def _fill(template: str, rng: random.Random, a: str, b: str, area: str) -> str:
    return template.format(
        a=a,
        b=b,
        area=area,
        city=rng.choice(CITIES),
        years=rng.randint(2, 12),
        pct=rng.randint(3, 40),
        months=rng.randint(6, 36),
        staff=rng.randint(40, 900),
    )


def articles(n_stories: int = 160, n_copies: int = 40, seed: int = 7) -> list[tuple[str, str]]:
    """(title, body) pairs: `n_stories` distinct stories, most of them partnerships, and
    `n_copies` reprints of some of them (another headline, an outlet's line added)."""
    rng = random.Random(seed)
    stories: list[tuple[str, str]] = []
    for number in range(n_stories):
        a, b = _company(rng), _company(rng)
        while b.split()[0] == a.split()[0]:
            b = _company(rng)
        area = rng.choice(AREAS)
        if number % 5 == 4:
            title = _fill(rng.choice(OTHER), rng, a, b, area)
            body = f"{title}, the company said on {rng.choice(['Monday', 'Friday'])}. " + " ".join(
                _fill(t, rng, a, b, area) for t in rng.sample(DETAILS[1:5], 3)
            )
        else:
            headline, sentence = rng.choice(DEALS)
            title = f"{a} and {b} {headline} {area}"
            opening = (
                f"{a} and {b} {sentence} on {area}, the two companies said in {rng.choice(CITIES)}"
                f" on Tuesday, story {number}."
            )
            details = (_fill(t, rng, a, b, area) for t in rng.sample(DETAILS, 5))
            body = opening + " " + " ".join(details)
        stories.append((title, body))
    copies = []
    for title, body in rng.sample(stories, n_copies):
        outlet = rng.choice(OUTLETS)
        copies.append((f"{title} ({outlet})", f"{body} Reporting by the {outlet} newsroom."))
    return stories + copies


def write_articles(directory: Path, items: list[tuple[str, str]]) -> list[Path]:
    """One `.txt` file per article (title on the first line), in ingest order."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, (title, body) in enumerate(items):
        path = directory / f"article-{number:04d}.txt"
        path.write_text(f"{title}\n\n{body}\n", encoding="utf-8")
        paths.append(path)
    return paths
