"""Answers to the "Check for partnership" shortcut."""

from __future__ import annotations

from bot.messages.blocks import Message, context, escape, fit, link, section
from bot.messages.partnership import partnership_blocks
from bot.store.queries import PartnershipView


def checking_message(url: str | None) -> Message:
    what = f"the article at {link(url, url)}" if url else "this message"
    text = f":hourglass_flowing_sand: Checking {what} for a partnership…"
    return fit(text, [section(text)])


def _problem_line(problem: str | None) -> list[dict]:
    return [context(f":warning: I couldn't read the link: {escape(problem)}")] if problem else []


def check_nothing_message(problem: str | None = None) -> Message:
    """Nothing to check: no readable link, and too little text."""
    text = "There is nothing to check in this message: no article link I can read, and too"
    text += " little text to be an article."
    return fit(text, [section(text), *_problem_line(problem)])


def checked_text_message(p: PartnershipView, *, link_problem: str | None = None) -> Message:
    """The message's own text announces a partnership (not stored, so no buttons)."""
    blocks = [section("This message announces a partnership:")]
    blocks += [b for b in partnership_blocks(p, buttons=False) if b["type"] != "context"]
    blocks.append(
        context(f"From the message's text (not stored) · confidence {round(p.confidence * 100)}%")
    )
    blocks += _problem_line(link_problem)
    return fit(f"Partnership: {escape(' × '.join(p.parties))}", blocks)


def not_partnership_message(
    reason: str, *, url: str | None = None, title: str | None = None, problem: str | None = None
) -> Message:
    """Not a partnership, with the strongest reason the analysis saw."""
    what = link(url, title or url) if url else "This message"
    text = f"*Not a partnership:* {what} — {escape(reason)}."
    return fit(f"Not a partnership: {escape(reason)}", [section(text), *_problem_line(problem)])
