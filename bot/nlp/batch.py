"""`partners-bot analyze --jsonl IN --out OUT`: one analysis (or one error) per input line."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

from bot.dates import utc_iso
from bot.models import Article

log = logging.getLogger(__name__)

CHUNK = 64
OPTIONAL_STRINGS = ("title", "url", "published", "lang")


class BadInput(ValueError):
    """A whole input file is unusable; the message names the file and its first bad line."""


class BadLine(ValueError):
    """An input line that cannot be analysed; the message says why."""

    def __init__(self, message: str, record_id=None):
        super().__init__(message)
        self.record_id = record_id


def parse_line(line: str, number: int) -> tuple[str | int, Article]:
    """(id as given, article) for one JSONL line, or BadLine with a message to act on."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise BadLine(f"line {number}: invalid JSON ({exc.msg})") from None
    if not isinstance(record, dict):
        raise BadLine(f"line {number}: expected a JSON object, got {type(record).__name__}")
    record_id = record.get("id")
    if record_id is None or isinstance(record_id, bool) or not isinstance(record_id, str | int):
        raise BadLine(f"line {number}: 'id' must be a string or an integer", None)
    if "text" not in record or record["text"] is None:
        raise BadLine(f"line {number}: missing 'text'", record_id)
    if not isinstance(record["text"], str):
        raise BadLine(f"line {number}: 'text' must be a string", record_id)
    for key in OPTIONAL_STRINGS:
        if record.get(key) is not None and not isinstance(record[key], str):
            raise BadLine(f"line {number}: '{key}' must be a string or null", record_id)
    return record_id, Article(
        uid=str(record_id),
        title=record.get("title") or "",
        text=record["text"],
        url=record.get("url"),
        published=utc_iso(record.get("published")),
        lang=record.get("lang"),
    )


def _output(record_id, analysis) -> dict:
    return {
        "id": record_id,
        "lang": analysis.lang,
        "is_partnership": analysis.is_partnership,
        "confidence": analysis.confidence,
        "parties": analysis.parties,
        "deal_type": analysis.deal_type if analysis.is_partnership else None,
        "topics": analysis.topics,
        "evidence": analysis.evidence,
        "summary": analysis.summary,
    }


def _numbered_lines(path: Path) -> Iterator[tuple[int, str]]:
    with open(path, encoding="utf-8", errors="replace") as f:
        for number, line in enumerate(f, start=1):
            if line.strip():
                yield number, line


def analyze_jsonl(in_path, out_path, analyzer) -> dict:
    """Analyse every line of `in_path` into `out_path`, in order; bad lines become errors.

    Returns counts: lines, analysed, partnerships, unsupported, errors, and the first
    error's message (`first_error`, None when there was none).
    """
    counts = {"lines": 0, "analysed": 0, "partnerships": 0, "unsupported": 0, "errors": 0}
    counts["first_error"] = None
    lines = _numbered_lines(Path(in_path))
    with open(out_path, "w", encoding="utf-8") as out:
        while chunk := list(islice(lines, CHUNK)):
            rows: list[dict | tuple[str | int, Article]] = []
            for number, line in chunk:
                try:
                    rows.append(parse_line(line, number))
                except BadLine as exc:
                    rows.append({"id": exc.record_id, "error": str(exc)})
            articles = [row[1] for row in rows if isinstance(row, tuple)]
            analyses = iter(analyzer.analyze_many(articles))
            for row in rows:
                counts["lines"] += 1
                if isinstance(row, dict):
                    counts["errors"] += 1
                    counts["first_error"] = counts["first_error"] or row["error"]
                    log.debug("%s", row["error"])
                    result = row
                else:
                    analysis = next(analyses)
                    counts["analysed"] += 1
                    counts["partnerships"] += analysis.is_partnership
                    counts["unsupported"] += not analysis.supported
                    result = _output(row[0], analysis)
                out.write(json.dumps(result, ensure_ascii=False) + "\n")
    return counts
