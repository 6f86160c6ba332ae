"""Files that go with an answer (a partner map, a trends chart, an export), uploaded with
Slack's current flow: files.getUploadURLExternal, the upload to the URL it gives, then
files.completeUploadExternal (`WebClient.files_upload_v2` makes the three calls).

A private answer's file is shared with the asking user alone (their messages with the app);
a shared answer's file is posted in the channel (or the thread of a mention).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError

from bot.messages.insights import files_failed_note, files_note
from bot.service.context import Attachment, Reply

log = logging.getLogger(__name__)

Send = Callable[[Reply], None]


@dataclass(frozen=True)
class Uploaded:
    name: str
    permalink: str | None


class UploadFailed(Exception):
    """Slack did not take a file; the message is Slack's error (`not_in_channel`...)."""


def upload(
    client: WebClient,
    attachment: Attachment,
    *,
    channel_id: str | None = None,
    user_id: str | None = None,
    thread_ts: str | None = None,
) -> Uploaded:
    """Upload one file: into `channel_id` (in the thread `thread_ts`), else privately to
    `user_id`. Raises UploadFailed."""
    where: dict = {"channel": channel_id} if channel_id else {"channels": [user_id]}
    if channel_id and thread_ts:
        where["thread_ts"] = thread_ts
    try:
        answer = client.files_upload_v2(
            filename=attachment.filename,
            content=attachment.content,
            title=attachment.title,
            alt_txt=attachment.alt_text[:1000] or None,
            **where,
        )
    except SlackApiError as error:
        raise UploadFailed(str(error.response.get("error") or "error")) from None
    except (SlackRequestError, URLError, OSError) as error:
        raise UploadFailed(type(error).__name__) from None
    file = answer.get("file") or {}
    return Uploaded(attachment.filename, file.get("permalink"))


def with_files(
    client: WebClient,
    send: Send,
    *,
    channel_id: str,
    user_id: str,
    thread_ts: str | None = None,
    private: bool | None = None,
) -> Send:
    """`send`, uploading a reply's files first: privately when the reply is ephemeral (and
    saying where they went), in the channel when it is not (after the words). `private`
    forces one or the other (a mention's thread is never private)."""

    def send_with_files(reply: Reply) -> None:
        if not reply.files:
            return send(reply)
        alone = reply.ephemeral if private is None else private
        if not alone:
            send(reply)
        try:
            done = [
                upload(
                    client,
                    attachment,
                    channel_id=None if alone else channel_id,
                    user_id=user_id,
                    thread_ts=thread_ts,
                )
                for attachment in reply.files
            ]
        except UploadFailed as error:
            log.warning("file upload for %s failed: %s", channel_id, error)
            note = files_failed_note(str(error))
            if alone:
                return send(_noted(reply, note))
            return send(Reply(reply.text, [note], ephemeral=True))
        if alone:
            send(_noted(reply, files_note([(u.name, u.permalink) for u in done], private=True)))
        return None

    return send_with_files


def _noted(reply: Reply, note: dict) -> Reply:
    """The reply with `note` before its buttons, and its files gone (they are sent)."""
    blocks = list(reply.blocks)
    at = len(blocks) - 1 if blocks and blocks[-1].get("type") == "actions" else len(blocks)
    return replace(reply, blocks=[*blocks[:at], note, *blocks[at:]], files=(), deferred=None)
