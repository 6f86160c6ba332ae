"""The buttons (More, Share in channel, Not a partnership and its Undo, Wrong companies,
Mute, Share, the settings forms): `handle_action` carries out a press and never raises."""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Callable

from bot import messages
from bot.service import feedback, modals
from bot.service import grammar as cmd
from bot.service.commands import is_known, run_command
from bot.service.context import Context, Reply, guarded, to_reply, warning
from bot.service.parse import parse, row_id
from bot.store import subscriptions as subs
from bot.store.answers import company_answer, pair_answer
from bot.store.orgs import Org, find_orgs, org_id_named, shown_org
from bot.store.queries import load_partnerships


def handle_action(
    ctx: Context, action_id: str, value: str, *, response_url: str | None = None
) -> Reply:
    """Carry out a button press; `value` is what the button carried, `response_url` where
    to answer the message it was on (a form opened from it answers there when saved)."""
    if action_id in _FORMS:
        opener = _FORMS[action_id]
        return guarded(f"action {action_id}", lambda: opener(ctx, value or "", response_url))()
    handler = _ACTIONS.get(action_id)
    if handler is None:
        return warning("That button is no longer supported.")
    return guarded(f"action {action_id}", lambda: handler(ctx, value or ""))()


def _page(ctx: Context, query: str, before: int, share_value: str | None) -> Reply:
    command = parse(query, is_known=functools.partial(is_known, ctx))
    match command:
        case cmd.Pair(a, b, typed):
            answer = pair_answer(ctx.db, a, b, team_id=ctx.team_id, before_id=before, query=typed)
        case cmd.Company(name):
            answer = company_answer(ctx.db, name, team_id=ctx.team_id, before_id=before)
        case _:
            return warning("That list can't be continued.")
    return to_reply(messages.company_message(answer, share_value=share_value))


def _json_value(value: str) -> dict:
    try:
        data = json.loads(value)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _action_more(ctx: Context, value: str) -> Reply:
    data = _json_value(value)
    query, before = data.get("q"), row_id(str(data.get("before")))
    if not isinstance(query, str) or before is None:
        return warning("That list can't be continued.")
    share_value = json.dumps({"q": query, "before": before})
    return _page(ctx, query, before, share_value)


def _action_share_answer(ctx: Context, value: str) -> Reply:
    data = _json_value(value)
    before = row_id(str(data.get("before")))
    if isinstance(data.get("q"), str) and before is not None:
        reply = _page(ctx, data["q"], before, None)
    elif isinstance(data.get("cmd"), str):
        reply = run_command(ctx, data["cmd"], share=False)
    else:
        return warning("There is nothing to share.")
    if reply.text.startswith(":warning:"):
        return reply
    return _in_channel(reply)


def _in_channel(reply: Reply) -> Reply:
    """The answer posted in the channel; one that comes later (a map, an export) is posted
    when it is ready, and only the sharer sees the "working on it" note before it."""
    if reply.deferred is None:
        reply.ephemeral = False
        return reply
    later = reply.deferred
    reply.deferred = lambda: _in_channel(later())
    return reply


def _action_not_partnership(ctx: Context, value: str) -> Reply:
    story_id = row_id(value)
    if story_id is None:
        return warning("That story is unknown.")
    return feedback.not_partnership(ctx, story_id)


def _action_undo_not_partnership(ctx: Context, value: str) -> Reply:
    story_id = row_id(value)
    if story_id is None:
        return warning("That story is unknown.")
    return feedback.undo_not_partnership(ctx, story_id)


def _form_wrong_parties(ctx: Context, value: str, response_url: str | None) -> Reply:
    story_id = row_id(value)
    if story_id is None:
        return warning("That story is unknown.")
    return modals.open_wrong_parties(ctx, story_id, response_url=response_url)


def _form_settings(ctx: Context, value: str, response_url: str | None) -> Reply:
    """A channel's watchlist, digest or alert settings form; the channel is the button's
    (App Home lists several) or the one it was pressed in."""
    data = _json_value(value)
    modal, channel = data.get("modal"), data.get("channel")
    if modal not in modals.MODALS:
        return warning("That form is no longer available.")
    if isinstance(channel, str) and channel:
        ctx = dataclasses.replace(ctx, channel_id=channel)
    return modals.open_modal(ctx, modal, response_url=response_url)


def _action_mute(ctx: Context, value: str) -> Reply:
    org = _org_from_value(ctx, value)
    if org is None:
        return warning("That company is unknown.")
    if not ctx.channel_id:
        return warning("Mute from a channel.")
    subs.add_mute(ctx.db, ctx.team_id, ctx.channel_id, org.id, user_id=ctx.user_id)
    ctx.on_subscriptions_changed()
    return to_reply(messages.mute_message(org.name))


def _org_from_value(ctx: Context, value: str) -> Org | None:
    """The organisation a Mute button names (by id, or by name on older buttons)."""
    org_id = row_id(value)
    if org_id is None:
        org_id = org_id_named(ctx.db, value)
    if org_id is not None:
        return shown_org(ctx.db, org_id, ctx.team_id)
    found = find_orgs(ctx.db, value, team_id=ctx.team_id) if value.strip() else []
    return found[0] if len(found) == 1 else None


def _action_share(ctx: Context, value: str) -> Reply:
    partnership_id = row_id(value)
    found = (
        load_partnerships(ctx.db, [partnership_id], team_id=ctx.team_id)
        if partnership_id is not None
        else []
    )
    if not found:
        return warning("That partnership is no longer stored.")
    return to_reply(messages.partnership_message(found[0], share=False), ephemeral=False)


_ACTIONS: dict[str, Callable[[Context, str], Reply]] = {
    "more": _action_more,
    "share_answer": _action_share_answer,
    "not_partnership": _action_not_partnership,
    "undo_not_partnership": _action_undo_not_partnership,
    "mute": _action_mute,
    "share": _action_share,
}
# Buttons that open a form (modal); they need the response_url of their message.
_FORMS: dict[str, Callable[[Context, str, str | None], Reply]] = {
    "wrong_parties": _form_wrong_parties,
    "open_modal": _form_settings,
}
ACTION_IDS = tuple(_ACTIONS) + tuple(_FORMS)
