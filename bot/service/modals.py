"""The forms (modals): a channel's watchlist, digest schedule and alert settings, and the
"Wrong companies" correction. `open_modal` builds one, `suggest` fills its searchable menus,
`submit` checks what was entered (errors go back inline, by block) and saves it.

Slack-free: the Slack handlers call `views.open` with `Reply.view` and acknowledge a
submission with `Submitted.errors`; the console asks the same questions in the terminal.
"""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot import messages
from bot.delivery.threshold import default_min_confidence
from bot.messages import modals as forms
from bot.messages.partnership import headline as partnership_headline
from bot.models import DEAL_TYPES, topic_ids
from bot.service.context import Context, Reply, to_reply, warning
from bot.service.parse import confidence_value, row_id
from bot.service.submitted import Submitted
from bot.service.watching import orgs_for
from bot.store import alert_settings as alerts
from bot.store import subscriptions as subs
from bot.store.orgs import shown_org, suggest_orgs
from bot.store.queries import story_partnership

log = logging.getLogger(__name__)

MODALS = ("watchlist", "digest", "alerts")
MAX_PARTIES = 6
MIN_PARTIES = 2
MAX_NAME = 100


def metadata_of(text: str | None) -> dict:
    """A view's private_metadata, as written by `open_modal`."""
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


# -- opening -------------------------------------------------------------------------------


def open_modal(ctx: Context, modal: str, *, response_url: str | None = None) -> Reply:
    """The form `modal` for `ctx.channel_id` (a channel picker when there is none)."""
    metadata = {"channel": ctx.channel_id, "response_url": response_url}
    if modal == "watchlist":
        watches = subs.list_watches(ctx.db, ctx.team_id, ctx.channel_id) if ctx.channel_id else []
        chosen = [(f"org:{w.org_id}", w.name) for w in watches]
        view = forms.watchlist_modal(ctx.channel_id, chosen, metadata)
    elif modal == "digest":
        schedule = subs.get_digest(ctx.db, ctx.team_id, ctx.channel_id) if ctx.channel_id else None
        view = forms.digest_modal(ctx.channel_id, schedule, ctx.settings.timezone, metadata)
    elif modal == "alerts":
        own = alerts.get_settings(ctx.db, ctx.team_id, ctx.channel_id)
        inherited = alerts.workspace_threshold(ctx.db, ctx.team_id)
        if inherited is None:
            inherited = default_min_confidence(ctx.settings)
        view = forms.alerts_modal(
            ctx.channel_id, own, inherited=inherited, topics=topic_ids(), metadata=metadata
        )
    else:
        return warning("That form is no longer available.")
    return Reply("", [], view=view)


def open_wrong_parties(ctx: Context, story_id: int, *, response_url: str | None) -> Reply:
    """The "Wrong companies" form of a story, filled with its parties as the team sees them."""
    p = story_partnership(ctx.db, story_id, team_id=ctx.team_id)
    if p is None:
        return warning("That partnership is no longer stored.")
    metadata = {"story": story_id, "channel": ctx.channel_id, "response_url": response_url}
    headline = partnership_headline(p)
    return Reply("", [], view=forms.wrong_parties_modal(headline, p.parties, metadata))


# -- menus ---------------------------------------------------------------------------------


def suggest(ctx: Context, action_id: str, typed: str) -> list[dict]:
    """The options of a searchable menu for what was typed."""
    typed = " ".join((typed or "").split())[:100]
    if action_id == forms.COMPANY_SEARCH:
        found = suggest_orgs(ctx.db, typed, team_id=ctx.team_id) if typed else []
        return forms.company_options([(f"org:{o.id}", o.name) for o in found], typed)
    if action_id == forms.TIMEZONE_SEARCH:
        wanted = typed.casefold().replace(" ", "_")
        names = sorted(n for n in available_timezones() if wanted in n.casefold())
        return forms.timezone_options(names)
    return []


# -- reading a submission ------------------------------------------------------------------


