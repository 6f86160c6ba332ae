"""Block Kit primitives: escaping, safe links, block constructors, and `fit()`, the one
place Slack's size limits are enforced."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

MAX_BLOCKS = 50
MAX_HOME_BLOCKS = 100
MAX_SECTION = 3000
MAX_HEADER = 150
MAX_BUTTON = 75
MAX_VALUE = 2000
MAX_FIELD = 2000
MAX_CONTEXT_ELEMENTS = 10
MAX_ACTION_ELEMENTS = 25
MAX_FALLBACK = 3000
MAX_URL = 1500
ELLIPSIS = "…"
_FALLBACK_SPACE = re.compile(r"[ \t]+")


@dataclass(frozen=True)
class Message:
    """A Slack message as data: the `text` fallback (notifications) and its blocks."""

    text: str
    blocks: list[dict]


def escape(text: object) -> str:
    """Outside text made inert in mrkdwn: no mention, no broadcast, no disguised link."""
    return str(text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unescape(text: str) -> str:
    """The `&lt;` `&gt;` `&amp;` entities Slack escapes (and `escape` writes) read back."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def plain(text: object) -> str:
    """Outside text for a plain_text object (shown as is): angle brackets swapped for
    look-alikes so nothing in it reads as Slack markup anywhere it is copied."""
    return " ".join(str(text or "").replace("<", "‹").replace(">", "›").split())


def safe_url(url: str | None) -> str | None:
    """`url` if it is an http(s) URL we can put inside `<...>`, else None."""
    if not url or len(url) > MAX_URL:
        return None
    url = url.strip()
    if any(c.isspace() or ord(c) < 32 for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url.replace("<", "%3C").replace(">", "%3E").replace("|", "%7C")


# mrkdwn has no escape for its formatting marks: inside a link label, look-alikes keep a
# title's `*bold*`, `_it_`, `~strike~` or `code` from turning the link into formatting.
_LABEL_MARKS = str.maketrans({"*": "∗", "_": "ˍ", "~": "∼", "`": "ˋ"})


def link(url: str | None, label: object) -> str:
    """`<url|label>` when the URL is safe, else the escaped label alone; the label shows
    its text as written, never as formatting."""
    text = str(label or "").replace("|", " ").replace(">", " ").replace("<", " ")
    text = escape(text.translate(_LABEL_MARKS))
    text = " ".join(text.split()) or "link"
    target = safe_url(url)
    return f"<{target}|{text}>" if target else text


def bold_names(names: list[str] | tuple[str, ...]) -> str:
    """'*Xiaomi*, *Microsoft*': outside names, escaped, in bold."""
    return ", ".join(f"*{escape(n)}*" for n in names)


def channel_link(channel_id: str) -> str:
    """`<#C123>` (Slack shows the channel's name) for a channel id, else the escaped text."""
    return f"<#{channel_id}>" if channel_id.isalnum() else escape(channel_id)


def plural(count: int, noun: str, many: str | None = None) -> str:
    """'1 partnership', '2 partnerships', '0 companies' (`many` for irregular plurals)."""
    return f"{count} {noun if count == 1 else (many or noun + 's')}"


def truncate(text: str, limit: int) -> str:
    """`text` cut to `limit` characters without leaving half an entity or half a link."""
    if len(text) <= limit:
        return text
    cut = text[: max(limit - 1, 0)]
    opened = cut.rfind("<")
    if opened > cut.rfind(">"):
        cut = cut[:opened]
    amp = cut.rfind("&")
    if amp != -1 and ";" not in cut[amp:]:
        cut = cut[:amp]
    return cut.rstrip() + ELLIPSIS


# -- blocks --------------------------------------------------------------------------------


def mrkdwn(text: str) -> dict:
    return {"type": "mrkdwn", "text": text}


def header(text: str) -> dict:
    return {"type": "header", "text": {"type": "plain_text", "text": plain(text), "emoji": True}}


def section(text: str, *, accessory: dict | None = None) -> dict:
    block = {"type": "section", "text": mrkdwn(text)}
    if accessory:
        block["accessory"] = accessory
    return block


def context(*texts: str) -> dict:
    return {"type": "context", "elements": [mrkdwn(t) for t in texts if t]}


def divider() -> dict:
    return {"type": "divider"}


def button(text: str, action_id: str, value: str, *, style: str | None = None) -> dict:
    element = {
        "type": "button",
        "text": {"type": "plain_text", "text": plain(text), "emoji": True},
        "action_id": action_id,
        "value": value,
    }
    if style:
        element["style"] = style
    return element


def actions(*buttons: dict) -> dict:
    return {"type": "actions", "elements": list(buttons)}


# -- limits --------------------------------------------------------------------------------


def _fit_text(obj: dict, limit: int) -> None:
    if obj.get("type") == "plain_text":
        obj["text"] = plain(obj.get("text"))
    obj["text"] = truncate(obj.get("text") or " ", limit) or " "


def _fit_button(element: dict) -> dict | None:
    if element.get("type") == "button":
        if len(element.get("value", "")) > MAX_VALUE:
            return None
        _fit_text(element["text"], MAX_BUTTON)
    return element


def _fit_block(block: dict) -> dict | None:
    kind = block.get("type")
    if kind == "header":
        _fit_text(block["text"], MAX_HEADER)
    elif kind == "section":
        if "text" in block:
            _fit_text(block["text"], MAX_SECTION)
        if "fields" in block:
            block["fields"] = block["fields"][:10]
            for field in block["fields"]:
                _fit_text(field, MAX_FIELD)
        if "accessory" in block and _fit_button(block["accessory"]) is None:
            del block["accessory"]
    elif kind == "context":
        block["elements"] = block["elements"][:MAX_CONTEXT_ELEMENTS]
        for element in block["elements"]:
            if "text" in element:
                _fit_text(element, MAX_SECTION)
        if not block["elements"]:
            return None
    elif kind == "actions":
        elements = [e for e in block["elements"][:MAX_ACTION_ELEMENTS] if _fit_button(e)]
        if not elements:
            return None
        block["elements"] = elements
    return block


def fit_blocks(blocks: list[dict], max_blocks: int = MAX_BLOCKS) -> list[dict]:
    """Blocks cut down to Slack's limits; a trailing actions block (More, Share) is kept."""
    fitted = [b for b in (_fit_block(copy.deepcopy(block)) for block in blocks) if b is not None]
    if len(fitted) <= max_blocks:
        return fitted
    tail = [fitted[-1]] if fitted[-1].get("type") == "actions" else []
    keep = max_blocks - 1 - len(tail)
    dropped = len(fitted) - keep - len(tail)
    note = context(f"_{dropped} more blocks left out to fit in one message._")
    return [*fitted[:keep], note, *tail]


def fit(text: str, blocks: list[dict], max_blocks: int = MAX_BLOCKS) -> Message:
    """The message, within Slack's limits, with a non-empty fallback text."""
    fallback = truncate(" ".join(_FALLBACK_SPACE.split(text or "")).strip(), MAX_FALLBACK)
    return Message(fallback or "partners-bot", fit_blocks(blocks, max_blocks))
