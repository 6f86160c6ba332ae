"""A channel's alert settings in words: its filters, its threshold and where that comes
from, paused or not; and the answers to `pause`, `resume` and `settings`."""

from __future__ import annotations

from bot.messages.blocks import Message, context, escape, fit, section
from bot.messages.partnership import SLASH
from bot.models import deal_label, topic_label
from bot.store.alert_settings import AlertSettings


def percent(value: float) -> str:
    """0.8 -> '80%'; 0.875 -> '87.5%'."""
    shown = round(value * 100, 1)
    return f"{shown:g}%"


def filter_lines(settings: AlertSettings, source: str = "default") -> list[str]:
    """What narrows the channel's alerts and digests, one mrkdwn line each; `settings` has
    its threshold resolved, `source` says whose it is."""
    lines = []
    if settings.paused:
        lines.append(f":double_vertical_bar: Alerts are paused here (`{SLASH} resume`).")
    if settings.deal_types:
        kinds = ", ".join(escape(deal_label(t)) for t in settings.deal_types)
        lines.append(f"Only these deals: {kinds}.")
    if settings.topics:
        topics = ", ".join(escape(topic_label(t)) for t in settings.topics)
        lines.append(f"Only these topics: {topics}.")
    left_out = [escape(deal_label(t)) for t in settings.exclude_types]
    left_out += [f"topic {escape(topic_label(t))}" for t in settings.exclude_topics]
    if left_out:
        lines.append("Leaving out: " + ", ".join(left_out) + ".")
    if settings.min_confidence is not None:
        whose = {"this channel": "set here", "this workspace": "the workspace's"}.get(source)
        note = f" ({whose})" if whose else ""
        lines.append(f"Confidence needed: {percent(settings.min_confidence)}{note}.")
    return lines


def pause_message(paused: bool, *, changed: bool = True) -> Message:
    if not changed:
        text = "Alerts are already paused here." if paused else "Alerts are not paused here."
    elif paused:
        text = (
            ":double_vertical_bar: Alerts are paused in this channel (its digest goes on)."
            f" `{SLASH} resume` to post them again."
        )
    else:
        text = ":arrow_forward: Alerts are back on in this channel, from now on."
    return fit(text, [section(text)])


def settings_message(
    lines: list[str],
    *,
    workspace_threshold: float | None,
    default_threshold: float,
    changed: bool = False,
) -> Message:
    """The channel's alert settings, with the workspace's threshold and the default."""
    title = ":gear: Saved. This channel's alerts:" if changed else ":gear: This channel's alerts:"
    body = "\n".join([title, *(f"• {line}" for line in lines)])
    defaults = f"Default threshold: {percent(default_threshold)}"
    if workspace_threshold is not None:
        defaults += f"; this workspace's: {percent(workspace_threshold)}"
    hint = (
        f"{defaults}. `{SLASH} settings confidence 0.8` sets this channel's;"
        f" `{SLASH} watch type:… topic:…` narrows it."
    )
    return fit(title.replace(":gear: ", ""), [section(body), context(hint)])