def _field(values: dict, block: str) -> dict:
    actions = values.get(block) or {}
    return next(iter(actions.values()), {}) if isinstance(actions, dict) else {}


def _text(values: dict, block: str) -> str:
    return (_field(values, block).get("value") or "").strip()


def _selected(values: dict, block: str) -> list[str]:
    options = _field(values, block).get("selected_options") or []
    return [o.get("value", "") for o in options if isinstance(o, dict)]


def _one(values: dict, block: str) -> str | None:
    chosen = _field(values, block).get("selected_option") or {}
    return chosen.get("value") if isinstance(chosen, dict) else None


def _channel(metadata: dict, values: dict) -> str:
    picked = _field(values, forms.CHANNEL).get("selected_conversation")
    return str(metadata.get("channel") or picked or "")


# -- submitting ----------------------------------------------------------------------------


def submit(ctx: Context, callback_id: str, private_metadata: str, values: dict) -> Submitted:
    """Check and save a submitted form; never raises (a failure is logged and the user is
    told in the form)."""
    metadata = metadata_of(private_metadata)
    handler = _SUBMITS.get(callback_id)
    if handler is None:
        return Submitted(reply=warning("That form is no longer supported."))
    channel = _channel(metadata, values)
    if callback_id in MODALS and not channel:
        return Submitted(errors={forms.CHANNEL: "Choose a channel."})
    ctx = replace(ctx, channel_id=channel)
    try:
        done = handler(ctx, values, metadata)
    except Exception:
        log.exception("saving the %s form failed", callback_id)
        first = next(iter(values), forms.CHANNEL)
        return Submitted(errors={first: "Something went wrong on my side; please try again."})
    done.response_url = done.response_url or metadata.get("response_url")
    done.channel_id = channel
    return done


def _submit_watchlist(ctx: Context, values: dict, metadata: dict) -> Submitted:
    chosen = _selected(values, forms.COMPANIES)
    if len(chosen) > 20:
        return Submitted(errors={forms.COMPANIES: "At most 20 companies in one channel."})
    wanted: dict[int, str] = {}
    for value in chosen:
        kind, _, rest = value.partition(":")
        org_id = row_id(rest) if kind == "org" else None
        org = shown_org(ctx.db, org_id, ctx.team_id) if org_id is not None else None
        if org is not None:
            wanted[org.id] = org.name
        elif kind == "new" and rest.strip():
            for found in orgs_for(ctx, rest.strip()[:MAX_NAME], create=True):
                wanted[found.id] = found.name
    current = {w.org_id: w.name for w in subs.list_watches(ctx.db, ctx.team_id, ctx.channel_id)}
    with ctx.db.atomic():
        for org_id in set(current) - set(wanted):
            subs.remove_watch(ctx.db, ctx.team_id, ctx.channel_id, org_id)
        for org_id in set(wanted) - set(current):
            subs.add_watch(ctx.db, ctx.team_id, ctx.channel_id, org_id, user_id=ctx.user_id)
    ctx.on_subscriptions_changed()
    from bot.service.watching import watchlist

    return Submitted(reply=watchlist(ctx), refresh_home=True)


def _submit_digest(ctx: Context, values: dict, metadata: dict) -> Submitted:
    frequency = _one(values, forms.FREQUENCY) or forms.OFF
    if frequency == forms.OFF:
        subs.stop_digest(ctx.db, ctx.team_id, ctx.channel_id)
        ctx.on_subscriptions_changed()
        return Submitted(reply=to_reply(messages.digest_schedule_message(None)), refresh_home=True)
    errors = {}
    day = _one(values, forms.DAY)
    if frequency == "weekly" and day not in forms.DAYS:
        errors[forms.DAY] = "Choose the day of a weekly digest."
    time = _field(values, forms.TIME).get("selected_time") or ""
    if len(time) != 5 or time[2] != ":" or not (time[:2] + time[3:]).isdigit():
        errors[forms.TIME] = "Choose the time the digest is posted."
    zone = _one(values, forms.TIMEZONE) or ""
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        errors[forms.TIMEZONE] = "Choose a time zone from the list, e.g. Europe/Paris."
    if errors:
        return Submitted(errors=errors)
    schedule = subs.set_digest(
        ctx.db,
        ctx.team_id,
        ctx.channel_id,
        frequency=frequency,
        day_of_week=day if frequency == "weekly" else None,
        time_of_day=time,
        timezone=zone,
        user_id=ctx.user_id,
    )
    ctx.on_subscriptions_changed()
    message = messages.digest_schedule_message(schedule, changed=True)
    return Submitted(reply=to_reply(message), refresh_home=True)


