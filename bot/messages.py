"""Pure Block Kit builders: data in, `Message(text, blocks)` out; no Slack client, no SQL.

Every string that came from outside (articles, company names, user text) goes through
`escape`/`plain`/`link`; every message goes through `fit`, which enforces Slack's limits.
"""

from __future__ import annotations

import json

from bot.answers import CompanyAnswer, SearchAnswer, split_pair
from bot.blockkit import (
    MAX_HOME_BLOCKS,
    Message,
    actions,
    button,
    context,
    divider,
    escape,
    fit,
    header,
    link,
    section,
    truncate,
)
from bot.commands import COMMANDS, usage_of
from bot.render import headline
from bot.store.feeds import Feed
from bot.store.queries import ArticleHit, PartnershipView, Source
from bot.store.subscriptions import ChannelSettings, DigestSchedule, Watch

SLASH = "/partners"
DIGEST_MAX = 15
SNIPPET = 280

# -- one partnership -----------------------------------------------------------------------


def _sources_line(p: PartnershipView) -> str:
    """The primary source as a link, then "+N more sources" for the syndicated copies."""
    seen: dict[str, Source] = {}
    for source in p.sources:
        seen.setdefault(source.url or source.title or "", source)
    sources = list(seen.values())
    primary = next((s for s in sources if s.url and s.url == p.url), None)
    primary = primary or (sources[0] if sources else None)
    if primary is None:
        return link(p.url, p.title or p.url) if p.url else ""
    label = primary.title or primary.source or primary.url
    text = link(primary.url, label)
    if primary.source:
        text += f" ({escape(primary.source)})"
    others = len(sources) - 1
    if others > 0:
        text += f" · +{others} more source{'s' if others > 1 else ''}"
    return text


def _meta_line(p: PartnershipView) -> str:
    parts = [p.date or "undated", f"confidence {round(p.confidence * 100)}%"]
    if p.lang and p.lang != "en":
        parts.append(escape(p.lang.upper()))
    return " · ".join(parts)


def partnership_blocks(
    p: PartnershipView,
    *,
    subject: tuple[str, ...] = (),
    buttons: bool = True,
    share: bool = True,
) -> list[dict]:
    """Header, summary with topics and quoted evidence, date/confidence/sources, buttons.

    `subject`: the companies the message is about (asked for, watched); they are named
    first, and the Mute button offers the other party.
    """
    body = [escape(p.summary or p.title or "")]
    if p.topics:
        body.append("*Topics:* " + escape(", ".join(p.topics)))
    if p.evidence:
        body.append("> _“" + escape(" ".join(p.evidence.split())) + "”_")
    blocks = [
        header(headline(p, subject)),
        section("\n".join(b for b in body if b) or "_No summary._"),
        context(_meta_line(p), _sources_line(p)),
    ]
    if buttons:
        elements = [button("Not a partnership", "not_partnership", str(p.story_id))]
        others = [name for name in p.parties if name not in subject] or list(p.parties[:1])
        if others:
            elements.append(button(f"Mute {others[0]}", "mute", others[0][:500]))
        if share:
            elements.append(button("Share", "share", str(p.id)))
        blocks.append(actions(*elements))
    return blocks


def partnership_message(p: PartnershipView, **options) -> Message:
    return fit(_fallback(p, options.get("subject", ())), partnership_blocks(p, **options))


def _fallback(p: PartnershipView, subject: tuple[str, ...] = ()) -> str:
    return escape(f"{headline(p, subject)}: {p.summary or p.title or ''}")


def compact_line(p: PartnershipView, subject: tuple[str, ...] = ()) -> str:
    """One line for lists: '• *Xiaomi × Microsoft — MoU* · 2024-05-02 · <link|title>'."""
    label = link(p.url, p.title) if p.url and p.title else ""
    parts = [f"*{escape(headline(p, subject))}*", p.date or "undated"]
    parts += [label] if label else []
    return "• " + " · ".join(parts)


# -- answers -------------------------------------------------------------------------------


def _share_button(share_value: str | None) -> list[dict]:
    return [button("Share in channel", "share_answer", share_value)] if share_value else []


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
    for p in answer.partnerships:
        blocks += partnership_blocks(p, subject=subject)
    tail = []
    if answer.next_before_id is not None:
        value = json.dumps({"q": answer.query[:500], "before": answer.next_before_id})
        tail.append(button("More", "more", value))
    tail += _share_button(share_value)
    if tail:
        blocks.append(actions(*tail))
    count = len(answer.partnerships)
    return fit(f"{count} partnership(s) of {escape(title)}", blocks)


