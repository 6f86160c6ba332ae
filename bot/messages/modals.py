"""Modals (`views.open`) as data: a channel's watchlist, digest schedule and alert settings,
and the "Wrong companies" correction; plus the options their searchable menus load.

Each view carries a `callback_id` (which form it is) and `private_metadata` (JSON: the
channel, the story, the response_url to answer on); every input has a fixed block id and
action id, which `bot.service.modals` reads back from the submission.
"""

from __future__ import annotations

import json

from bot.messages.blocks import plain, truncate
from bot.messages.settings import percent
from bot.models import DEAL_TYPES, deal_label, topic_label
from bot.store.alert_settings import AlertSettings
from bot.store.subscriptions import DigestSchedule

MAX_OPTIONS = 100  # Slack's cap on a menu's options
MAX_OPTION_TEXT = 75
FREQUENCIES = (("daily", "Every day"), ("weekdays", "Weekdays"), ("weekly", "Once a week"))
OFF = "off"
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# block ids (= action ids) the service reads back
CHANNEL = "channel"
COMPANIES = "companies"
COMPANY_SEARCH = "company_search"
FREQUENCY = "frequency"
DAY = "day"
TIME = "time"
TIMEZONE = "timezone"
TIMEZONE_SEARCH = "timezone_search"
CONFIDENCE = "confidence"
TYPES = "types"
TOPICS = "topics"
EXCLUDE_TYPES = "exclude_types"
EXCLUDE_TOPICS = "exclude_topics"
PAUSED = "paused"
PARTIES = "parties"


def _text(text: str) -> dict:
    return {"type": "plain_text", "text": truncate(plain(text), 150) or " ", "emoji": True}


def option(text: str, value: str) -> dict:
    return {"text": _text(truncate(plain(text), MAX_OPTION_TEXT)), "value": value[:150]}


def _input(block_id: str, label: str, element: dict, *, optional: bool = False, hint: str = ""):
    block = {
        "type": "input",
        "block_id": block_id,
        "label": _text(label),
        "element": {"action_id": block_id, **element},
        "optional": optional,
    }
    if hint:
        block["hint"] = _text(hint)
    return block


def _view(callback_id: str, title: str, blocks: list[dict], metadata: dict) -> dict:
    return {
        "type": "modal",
        "callback_id": callback_id,
        "title": _text(title[:24]),
        "submit": _text("Save"),
        "close": _text("Cancel"),
        "private_metadata": json.dumps(metadata)[:3000],
        "blocks": blocks,
    }


def _channel_block(channel_id: str) -> list[dict]:
    """A channel picker when the form was opened without one (App Home's "Set up")."""
    if channel_id:
        return [
            {"type": "section", "text": {"type": "mrkdwn", "text": f"Channel: <#{channel_id}>"}}
        ]
    picker = {"type": "conversations_select", "filter": {"include": ["public", "private"]}}
    return [_input(CHANNEL, "Channel", picker)]


def watchlist_modal(channel_id: str, companies: list[tuple[str, str]], metadata: dict) -> dict:
    """The companies a channel watches, as a searchable multi-select; `companies` are
    (value, name) pairs of the current watches."""
    element = {
        "type": "multi_external_select",
        "action_id": COMPANY_SEARCH,
        "min_query_length": 1,
        "placeholder": _text("Type a company name"),
    }
    if companies:
        element["initial_options"] = [option(name, value) for value, name in companies]
    block = _input(
        COMPANIES,
        "Companies to watch",
        element,
        optional=True,
        hint="New partnerships of these companies are posted in the channel.",
    )
    return _view("watchlist", "Watchlist", [*_channel_block(channel_id), block], metadata)


