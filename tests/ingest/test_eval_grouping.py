"""`partners-bot eval-grouping`: pair precision and recall by kind, through the real ingest.

The bar on the shared grouping set (../shared/corpus/grouping-dev.jsonl) fails the build
when grouping gets worse; it skips cleanly when the corpus is not beside the clone.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.ingest.eval_grouping import evaluate_grouping
from bot.nlp import Analyzer
from tests.store.grouping.texts import (
    ENDING,
    ENDING_TITLE,
    FRENCH,
    FRENCH_TITLE,
    FULL,
    OTHER,
    OTHER_TITLE,
    wire,
)

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
GROUPING_DEV = CORPUS / "grouping-dev.jsonl"

MIN_COPY_RECALL = 0.95
MIN_SAME_EVENT_RECALL = 0.80


def _labelled(tmp_path: Path) -> Path:
    rows = [
        ("h1", "Halvard Energy and Norrsken form battery joint venture", FULL, "s1", "copy"),
        ("h2", "Battery venture for Gdansk", wire(0, 1, 2), "s1", "copy"),
        ("h3", FRENCH_TITLE, FRENCH, "s1", "copy"),
        ("h4", ENDING_TITLE, ENDING, "s2", "near_miss"),
        ("h5", OTHER_TITLE, OTHER, "s3", "copy"),
    ]
    path = tmp_path / "labelled.jsonl"
    with open(path, "w", encoding="utf-8") as out:
        for ident, title, text, story, kind in rows:
            record = {"id": ident, "title": title, "text": text, "story": story, "kind": kind}
            if kind == "near_miss":
                record["near_miss_of"] = "s1"
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


@pytest.mark.slow
def test_eval_grouping_prints_scores_by_kind(partners_bot, tmp_path):
    result = partners_bot("eval-grouping", "--jsonl", str(_labelled(tmp_path)))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "labelled.jsonl: 5 articles in 3 labelled stories" in out
    assert "copy            3        3    1.00       1.00" in out
    assert "near misses kept apart: 3 of 3 pairs" in out
    assert "wrong merges: 0" in out


@pytest.mark.slow
def test_eval_grouping_refuses_records_without_a_story(partners_bot, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"id": "x", "title": "t", "text": "some text"}) + "\n")
    result = partners_bot("eval-grouping", "--jsonl", str(path))
    assert result.returncode == 2
    assert "needs an 'id' and a 'story'" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.slow
@pytest.mark.skipif(not GROUPING_DEV.exists(), reason=f"corpus not found at {GROUPING_DEV}")
def test_grouping_dev_meets_the_bar():
    report = evaluate_grouping(GROUPING_DEV, Analyzer())
    print(report.format())
    assert report.score("copy").pairs >= 14 and report.score("same_event").pairs >= 24
    assert report.score("copy").recall >= MIN_COPY_RECALL, report.format()
    assert report.score("same_event").recall >= MIN_SAME_EVENT_RECALL, report.format()
    assert report.wrong_merges() == 0, report.format()
