"""The README's partner map is the project's own drawing of the sample feed: the commands
the README gives make the same picture again."""

from __future__ import annotations

import io
import re
import shlex
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from tests.insights.pictures import assert_picture

REPO = Path(__file__).resolve().parents[2]
PICTURE = REPO / "docs" / "sample-map.png"

pytestmark = pytest.mark.slow


def readme_commands() -> list[list[str]]:
    """The `partners-bot ...` lines of the README block that makes the picture."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n((?:(?!```).)*docs/sample-map\.png(?:(?!```).)*)```", readme, re.S)
    assert block, "the README shows no command that makes docs/sample-map.png"
    return [shlex.split(line)[1:] for line in block.group(1).splitlines()
            if line.startswith("partners-bot ")]  # fmt: skip


def test_the_readme_picture_is_what_its_command_draws_from_the_sample_feed(partners_bot, tmp_path):
    (ingest, draw) = readme_commands()
    assert ingest == ["ingest", "bot/sample/sample-feed.xml"]
    out = tmp_path / "docs" / "sample-map.png"
    out.parent.mkdir()

    for args in (ingest, draw):
        args = [str(REPO / a) if a.startswith("bot/") else a for a in args]
        done = partners_bot(*args, timeout=300)
        assert done.returncode == 0, done.stderr

    committed = assert_picture(PICTURE.read_bytes(), min_height=500)
    again = Image.open(io.BytesIO(out.read_bytes())).convert("RGB")
    assert again.size == committed.size
    difference = ImageStat.Stat(ImageChops.difference(again, committed.convert("RGB"))).mean
    assert max(difference) < 1.0  # the same drawing (font hinting may differ by a pixel)
    assert PICTURE.stat().st_size < 100_000  # small enough to keep in the repository
