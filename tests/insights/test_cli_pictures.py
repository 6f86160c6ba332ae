"""`partners-bot map` and `partners-bot trends` as a user runs them (a real process)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.insights.pictures import assert_picture


def days_ago(n: int) -> date:
    return date.today() - timedelta(days=n)  # these commands read up to the real today


@pytest.fixture
def stored(db, deal):
    deal(["Xiaomi", "Microsoft"], published=days_ago(40), deal_type="mou")
    deal(["Xiaomi", "Leica"], published=days_ago(3), deal_type="licensing")
    deal(["Oldco", "Leica"], published=days_ago(1500))
    return db


def test_map_writes_a_png_and_says_what_it_holds(stored, partners_bot, tmp_path):
    done = partners_bot("map", "xiaomi")
    assert done.returncode == 0, done.stderr
    words, path = done.stdout.splitlines()
    assert words.startswith("Xiaomi: 2 partnerships with 2 partners between ")
    assert path == "xiaomi-map.png"
    assert_picture((tmp_path / path).read_bytes())


def test_an_empty_map_is_only_words(stored, partners_bot, tmp_path):
    done = partners_bot("map", "Oldco", "--period", "6m", "--out", "oldco.png")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("No partnerships of Oldco found between ")
    assert not (tmp_path / "oldco.png").exists()


def test_trends_list_and_chart(stored, partners_bot, tmp_path):
    done = partners_bot("trends", "90d", "--out", "trends.png")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert any(line.startswith("Companies: Xiaomi 2") for line in lines)
    assert lines[-1] == "trends.png"
    assert_picture((tmp_path / "trends.png").read_bytes(), min_height=500)


@pytest.mark.parametrize(
    "args,code,line",
    [
        (["map", "Nobody"], 1, "no company called “Nobody” in the store"),
        (["map", "xiaomi", "--period", "forever"], 2,
         "“forever” is not a period: use a number and d, w, m or y, e.g. 30d, 6m"),
        (["trends", "0d"], 2, "a period is at least one day"),
    ],
)  # fmt: skip
def test_mistakes_get_one_line(stored, partners_bot, args, code, line):
    done = partners_bot(*args)
    assert done.returncode == code
    assert done.stderr.strip().splitlines() == [f"partners-bot: {line}"]
