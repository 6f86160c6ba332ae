"""Plain-text clean-up of article bodies: markdown links, bullets, emphasis, quotes."""

from __future__ import annotations

import re
import unicodedata

from bot.nlp.resources import places

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


_UPPER = "A-ZÀ-ÝĐẠ-Ỹ"
_CITY = (
    rf"[{_UPPER}][{_UPPER}.'-]+(?: [{_UPPER}][{_UPPER}.'-]+)*"
    r"(?:/[A-Z][A-Z .'-]+)*(?:, [A-Z][\w.]*(?: [A-Z][\w.]*)?)?"
)
_DATE = r"(?:le |the )?(?:[A-Z][a-z]{2,8}\.? \d{1,2}|\d{1,2}(?:er)? [a-zéû]{3,9}\.?)(?:,? \d{4})?"
_DATELINE = re.compile(
    rf"^(?P<city>{_CITY})?(?P<date>,? ?{_DATE})? ?(?P<wire>/[^/\n]{{1,40}}/)? ?"
    r"(?:--|—)?(?P<agency>\([^)\n]{1,40}\))? ?(?:(?P<sep>--|—|–|:) *|- +|(?<=\)) )",
    re.MULTILINE,
)
# "Manila – ", "New Delhi: ": a place in ordinary case opening a paragraph before a dash.
_PLACE_DATELINE = re.compile(
    rf"^(?P<place>[A-Z][\w'.-]+(?: [A-Z][\w'.-]+){{0,2}})(?:,? ?{_DATE})? ?"
    r"(?:\([^)\n]{1,40}\))? ?(?:(?:–|—|--|:| -) +|(?<=\)) )",
    re.MULTILINE,
)
_BOILERPLATE = re.compile(
    r"^(?:(?:About|À propos d[e']|A propos d[e'])\s?[A-Z0-9][^\n]{0,60}(?:\n|:)"
    r"|(?:Media|Press|Investor) [Cc]ontacts?\b|Contacts? (?:presse|médias?)\b"
    r"|Forward[- ][Ll]ooking [Ss]tatements|Safe [Hh]arbou?r|###)",
    re.MULTILINE,
)


def strip_datelines(text: str) -> str:
    """Wire datelines removed from paragraph starts: "PARIS, March 3 (Reuters) - ",
    "SAN MATEO, Calif., March 3, 2024 /PRNewswire/ -- ", "SEOUL — ". Their places and
    agencies are not parties."""

    def drop(match: re.Match) -> str:
        parts = match.group("city", "date", "wire", "agency")
        if not any(parts):
            return match.group(0)
        city = parts[0] or ""
        known_place = "," in city or fold_accents(city).lower() in places()
        if match.group("sep") is None and not any(parts[1:]) and not known_place:
            return match.group(0)  # "ACME - " may be a name; a dateline has more
        return ""

    def drop_place(match: re.Match) -> str:
        folded = fold_accents(match.group("place")).lower()
        return "" if folded in places() else match.group(0)

    head = _PLACE_DATELINE.sub(drop_place, _DATELINE.sub(drop, text[:600]))
    return head + text[600:]


_WRAP_MIN = 40  # a shorter line may be a heading or a list item, which ends where it ends
_WRAPPED = re.compile(r"(?<=[^\n.!?:;…»\"”)])\n(?=[^\n])")


def unwrap_lines(text: str) -> str:
    """Hard-wrapped copy (wire text cut every 60–80 characters) joined back into its
    sentences: a single line break after a line of 40 characters or more that ends inside a
    sentence (no closing punctuation, its last character a lowercase letter or a comma, or the
    next line starting in lowercase) becomes a space. Paragraph breaks stay. Lengths are kept,
    so character offsets do not move."""

    def join(match: re.Match) -> str:
        line_start = text.rfind("\n", 0, match.start()) + 1
        line = text[line_start : match.start()]
        after = text[match.end() : match.end() + 1]
        inside = line[-1:].islower() or line.endswith(",") or after.islower()
        return " " if len(line) >= _WRAP_MIN and inside else "\n"

    return _WRAPPED.sub(join, text)


def strip_boilerplate(text: str) -> str:
    """The article without the press-release tail: "About Acme" sections, media contacts,
    forward-looking statements. The companies they name are not the news."""
    match = _BOILERPLATE.search(text, 1)
    return text[: match.start()].rstrip() if match else text


def fold_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))
