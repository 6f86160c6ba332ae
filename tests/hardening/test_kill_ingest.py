"""`kill -9` in the middle of `partners-bot ingest`: the database stays whole, and running
the ingest again ends exactly where an uninterrupted run ends."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from bot.config import Settings
from bot.ingest.ingestor import Ingestor
from bot.models import Analysis
from bot.store import articles as records
from bot.store import feeds as feed_store
from bot.store import open_db
from tests.ingest.conftest import NewsServer

from .conftest import consistency_problems, offline_env, partners_bot_command
from .news import articles, write_articles

START_SECONDS = 120  # models loaded and the first articles stored
KILL_AFTER = 40  # articles stored, of 200

pytestmark = pytest.mark.slow


def stored_articles(db_path: Path) -> int:
    if not db_path.exists():
        return 0
    conn = sqlite3.connect(db_path, timeout=5)
    try:
        return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:  # the schema is not there yet
        return 0
    finally:
        conn.close()


def end_state(db_path: Path) -> dict:
    """What an ingest run leaves, independent of row ids: the articles, how they are grouped
    into stories, and the partnerships (parties, deal type, the article they were read in)."""
    conn = sqlite3.connect(db_path)
    try:
        uids = [uid for (uid,) in conn.execute("SELECT uid FROM articles")]
        stories = {
            frozenset(group.split("\n"))
            for (group,) in conn.execute(
                "SELECT group_concat(uid, char(10)) FROM articles GROUP BY story_id"
            )
        }
        partnerships = {
            (parties, deal_type, uid)
            for parties, deal_type, uid in conn.execute(
                "SELECT (SELECT group_concat(name, ' + ') FROM (SELECT o.name FROM"
                "   partnership_parties pp JOIN organisations o ON o.id = pp.org_id"
                "   WHERE pp.partnership_id = p.id ORDER BY o.name)),"
                " p.deal_type, a.uid FROM partnerships p JOIN articles a ON a.id = p.article_id"
            )
        }
        return {"uids": sorted(uids), "stories": stories, "partnerships": partnerships}
    finally:
        conn.close()


def test_kill_9_mid_ingest_loses_nothing_and_duplicates_nothing(offline_cli, tmp_path):
    news = tmp_path / "news"
    write_articles(news, articles())
    killed_db = tmp_path / "killed.db"

    log = tmp_path / "ingest.log"
    with log.open("w") as output:
        ingest = subprocess.Popen(
            partners_bot_command("ingest", str(news)),
            env=offline_env(tmp_path, PARTNERS_DB=str(killed_db)),
            cwd=tmp_path,
            stdout=output,
            stderr=output,
        )
    try:
        deadline = time.monotonic() + START_SECONDS
        while stored_articles(killed_db) < KILL_AFTER and ingest.poll() is None:
            assert time.monotonic() < deadline, "the ingest stored nothing in time"
            time.sleep(0.02)
        assert ingest.poll() is None, log.read_text()[-2000:]  # still at work: kill it now
    finally:
        ingest.send_signal(signal.SIGKILL)
        ingest.wait()

    interrupted = stored_articles(killed_db)
    assert KILL_AFTER <= interrupted < 200
    assert consistency_problems(killed_db) == []

    resumed = offline_cli("ingest", str(news), db=killed_db)
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    assert f"{interrupted} already seen" in resumed.stdout

    straight = offline_cli("ingest", str(news), db=tmp_path / "straight.db")
    assert straight.returncode == 0, straight.stderr[-2000:]

    assert consistency_problems(killed_db) == []
    after_kill, uninterrupted = end_state(killed_db), end_state(tmp_path / "straight.db")
    assert len(set(after_kill["uids"])) == len(after_kill["uids"]) == 200  # each exactly once
    assert len(uninterrupted["partnerships"]) > 100 and len(uninterrupted["stories"]) < 200
    assert after_kill == uninterrupted


# -- the same guarantees, with the failure put exactly where it hurts ----------------------


class DealAnalyzer:
    """Every article announces a deal between Alpha Corp and Beta Corp; no models."""

    fail: Exception | None = None

    def add_aliases(self, aliases) -> None:
        pass

    def analyze_many(self, batch):
        if self.fail is not None:
            raise self.fail
        deal = {"is_partnership": True, "parties": ["Alpha Corp", "Beta Corp"]}
        return [Analysis(lang="en", confidence=0.9, deal_type="mou", **deal) for _ in batch]


def table_counts(db) -> dict[str, int]:
    tables = ["articles", "stories", "story_signatures", "partnerships", "partnership_parties"]
    return {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}


def test_an_article_its_story_and_its_partnership_are_one_transaction(tmp_path, monkeypatch):
    """A failure after the partnership row and its first party were written leaves nothing
    of the article behind: no article without a story, no partnership without parties."""
    (tmp_path / "deal.txt").write_text("Alpha and Beta sign an MoU\n\nAlpha Corp and Beta Corp.")
    db = open_db(tmp_path / "partners.db")
    ingestor = Ingestor(Settings(db_path=tmp_path / "partners.db"), db, DealAnalyzer())
    real_ensure_org = records.ensure_org

    def ensure_org_then_crash(db, name):
        if name == "Beta Corp":
            raise OSError("disk gone")
        return real_ensure_org(db, name)

    monkeypatch.setattr(records, "ensure_org", ensure_org_then_crash)
    with pytest.raises(OSError):
        ingestor.ingest([str(tmp_path / "deal.txt")])
    assert set(table_counts(db).values()) == {0}

    monkeypatch.setattr(records, "ensure_org", real_ensure_org)
    summary = ingestor.ingest([str(tmp_path / "deal.txt")])
    assert (summary.new_stories, summary.partnerships) == (1, 1)
    assert table_counts(db) == dict.fromkeys(table_counts(db), 1) | {"partnership_parties": 2}
    db.close()
    assert consistency_problems(tmp_path / "partners.db") == []


def test_a_feeds_etag_is_kept_only_once_its_articles_are_stored(tmp_path):
    """Regression: the ETag was saved before the articles; a run that died in between made
    the next poll's 304 drop those articles for good."""
    server = NewsServer()
    try:
        item = "<item><title>Alpha and Beta sign an MoU</title><link>{}</link>"
        item += "<description>Alpha Corp and Beta Corp signed an MoU.</description></item>"
        body = f'<rss version="2.0"><channel><title>T</title>{item}</channel></rss>'
        url = server.route("/feed.xml", "", content_type="application/rss+xml", etag='"v1"')
        server.routes["/feed.xml"].body = body.format(server.url("/a")).encode()
        settings = Settings(db_path=tmp_path / "partners.db", allow_private_urls=True)
        db = open_db(settings.db_path)
        analyzer = DealAnalyzer()
        ingestor = Ingestor(settings, db, analyzer)

        analyzer.fail = MemoryError("analysis died")
        with pytest.raises(MemoryError):
            ingestor.ingest([url], poll=True)
        assert feed_store.get_feed(db, url).etag is None

        analyzer.fail = None
        summary = ingestor.ingest([url], poll=True)
        assert (summary.not_modified, summary.new_stories) == (0, 1)
        assert feed_store.get_feed(db, url).etag == '"v1"'
        assert ingestor.ingest([url], poll=True).not_modified == 1
        db.close()
    finally:
        server.close()
