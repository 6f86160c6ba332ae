"""Exports: what the CSV and JSON Lines files hold, read back with the standard library, and
`partners-bot export` as a user runs it."""

from __future__ import annotations

import csv
import io
import json

import pytest

from bot.insights.export import FIELDS, SEPARATOR, export_row, write
from bot.store.export import export_records
from tests.insights.conftest import weeks_ago


@pytest.fixture
def stored(db, deal):
    first = deal(["Xiaomi", "Microsoft"], published=weeks_ago(30), deal_type="mou",
                 topics=("cloud", "voice_assistant"))  # fmt: skip
    deal([], published=None, copy_of=first)  # the same story from another outlet
    deal(["Alvéa", "Néodrive"], published=None, deal_type="strategic_partnership",
         topics=("electric_vehicles",))  # fmt: skip
    deal(["Norvale", "Tessera", "Iberia Cell"], published=weeks_ago(3),
         deal_type="joint_venture", topics=())  # fmt: skip
    return db


def from_csv_row(row: dict) -> dict:
    """A CSV row read back into the exported record's shape (lists, numbers, None)."""

    def items(cell: str, sep: str) -> list[str]:
        return cell.split(sep) if cell else []

    return {
        "date": row["date"] or None,
        "first_seen": row["first_seen"],
        "parties": items(row["parties"], SEPARATOR),
        "deal_type": row["deal_type"],
        "topics": items(row["topics"], SEPARATOR),
        "summary": row["summary"],
        "evidence": row["evidence"],
        "confidence": float(row["confidence"]),
        "sources": items(row["sources"], " "),
        "title": row["title"],
        "lang": row["lang"],
        "story_id": int(row["story_id"]),
    }


def test_the_csv_reads_back_as_the_same_records(stored):
    out = io.StringIO()
    assert write(export_records(stored), out, "csv") == 3
    out.seek(0)
    reader = csv.DictReader(out)
    assert tuple(reader.fieldnames) == FIELDS
    read_back = [from_csv_row(row) for row in reader]
    assert read_back == [export_row(r) for r in export_records(stored)]
    xiaomi, jv, undated = read_back
    assert xiaomi["parties"] == ["Microsoft", "Xiaomi"]
    assert xiaomi["deal_type"] == "MoU"
    assert xiaomi["topics"] == ["Cloud computing", "Voice assistants"]  # words, never ids
    assert len(xiaomi["sources"]) == 2
    assert jv["parties"] == ["Iberia Cell", "Norvale", "Tessera"] and jv["topics"] == []
    assert undated["date"] is None and undated["parties"] == ["Alvéa", "Néodrive"]


def test_jsonl_reads_back_as_the_same_records(stored):
    out = io.StringIO()
    assert write(export_records(stored), out, "jsonl") == 3
    lines = out.getvalue().splitlines()
    assert [json.loads(line) for line in lines] == [export_row(r) for r in export_records(stored)]
    assert json.loads(lines[2])["date"] is None


def test_a_cell_a_spreadsheet_would_run_is_written_as_text(db, deal):
    saved = deal(["Acme", "Globex"], published=weeks_ago(1))
    db.execute(
        "UPDATE partnerships SET title = ?, evidence = ? WHERE id = ?",
        ['=HYPERLINK("http://evil.example","click")', "-2+3, said Acme", saved.partnership_id],
    )
    out = io.StringIO()
    write(export_records(db), out, "csv")
    out.seek(0)
    (row,) = csv.DictReader(out)
    assert row["title"] == '\'=HYPERLINK("http://evil.example","click")'
    assert row["evidence"] == "'-2+3, said Acme"
    jsonl = io.StringIO()
    write(export_records(db), jsonl, "jsonl")
    assert json.loads(jsonl.getvalue())["title"].startswith("=HYPERLINK")  # data, not a sheet


def test_partners_bot_export_writes_a_file_and_says_how_many(stored, partners_bot, tmp_path):
    done = partners_bot("export", "--company", "xiaomi", "--out", "xiaomi.csv")
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == "exported 1 partnership to xiaomi.csv"
    with open(tmp_path / "xiaomi.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["parties"] for r in rows] == ["Microsoft; Xiaomi"]


def test_partners_bot_export_streams_jsonl_to_stdout(stored, partners_bot):
    done = partners_bot("export", "--format", "jsonl", "--since", weeks_ago(4).isoformat())
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["deal_type"] for r in records] == ["Joint venture", "Strategic partnership"]


@pytest.mark.parametrize(
    "args,code,line",
    [
        (["--company", "Nobody Inc"], 1, "no company called “Nobody Inc” in the store"),
        (["--since", "31/01/2025"], 2,
         "“31/01/2025” is not a date: use YYYY-MM-DD, e.g. 2025-01-31"),
        (["--out", "no/such/dir/x.csv"], 1,
         "cannot write no/such/dir/x.csv: No such file or directory"),
    ],
)  # fmt: skip
def test_partners_bot_export_mistakes_get_one_line(stored, partners_bot, args, code, line):
    done = partners_bot("export", *args)
    assert done.returncode == code
    assert done.stderr.strip().splitlines() == [f"partners-bot: {line}"]
    assert done.stdout == ""
