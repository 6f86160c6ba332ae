"""A database that cannot be used as asked: one line on stderr saying what is wrong and with
which file, a non-zero exit, no traceback; and nothing lost or half-written.

- the path is a directory, not a database, or in a folder that does not exist;
- the file can only be read (a shared copy, another user's file): reading works;
- the disk fills up during an ingest: a real small filesystem (tmpfs, when this process
  may mount one) for the command, SQLite's own `max_page_count` limit in process.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.config import Settings
from bot.ingest.ingestor import Ingestor, IngestStopped
from bot.models import Analysis
from bot.service.context import CANNOT_WRITE
from bot.store import open_db
from tests.conftest import bot_env
from tests.stories import store_partnership

from .conftest import consistency_problems, offline_env, partners_bot_command
from .news import articles, write_articles

pytestmark = pytest.mark.slow


def run(home: Path, *args: str, db: Path, stdin: str = ""):
    env = bot_env(home, PARTNERS_DB=str(db))
    return subprocess.run(
        partners_bot_command(*args),
        env=env,
        cwd=home,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )


def assert_one_line(done: subprocess.CompletedProcess, *words: str) -> str:
    assert done.returncode != 0, done.stdout[-500:]
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


# -- a path that is no database ------------------------------------------------------------


def fault_path(tmp_path: Path, fault: str) -> Path:
    if fault == "directory":
        path = tmp_path / "a-folder.db"
        path.mkdir()
    elif fault == "not a database":
        path = tmp_path / "notes.db"
        path.write_text("These are my notes, not a database.\n" * 100)
    else:
        path = tmp_path / "no-such-folder" / "partners.db"
    return path


COMMANDS = {
    "ingest": ("ingest", "{source}"),
    "query": ("query", "xiaomi"),
    "console": ("console",),
    "run sample": ("run", "--mode", "sample"),
    "run http": ("run", "--mode", "http"),
    "run socket": ("run", "--mode", "socket"),
}
WHAT = {
    "directory": "is a directory",
    "not a database": "not a SQLite database",
    "missing folder": "folder does not exist",
}


@pytest.mark.parametrize("fault", list(WHAT))
@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_says_what_is_wrong_with_the_database_in_one_line(tmp_path, fault, command):
    """Regression: each of these ended in a traceback (and a missing folder was created)."""
    source = tmp_path / "deal.txt"
    source.write_text("Norvane and Kelptide sign an MoU\n\nNorvane and Kelptide signed an MoU.")
    db = fault_path(tmp_path, fault)
    args = [a.format(source=source) for a in COMMANDS[command]]

    done = run(tmp_path, *args, db=db, stdin="quit\n")

    assert_one_line(done, WHAT[fault], str(db))
    assert not (tmp_path / "no-such-folder").exists()


# -- read-only -----------------------------------------------------------------------------

LABELLED = [
    {
        "id": "p1",
        "title": "Norvane and Kelptide sign a memorandum of understanding",
        "text": "Norvane Systems and Kelptide Energy signed a memorandum of understanding on"
        " Tuesday to develop battery recycling together, the two companies said.",
        "is_partnership": True,
        "parties": ["Norvane Systems", "Kelptide Energy"],
        "deal_type": "mou",
    },
    {
        "id": "n1",
        "title": "Quillmark reports higher quarterly revenue",
        "text": "Quillmark Labs reported quarterly revenue up 12 percent on Thursday, driven"
        " by demand for its imaging sensors.",
        "is_partnership": False,
    },
]


@pytest.fixture
def read_only_db(tmp_path) -> Iterator[Path]:
    """A database with one partnership that the commands may read but not write: on a
    read-only filesystem when the tests run as root (root ignores file permissions), else
    a file and folder without write permission."""
    home = tmp_path / "shared"
    home.mkdir()
    mounted = os.geteuid() == 0
    if mounted:
        mount(home, "size=4m")
    try:
        db_path = home / "shared-copy.db"
        db = open_db(db_path)
        store_partnership(db, "Orbelle", "Halvorn", evidence="Orbelle and Halvorn sign an MoU.")
        db.close()  # a clean close: no -wal or -shm file left beside it
        (home / "labelled.jsonl").write_text(
            "".join(json.dumps(r) + "\n" for r in LABELLED), encoding="utf-8"
        )
        (home / "deal.txt").write_text("Orbelle and Halvorn sign an MoU\n\nThey signed one.")
        if mounted:
            subprocess.run(["mount", "-o", "remount,ro", str(home)], check=True)
        else:
            db_path.chmod(stat.S_IRUSR | stat.S_IRGRP)
            home.chmod(stat.S_IRUSR | stat.S_IXUSR)
        yield db_path
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(home)], check=False)
        else:
            home.chmod(0o755)


def mount(where: Path, options: str) -> None:
    """A tmpfs of its own at `where`; skips the test where this process may not mount."""
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")


def test_a_read_only_database_answers_queries(read_only_db, tmp_path):
    db_path = read_only_db
    done = run(tmp_path, "query", "orbelle", db=db_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Orbelle" in done.stdout and "Halvorn" in done.stdout
    assert not (db_path.parent / "shared-copy.db-wal").exists()


def test_a_read_only_database_serves_console_reads_and_refuses_writes_in_a_line(
    read_only_db, tmp_path
):
    db_path = read_only_db
    done = run(tmp_path, "console", db=db_path, stdin="orbelle\nwatch orbelle\n")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stdout + done.stderr
    assert "Halvorn" in done.stdout
    assert CANNOT_WRITE in done.stdout


def test_ingest_says_the_database_is_read_only(read_only_db, tmp_path):
    db_path = read_only_db
    done = run(tmp_path, "ingest", str(db_path.parent / "deal.txt"), db=db_path)
    assert_one_line(done, "read-only", str(db_path))


def test_eval_runs_beside_a_read_only_database(read_only_db, tmp_path):
    db_path = read_only_db
    done = run(tmp_path, "eval", "--jsonl", str(db_path.parent / "labelled.jsonl"), db=db_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("overall  n=2 ")


# -- input files that are not JSONL --------------------------------------------------------


CSV = "id,title,text\n1,Deal,Norvane and Kelptide signed an MoU\n"


@pytest.mark.parametrize("command", ["eval", "analyze"])
def test_a_file_that_is_not_jsonl_is_named_with_its_first_bad_line(tmp_path, command):
    source = tmp_path / "articles.csv"
    source.write_text(CSV, encoding="utf-8")
    args = [command, "--jsonl", str(source)] + (
        ["--out", str(tmp_path / "out.jsonl")] * (command == "analyze")
    )

    done = run(tmp_path, *args, db=tmp_path / "partners.db")

    assert_one_line(done, str(source), "line 1", "JSON")


def test_eval_names_the_first_bad_line_further_down(tmp_path):
    source = tmp_path / "labelled.jsonl"
    lines = [json.dumps(LABELLED[0]), json.dumps(LABELLED[1]), "{oops", "[1, 2]"]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = run(tmp_path, "eval", "--jsonl", str(source), db=tmp_path / "partners.db")
    assert_one_line(done, f"{source}: line 3 is not JSON")


def test_analyze_goes_on_past_bad_lines_and_names_the_first(tmp_path):
    source, out = tmp_path / "articles.jsonl", tmp_path / "out.jsonl"
    good = {"id": "p1", "title": LABELLED[0]["title"], "text": LABELLED[0]["text"]}
    source.write_text("\n".join([json.dumps(good), "not json", "{}"]) + "\n", encoding="utf-8")
    done = run(tmp_path, "analyze", "--jsonl", str(source), "--out", str(out), db=tmp_path / "x")
    assert done.returncode == 0, done.stderr
    counts, line = done.stderr.strip().splitlines()
    assert (json.loads(counts)["analysed"], json.loads(counts)["errors"]) == (1, 2)
    assert line.endswith(
        "2 of 3 lines could not be analysed, the first: line 2: invalid JSON (Expecting value)"
    )
    assert len(out.read_text().splitlines()) == 3


# -- disk full -----------------------------------------------------------------------------


class DealAnalyzer:
    """Every article announces a deal between its title's first two words; no models."""

    def add_aliases(self, aliases) -> None:
        pass

    def analyze_many(self, batch):
        return [
            Analysis(
                lang="en",
                confidence=0.9,
                is_partnership=True,
                parties=article.title.split()[:2],
                deal_type="mou",
            )
            for article in batch
        ]


