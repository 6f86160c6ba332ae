"""`partners-bot ingest` on every feed of feedparser's own test suite at once (~2,100 files of
well-formed, ill-formed, oddly encoded and hostile feeds): it finishes, says what failed one
line per source, records it in feed health, and leaves a database that still answers."""

from __future__ import annotations

import re
import sqlite3

import pytest

from .conftest import SHARED, consistency_problems

WILD = SHARED / "feeds-wild" / "feedparser-tests"
SUMMARY = re.compile(r"^(\d+) sources?, (\d+) articles?: .*, (\d+) errors?$", re.MULTILINE)

pytestmark = pytest.mark.slow


@pytest.mark.skipif(not WILD.is_dir(), reason=f"{WILD} is not there (no ../shared beside the repo)")
def test_ingesting_every_wild_feed_at_once_leaves_a_usable_database(offline_cli, tmp_path):
    done = offline_cli("ingest", str(WILD), timeout=600)

    assert "Traceback" not in done.stderr
    assert done.returncode == 0, done.stderr[-2000:]
    summary = SUMMARY.search(done.stdout)
    assert summary, done.stdout
    sources, articles, errors = map(int, summary.groups())
    error_lines = [line for line in done.stderr.splitlines() if line.startswith("error ")]
    assert done.stderr.splitlines() == error_lines  # nothing else, nothing wrapped

    db = sqlite3.connect(tmp_path / "partners.db")
    try:
        feeds, failing = db.execute(
            "SELECT COUNT(*), SUM(COALESCE(last_error, '') != '') FROM feeds"
        ).fetchone()
        stored = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        failing_sources = {
            source for (source,) in db.execute("SELECT url FROM feeds WHERE last_error != ''")
        }
    finally:
        db.close()
    assert feeds == sources > 2000
    assert 0 < failing < feeds and stored > 0 and articles >= stored
    assert len(error_lines) == errors == failing  # one line per source that failed
    assert {line.split()[1].rstrip(":") for line in error_lines} == failing_sources
    assert consistency_problems(tmp_path / "partners.db") == []

    for question in (["xiaomi"], ["search", "test"]):
        answer = offline_cli("query", *question)
        assert (answer.returncode, answer.stderr) == (0, ""), question
        assert answer.stdout.strip(), question


def test_an_error_line_is_text_never_console_markup(offline_cli):
    """Regression: an error naming `http://…/[/x]` crashed the end-of-run report
    (rich read it as a closing tag) after every source had been ingested."""
    source = "http://127.0.0.1:9/[/x]/feed.xml"  # port 9 (discard): connection refused

    done = offline_cli("ingest", source)

    assert "Traceback" not in done.stderr
    assert done.returncode == 1  # every source failed
    (line,) = done.stderr.splitlines()
    assert line.startswith(f"error {source}: ")
