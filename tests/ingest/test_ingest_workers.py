"""`partners-bot ingest --workers N`: the analysis on N processes stores what one stores."""

from __future__ import annotations

import json
import sqlite3

import pytest

from bot.models import Article
from bot.nlp.analyzer import Analyzer
from bot.nlp.parallel import CHUNK, IN_FLIGHT, ParallelAnalyzer
from tests.conftest import bot_env
from tests.nlp.labelled import records

QUERIES = {
    "articles": "SELECT uid, title, summary, lang, is_partnership, confidence, analysis, story_id"
    " FROM articles ORDER BY uid",
    "partnerships": "SELECT p.story_id, a.uid, deal_type, topics, evidence, p.confidence"
    " FROM partnerships p JOIN articles a ON a.id = p.article_id ORDER BY a.uid",
    "parties": "SELECT a.uid, o.name FROM partnership_parties pp"
    " JOIN partnerships p ON p.id = pp.partnership_id JOIN articles a ON a.id = p.article_id"
    " JOIN organisations o ON o.id = pp.org_id ORDER BY a.uid, o.name",
    "aliases": "SELECT alias, o.name FROM aliases JOIN organisations o ON o.id = org_id"
    " ORDER BY alias",
}


def stored(path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        return {name: conn.execute(sql).fetchall() for name, sql in QUERIES.items()}
    finally:
        conn.close()


@pytest.mark.slow
def test_two_workers_store_what_one_process_stores(partners_bot, tmp_path):
    source = tmp_path / "articles.jsonl"
    with open(source, "w", encoding="utf-8") as f:
        for record in records():
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    results = {}
    for workers in ("1", "2"):
        env = bot_env(tmp_path, PARTNERS_DB=str(tmp_path / f"w{workers}.db"))
        done = partners_bot("ingest", "--workers", workers, str(source), env=env, timeout=300)
        assert done.returncode == 0, done.stderr
        results[workers] = stored(tmp_path / f"w{workers}.db")
    assert results["2"] == results["1"]
    assert len(results["1"]["articles"]) == len(records())
    assert results["1"]["partnerships"]  # the sample's partnerships were found


def test_workers_must_be_a_positive_number(partners_bot, tmp_path):
    done = partners_bot("ingest", "--workers", "0", str(tmp_path), env=bot_env(tmp_path))
    assert done.returncode == 2
    assert "must be at least 1" in done.stderr


# A deal whose first party the store may teach a longer name for.
QORVANE = Article(
    uid="w1",
    title="Qorvane Systems signs MoU with Pfizer",
    text="Qorvane Systems has signed a memorandum of understanding with Pfizer to develop "
    "diagnostics together, the companies said on Monday.",
)


@pytest.mark.slow
def test_names_taught_while_running_reach_the_workers():
    parallel = ParallelAnalyzer(Analyzer(), 2)
    try:
        list(parallel.analyze_many([QORVANE]))  # the workers start
        parallel.add_aliases({"Qorvane Systems International": ["Qorvane Systems"]})
        analyses = list(parallel.analyze_many([QORVANE] * 4))
    finally:
        parallel.close()
    assert all(a.is_partnership for a in analyses)
    assert all("Qorvane Systems International" in a.parties for a in analyses)


@pytest.mark.slow
def test_names_taught_while_storing_reach_the_chunks_sent_after():
    # What the caller teaches while it stores the first analyses (a new organisation's
    # names) reaches the articles sent to the workers after that, within one call.
    parallel = ParallelAnalyzer(Analyzer(), 2)
    ahead = IN_FLIGHT * parallel.workers * CHUNK  # sent before the first analysis returns
    try:
        stream = parallel.analyze_many([QORVANE] * (ahead + CHUNK))
        first = next(stream)
        parallel.add_aliases({"Qorvane Systems International": ["Qorvane Systems"]})
        analyses = [first, *stream]
    finally:
        parallel.close()
    assert len(analyses) == ahead + CHUNK
    assert "Qorvane Systems International" not in analyses[0].parties
    assert all("Qorvane Systems International" in a.parties for a in analyses[ahead:])
