"""Partnerships out as CSV or JSON Lines, one row per partnership, streamed.

Rows are for people as much as programs: the deal type and topics are given in words
("Joint venture", "Voice assistants"); `date` is the publication date, empty (CSV) or null
(JSON) when the article gave none, and `first_seen` says when the bot stored it.

A CSV cell that a spreadsheet would run as a formula (text from a news feed beginning with
=, +, -, @, a tab or a carriage return) is written with a leading apostrophe, the usual
guard against CSV injection.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import TextIO

from bot.models import deal_label, topic_labels
from bot.store.export import ExportRecord

FIELDS = ("date", "first_seen", "parties", "deal_type", "topics", "summary", "evidence",
          "confidence", "sources", "title", "lang", "story_id")  # fmt: skip
FORMATS = ("csv", "jsonl")
SEPARATOR = "; "  # between parties, between topics in a CSV cell (sources: a space)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def export_row(record: ExportRecord) -> dict:
    """The record as exported: a dict of FIELDS, lists kept as lists."""
    return {
        "date": record.published,
        "first_seen": record.first_seen,
        "parties": list(record.parties),
        "deal_type": deal_label(record.deal_type),
        "topics": topic_labels(record.topics),
        "summary": record.summary,
        "evidence": record.evidence,
        "confidence": round(record.confidence, 2),
        "sources": list(record.sources),
        "title": record.title,
        "lang": record.lang,
        "story_id": record.story_id,
    }


def csv_cells(row: dict) -> list[str]:
    """One exported row as CSV cells, in FIELDS order."""
    cells = []
    for name in FIELDS:
        value = row[name]
        if value is None:
            cells.append("")
        elif isinstance(value, list):
            joiner = " " if name == "sources" else SEPARATOR
            cells.append(_guard(joiner.join(value)))
        elif isinstance(value, float):
            cells.append(f"{value:.2f}")
        elif isinstance(value, str):
            cells.append(_guard(value))
        else:
            cells.append(str(value))
    return cells


def _guard(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_csv(records: Iterable[ExportRecord], out: TextIO) -> int:
    """Write a header and one line per record; returns how many records were written."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIELDS)
    count = 0
    for record in records:
        writer.writerow(csv_cells(export_row(record)))
        count += 1
    return count


def write_jsonl(records: Iterable[ExportRecord], out: TextIO) -> int:
    """Write one JSON object per line; returns how many records were written."""
    count = 0
    for record in records:
        out.write(json.dumps(export_row(record), ensure_ascii=False) + "\n")
        count += 1
    return count


def write(records: Iterable[ExportRecord], out: TextIO, fmt: str = "csv") -> int:
    """Write `records` to `out` as `fmt` (csv or jsonl)."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be csv or jsonl, got {fmt!r}")
    return write_csv(records, out) if fmt == "csv" else write_jsonl(records, out)
