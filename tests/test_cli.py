"""`partners-bot run` picks its mode; missing or wrong credentials give one clear line."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bot.cli import main, run_mode
from bot.config import Settings
from bot.store import open_db
from tests.conftest import bot_env
from tests.standin import BOT_TOKEN, SIGNING_SECRET
from tests.stories import HEADLINE, store_partnership

APP_TOKEN = "xapp-1-test-app-token"


@pytest.mark.parametrize(
    "requested,bot_token,app_token,interactive,expected",
    [
        ("auto", BOT_TOKEN, None, False, "http"),
        ("auto", BOT_TOKEN, APP_TOKEN, False, "socket"),
        ("auto", None, None, True, "console"),
        ("auto", None, None, False, "sample"),  # CI, pipes: the non-interactive report
        ("auto", None, APP_TOKEN, True, "console"),  # an app token alone is not Slack
        ("http", BOT_TOKEN, APP_TOKEN, False, "http"),  # Procfile's web: despite the app token
        ("socket", None, None, True, "socket"),  # asked for: fails later, naming the setting
    ],
)
def test_run_mode(requested, bot_token, app_token, interactive, expected):
    settings = Settings(slack_bot_token=bot_token, slack_app_token=app_token)

    assert run_mode(requested, settings, interactive=interactive) == expected


@pytest.mark.slow
@pytest.mark.parametrize(
    "args,env,line",
    [
        (
            ["run", "--mode", "http"],
            {},
            "SLACK_BOT_TOKEN is not set (needed for HTTP mode)",
        ),
        (
            ["run"],
            {"SLACK_BOT_TOKEN": BOT_TOKEN},
            "SLACK_SIGNING_SECRET is not set (needed for HTTP mode)",
        ),
        (
            ["run", "--mode", "socket"],
            {"SLACK_BOT_TOKEN": BOT_TOKEN},
            "SLACK_APP_TOKEN is not set (needed for Socket Mode)",
        ),
        (
            ["run"],
            {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_APP_TOKEN": "xoxb-pasted-in-the-wrong-place"},
            "SLACK_APP_TOKEN is not an app-level token (it starts with xapp-)",
        ),
        (
            ["run", "--mode", "http"],
            {"SLACK_BOT_TOKEN": APP_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET},
            "SLACK_BOT_TOKEN is not a bot token (it should start with xoxb-)",
        ),
        (
            ["run", "--mode", "socket"],
            {"PARTNERS_LOG_LEVEL": "chatty"},
            "PARTNERS_LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, got 'CHATTY'",
        ),
    ],
)
def test_missing_credentials_give_one_clear_line(partners_bot, args, env, line):
    done = partners_bot(*args, env=env)

    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [f"partners-bot: configuration error: {line}"]
    assert done.stdout == ""


@pytest.mark.slow
def test_a_rejected_token_is_named_and_never_printed(partners_bot, slack):
    slack.fail("auth.test", "invalid_auth")
    env = {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_BASE_URL": slack.api_url,
    }

    done = partners_bot("run", env=env)

    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "partners-bot: configuration error: SLACK_BOT_TOKEN was rejected by Slack (invalid_auth)"
    ]
    assert BOT_TOKEN not in done.stderr + done.stdout
    assert SIGNING_SECRET not in done.stderr + done.stdout


@pytest.mark.slow
def test_an_unreachable_slack_api_is_named(partners_bot):
    env = {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_BASE_URL": "http://127.0.0.1:9/api/",  # discard port: nothing listens
    }

    done = partners_bot("run", env=env)

    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "cannot reach the Slack API at http://127.0.0.1:9/api/" in lines[0]


@pytest.mark.slow
def test_query_json_prints_data(partners_bot, tmp_path):
    db = open_db(tmp_path / "partners.db")
    store_partnership(db, "Xiaomi", "Microsoft")
    db.close()

    done = partners_bot("query", "--json", "xiaomi")

    assert done.returncode == 0, done.stderr
    (p,) = json.loads(done.stdout)["partnerships"]
    assert set(p) == {
        "story_id",
        "parties",
        "deal_type",
        "topics",
        "summary",
        "evidence",
        "published",
        "first_seen",
        "confidence",
        "sources",
    }
    assert sorted(p["parties"]) == ["Microsoft", "Xiaomi"]
    assert p["sources"][0]["outlet"] == "news.example.com"


@pytest.mark.slow
def test_query_draws_the_answer_as_slack_shows_it(partners_bot, tmp_path):
    db = open_db(tmp_path / "partners.db")
    store_partnership(db, "Xiaomi", "Microsoft")
    db.close()

    done = partners_bot("query", "xiaomi")

    assert done.returncode == 0, done.stderr
    assert HEADLINE.search(done.stdout)
    assert "[1 Not a partnership]" in done.stdout


@pytest.mark.slow
def test_a_reader_that_stops_early_gets_no_traceback(tmp_path):
    # `partners-bot eval-grouping ... | head -3`: the pipe is closed when the report comes.
    code = (
        "import os, sys\n"
        "read, write = os.pipe(); os.close(read); os.dup2(write, 1)\n"
        "from bot.cli import main\n"
        'sys.stderr.write(f\'exit {main(["manifest", "--json"])}\')\n'
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=bot_env(tmp_path), cwd=tmp_path,
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.stderr.startswith("exit 0"), done.stderr
    assert "Traceback" not in done.stderr


@pytest.fixture
def sample_jsonl(tmp_path):
    from tests.nlp.labelled import records

    path = tmp_path / "sample.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records()), encoding="utf-8")
    return path


@pytest.mark.slow
def test_train_eval_cv_and_feedback_export_from_the_command_line(
    partners_bot, sample_jsonl, tmp_path
):
    weights = tmp_path / "weights.json"
    trained = partners_bot("train", "--jsonl", str(sample_jsonl), "--out", str(weights))
    assert trained.returncode == 0, trained.stderr
    assert "trained on 24 articles" in trained.stdout
    assert json.loads(weights.read_text())["meta"]["articles"] == 24

    cv = partners_bot("eval", "--jsonl", str(sample_jsonl), "--cv", "3", "--json")
    assert cv.returncode == 0, cv.stderr
    report = json.loads(cv.stdout)
    assert report["k"] == 3 and report["overall"]["articles"] == 24

    exported = partners_bot("feedback", "export")
    assert exported.returncode == 0 and exported.stdout == ""
    assert "0 labelled examples" in exported.stderr


# -- in this process: quick -----------------------------------------------------------------


@pytest.fixture
def cli(tmp_path, monkeypatch, capsys):
    """`main(args)` in a clean directory with no outside settings; (exit code, out, err)."""
    monkeypatch.chdir(tmp_path)
    for name in ("PARTNERS_DB", "PARTNERS_FEEDS", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN"):
        monkeypatch.delenv(name, raising=False)

    def run(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_version_is_printed(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.startswith("partners-bot 0.")


def test_db_and_verbose_go_before_or_after_the_command(cli, tmp_path):
    assert cli("--db", "first.db", "feeds")[0] == 0
    assert cli("feeds", "list", "-v", "--db", "second.db")[0] == 0
    assert (tmp_path / "first.db").exists() and (tmp_path / "second.db").exists()
    assert not (tmp_path / "partners.db").exists()


def test_feeds_are_stored_as_absolute_paths_and_can_be_managed(cli, tmp_path):
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "feed.xml").write_text("<rss/>")
    absolute = str((tmp_path / "news" / "feed.xml").resolve())

    code, out, _ = cli("feeds", "add", "news/feed.xml")
    assert code == 0 and absolute in out

    code, out, _ = cli("feeds", "pause", "news/feed.xml")
    assert code == 0 and "Paused feed 1" in out
    assert "paused" in cli("feeds")[1]
    assert "Resumed feed 1" in cli("feeds", "resume", "1")[1]
    assert "Removed feed 1" in cli("feeds", "remove", absolute)[1]
    assert "No feeds are polled" in cli("feeds", "list")[1]

    code, _, err = cli("feeds", "add", "missing.xml")
    assert code == 1 and err.strip() == "error missing.xml: no such file or directory"
    code, _, err = cli("feeds", "remove", "7")
    assert code == 1 and "no such feed" in err


def test_ingest_of_an_empty_folder_is_an_error(cli, tmp_path):
    (tmp_path / "empty").mkdir()

    code, out, err = cli("ingest", "empty")

    assert code == 1
    assert "error empty: no file to read in this directory (.atom" in err
    assert out.strip().endswith("1 error")


def test_the_summary_line_counts_in_words():
    from bot.ingest.ingestor import IngestSummary

    line = IngestSummary(sources=1, seen=1, new_stories=1, copies=1, partnerships=1).line()
    assert line == (
        "1 source, 1 article: 1 new story, 1 copy grouped into stories, 0 already seen,"
        " 1 new partnership, 0 errors"
    )
