"""News for the end-to-end tests: a partnership story and RSS files that carry it."""

from __future__ import annotations

from pathlib import Path

STORY = (
    "Valeo and Renault signed a strategic partnership on Tuesday to develop power "
    "electronics for electric vehicles together. Under the agreement, the two French groups "
    "will co-design inverters and on-board chargers for Renault's next generation of compact "
    "electric cars, and Valeo will manufacture them in its plant near Paris. "
    "The partners expect the first components to reach production lines in 2028. "
    "Financial terms were not disclosed. Renault said the alliance would cut the cost of its "
    "electric drivetrains by a fifth, while Valeo said it would add engineering jobs."
)
FIRST = (
    "https://autonews.example/valeo-renault",
    "Valeo and Renault team up on EV power electronics",
    STORY + " Reporting by the Auto News desk.",
)
COPY = (
    "https://wire.example/2026/03/valeo-renault-ev",
    "Valeo, Renault in EV electronics alliance",
    STORY + " (c) 2026 Wire Service. All rights reserved.",
)


def feed(path: Path, items: list[tuple[str, str, str]]) -> str:
    """An RSS file with (link, title, full text) items; returns its path."""
    entries = "".join(
        f"<item><title>{title}</title><link>{link}</link><guid>{link}</guid>"
        f"<pubDate>Tue, 03 Mar 2026 08:00:00 GMT</pubDate>"
        f"<content:encoded><![CDATA[<p>{text}</p>]]></content:encoded></item>"
        for link, title, text in items
    )
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>Auto news</title>{entries}</channel></rss>",
        encoding="utf-8",
    )
    return str(path)
