"""The insights in words: a partner map's answer, trends, an export, spike alerts, the
digest's "notable" line, and where the files that go with them went."""

from __future__ import annotations

from collections.abc import Sequence

from bot.insights.partner_map import PartnerMap
from bot.insights.trends import TrendReport, in_words
from bot.messages.blocks import (
    Message,
    actions,
    button,
    context,
    escape,
    fit,
    header,
    link,
    section,
)
from bot.messages.partnership import SLASH


def _share(share_value: str | None) -> list[dict]:
    return [actions(button("Share in channel", "share_answer", share_value))] if share_value else []


def working_message(what: str) -> Message:
    """ "Drawing the partner map of Xiaomi…": the answer is on its way."""
    text = f":hourglass_flowing_sand: {escape(what)}…"
    return fit(text, [section(text)])


def unknown_company_message(name: str) -> Message:
    shown = escape(" ".join(name.split())[:100])
    text = f"No company called *{shown}* is stored yet."
    hint = f"Try `{SLASH} search {shown}`, or `{SLASH} watch {shown}` to hear about it here."
    return fit(text, [section(text), context(hint)])


def which_company_message(name: str, names: Sequence[str], command: str) -> Message:
    """`name` could be several companies: ask for one, with the commands to type."""
    shown = escape(" ".join(name.split())[:100])
    choices = ", ".join(f"`{SLASH} {command} {escape(n)}`" for n in names[:5])
    text = f"*{shown}* could be several companies: {choices}."
    return fit(text, [section(text)])


def map_message(pm: PartnerMap, *, share_value: str | None = None) -> Message:
    """What a partner map shows, in words; the picture goes with it as a file."""
    lines = [f"*Partner map* · {escape(pm.in_words())}"]
    if pm.hidden:
        lines.append(escape(pm.hidden_line()) + ".")
    top = ", ".join(f"{escape(p.name)} ({p.deals})" for p in pm.shown[:5])
    if top and not pm.empty:
        lines.append(f"Partners, most deals first: {top}.")
    blocks = [section("\n".join(lines))]
    if not pm.empty:
        blocks.append(context(f"Partners of one of them: `{SLASH} map &lt;company&gt;`."))
    return fit(pm.in_words(), blocks + _share(share_value))


def trends_message(report: TrendReport, *, share_value: str | None = None) -> Message:
    """The ranked lines of a trend report; its bar chart goes with it as a file."""
    title = f"Trends: new partnerships {report.period.phrase()}"
    lines = in_words(report)
    body = "\n".join(f"• {escape(line)}" for line in lines)
    blocks = [header(title), section(body)]
    if not report.empty:
        blocks.append(
            context(
                "Each count is set against the company's (topic's, deal type's) usual rate"
                " over the year before. A spike: at least 3 deals, twice the usual number,"
                " and under a 1% chance at the usual rate."
            )
        )
    return fit(f"{title}: {lines[0]}", blocks + _share(share_value))


def export_message(
    count: int, what: str, *, capped: int | None = None, share_value: str | None = None
) -> Message:
    """What an export holds; the CSV goes with it as a file."""
    if count == 0:
        text = f"No partnerships of {escape(what)} to export."
        return fit(text, [section(text)])
    rows = f"{count:,} partnership{'s' if count != 1 else ''}"
    text = f"*Export* · {rows} of {escape(what)}, one row each, oldest first (CSV)."
    blocks = [section(text)]
    if capped:
        blocks.append(
            context(f"Only the newest {capped:,} here; `partners-bot export` writes them all.")
        )
    return fit(f"Export: {rows} of {escape(what)}", blocks + _share(share_value))


def empty_watchlist_export_message() -> Message:
    text = (
        f"This channel watches no company: `{SLASH} export &lt;company&gt;`,"
        f" or `{SLASH} watch &lt;company&gt;` first."
    )
    return fit(text, [section(text)])


def spike_alert_message(sentence: str, company: str) -> Message:
    """A watched company suddenly signing a lot: "Xiaomi: 4 partnerships this week, usually
    0.5"."""
    text = f":chart_with_upwards_trend: *Spike:* {escape(sentence)}."
    hint = (
        f"Well above its own usual rate. `{SLASH} {escape(company)}` lists them,"
        f" `{SLASH} map {escape(company)}` draws who it partners with."
    )
    return fit(f"Spike: {escape(sentence)}", [section(text), context(hint)])


def with_notable(digest: Message, lines: Sequence[str]) -> Message:
    """The digest with its "notable this period" line under the title (unchanged when
    nothing stands out)."""
    if not lines:
        return digest
    notable = section(":chart_with_upwards_trend: *Notable:* " + "; ".join(map(escape, lines)))
    return fit(digest.text, [*digest.blocks[:1], notable, *digest.blocks[1:]])


def files_note(links: Sequence[tuple[str, str | None]], *, private: bool) -> dict:
    """A context block saying where the uploaded files are: `links` is (name, permalink)."""
    shown = ", ".join(link(url, name) if url else escape(name) for name, url in links)
    where = "sent to you privately, in your messages with the app" if private else "posted here"
    return context(f":paperclip: {shown}: {where}.")


def files_failed_note(reason: str) -> dict:
    return context(f":warning: The file could not be uploaded (Slack said `{escape(reason)}`).")
