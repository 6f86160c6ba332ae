"""Drawing the partner map (matplotlib, Agg): the company in the middle, partners in two
columns curving around it, one row each, so no label can overlap another however many
partners there are (at most `MAX_PARTNERS` are drawn).

Lines to partners are coloured by the main deal type and as thick as the number of deals;
dashed curves are deals between two partners; labels give the partner, its number of deals
(or the deal type when there is one) and the month of the latest.
"""

from __future__ import annotations

import math
import textwrap

from bot.insights import charts
from bot.insights.charts import (
    FONT,
    INK,
    MUTED,
    WIDTH_PX,
    deal_colour,
    fit,
    month,
    points,
    shorten,
    text_width,
)
from bot.insights.partner_map import PartnerMap
from bot.models import DEAL_LABELS, deal_label
from bot.store.network import Partner

HEADER = 200
ROW = 86  # one partner: name and detail lines
MIN_PLOT = 400
CENTRE_RADIUS = 100
SPREAD = 215  # how far from the middle the partner columns sit at mid-height
MARGIN = 36
NAME_PT, DETAIL_PT = 15, 11


def render_map(pm: PartnerMap) -> bytes:
    """The map as a PNG. Raises ValueError for an empty map (say `in_words()` instead)."""
    if pm.empty:
        raise ValueError("an empty map is said in words, not drawn")
    right, left = pm.shown[0::2], pm.shown[1::2]
    rows = max(len(right), len(left))
    plot = max(MIN_PLOT, rows * ROW)
    legend_rows = math.ceil(len(_types(pm)) / 3) + (1 if pm.links else 0)
    footer = 110 + 44 * legend_rows + (44 if pm.hidden else 0)
    height = HEADER + plot + footer
    fig, ax = charts.canvas(height)
    cx, cy = WIDTH_PX / 2, footer + plot / 2
    spacing = min(ROW * 1.6, plot / max(rows, 1))
    places: dict[int, tuple[float, float, int]] = {}
    for side, column in ((1, right), (-1, left)):
        for i, partner in enumerate(column):
            dy = ((len(column) - 1) / 2 - i) * spacing
            reach = max(rows - 1, 1) / 2 * spacing * 1.15 + spacing / 2
            x = cx + side * SPREAD * math.sqrt(max(0.0, 1 - (dy / reach) ** 2))
            places[partner.org_id] = (x, cy + dy, side)
    _links(ax, pm, places, (cx, cy))
    for partner in pm.shown:
        _partner(ax, partner, places[partner.org_id], (cx, cy), two_lines=spacing >= 120)
    _centre(ax, pm.company, cx, cy)
    _header(ax, pm, height)
    _footer(ax, pm, footer)
    return charts.to_png(fig)


def _radius(deals: int) -> float:
    return min(24.0, 9 + 5 * math.log2(deals))


def _width(deals: int) -> float:
    return min(13.0, 2.5 + 2.6 * math.log2(deals))


def _partner(ax, partner: Partner, place, centre, *, two_lines: bool = False) -> None:
    from matplotlib.patches import Circle

    x, y, side = place
    cx, cy = centre
    colour = deal_colour(partner.main_deal_type)
    angle = math.atan2(y - cy, x - cx)
    start = (cx + CENTRE_RADIUS * math.cos(angle), cy + CENTRE_RADIUS * math.sin(angle))
    ax.plot(
        [start[0], x], [start[1], y], color=colour, linewidth=points(_width(partner.deals)),
        solid_capstyle="round", alpha=0.9, zorder=2,
    )  # fmt: skip
    r = _radius(partner.deals)
    ax.add_patch(Circle((x, y), r, facecolor=colour, edgecolor="white", linewidth=2, zorder=4))
    gap = r + 14
    text_x = x + side * gap
    room = (WIDTH_PX - MARGIN - text_x) if side > 0 else (text_x - MARGIN)
    align = "left" if side > 0 else "right"
    name, size = _fitted(partner.name, room, NAME_PT, bold=True)
    name_y, detail_y = y + 14, y - 17
    if two_lines and name != " ".join(partner.name.split()):  # room for a second name line
        name, size = _two_lines(partner.name, room, NAME_PT - 2)
        name_y, detail_y = y + 18, y - 34
    ax.text(
        text_x, name_y, name, ha=align, va="center", fontsize=size, fontfamily=FONT,
        fontweight="bold", color=INK, zorder=5, linespacing=1.1,
    )  # fmt: skip
    detail, size = _fitted(_detail(partner), room, DETAIL_PT)
    ax.text(
        text_x, detail_y, detail, ha=align, va="center", fontsize=size, fontfamily=FONT,
        color=MUTED, zorder=5,
    )  # fmt: skip


def _two_lines(text: str, room: float, size: float) -> tuple[str, float]:
    """`text` broken at the word that best fills the first line, each line fitted."""
    words = text.split()
    first = words[:1]
    for word in words[1:]:
        if text_width(" ".join([*first, word]), size, bold=True) > room:
            break
        first.append(word)
    rest = " ".join(words[len(first) :])
    lines = [fit(" ".join(first), room, size, bold=True)]
    if rest:
        lines.append(fit(rest, room, size, bold=True))
    return "\n".join(lines), size


def _fitted(text: str, room: float, size: float, *, bold: bool = False) -> tuple[str, float]:
    """`text` at `size` if it fits in `room` pixels, else a size smaller, else shortened."""
    smaller = size - 2
    if text_width(text, size, bold=bold) <= room:
        return text, size
    return fit(text, room, smaller, bold=bold), smaller