def _no_partnerships(answer: CompanyAnswer, title: str, share_value: str | None) -> Message:
    what = escape(title)
    blocks = [section(f"No partnerships found for *{what}*.")]
    if answer.mentions:
        blocks.append(section("Articles that mention it:\n" + _hit_lines(answer.mentions)))
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
    if not answer.hits:
        return fit(
            f"Nothing stored matches {query}",
            [section(f"Nothing stored matches *{query}*.")],
        )
    blocks = [section(f"*{len(answer.hits)} article(s) matching {query}*, newest first:")]
    for hit in answer.hits:
        text = _hit_line(hit)
        if hit.summary:
            text += "\n" + escape(truncate(" ".join(hit.summary.split()), SNIPPET))
        blocks.append(section(text))
    if share_value:
        blocks.append(actions(*_share_button(share_value)))
    return fit(f"{len(answer.hits)} article(s) matching {query}", blocks)


def help_message() -> Message:
    """Usage with examples, generated from `bot.commands.COMMANDS`."""
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


# -- subscriptions -------------------------------------------------------------------------


def _names(names: list[str] | tuple[str, ...]) -> str:
    return ", ".join(f"*{escape(n)}*" for n in names)


def watch_message(
    added: list[str],
    already: list[str],
    latest: list[PartnershipView],
    *,
    user_id: str | None = None,
) -> Message:
    """Confirmation of a watch, with at most the 3 latest matching stories."""
    lines = []
    who = f"<@{user_id}> set" if user_id and user_id.isalnum() else "Set"
    if added:
        lines.append(f":eyes: {who} this channel to watch {_names(added)}.")
        lines.append("New partnerships will be posted here as they are found.")
    if already:
        lines.append(f"Already watched here: {_names(already)}.")
    blocks = [section("\n".join(lines))]
    if latest:
        subject = tuple(added + already)
        recent = "\n".join(compact_line(p, subject) for p in latest[:3])
        blocks.append(section("*Latest:*\n" + recent))
    return fit(f"Watching {', '.join(escape(n) for n in added + already)}", blocks)


def unwatch_message(removed: list[str], missing: list[str]) -> Message:
    lines = []
    if removed:
        lines.append(f"This channel no longer watches {_names(removed)}.")
    if missing:
        lines.append(f"Not watched here: {_names(missing)}.")
    return fit(" ".join(lines), [section("\n".join(lines))])


def _schedule_line(schedule: DigestSchedule | None) -> str:
    if schedule is None or not schedule.active:
        return "No digest."
    when = {"daily": "every day", "weekdays": "on weekdays"}.get(schedule.frequency)
    if when is None:
        when = f"every {(schedule.day_of_week or 'monday').capitalize()}"
    text = f"Digest {when} at {schedule.time_of_day} ({escape(schedule.timezone)})"
    if schedule.last_sent_at:
        text += f", last sent {schedule.last_sent_at[:16].replace('T', ' ')} UTC"
    return text + "."


def watchlist_message(
    watches: list[Watch], mutes: list[str], schedule: DigestSchedule | None
) -> Message:
    if watches:
        lines = [f"• *{escape(w.name)}* since {w.created_at[:10]}" for w in watches]
        text = "*This channel watches:*\n" + "\n".join(lines)
    else:
        text = f"This channel watches no company yet: `{SLASH} watch <company>`."
    blocks = [section(text)]
    if mutes:
        blocks.append(section(f"*Muted here:* {_names(mutes)} (`{SLASH} unmute <company>`)"))
    blocks.append(context(_schedule_line(schedule)))
    return fit(f"Watching {len(watches)} compan{'y' if len(watches) == 1 else 'ies'}", blocks)


def mute_message(name: str, *, muted: bool = True) -> Message:
    if muted:
        name = escape(name)
        text = f":mute: *{name}* is muted in this channel (`{SLASH} unmute {name}`)."
    else:
        text = f":loud_sound: *{escape(name)}* is no longer muted in this channel."
    return fit(text, [section(text)])


def digest_schedule_message(schedule: DigestSchedule | None, *, changed: bool = False) -> Message:
    if schedule is None or not schedule.active:
        text = "This channel has no digest. " + f"`{SLASH} {escape(usage_of('digest'))}`"
        if changed:
            text = "Digest turned off for this channel."
        return fit(text, [section(text)])
    line = _schedule_line(schedule)
    text = f":calendar: {line}" if not changed else f":calendar: Scheduled. {line}"
    hint = f"`{SLASH} digest now` to see it right away, `{SLASH} digest off` to stop it."
    return fit(text, [section(text), context(hint)])


def feedback_message(*, hidden: bool = True) -> Message:
    text = (
        "Thanks. This story is hidden for your workspace and won't be posted again."
        if hidden
        else "Thanks, noted already."
    )
    return fit(text, [section(text)])


# -- feeds, read ---------------------------------------------------------------------------


def _feed_text(feed: Feed) -> str:
    title = link(feed.url, feed.title or feed.url)
    status = ":white_check_mark:" if feed.error_count == 0 else ":warning:"
    lines = [f"{status} {title} (id {feed.id}) · {feed.items_seen} items"]
    success = (feed.last_success_at or "never")[:16].replace("T", " ")
    lines.append(f"Last success: {success}")
    if feed.last_error and feed.error_count:
        when = (feed.last_error_at or "")[:16].replace("T", " ")
        error = escape(truncate(" ".join(feed.last_error.split()), 300))
        lines.append(f"Last error ({when}, {feed.error_count} in a row): {error}")
    return "\n".join(lines)


