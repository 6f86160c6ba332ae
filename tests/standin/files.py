"""File uploads on the stand-in, Slack's current flow in three steps:

1. `files.getUploadURLExternal(filename, length)` -> an `upload_url` and a `file_id`;
2. the bytes POSTed to `upload_url` (no token: the URL is the permission);
3. `files.completeUploadExternal(files=[{"id", "title"}], channel_id | channels, ...)` shares
   the file in a channel (or a thread), or with users, or nowhere (private).

A file whose bytes never arrived, or arrived with another length than announced, cannot be
completed (`file_not_found`, `invalid_length`). `slack.uploads()` gives the completed ones.
"""

from __future__ import annotations

import itertools
import json
import threading
from dataclasses import dataclass, field

from tests.standin.workspace import BOT_USER_ID


@dataclass
class SlackFile:
    id: str
    filename: str
    length: int  # announced in step 1
    alt_txt: str | None = None
    content: bytes | None = None  # step 2
    title: str | None = None  # step 3 from here
    channels: list[str] = field(default_factory=list)  # where it is shared ("U..." a user)
    initial_comment: str | None = None
    thread_ts: str | None = None
    completed: bool = False

    @property
    def private(self) -> bool:
        return all(c[:1] in ("U", "W") for c in self.channels)

    @property
    def permalink(self) -> str:
        return f"https://test.slack.com/files/{BOT_USER_ID}/{self.id}/{self.filename}"


class FileUploads:
    """The three steps; the server calls the `_files_*` answers holding `_lock`."""

    _lock: threading.Condition
    url: str

    def _reset_files(self) -> None:
        self.files: dict[str, SlackFile] = {}
        self._file_ids = itertools.count(1)

    def uploads(self) -> list[SlackFile]:
        """Files completed with files.completeUploadExternal, in that order."""
        with self._lock:
            return [f for f in self.files.values() if f.completed]

    def wait_for_uploads(self, count: int = 1, timeout: float = 15.0) -> list[SlackFile]:
        with self._lock:
            if not self._lock.wait_for(lambda: len(self.uploads()) >= count, timeout):
                raise AssertionError(f"expected {count} upload(s), got {len(self.uploads())}")
            return self.uploads()

    def _files_getUploadURLExternal(self, params: dict) -> dict:
        filename = str(params.get("filename") or "")
        try:
            length = int(params.get("length") or 0)
        except ValueError:
            length = 0
        if not filename or length <= 0:
            return {"ok": False, "error": "invalid_arguments"}
        file_id = f"F{next(self._file_ids):08d}"
        self.files[file_id] = SlackFile(file_id, filename, length, params.get("alt_txt"))
        return {"ok": True, "upload_url": f"{self.url}upload/{file_id}", "file_id": file_id}

    def _record_upload(self, file_id: str, content: bytes) -> bool:
        """Step 2; False for an upload URL never given."""
        with self._lock:
            file = self.files.get(file_id)
            if file is None or file.completed:
                return False
            file.content = content
            return True

    def _files_completeUploadExternal(self, params: dict) -> dict:
        try:
            wanted = json.loads(params.get("files") or "[]")
        except ValueError:
            return {"ok": False, "error": "invalid_arguments"}
        channels = [params["channel_id"]] if params.get("channel_id") else []
        channels += [c for c in str(params.get("channels") or "").split(",") if c]
        for channel in channels:
            refusal = self._refusal(channel)  # type: ignore[attr-defined]
            if refusal:
                return {"ok": False, "error": refusal}
        found = []
        for item in wanted:
            file = self.files.get(item.get("id", ""))
            if file is None or file.content is None:
                return {"ok": False, "error": "file_not_found"}
            if len(file.content) != file.length:
                return {"ok": False, "error": "invalid_length"}
            found.append((file, item))
        for file, item in found:
            file.title = item.get("title") or file.filename
            file.channels = channels
            file.initial_comment = params.get("initial_comment")
            file.thread_ts = params.get("thread_ts")
            file.completed = True
        self._lock.notify_all()
        return {"ok": True, "files": [_shown(f) for f, _ in found]}


def _shown(f: SlackFile) -> dict:
    return {
        "id": f.id,
        "name": f.filename,
        "title": f.title,
        "size": len(f.content or b""),
        "channels": [c for c in f.channels if c[:1] == "C"],
        "permalink": f.permalink,
        "is_public": not f.private,
    }
