"""Answers to `/partners` questions: a company, a pair, a search, a page read, help; and
the short refusals, warnings and notes any command may give."""

from __future__ import annotations

import json

from bot.messages.blocks import (
    Message,
    actions,
    button,
    context,
    escape,
    fit,
    header,
    link,
    plural,
    section,
    truncate,
)
from bot.messages.partnership import SLASH, fallback_text, partnership_blocks
from bot.service.grammar import COMMANDS, split_pair, usage_of
from bot.store.answers import CompanyAnswer, SearchAnswer
from bot.store.queries import ArticleHit, PartnershipView

SNIPPET = 280


def _share_button(share_value: str | None, count: int = 1) -> list[dict]:
    """ "Share in channel" for the whole answer ("Share these N in channel" for a list)."""
    label = "Share in channel" if count <= 1 else f"Share these {count} in channel"
    return [button(label, "share_answer", share_value)] if share_value else []


def _answer_title(answer: CompanyAnswer) -> str:
    """The stored names when they are all known, else the query as typed."""
    if answer.orgs and answer.other_orgs:
        a = " + ".join(o.name for o in answer.orgs[:3])
        return a + " × " + " + ".join(o.name for o in answer.other_orgs[:3])
    if answer.orgs and split_pair(answer.query) is None:
        return " + ".join(o.name for o in answer.orgs[:3])
    return " ".join(answer.query.split())[:200]


def company_message(answer: CompanyAnswer, *, share_value: str | None = None) -> Message:
    """Up to a page of partnerships with a More button; else the articles that mention it."""
    title = _answer_title(answer)
    if not answer.partnerships:
        return _no_partnerships(answer, title, share_value)
    blocks = [section(f"*Partnerships of {escape(title)}*, newest first:")]
    subject = tuple(o.name for o in answer.orgs + answer.other_orgs)
    count = len(answer.partnerships)
    for p in answer.partnerships:
        # One partnership: the answer's own Share button shares it; in a list, each can be
        # shared alone.
        blocks += partnership_blocks(p, subject=subject, share=count > 1)
    tail = []
    if answer.next_before_id is not None:
        value = json.dumps({"q": answer.query[:500], "before": answer.next_before_id})
        tail.append(button("More", "more", value))
    tail += _share_button(share_value, count)
    if tail:
        blocks.append(actions(*tail))
    return fit(f"{plural(count, 'partnership')} of {escape(title)}", blocks)


def _no_partnerships(answer: CompanyAnswer, title: str, share_value: str | None) -> Message:
    what = escape(title)
    blocks = [section(f"No partnerships found for *{what}*.")]
    if answer.mentions:
        blocks.append(section("Articles that mention it:\n" + _hit_lines(answer.mentions)))
        if answer.mentions_since:
            blocks.append(context(_since_line(answer.mentions_since)))
    elif answer.mentions_since:
        blocks.append(context(f"No mention in the articles since {answer.mentions_since}."))
    else:
        query = escape(" ".join(answer.query.split())[:100])
        blocks.append(
            context(
                f"Nothing stored mentions it yet. Try `{SLASH} search {query}`,"
                f" or `{SLASH} watch {query}` to hear about it here."
            )
        )
    if share_value and answer.mentions:
        blocks.append(actions(*_share_button(share_value)))
    return fit(f"No partnerships found for {what}", blocks)


def _hit_line(hit: ArticleHit) -> str:
    mark = ":handshake: " if hit.is_partnership else "• "
    meta = " · ".join(x for x in ((hit.published or "")[:10], (hit.lang or "").upper()) if x)
    return f"{mark}{link(hit.url, hit.title or '(untitled)')}" + (f" · {meta}" if meta else "")


def _hit_lines(hits: list[ArticleHit]) -> str:
    return "\n".join(_hit_line(h) for h in hits)


