"""What a channel watches and how: `watch` and `unwatch` (companies, and the `type:` and
`topic:` filters), `watchlist`, `pause` / `resume` of its alerts, `settings` (the confidence
an alert needs, here or in the whole workspace)."""

from __future__ import annotations

from dataclasses import replace

from bot import messages
from bot.delivery.threshold import default_min_confidence
from bot.service import grammar as cmd
from bot.service.context import Context, Reply, to_reply
from bot.store import alert_settings as alerts
from bot.store import subscriptions as subs
from bot.store.orgs import Org, ensure_org, find_orgs
from bot.store.queries import PartnershipView, partnerships_involving


def _canonical(name: str) -> str:
    """The name to create an organisation under: the NLP's canonical one if it knows it."""
    try:
        from bot.nlp import canonical_company
    except ImportError:
        canonical = None
    else:
        canonical = canonical_company(name)
    return canonical or (name.title() if name.islower() else name)


def orgs_for(ctx: Context, name: str, *, create: bool) -> list[Org]:
    """The organisations `name` designates for the team; one created under it if none."""
    orgs = find_orgs(ctx.db, name, team_id=ctx.team_id)
    if orgs or not create:
        return orgs
    canonical = _canonical(name)
    return [Org(ensure_org(ctx.db, canonical), canonical)]


def channel_alerts(ctx: Context) -> tuple[alerts.AlertSettings, str]:
    """The channel's settings with the threshold resolved, and where that threshold comes
    from: "this channel", "this workspace" or "default"."""
    own = alerts.get_settings(ctx.db, ctx.team_id, ctx.channel_id)
    effective = alerts.resolved(
        ctx.db, ctx.team_id, ctx.channel_id, default_min_confidence(ctx.settings)
    )
    if own.min_confidence is not None:
        return effective, "this channel"
    if alerts.workspace_threshold(ctx.db, ctx.team_id) is not None:
        return effective, "this workspace"
    return effective, "default"


def _with_filters(
    settings: alerts.AlertSettings, f: cmd.Filters, *, add: bool
) -> alerts.AlertSettings:
    def merge(old: tuple[str, ...], new: tuple[str, ...]) -> tuple[str, ...]:
        if add:
            return tuple(dict.fromkeys(old + new))
        return tuple(x for x in old if x not in new)

    return replace(
        settings,
        deal_types=merge(settings.deal_types, f.types),
        topics=merge(settings.topics, f.topics),
        exclude_types=merge(settings.exclude_types, f.not_types),
        exclude_topics=merge(settings.exclude_topics, f.not_topics),
    )


def _save_filters(ctx: Context, f: cmd.Filters, *, add: bool) -> bool:
    """Apply the filters of a `watch` (add) or an `unwatch` (remove); True if they changed."""
    if not (f.types or f.topics or f.not_types or f.not_topics):
        return False
    own = alerts.get_settings(ctx.db, ctx.team_id, ctx.channel_id)
    new = _with_filters(own, f, add=add)
    if new == own:
        return False
    alerts.save_settings(ctx.db, ctx.team_id, ctx.channel_id, new, user_id=ctx.user_id)
    return True


def watch(ctx: Context, command: cmd.Watch) -> Reply:
    """Watch companies here, narrow or widen what the channel gets, mute excluded ones."""
    added: list[str] = []
    already: list[str] = []
    muted: list[str] = []
    org_ids: list[int] = []
    with ctx.db.atomic():
        for name in command.names:
            for org in orgs_for(ctx, name, create=True):
                new = subs.add_watch(
                    ctx.db, ctx.team_id, ctx.channel_id, org.id, user_id=ctx.user_id
                )
                (added if new else already).append(org.name)
                org_ids.append(org.id)
        for name in command.filters.not_companies:
            for org in orgs_for(ctx, name, create=True):
                subs.add_mute(ctx.db, ctx.team_id, ctx.channel_id, org.id, user_id=ctx.user_id)
                muted.append(org.name)
        filtered = _save_filters(ctx, command.filters, add=True)
    changed = bool(added or muted or filtered)
    if changed:
        ctx.on_subscriptions_changed()
    latest = _involving(ctx, org_ids, limit=3)
    settings, source = channel_alerts(ctx)
    message = messages.watch_message(
        added,
        already,
        latest,
        user_id=ctx.user_id,
        muted=muted,
        filters=messages.filter_lines(settings, source) if filtered else None,
        everything=settings.narrows and not subs.list_watches(ctx.db, ctx.team_id, ctx.channel_id),
    )
    return to_reply(message, ephemeral=not changed)


