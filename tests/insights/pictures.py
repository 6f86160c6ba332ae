"""Checks that a PNG is a real picture of sensible size, not a blank or a broken file."""

from __future__ import annotations

import io

from PIL import Image

from bot.insights.charts import WIDTH_PX

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def assert_picture(data: bytes, *, min_height: int = 600, max_height: int = 4000) -> Image.Image:
    assert data.startswith(PNG_SIGNATURE)
    assert 20_000 < len(data) < 3_000_000
    image = Image.open(io.BytesIO(data))
    image.load()
    assert image.format == "PNG"
    assert image.width == WIDTH_PX
    assert min_height <= image.height <= max_height
    colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
    assert colours is not None and len(colours) > 50  # text, lines and fills, not a blank
    return image
