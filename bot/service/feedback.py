"""What users tell the bot about a story: "Not a partnership" (hidden for the workspace,
with an Undo) and "Wrong companies" (the parties corrected for the workspace). Both are kept
as labelled examples the analysis can learn from (`bot.store.feedback`)."""

from __future__ import annotations

from bot import messages
from bot.delivery.alerts import Outgoing, render
from bot.delivery.threshold import default_min_confidence
from bot.service.context import Context, Reply, to_reply, warning
from bot.service.submitted import ChannelUpdate, Submitted
from bot.store import outbox
from bot.store.feedback import (
    NOT_PARTNERSHIP,
    WRONG_PARTIES,
    is_flagged,
    record_feedback,
    remove_feedback,
)
from bot.store.queries import story_partnership


def not_partnership(ctx: Context, story_id: int) -> Reply:
    """Hide the story for the team, keep the verdict as a label, offer an Undo."""
    with ctx.db.atomic():
        hidden = not is_flagged(ctx.db, ctx.team_id, story_id) and record_feedback(
            ctx.db,
            team_id=ctx.team_id,
            story_id=story_id,
            kind=NOT_PARTNERSHIP,
            user_id=ctx.user_id,
        )
    return to_reply(messages.feedback_message(hidden=hidden, story_id=story_id))


def undo_not_partnership(ctx: Context, story_id: int) -> Reply:
    """The story shows again for the team: the verdict's feedback row is deleted, so it is
    no longer a training example either."""
    restored = remove_feedback(ctx.db, ctx.team_id, story_id)
    return to_reply(messages.restored_message(restored))


def correct_parties(ctx: Context, story_id: int, parties: list[str]) -> Submitted:
    """The team's parties for the story: kept as a label, shown at once wherever the team
    sees the story, and redrawn in the alerts already posted."""
    with ctx.db.atomic():
        stored = record_feedback(
            ctx.db,
            team_id=ctx.team_id,
            story_id=story_id,
            kind=WRONG_PARTIES,
            user_id=ctx.user_id,
            parties=parties,
        )
    if not stored:
        return Submitted(reply=warning("That story is no longer stored."))
    p = story_partnership(ctx.db, story_id, team_id=ctx.team_id)
    if p is None:
        return Submitted(reply=warning("That partnership is no longer stored."))
    message = messages.corrected_message(p)
    return Submitted(reply=to_reply(message), updates=_redrawn_alerts(ctx, story_id))


def _redrawn_alerts(ctx: Context, story_id: int) -> list[ChannelUpdate]:
    """The team's posted alerts of the story, drawn again with the corrected parties."""
    threshold = default_min_confidence(ctx.settings)
    updates = []
    for delivery in outbox.posted_alerts(ctx.db, ctx.team_id, story_id):
        out = render(ctx.db, delivery, default_threshold=threshold)
        if isinstance(out, Outgoing) and delivery.ts:
            message = out.message
            updates.append(
                ChannelUpdate(delivery.channel_id, delivery.ts, message.text, message.blocks)
            )
    return updates
