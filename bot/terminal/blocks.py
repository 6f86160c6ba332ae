"""Block Kit drawn in a terminal with rich: what Slack would show, for the console and
`partners-bot query`.

Buttons are numbered across a message (`[1 Not a partnership]`) so the console can press
them by number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.rule import Rule
from rich.style import Style
from rich.text import Text

from bot.messages.blocks import unescape

# *bold*, _italic_, ~strike~, `code`, <target|label>, and the entities Slack escapes.
_TOKEN = re.compile(
    r"(?P<code>`[^`\n]+`)"
    r"|(?P<link><[^<>\s][^<>]*>)"
    r"|(?<![\w*])\*(?P<bold>[^*\n]+)\*(?![\w*])"
    r"|(?<![\w_])_(?P<italic>[^_\n]+)_(?![\w_])"
    r"|(?<![\w~])~(?P<strike>[^~\n]+)~(?![\w~])"
)
_EMOJI = {
    "handshake": "🤝",
    "warning": "⚠️",
    "eyes": "👀",
    "mute": "🔇",
    "loud_sound": "🔊",
    "calendar": "📅",
    "lock": "🔒",
    "white_check_mark": "✅",
    "hourglass_flowing_sand": "⏳",
    "newspaper": "📰",
    "mag": "🔍",
}
_SHORTCODE = re.compile(r":([a-z0-9_+-]+):")
BUTTON_STYLES = {"primary": "bold green", "danger": "bold red"}


@dataclass(frozen=True)
class Button:
    """A button as the console can press it."""

    number: int
    label: str
    action_id: str
    value: str


def emoji(text: str) -> str:
    return _SHORTCODE.sub(lambda m: _EMOJI.get(m.group(1), m.group(0)), text)


def _link_text(inner: str) -> tuple[str, str | None]:
    """`<https://x|label>` -> ("label", url); `<@U1>` -> ("@U1", None)."""
    target, _, label = inner.partition("|")
    if target.startswith(("http://", "https://", "mailto:")):
        return unescape(label or target), target
    if target.startswith(("@", "#")):
        return target[0] + unescape(label or target[1:]), None
    if target.startswith("!"):
        return "@" + unescape(label.lstrip("@") or target[1:].split("^")[0]), None
    return unescape(label or target), None


def mrkdwn(text: str, base: Style | str = "") -> Text:
    """Slack mrkdwn as rich Text: bold, italic, strike, code, links (clickable where the
    terminal supports it), `> ` quotes, and the `&lt; &gt; &amp;` entities."""
    out = Text(style=base)
    for number, line in enumerate(text.split("\n")):
        if number:
            out.append("\n")
        if line.startswith("&gt; ") or line.startswith("> "):
            out.append("▌ ", style="dim")
            line = line.split(" ", 1)[1]
        _inline(out, line)
    return out


def _inline(out: Text, line: str) -> None:
    position = 0
    for match in _TOKEN.finditer(line):
        out.append(emoji(unescape(line[position : match.start()])))
        position = match.end()
        if match.group("code"):
            out.append(unescape(match.group("code")[1:-1]), style="bold cyan")
        elif match.group("link"):
            label, url = _link_text(match.group("link")[1:-1])
            style = Style(color="cyan", underline=True, link=url) if url else Style(bold=True)
            out.append(label, style=style)
        elif match.group("bold") is not None:
            out.append_text(_styled(match.group("bold"), "bold"))
        elif match.group("italic") is not None:
            out.append_text(_styled(match.group("italic"), "italic"))
        else:
            out.append_text(_styled(match.group("strike"), "strike"))
    out.append(emoji(unescape(line[position:])))


def _styled(inner: str, style: str) -> Text:
    text = Text()
    _inline(text, inner)
    text.stylize(style)
    return text


def text_object(obj: dict | None, base: str = "") -> Text:
    if not obj:
        return Text()
    if obj.get("type") == "plain_text":
        return Text(emoji(obj.get("text", "")), style=base)
    return mrkdwn(obj.get("text", ""), base)


class BlockRenderer:
    """Renders blocks and numbers the buttons it meets (numbering goes on across calls
    until `buttons` is cleared)."""

    def __init__(self) -> None:
        self.buttons: list[Button] = []

    def render(self, blocks: list[dict]) -> Group:
        return Group(*(r for block in blocks if (r := self.block(block)) is not None))

    def block(self, block: dict) -> RenderableType | None:
        kind = block.get("type")
        if kind == "header":
            return Text("\n").append_text(text_object(block.get("text"), "bold magenta"))
        if kind == "section":
            return self._section(block)
        if kind == "context":
            parts = [
                text_object(e, "dim") if "text" in e else Text(f"[{e.get('alt_text', 'image')}]")
                for e in block.get("elements", [])
            ]
            return Text("  ·  ", style="dim").join(parts)
        if kind == "divider":
            return Rule(style="dim")
        if kind == "actions":
            return self._elements(block.get("elements", []))
        if kind == "image":
            return Text(f"[image: {block.get('alt_text', '')}]", style="dim")
        if kind == "rich_text":
            return _rich_text(block)
        return None

    def _section(self, block: dict) -> RenderableType:
        parts: list[RenderableType] = []
        if block.get("text"):
            parts.append(text_object(block["text"]))
        for field in block.get("fields", []):
            parts.append(Padding(text_object(field), (0, 0, 0, 2)))
        accessory = block.get("accessory")
        if accessory:
            rendered = self._elements([accessory])
            if rendered.plain:
                parts.append(rendered)
        return Group(*parts)

    def _elements(self, elements: list[dict]) -> Text:
        out = Text()
        for element in elements:
            if element.get("type") != "button":
                continue
            button = Button(
                len(self.buttons) + 1,
                element.get("text", {}).get("text", ""),
                element.get("action_id", ""),
                element.get("value", ""),
            )
            self.buttons.append(button)
            if out:
                out.append(" ")
            style = BUTTON_STYLES.get(element.get("style", ""), "bold")
            out.append(f"[{button.number} ", style="dim")
            out.append(emoji(button.label), style=style)
            out.append("]", style="dim")
        return out


def _rich_text(block: dict) -> Text:
    """A rich_text block: quotes drawn as `▌ ` lines, styles kept (bold, italic, strike)."""
    out = Text()
    for part in block.get("elements", []):
        if out:
            out.append("\n")
        if part.get("type") == "rich_text_quote":
            out.append("▌ ", style="dim")
        for element in part.get("elements", []):
            style = element.get("style") or {}
            names = [n for n in ("bold", "italic", "strike") if style.get(n)]
            out.append(element.get("text", ""), style=" ".join(names))
    return out
