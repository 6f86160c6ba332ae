"""A channel's settings as typed: the filters of a watch (`type:joint_venture`,
`topic:ev_batteries`, `-type:`, `-topic:`, `-<company>`) and confidences (`0.8`, `80%`)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable

from bot.models import DEAL_TYPES, topic_ids
from bot.service.grammar import Command, Filters, SetConfidence, SettingsShow, Usage

# `type:joint_venture`, `-topic:crypto`, `topic:"ev batteries"`: filters in a watch.
_FILTER = re.compile(r"""(?<![^\s,;])(-?)(type|topic|sujet):("[^"]*"|[^\s,;]+)""", re.IGNORECASE)
_DEAL_WORDS = {t: t for t in DEAL_TYPES} | {
    "jv": "joint_venture",
    "joint": "joint_venture",
    "coentreprise": "joint_venture",
    "partnership": "strategic_partnership",
    "strategic": "strategic_partnership",
    "alliance": "strategic_partnership",
    "partenariat": "strategic_partnership",
    "protocole": "mou",
    "memorandum": "mou",
    "distribution": "distribution_agreement",
    "licence": "licensing",
    "license": "licensing",
    "licencing": "licensing",
}


def _key(word: str) -> str:
    return re.sub(r"[\s\-]+", "_", word.strip('"').strip().lower())


def deal_type_of(word: str) -> str | None:
    """`joint_venture`, `joint-venture`, `JV`, `licence` -> a deal type id; None if unknown."""
    key = _key(word)
    return _DEAL_WORDS.get(key) or _DEAL_WORDS.get(key.removesuffix("s"))


def topic_of(word: str) -> str | None:
    """A topic id of the vocabulary (`ev_batteries`, `EV batteries`); None if unknown."""
    key = _key(word)
    return key if key in topic_ids() else None


def _filter_problem(kind: str, word: str) -> str:
    if kind == "type":
        return f"`{word}` is not a deal type. Use one of: {', '.join(DEAL_TYPES)}."
    close = difflib.get_close_matches(_key(word), topic_ids(), n=3, cutoff=0.6)
    hint = f" Did you mean {', '.join(f'`topic:{c}`' for c in close)}?" if close else ""
    return f"`{word}` is not a topic I know.{hint}"


def split_filters(rest: str, names: Callable[[str], tuple[str, ...]]) -> tuple[str, Filters | str]:
    """The text without its filters, and the filters (or what is wrong with one)."""
    found: dict[str, list[str]] = {"types": [], "topics": [], "not_types": [], "not_topics": []}
    for minus, kind, word in _FILTER.findall(rest):
        kind = "topic" if kind.lower() in ("topic", "sujet") else "type"
        value = deal_type_of(word) if kind == "type" else topic_of(word)
        if value is None:
            return rest, _filter_problem(kind, word.strip('"'))
        found[("not_" if minus else "") + kind + "s"].append(value)
    left = _FILTER.sub(" ", rest)
    names_typed = names(left)
    not_companies = tuple(n[1:].strip() for n in names_typed if n.startswith("-") and n[1:].strip())
    kept = tuple(n for n in names_typed if not n.startswith("-"))
    filters = Filters(
        **{k: tuple(dict.fromkeys(v)) for k, v in found.items()}, not_companies=not_companies
    )
    return ", ".join(kept), filters


def confidence_value(text: str) -> float | None:
    """`0.8`, `0,8`, `80%`, `80` -> 0.8; None when it is not a probability (`1.5`, `120%`)."""
    text = text.strip().replace(",", ".")
    percent = text.endswith("%")
    try:
        value = float(text.rstrip("%").strip())
    except ValueError:
        return None
    if value > 1 and not percent and not value.is_integer():
        return None  # 1.5: neither a probability nor a plain percentage
    if percent or value > 1:
        value /= 100
    return round(value, 4) if 0.0 <= value <= 1.0 else None


def settings_command(rest: str) -> Command:
    words = rest.lower().split()
    workspace = bool(words) and words[0] in ("workspace", "team")
    usage = "settings workspace" if workspace else "settings"
    words = words[1:] if workspace else words
    if not words:
        return SettingsShow() if not workspace else Usage(usage, "Say `confidence <value>`.")
    if words[0] not in ("confidence", "confiance", "threshold") or len(words) != 2:
        return Usage(usage, "Say `confidence` and a value, e.g. `confidence 0.8`.")
    if words[1] in ("default", "reset", "défaut"):
        return SetConfidence(None, workspace)
    value = confidence_value(words[1])
    if value is None:
        return Usage(usage, f"`{words[1]}` is not a confidence: give 0 to 1 (or 0% to 100%).")
    return SetConfidence(value, workspace)
