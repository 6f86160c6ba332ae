"""HTML fragments to plain text, and plain text tidied: never rendered, never executed."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

# Elements whose content is never article text.
SKIPPED = frozenset(
    {"script", "style", "noscript", "template", "svg", "math", "iframe", "object", "head"}
)
# Elements that end a paragraph.
BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
        "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "td", "th",
        "tr", "ul",
    }
)  # fmt: skip
VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "wbr"})

_BREAK = "\x00"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_PARAGRAPHS = re.compile(r"\n\s*\n")
_TAG = re.compile(r"<[^>]*>")


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in SKIPPED and tag not in VOID:
            self.skipping.append(tag)
        elif tag in BLOCKS:
            self.parts.append(_BREAK)

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        if tag in BLOCKS:
            self.parts.append(_BREAK)

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            elif tag in self.skipping:
                del self.skipping[self.skipping.index(tag) :]
            return
        if tag in BLOCKS:
            self.parts.append(_BREAK)

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def _paragraphs(chunks: list[str]) -> str:
    paragraphs = (_SPACES.sub(" ", _CONTROL.sub(" ", chunk)).strip() for chunk in chunks)
    return "\n\n".join(p for p in paragraphs if p)


def html_to_text(fragment: str) -> str:
    """Visible text of an HTML fragment: tags, scripts and styles gone, entities decoded,
    whitespace collapsed, one blank line between paragraphs."""
    if not fragment:
        return ""
    collector = _TextCollector()
    try:
        collector.feed(fragment)
        collector.close()
    except Exception:  # html.parser can still trip on pathological markup
        return clean_text(unescape(_TAG.sub(" ", fragment)))
    return _paragraphs("".join(collector.parts).split(_BREAK))


def clean_text(text: str) -> str:
    """Plain text with control characters removed, blank-line paragraphs kept, lines joined."""
    if not text:
        return ""
    return _paragraphs(_PARAGRAPHS.split(text.replace("\r\n", "\n")))


def looks_like_html(text: str) -> bool:
    return bool(re.search(r"<(?:[a-zA-Z][a-zA-Z0-9]*\b[^>]*|/[a-zA-Z][a-zA-Z0-9]*\s*)>", text))