def search_message(answer: SearchAnswer, *, share_value: str | None = None) -> Message:
    query = escape(" ".join(answer.query.split())[:200])
    if not answer.hits and answer.since:
        return fit(
            f"No article since {answer.since} matches {query}",
            [
                section(f"No article since {answer.since} matches *{query}*."),
                context(_since_line(answer.since)),
            ],
        )
    if not answer.hits:
        return fit(
            f"Nothing stored matches {query}",
            [section(f"Nothing stored matches *{query}*.")],
        )
    count = plural(len(answer.hits), "article")
    blocks = [section(f"*{count} matching {query}*, last read first:")]
    for hit in answer.hits:
        text = _hit_line(hit)
        if hit.summary:
            text += "\n" + escape(truncate(" ".join(hit.summary.split()), SNIPPET))
        blocks.append(section(text))
    if answer.since:
        blocks.append(context(_since_line(answer.since)))
    if share_value:
        blocks.append(actions(*_share_button(share_value)))
    return fit(f"{plural(len(answer.hits), 'article')} matching {query}", blocks)


def _since_line(day: str) -> str:
    """Why a search of common words looked no further back than `day`."""
    return (
        f"These words are common but rarely together: I looked at the articles since {day}."
        " A rarer word, or a company name, searches everything."
    )


def help_message() -> Message:
    """Usage with examples, generated from `bot.service.grammar.COMMANDS`."""
    lines = []
    for spec in COMMANDS:
        line = f"`{SLASH} {escape(spec.usage)}` — {escape(spec.summary)}"
        if spec.admin:
            line += " _(admins)_"
        if spec.examples:
            line += "\n    e.g. " + ", ".join(f"`{SLASH} {escape(e)}`" for e in spec.examples)
        lines.append(line)
    blocks = [header("partners-bot: who partners with whom")]
    for start in range(0, len(lines), 6):
        blocks.append(section("\n".join(lines[start : start + 6])))
    blocks.append(
        context("Mention me with the same words: `@partners xiaomi`. News in English and French.")
    )
    names = " | ".join(s.name for s in COMMANDS[2:])
    return fit(f"Usage: {SLASH} &lt;company&gt; | {names}", blocks)


# -- read ----------------------------------------------------------------------------------


def reading_message(url: str) -> Message:
    text = f":hourglass_flowing_sand: Reading {link(url, url)}…"
    return fit(text, [section(text)])


def read_message(
    url: str,
    *,
    partnership: PartnershipView | None,
    title: str | None = None,
    summary: str | None = None,
    share_value: str | None = None,
) -> Message:
    """What `read <url>` found: the partnership, else 'not a partnership' and the summary."""
    if partnership is not None:
        blocks = [section(f"{link(url, title or url)} announces a partnership:")]
        blocks += partnership_blocks(partnership, share=False)
        if share_value:
            blocks.append(actions(*_share_button(share_value)))
        return fit(fallback_text(partnership), blocks)
    text = f"{link(url, title or url)} does not announce a partnership."
    blocks = [section(text)]
    if summary:
        blocks.append(section(escape(truncate(summary, 2000))))
    return fit(f"Not a partnership: {escape(title or url)}", blocks)


# -- refusals, errors ----------------------------------------------------------------------


def refusal_message(action: str) -> Message:
    text = f":lock: Only workspace admins can {escape(action)}."
    return fit(text, [section(text)])


def operator_only_message(action: str) -> Message:
    text = f":lock: Only the bot's operators (`PARTNERS_ADMINS`) can {escape(action)}."
    return fit(text, [section(text)])


def error_message(text: str) -> Message:
    body = f":warning: {escape(text)}"
    return fit(body, [section(body)])


def info_message(text: str) -> Message:
    """A one-line reply; `text` is escaped."""
    body = escape(text)
    return fit(body, [section(body)])


def usage_message(command: str, problem: str) -> Message:
    body = f":warning: {escape(problem)}\nUsage: `{SLASH} {escape(usage_of(command))}`"
    return fit(f"{escape(problem)} Usage: {SLASH} {escape(usage_of(command))}", [section(body)])


def unknown_message(text: str, suggestion: str | None) -> Message:
    shown = escape(truncate(" ".join(text.split()), 80))
    body = f"I didn't understand `{shown}`." if shown else "I didn't understand that."
    if suggestion:
        body += f" Did you mean `{escape(suggestion)}`?"
    body += f"\nSee `{SLASH} help`."
    return fit(body, [section(body)])