def digest_modal(
    channel_id: str, schedule: DigestSchedule | None, default_timezone: str, metadata: dict
) -> dict:
    """Frequency (or off), day, time and time zone of the channel's digest."""
    active = schedule is not None and schedule.active
    current = schedule.frequency if active and schedule else OFF
    choices = [option(text, value) for value, text in (*FREQUENCIES, (OFF, "No digest"))]
    frequency = {
        "type": "radio_buttons",
        "options": choices,
        "initial_option": next(c for c in choices if c["value"] == current),
    }
    day = {"type": "static_select", "options": [option(d.capitalize(), d) for d in DAYS]}
    if active and schedule and schedule.day_of_week in DAYS:
        day["initial_option"] = option(schedule.day_of_week.capitalize(), schedule.day_of_week)
    time = {"type": "timepicker", "initial_time": schedule.time_of_day if active else "09:00"}
    zone = (schedule.timezone if active and schedule else None) or default_timezone
    timezone = {
        "type": "external_select",
        "action_id": TIMEZONE_SEARCH,
        "min_query_length": 2,
        "initial_option": option(zone, zone),
    }
    blocks = [
        *_channel_block(channel_id),
        _input(FREQUENCY, "Digest", frequency),
        _input(DAY, "Day (weekly digests)", day, optional=True),
        _input(TIME, "Time", time),
        _input(TIMEZONE, "Time zone", timezone),
    ]
    return _view("digest", "Digest schedule", blocks, metadata)


def _multi(options: list[dict], chosen: tuple[str, ...], placeholder: str) -> dict:
    element = {"type": "multi_static_select", "options": options, "placeholder": _text(placeholder)}
    picked = [o for o in options if o["value"] in chosen]
    if picked:
        element["initial_options"] = picked
    return element


def alerts_modal(
    channel_id: str,
    own: AlertSettings,
    *,
    inherited: float,
    topics: tuple[str, ...],
    metadata: dict,
) -> dict:
    """Threshold (empty: the workspace's or the default, `inherited`), deal types and topics
    kept or left out, alerts paused."""
    confidence = {"type": "plain_text_input", "placeholder": _text(f"{inherited:g}")}
    if own.min_confidence is not None:
        confidence["initial_value"] = f"{own.min_confidence:g}"
    types = [option(deal_label(t), t) for t in DEAL_TYPES]
    topic_options = [option(topic_label(t), t) for t in topics][:MAX_OPTIONS]
    paused = {"type": "checkboxes", "options": [option("Pause this channel's alerts", "yes")]}
    if own.paused:
        paused["initial_options"] = paused["options"]
    blocks = [
        *_channel_block(channel_id),
        _input(
            CONFIDENCE,
            "Confidence an alert needs",
            confidence,
            optional=True,
            hint=f"0 to 1, or a percentage. Empty: {percent(inherited)} (workspace or default).",
        ),
        _input(
            TYPES,
            "Only these deal types",
            _multi(types, own.deal_types, "Every type"),
            optional=True,
        ),
        _input(
            TOPICS,
            "Only these topics",
            _multi(topic_options, own.topics, "Every topic"),
            optional=True,
        ),
        _input(
            EXCLUDE_TYPES,
            "Leave out these deal types",
            _multi(types, own.exclude_types, "None"),
            optional=True,
        ),
        _input(
            EXCLUDE_TOPICS,
            "Leave out these topics",
            _multi(topic_options, own.exclude_topics, "None"),
            optional=True,
        ),
        _input(PAUSED, "Alerts", paused, optional=True),
    ]
    return _view("alerts", "Alert settings", blocks, metadata)


def wrong_parties_modal(headline: str, parties: tuple[str, ...], metadata: dict) -> dict:
    """The story's parties, one a line, to correct."""
    element = {
        "type": "plain_text_input",
        "multiline": True,
        "initial_value": "\n".join(parties),
        "max_length": 800,
    }
    intro = {
        "type": "section",
        "text": {"type": "plain_text", "text": truncate(plain(headline), 2000) or " "},
    }
    field = _input(
        PARTIES,
        "The companies in this deal, one a line",
        element,
        hint="Add, remove or rename them; at least two. Only your workspace sees the change.",
    )
    return _view("wrong_parties", "Wrong companies", [intro, field], metadata)


def company_options(matches: list[tuple[str, str]], typed: str) -> list[dict]:
    """Menu options for what was typed: stored companies (value `org:<id>`), then the
    typed name itself as a new company (value `new:<name>`)."""
    options = [option(name, value) for value, name in matches]
    name = " ".join(typed.split())[:100]
    if name and not any(n.casefold() == name.casefold() for _, n in matches):
        options.append(option(f"{name} (new)", f"new:{name}"))
    return options[:MAX_OPTIONS]


def timezone_options(names: list[str]) -> list[dict]:
    return [option(n, n) for n in names[:MAX_OPTIONS]]