def _involving(ctx: Context, org_ids: list[int], *, limit: int) -> list[PartnershipView]:
    return partnerships_involving(ctx.db, org_ids, team_id=ctx.team_id, limit=limit)


def matching(ctx: Context, name: str, rows: list) -> list:
    """The channel's watch or mute rows that `name` designates."""
    ids = {o.id for o in find_orgs(ctx.db, name, team_id=ctx.team_id)}
    wanted = name.casefold()
    return [r for r in rows if r.org_id in ids or r.name.casefold() == wanted]


def unwatch(ctx: Context, command: cmd.Unwatch) -> Reply:
    """Stop watching companies here, and drop filters."""
    watches = subs.list_watches(ctx.db, ctx.team_id, ctx.channel_id)
    removed: list[str] = []
    missing: list[str] = []
    for name in command.names:
        found = matching(ctx, name, watches)
        for w in found:
            if subs.remove_watch(ctx.db, ctx.team_id, ctx.channel_id, w.org_id):
                removed.append(w.name)
        if not found:
            missing.append(name)
    filtered = _save_filters(ctx, command.filters, add=False)
    if removed or filtered:
        ctx.on_subscriptions_changed()
    settings, source = channel_alerts(ctx)
    left = subs.list_watches(ctx.db, ctx.team_id, ctx.channel_id)
    message = messages.unwatch_message(
        removed,
        missing,
        filters=messages.filter_lines(settings, source) if filtered else None,
        everything=settings.narrows and not left and bool(removed or filtered),
    )
    return to_reply(message, ephemeral=not (removed or filtered))


def watchlist(ctx: Context) -> Reply:
    watches = subs.list_watches(ctx.db, ctx.team_id, ctx.channel_id)
    mutes = [m.name for m in subs.list_mutes(ctx.db, ctx.team_id, ctx.channel_id)]
    schedule = subs.get_digest(ctx.db, ctx.team_id, ctx.channel_id)
    settings, source = channel_alerts(ctx)
    message = messages.watchlist_message(
        watches, mutes, schedule, filters=messages.filter_lines(settings, source)
    )
    return to_reply(message)


def pause(ctx: Context, paused: bool) -> Reply:
    """Pause or resume the channel's alerts; alerts resume from now on, never with what
    was found meanwhile."""
    own = alerts.get_settings(ctx.db, ctx.team_id, ctx.channel_id)
    if own.paused == paused:
        return to_reply(messages.pause_message(paused, changed=False))
    with ctx.db.atomic():
        alerts.save_settings(
            ctx.db, ctx.team_id, ctx.channel_id, replace(own, paused=paused), user_id=ctx.user_id
        )
        if not paused:
            alerts.skip_to_now(ctx.db, ctx.team_id, ctx.channel_id)
    ctx.on_subscriptions_changed()
    return to_reply(messages.pause_message(paused), ephemeral=False)


def settings_command(ctx: Context, command: cmd.Command) -> Reply:
    """`settings` (show), `settings confidence X`, `settings workspace confidence X`."""
    if isinstance(command, cmd.SetConfidence):
        if command.workspace and not ctx.is_admin():
            return to_reply(messages.refusal_message("change the workspace's threshold"))
        channel = alerts.WORKSPACE if command.workspace else ctx.channel_id
        own = alerts.get_settings(ctx.db, ctx.team_id, channel)
        alerts.save_settings(
            ctx.db,
            ctx.team_id,
            channel,
            replace(own, min_confidence=command.value),
            user_id=ctx.user_id,
        )
        ctx.on_subscriptions_changed()
    settings, source = channel_alerts(ctx)
    workspace = alerts.workspace_threshold(ctx.db, ctx.team_id)
    message = messages.settings_message(
        messages.filter_lines(settings, source),
        workspace_threshold=workspace,
        default_threshold=default_min_confidence(ctx.settings),
        changed=isinstance(command, cmd.SetConfidence),
    )
    return to_reply(message, ephemeral=not isinstance(command, cmd.SetConfidence))