def test_a_full_database_stops_the_ingest_with_the_count_stored(tmp_path):
    """SQLite's `max_page_count` makes the database full as a full disk would."""
    news = tmp_path / "news"
    write_articles(news, articles(n_stories=60, n_copies=0, seed=5))
    db_path = tmp_path / "partners.db"
    db = open_db(db_path)
    ingestor = Ingestor(Settings(db_path=db_path), db, DealAnalyzer())
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages + 40}")

    with pytest.raises(IngestStopped) as stopped:
        ingestor.ingest([str(news)])

    stored = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    assert 0 < stopped.value.stored == stored < 60
    assert str(stopped.value) == (
        f"the disk is full (database or disk is full): {db_path};"
        f" stopped after storing {stored} new articles"
    )
    db.close()
    assert consistency_problems(db_path) == []


@pytest.fixture
def small_disk(tmp_path) -> Iterator[Path]:
    """A 1.5 MB filesystem of its own (tmpfs), unmounted afterwards."""
    disk = tmp_path / "small-disk"
    disk.mkdir()
    mount(disk, "size=1536k")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def test_ingest_on_a_full_disk_says_so_in_one_line_and_keeps_what_it_stored(tmp_path, small_disk):
    news = tmp_path / "news"
    write_articles(news, articles(n_stories=120, n_copies=0, seed=3))
    db_path = small_disk / "partners.db"

    done = subprocess.run(
        partners_bot_command("ingest", str(news)),
        env=offline_env(tmp_path, PARTNERS_DB=str(db_path)),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )

    line = assert_one_line(done, "the disk is full", str(db_path), "stopped after storing")
    stored = int(line.rsplit("storing ", 1)[1].split()[0])
    copy = tmp_path / "copy.db"
    with open_db(db_path) as db:  # read back before the filesystem goes
        assert db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == stored > 0
        db.execute(f"VACUUM INTO '{copy}'")
    assert consistency_problems(copy) == []
