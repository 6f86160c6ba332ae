"""One partnership as blocks (in full, or as one line of a list): the part every other
builder shares."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from bot.messages.blocks import (
    Message,
    actions,
    button,
    context,
    escape,
    fit,
    header,
    link,
    plain,
    section,
    truncate,
)
from bot.models import DEAL_LABELS as DEAL_LABELS  # the labels live with the deal types
from bot.models import deal_label, topic_labels
from bot.store.queries import PartnershipView, Source

SLASH = "/partners"
MAX_EVIDENCE = 1000


def headline(p: PartnershipView, first: tuple[str, ...] = ()) -> str:
    """'Xiaomi × Microsoft — MoU', the parties named in `first` first."""
    ordered = sorted(p.parties, key=lambda name: name not in first)
    parties = " × ".join(ordered) or "Unknown parties"
    return f"{parties} — {deal_label(p.deal_type)}"


def date_label(p: PartnershipView, *, long: bool = False) -> str:
    """The article's date, or, when it gives none, the day the bot first saw the story,
    said as such: '2024-05-02', 'first seen 2026-12-03' ('date unknown, first seen ...'
    with `long`). Never a date the article did not give shown as its own."""
    if p.published_day:
        return p.published_day
    seen = f"first seen {p.first_seen}" if p.first_seen else ""
    if long or not seen:
        return ", ".join(x for x in ("date unknown", seen) if x)
    return seen


MAX_OUTLETS = 4  # outlets named after "+N more sources"; the rest is "…"


def outlet(url: str | None) -> str | None:
    """The publication a link belongs to, as its host name ("reuters.com"). Never the
    source the bot read it from, which may be a feed URL or a path on the server."""
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None


def _primary_and_others(p: PartnershipView) -> tuple[Source | None, list[Source]]:
    """The story's primary source (the partnership's article) and its other sources, each
    once."""
    seen: dict[str, Source] = {}
    for source in p.sources:
        seen.setdefault(source.url or source.title or "", source)
    sources = list(seen.values())
    primary = next((s for s in sources if s.url and s.url == p.url), None)
    primary = primary or (sources[0] if sources else None)
    return primary, [s for s in sources if s is not primary]


def _sources_line(p: PartnershipView) -> str:
    """The primary source as a link, then "+N more sources" and the other outlets: the
    copies and reports in other words or the other language grouped into the story."""
    primary, others = _primary_and_others(p)
    if primary is None:
        return link(p.url, p.title or p.url) if p.url else ""
    label = primary.title or primary.url or "source"
    text = link(primary.url, label)
    home = outlet(primary.url)
    if home:
        text += f" ({escape(home)})"
    if others:
        text += f" · +{len(others)} more source{'s' if len(others) > 1 else ''}"
        text += _outlets(others, exclude=home, lang=p.lang)
    return text


def _outlets(sources: list[Source], *, exclude: str | None, lang: str | None) -> str:
    """ ": lesechos.fr (FR), wire.example": the other sources' outlets, once each, with the
    language of those written in another one than the story."""
    named: dict[str, str] = {}
    for source in sources:
        host = outlet(source.url)
        if host and host != exclude and host not in named:
            other = source.lang and lang and source.lang != lang
            named[host] = (
                f"{escape(host)} ({escape(source.lang.upper())})" if other else escape(host)
            )
    if not named:
        return ""
    shown = list(named.values())[:MAX_OUTLETS]
    more = ", …" if len(named) > MAX_OUTLETS else ""
    return ": " + ", ".join(shown) + more


def _meta_line(p: PartnershipView) -> str:
    parts = [date_label(p, long=True), f"confidence {round(p.confidence * 100)}%"]
    if p.lang and p.lang != "en":
        parts.append(escape(p.lang.upper()))
    if p.corrected:
        parts.append("parties corrected by your workspace")
    return " · ".join(parts)


def _squash(text: str) -> str:
    return " ".join(text.split())


def summary_beside(summary: str, evidence: str | None) -> str:
    """The summary without the evidence sentence when it repeats it (the quote under it
    shows that sentence already); the whole summary otherwise."""
    summary = _squash(summary or "")
    quoted = _squash(evidence or "").strip(' "“”')
    if len(quoted) < 20 or quoted not in summary:
        return summary
    rest = summary.replace(quoted, " ", 1)
    return re.sub(r"^[\s,;:.–—-]+", "", _squash(rest))


def evidence_quote(evidence: str) -> dict:
    """The sentence that states the deal as a rich_text quote (plain text: nothing in it
    is read as markup)."""
    text = plain(truncate(_squash(evidence), MAX_EVIDENCE))
    return {
        "type": "rich_text",
        "elements": [
            {
                "type": "rich_text_quote",
                "elements": [{"type": "text", "text": f"“{text}”", "style": {"italic": True}}],
            }
        ],
    }


def partnership_blocks(
    p: PartnershipView,
    *,
    subject: tuple[str, ...] = (),
    buttons: bool = True,
    share: bool = True,
) -> list[dict]:
    """Header, summary and topics, the quoted evidence, date/confidence/sources, buttons.

    `subject`: the companies the message is about (asked for, watched); they are named
    first, and the Mute button offers the other party. `share`: a "Share this one in
    channel" button that posts this one partnership where everyone sees it (in a list; a
    message with one partnership has its own "Share in channel").
    """
    body = []
    summary = summary_beside(p.summary or p.title or "", p.evidence)
    if summary:
        body.append(escape(summary))
    if p.topics:
        body.append("*Topics:* " + escape(", ".join(topic_labels(p.topics))))
    blocks = [header(headline(p, subject))]
    if body or not p.evidence:
        blocks.append(section("\n".join(body) or "_No summary._"))
    if p.evidence:
        blocks.append(evidence_quote(p.evidence))
    blocks.append(context(_meta_line(p), _sources_line(p)))
    if buttons:
        blocks.append(actions(*card_buttons(p, subject=subject, share=share)))
    return blocks


def card_buttons(p: PartnershipView, *, subject: tuple[str, ...] = (), share: bool = True):
    """Not a partnership, Wrong companies, Mute <the other party>, Share in channel."""
    elements = [
        button("Not a partnership", "not_partnership", str(p.story_id)),
        button("Wrong companies", "wrong_parties", str(p.story_id)),
    ]
    others = [name for name in p.parties if name not in subject] or list(p.parties[:1])
    if others:
        elements.append(button(f"Mute {others[0]}", "mute", others[0][:500]))
    if share:
        elements.append(button("Share this one in channel", "share", str(p.id)))
    return elements


def partnership_message(p: PartnershipView, **options) -> Message:
    return fit(fallback_text(p, options.get("subject", ())), partnership_blocks(p, **options))


def fallback_text(p: PartnershipView, subject: tuple[str, ...] = ()) -> str:
    return escape(f"{headline(p, subject)}: {p.summary or p.title or ''}")


def compact_line(p: PartnershipView, subject: tuple[str, ...] = ()) -> str:
    """One line for lists: '• *Xiaomi × Microsoft — MoU* · 2024-05-02 · <link|title>',
    then '+2 sources' when other outlets reported the story too."""
    label = link(p.url, p.title) if p.url and p.title else ""
    parts = [f"*{escape(headline(p, subject))}*", date_label(p)]
    parts += [label] if label else []
    others = len(_primary_and_others(p)[1])
    parts += [f"+{others} source{'s' if others > 1 else ''}"] if others else []
    return "• " + " · ".join(parts)
