"""The "Check for partnership" message shortcut: the first article link in a message is read
(the same SSRF guard as `/partners read`), else the message's own text is analysed; the
answer is the partnership card, or "Not a partnership" with the strongest reason the
analysis saw (an acquisition, a funding round, a rumour...)."""

from __future__ import annotations

import re

from bot import messages
from bot.ingest.check import MIN_TEXT_CHARS, Checked
from bot.ingest.netguard import check_user_url
from bot.models import Analysis
from bot.service.context import Context, Reply, to_reply, warning
from bot.service.parse import unwrap, web_url
from bot.store.articles import article_read_from
from bot.store.clock import iso
from bot.store.queries import PartnershipView, story_partnership

# Slack writes links as <https://x|label> (or bare, in text from elsewhere).
_LINK = re.compile(r"<(https?://[^|>\s]+)(?:\|[^>]*)?>|(?<![<\w])(https?://[^\s<>|]+)")

# What each family of negative cues means for a reader, strongest evidence first.
CUES = {
    "acquisition": "it reads as an acquisition",
    "investment": "it reads as a funding round or an investment",
    "ending": "it reports a partnership ending",
    "rumour": "it is talks or a rumour, not a signed deal",
    "people": "“partner” there is someone's job title",
    "earnings": "it is earnings news",
    "legal": "it is about a lawsuit or a legal matter",
    "launch": "it is a product launch",
    "sponsorship": "it is a sponsorship",
    "opinion": "it is an opinion piece",
    "politics": "it is politics",
}
MODIFIERS = {
    "negation": "the deal is denied or negated",
    "ending": "the partnership is ending",
    "rumour": "the deal is only planned, rumoured or under talks",
    "past": "the deal is an old one",
    "failure": "the deal fell through",
    "in a quotation": "the deal is only in a quotation",
}
NO_WORDING = (
    "it has no partnership wording (agreement, MoU, joint venture…) in its headline or lead"
)
_ROLES = {"title": 0, "heading": 1, "lead": 2}
_CUE = re.compile(r"^(\w+) cue '(.+)' in the (\w+)$")
_WEAKENED = re.compile(r"^'(.+)' weakened: (.+)$")


def first_link(text: str) -> str | None:
    """The first http(s) link of a message as Slack sends it."""
    for match in _LINK.finditer(text or ""):
        url = web_url(match.group(1) or match.group(2) or "")
        if url:
            return url
    return None


def strongest_reason(reasons: list[str], analysis: Analysis | None = None) -> str:
    """The one reason a reader needs, from `Analyzer.explain`'s phrases: the strongest
    negative cue (in the headline before the lead), else what weakened the partnership
    wording, else that there was none."""
    cues = []
    for n, reason in enumerate(reasons):
        match = _CUE.match(reason)
        if match and match.group(1) in CUES:
            family, word, role = match.groups()
            cues.append((_ROLES.get(role, 9), n, f"{CUES[family]} (“{word}”)"))
    if cues:
        return min(cues)[2]
    for reason in reasons:
        match = _WEAKENED.match(reason)
        if match:
            note = match.group(2).split(",")[0].strip()
            kind = note.split(" ")[0] if not note.startswith("in a quotation") else note
            return (
                f"{MODIFIERS.get(kind, 'the partnership wording is weakened')} (“{match.group(1)}”)"
            )
    if any(r.startswith("unsupported language") for r in reasons):
        return "it is in a language I don't read (English and French only)"
    if any("no trigger" in r for r in reasons):
        return NO_WORDING
    if analysis is not None:
        return (
            f"its partnership wording is too weak (confidence {round(analysis.confidence * 100)}%)"
        )
    return "nothing in it announces a partnership"


def check_message(ctx: Context, text: str) -> Reply:
    """Check a message: its first link, else its text; answered once the analysis is done."""
    if ctx.ingestor is None:
        return warning("Checking messages is not available here.")
    url = first_link(text)
    link_problem = check_user_url(url, ctx.settings) if url else None
    if link_problem:
        url = None
    body = message_body(text)
    if url is None and len(body) < MIN_TEXT_CHARS:
        return to_reply(messages.check_nothing_message(link_problem))
    ingestor = ctx.ingestor

    def checked() -> Reply:
        return _answer(ctx, ingestor().check(body, url), url, link_problem)

    return to_reply(messages.checking_message(url), deferred=checked)


def message_body(text: str) -> str:
    """The message's words without its links, Slack's markup unwrapped, line by line (a
    pasted article keeps its headline on the first line)."""
    lines = (" ".join(unwrap(_LINK.sub(" ", line)).split()) for line in (text or "").splitlines())
    return "\n".join(line for line in lines if line)


def _answer(ctx: Context, found: Checked, url: str | None, link_problem: str | None) -> Reply:
    problem = link_problem or found.link_error
    if found.checked == "link" and url:
        stored = article_read_from(ctx.db, url)
        p = story_partnership(ctx.db, stored["story_id"], team_id=ctx.team_id) if stored else None
        if p is not None:
            return to_reply(messages.read_message(url, partnership=p, title=found.title))
    elif found.checked == "text" and found.analysis and found.analysis.is_partnership:
        view = text_partnership(found.analysis, found.title)
        return to_reply(messages.checked_text_message(view, link_problem=problem))
    if found.checked == "nothing":
        return to_reply(messages.check_nothing_message(problem))
    reason = strongest_reason(found.reasons, found.analysis)
    shown_url = url if found.checked == "link" else None
    return to_reply(
        messages.not_partnership_message(reason, url=shown_url, title=found.title, problem=problem)
    )


def text_partnership(analysis: Analysis, title: str | None) -> PartnershipView:
    """What a message's own text announces, as a card's data (not stored: no buttons)."""
    return PartnershipView(
        id=0,
        story_id=0,
        parties=tuple(analysis.parties),
        deal_type=analysis.deal_type or "other",
        topics=tuple(analysis.topics),
        evidence=analysis.evidence,
        summary=analysis.summary,
        confidence=analysis.confidence,
        lang=analysis.lang,
        title=title,
        url=None,
        published=None,
        created_at=iso(),
    )