def _submit_alerts(ctx: Context, values: dict, metadata: dict) -> Submitted:
    errors = {}
    typed = _text(values, forms.CONFIDENCE)
    threshold = confidence_value(typed) if typed else None
    if typed and threshold is None:
        errors[forms.CONFIDENCE] = "Give a number from 0 to 1, or a percentage such as 80%."
    kinds = [t for t in _selected(values, forms.TYPES) if t in DEAL_TYPES]
    no_kinds = [t for t in _selected(values, forms.EXCLUDE_TYPES) if t in DEAL_TYPES]
    topics = [t for t in _selected(values, forms.TOPICS) if t in topic_ids()]
    no_topics = [t for t in _selected(values, forms.EXCLUDE_TOPICS) if t in topic_ids()]
    both = set(kinds) & set(no_kinds)
    if both:
        errors[forms.EXCLUDE_TYPES] = "A deal type can't be both kept and left out."
    if set(topics) & set(no_topics):
        errors[forms.EXCLUDE_TOPICS] = "A topic can't be both kept and left out."
    if errors:
        return Submitted(errors=errors)
    settings = alerts.AlertSettings(
        min_confidence=threshold,
        deal_types=tuple(kinds),
        topics=tuple(topics),
        exclude_types=tuple(no_kinds),
        exclude_topics=tuple(no_topics),
        paused=bool(_selected(values, forms.PAUSED)),
    )
    was_paused = alerts.get_settings(ctx.db, ctx.team_id, ctx.channel_id).paused
    with ctx.db.atomic():
        alerts.save_settings(ctx.db, ctx.team_id, ctx.channel_id, settings, user_id=ctx.user_id)
        if was_paused and not settings.paused:
            alerts.skip_to_now(ctx.db, ctx.team_id, ctx.channel_id)
    ctx.on_subscriptions_changed()
    from bot.service.grammar import SettingsShow
    from bot.service.watching import settings_command

    return Submitted(reply=settings_command(ctx, SettingsShow()), refresh_home=True)


def parties_entered(text: str) -> list[str] | str:
    """The parties typed one a line (commas also separate when there is one line), or why
    they can't be taken."""
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) == 1 and "," in lines[0]:
        lines = lines[0].split(",")
    names: dict[str, str] = {}
    for line in lines:
        name = " ".join(line.strip(" \t•-*×").split())
        if name:
            names.setdefault(name.casefold(), name)
    if any(len(n) > MAX_NAME for n in names.values()):
        return f"Keep each name under {MAX_NAME} characters."
    if len(names) < MIN_PARTIES:
        return "Give at least two companies, one a line."
    if len(names) > MAX_PARTIES:
        return f"At most {MAX_PARTIES} companies in one deal."
    return list(names.values())


def _submit_wrong_parties(ctx: Context, values: dict, metadata: dict) -> Submitted:
    from bot.service.feedback import correct_parties

    story_id = row_id(str(metadata.get("story", "")))
    parties = parties_entered(_text(values, forms.PARTIES))
    if isinstance(parties, str):
        return Submitted(errors={forms.PARTIES: parties})
    if story_id is None:
        return Submitted(reply=warning("That story is unknown."))
    return correct_parties(ctx, story_id, parties)


_SUBMITS = {
    "watchlist": _submit_watchlist,
    "digest": _submit_digest,
    "alerts": _submit_alerts,
    "wrong_parties": _submit_wrong_parties,
}
CALLBACK_IDS = tuple(_SUBMITS)