def feeds_message(feeds: list[Feed]) -> Message:
    if not feeds:
        text = f"No feeds are read yet. An admin can add one: `{SLASH} feeds add <url>`."
        return fit(text, [section(text)])
    blocks = [section(f"*{len(feeds)} feed(s) read:*")]
    blocks += [section(_feed_text(f)) for f in feeds]
    failing = sum(1 for f in feeds if f.error_count)
    return fit(f"{len(feeds)} feed(s), {failing} failing", blocks)


def feed_added_message(feed: Feed, *, first_fetch: str | None = None) -> Message:
    text = f":white_check_mark: Added {link(feed.url, feed.title or feed.url)} (id {feed.id})."
    blocks = [section(text)]
    if first_fetch:
        blocks.append(context(escape(first_fetch)))
    return fit(text, blocks)


def feed_removed_message(feed: Feed) -> Message:
    text = f"Stopped reading {link(feed.url, feed.title or feed.url)} (id {feed.id})."
    return fit(text, [section(text)])


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
        blocks += partnership_blocks(partnership)
        if share_value:
            blocks.append(actions(*_share_button(share_value)))
        return fit(_fallback(partnership), blocks)
    text = f"{link(url, title or url)} does not announce a partnership."
    blocks = [section(text)]
    if summary:
        blocks.append(section(escape(truncate(summary, 2000))))
    return fit(f"Not a partnership: {escape(title or url)}", blocks)


# -- refusals, errors ----------------------------------------------------------------------


def refusal_message(action: str) -> Message:
    text = f":lock: Only workspace admins can {escape(action)}."
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


# -- digests and alerts --------------------------------------------------------------------


def digest_message(
    groups: list[tuple[str, list[PartnershipView]]], *, limit: int = DIGEST_MAX
) -> Message:
    """New partnerships grouped by company, newest first, at most `limit` in all."""
    total = len({p.id for _, ps in groups for p in ps})
    blocks = [header(f"Partnerships digest: {total} new")]
    shown: set[int] = set()
    for name, partnerships in groups:
        fresh = [p for p in partnerships if p.id not in shown]
        if not fresh:
            continue
        room = max(limit - len(shown), 0)
        lines = [compact_line(p, (name,)) for p in fresh[:room]]
        shown.update(p.id for p in fresh[:room])
        left = len(fresh) - len(lines)
        if left > 0:
            lines.append(f"_and {left} more: `{SLASH} {escape(name)}`_")
        blocks.append(section(f"*{escape(name)}*\n" + "\n".join(lines)))
    return fit(f"Partnerships digest: {total} new", blocks)


def empty_digest_message() -> Message:
    text = "Nothing new since the last digest."
    return fit(text, [section(text)])


def alert_message(p: PartnershipView, *, watched: str | None = None) -> Message:
    """A new partnership posted in a channel that watches one of its companies."""
    intro = f":handshake: New partnership for *{escape(watched)}*" if watched else ""
    subject = (watched,) if watched else ()
    blocks = ([context(intro)] if intro else []) + partnership_blocks(p, subject=subject)
    return fit(_fallback(p, subject), blocks)


def followup_message(source: Source) -> Message:
    """Thread reply under an alert when another outlet reports the same story."""
    label = source.title or source.source or source.url or "another source"
    text = f"+1 source: {link(source.url, label)}"
    if source.source:
        text += f" ({escape(source.source)})"
    return fit(text, [context(text)])


# -- App Home ------------------------------------------------------------------------------


def _channel(channel_id: str) -> str:
    return f"<#{channel_id}>" if channel_id.isalnum() else escape(channel_id)


def home_view(
    channels: list[ChannelSettings],
    latest: list[PartnershipView],
    feeds: list[Feed],
) -> dict:
    """The App Home tab: channels' watchlists and digests, latest partnerships, feed health."""
    blocks = [header("partners-bot"), section("*Channels*")]
    if not channels:
        blocks.append(context(f"No channel watches anything yet: `{SLASH} watch <company>`."))
    for c in channels:
        lines = [_channel(c.channel_id)]
        lines.append("Watches " + (_names(c.watches) if c.watches else "nothing"))
        if c.mutes:
            lines.append("Muted: " + _names(c.mutes))
        lines.append(_schedule_line(c.digest))
        blocks.append(section("\n".join(lines)))
    blocks += [divider(), section("*Latest partnerships*")]
    blocks += [section(compact_line(p)) for p in latest] or [context("None stored yet.")]
    blocks += [divider(), section("*Feeds*")]
    blocks += [section(_feed_text(f)) for f in feeds] or [context("No feeds yet.")]
    return {"type": "home", "blocks": fit("home", blocks, MAX_HOME_BLOCKS).blocks}