def _detail(partner: Partner) -> str:
    """ "3 deals · Mar 2026"; one deal names its type; an undated latest deal says 'seen'."""
    what = deal_label(partner.main_deal_type) if partner.deals == 1 else f"{partner.deals} deals"
    dated = partner.latest_published and partner.latest_published >= partner.latest_deal_date
    when = month(partner.latest_deal_date)
    if when and not dated:
        when = f"seen {when}"
    return f"{what} · {when}" if when else what


def _links(ax, pm: PartnerMap, places, centre) -> None:
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path

    cx, cy = centre
    for link in pm.links:
        if link.a not in places or link.b not in places:
            continue
        (x0, y0, _), (x1, y1, _) = places[link.a], places[link.b]
        mx, my = (x0 + x1) / 2, (y0 + y1) / 2
        control = (mx + (cx - mx) * 0.3, my + (cy - my) * 0.3)  # a bow towards the middle
        path = Path([(x0, y0), control, (x1, y1)], [Path.MOVETO, Path.CURVE3, Path.CURVE3])
        ax.add_patch(
            PathPatch(
                path, facecolor="none", edgecolor=charts.FAINT, linestyle=(0, (4, 3)),
                linewidth=points(min(4.0, 1.5 + 0.8 * math.log2(link.deals))), alpha=0.7,
                zorder=1,
            )
        )  # fmt: skip


def _centre(ax, company: str, cx: float, cy: float) -> None:
    from matplotlib.patches import Circle

    ax.add_patch(Circle((cx, cy), CENTRE_RADIUS, facecolor=INK, edgecolor="white",
                        linewidth=3, zorder=6))  # fmt: skip
    lines, size = _centre_lines(company, CENTRE_RADIUS * 1.7)
    ax.text(
        cx, cy, "\n".join(lines), ha="center", va="center", fontsize=size, fontfamily=FONT,
        fontweight="bold", color="white", zorder=7, linespacing=1.15,
    )  # fmt: skip


def _centre_lines(company: str, room: float) -> tuple[list[str], float]:
    """The company's name in at most three lines that fit across the centre circle."""
    for size in (17, 15, 13, 12):
        for width in range(24, 5, -1):
            lines = textwrap.wrap(company, width, break_long_words=False) or [company]
            if len(lines) > 3:
                break
            if all(text_width(line, size, bold=True) <= room for line in lines):
                return lines, size
    lines = textwrap.wrap(company, 12, break_long_words=True) or [company]
    if len(lines) > 3:
        lines = [*lines[:2], lines[2] + "…"]
    return [fit(line, room, 12, bold=True) for line in lines], 12


def _header(ax, pm: PartnerMap, height: int) -> None:
    ax.text(
        MARGIN, height - 62, shorten(f"{pm.company}: partner map", 40), ha="left",
        va="center", fontsize=22, fontfamily=FONT, fontweight="bold", color=INK,
    )  # fmt: skip
    end = month((pm.period.until.fromordinal(pm.period.until.toordinal() - 1)).isoformat())
    deals = f"{pm.deals:,} partnership{'s' if pm.deals != 1 else ''}"
    partners = f"{pm.partners:,} partner{'s' if pm.partners != 1 else ''}"
    ax.text(
        MARGIN, height - 112, f"{month(pm.period.since.isoformat())} – {end} · {deals} with "
        f"{partners}", ha="left", va="center", fontsize=13, fontfamily=FONT, color=MUTED,
    )  # fmt: skip
    if pm.hidden:
        ax.text(
            MARGIN, height - 150, f"The {len(pm.shown)} partners with the most deals",
            ha="left", va="center", fontsize=12, fontfamily=FONT, color=MUTED,
        )  # fmt: skip


def _types(pm: PartnerMap) -> list[str]:
    present = {p.main_deal_type for p in pm.shown}
    return [t for t in DEAL_LABELS if t in present] + sorted(present - set(DEAL_LABELS))


def _footer(ax, pm: PartnerMap, footer: int) -> None:
    y = footer - 40
    if pm.hidden:
        ax.text(MARGIN, y, pm.hidden_line(), ha="left", va="center", fontsize=13,
                fontfamily=FONT, color=INK)  # fmt: skip
        y -= 44
    column = (WIDTH_PX - 2 * MARGIN) / 3
    for i, deal_type in enumerate(_types(pm)):
        x = MARGIN + (i % 3) * column
        row_y = y - (i // 3) * 44
        ax.plot([x, x + 44], [row_y, row_y], color=deal_colour(deal_type),
                linewidth=points(9), solid_capstyle="round")  # fmt: skip
        ax.text(x + 58, row_y, deal_label(deal_type), ha="left", va="center",
                fontsize=12, fontfamily=FONT, color=INK)  # fmt: skip
    y -= 44 * math.ceil(len(_types(pm)) / 3)
    if pm.links:
        ax.plot([MARGIN, MARGIN + 44], [y, y], color=charts.FAINT, linestyle=(0, (4, 3)),
                linewidth=points(4))  # fmt: skip
        label = "deals between two of these partners"
        if pm.linked_pairs > len(pm.links):
            label += f" (the {len(pm.links)} busiest of {pm.linked_pairs:,} pairs)"
        ax.text(
            MARGIN + 58, y, label, ha="left", va="center", fontsize=12, fontfamily=FONT, color=INK
        )
    ax.text(
        MARGIN, 26, "Line width: number of deals · dates: the latest deal, as published "
        "(“seen”: undated, first seen) · partners-bot", ha="left", va="center", fontsize=9,
        fontfamily=FONT, color=MUTED,
    )  # fmt: skip
