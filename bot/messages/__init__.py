"""Pure Block Kit builders: data in, `Message(text, blocks)` out; no Slack client, no SQL.

Every string that came from outside (articles, company names, user text) goes through
`escape`/`plain`/`link`; every message goes through `fit`, which enforces Slack's limits.

- `partnership`: one partnership, in full or as a line: what the others are built from;
- `answers`: answers to `/partners` questions, refusals and warnings;
- `subscriptions`: watches, mutes, digest schedules, feeds;
- `posts`: what the bot posts on its own (alerts, follow-ups, digests);
- `home`: the App Home tab, delivery problems included.

Callers use the package: `messages.company_message(...)`.
"""

from bot.messages.answers import (
    company_message,
    error_message,
    help_message,
    info_message,
    operator_only_message,
    read_message,
    reading_message,
    refusal_message,
    search_message,
    unknown_message,
    usage_message,
)
from bot.messages.check import (
    check_nothing_message,
    checked_text_message,
    checking_message,
    not_partnership_message,
)
from bot.messages.home import delivery_problem_blocks, home_view
from bot.messages.partnership import (
    SLASH,
    compact_line,
    date_label,
    partnership_blocks,
    partnership_message,
)
from bot.messages.posts import (
    alert_message,
    channel_stopped_text,
    digest_message,
    digest_posted_message,
    empty_digest_message,
    followup_message,
    posting_digest_message,
)
from bot.messages.settings import filter_lines, pause_message, percent, settings_message
from bot.messages.subscriptions import (
    corrected_message,
    digest_schedule_message,
    feed_added_message,
    feed_paused_message,
    feed_removed_message,
    feedback_message,
    feeds_message,
    mute_message,
    restored_message,
    settings_buttons,
    unwatch_message,
    watch_message,
    watchlist_message,
)

__all__ = [
    "SLASH",
    "alert_message",
    "channel_stopped_text",
    "check_nothing_message",
    "checked_text_message",
    "checking_message",
    "compact_line",
    "company_message",
    "corrected_message",
    "date_label",
    "delivery_problem_blocks",
    "digest_message",
    "digest_posted_message",
    "digest_schedule_message",
    "empty_digest_message",
    "error_message",
    "feed_added_message",
    "feed_paused_message",
    "feed_removed_message",
    "feedback_message",
    "feeds_message",
    "filter_lines",
    "followup_message",
    "help_message",
    "home_view",
    "info_message",
    "mute_message",
    "not_partnership_message",
    "operator_only_message",
    "partnership_blocks",
    "partnership_message",
    "pause_message",
    "percent",
    "posting_digest_message",
    "read_message",
    "reading_message",
    "refusal_message",
    "restored_message",
    "search_message",
    "settings_buttons",
    "settings_message",
    "unknown_message",
    "unwatch_message",
    "usage_message",
    "watch_message",
    "watchlist_message",
]
