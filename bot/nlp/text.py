"""Plain-text clean-up of article bodies: markdown links, bullets, emphasis, quotes."""

from __future__ import annotations

import re

_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_FOOTNOTE = re.compile(r"\[\d{1,3}\]")
_BULLET = re.compile(r"^[ \t]*(?:(?:[-*+•·▪●◦]|\d{1,2}[.)])[ \t]+)+", re.MULTILINE)
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+", re.MULTILINE)
_SPACES = re.compile(r"[ \t\u00a0\u202f]+")
_BLANKS = re.compile(r"\n[ \t]*\n[\s]*")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'"})


def clean_text(text: str) -> str:
    """Markdown and list decoration removed, whitespace tidied, apostrophes made straight.

    "- * **Le cloud**, avec [Azure](#)." -> "Le cloud, avec Azure."
    """
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_APOSTROPHES)
    text = _LINK.sub(r"\1", text)
    text = _FOOTNOTE.sub("", text)
    text = _HEADING.sub("", text)
    text = _BULLET.sub("", text)
    text = _EMPHASIS.sub(r"\2", text)
    text = text.replace("**", "")
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    text = _BLANKS.sub("\n\n", text)
    return text.strip()


def is_title_case(title: str) -> bool:
    """True for headlines where most words are capitalised ("Acme And Globex Form Alliance")."""
    words = [w for w in re.findall(r"[^\W\d_][\w'-]*", title) if len(w) > 3]
    if len(words) < 3:
        return False
    capitalised = sum(1 for w in words if w[0].isupper())
    return capitalised / len(words) >= 0.7
