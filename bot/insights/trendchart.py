"""The trends picture: one panel of horizontal bars each for companies, topics and deal
types, the period's count as the bar, the usual count as a tick across it, spikes in the
accent colour."""

from __future__ import annotations

from datetime import timedelta

from bot.insights import charts
from bot.insights.charts import ACCENT, FONT, INK, MUTED, STEADY, WIDTH_PX, fit
from bot.insights.trends import Trend, TrendReport

PANEL_TITLE_PX = 64
BAR_PX = 58
TOP_PX = 190
BOTTOM_PX = 120
LABEL_PX = 370  # room for the names left of the bars
VALUE_PX = 250  # room for "121  (usually 115)" right of the longest bar


def render_trends(report: TrendReport) -> bytes:
    """The report as a bar-chart PNG. Raises ValueError when it is empty (say so instead)."""
    if report.empty:
        raise ValueError("an empty trend report is said in words, not drawn")
    panels = [
        (title, rows)
        for title, rows in (
            ("Spikes: well above their usual rate", report.notable[:5]),
            ("Companies", report.companies),
            ("Topics", report.topics),
            ("Deal types", report.deal_types),
        )
        if rows
    ]
    height = TOP_PX + BOTTOM_PX + sum(PANEL_TITLE_PX + BAR_PX * len(rows) for _, rows in panels)
    fig, _ = charts.canvas(height)
    fig.clear()
    fig.set_facecolor(charts.BACKGROUND)
    y = height - TOP_PX
    for title, rows in panels:
        y -= PANEL_TITLE_PX
        fig.text(36 / WIDTH_PX, (y + 22) / height, title, fontsize=15, fontweight="bold",
                 fontfamily=FONT, color=INK)  # fmt: skip
        panel_h = BAR_PX * len(rows)
        y -= panel_h
        ax = fig.add_axes(
            (LABEL_PX / WIDTH_PX, y / height, (WIDTH_PX - LABEL_PX - VALUE_PX) / WIDTH_PX,
             panel_h / height)
        )  # fmt: skip
        _panel(ax, rows)
    _titles(fig, report, height)
    return charts.to_png(fig)


def _panel(ax, rows: tuple[Trend, ...]) -> None:
    ax.set_facecolor(charts.BACKGROUND)
    top = max(max(t.count, t.usual) for t in rows) or 1
    positions = list(range(len(rows)))[::-1]
    colours = [ACCENT if t.spike else STEADY for t in rows]
    ax.barh(positions, [t.count for t in rows], height=0.62, color=colours, zorder=2)
    for pos, trend in zip(positions, rows, strict=True):
        if trend.baseline:
            ax.plot([trend.usual, trend.usual], [pos - 0.42, pos + 0.42], color=INK,
                    linewidth=2.2, solid_capstyle="butt", zorder=3)  # fmt: skip
        ax.text(max(trend.count, trend.usual) + top * 0.02, pos, _value(trend), va="center",
                ha="left", fontsize=11, fontfamily=FONT, color=MUTED)  # fmt: skip
        name = fit(trend.label, LABEL_PX - 50, 12, bold=trend.spike)
        ax.text(-top * 0.02, pos, name, va="center", ha="right", fontsize=12, fontfamily=FONT,
                color=INK, fontweight="bold" if trend.spike else "normal")  # fmt: skip
    ax.set_xlim(0, top * 1.02)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.set_axis_off()


def _value(trend: Trend) -> str:
    usual = f"{trend.usual:.0f}" if trend.usual >= 10 else f"{trend.usual:.1f}"
    return f"{trend.count}  (usually {usual})" if trend.baseline else f"{trend.count}  (new)"


def _titles(fig, report: TrendReport, height: int) -> None:
    period = report.period
    last_day = period.until - timedelta(days=1)
    fig.text(36 / WIDTH_PX, (height - 62) / height, "New partnerships", fontsize=22,
             fontweight="bold", fontfamily=FONT, color=INK, va="center")  # fmt: skip
    span = f"{_day(period.since)} – {_day(last_day)}"
    fig.text(36 / WIDTH_PX, (height - 110) / height,
             f"{span} ({period.days} days) against the {report.baseline_days} days before",
             fontsize=13, fontfamily=FONT, color=MUTED, va="center")  # fmt: skip
    _legend(fig, height)
    fig.text(36 / WIDTH_PX, 30 / height, "Spike: ≥ 3 deals, ≥ 2× usual, unlikely at the usual rate "
             "(Poisson test) · date: published, else first seen · partners-bot", fontsize=9,
             fontfamily=FONT, color=MUTED, va="center")  # fmt: skip


def _legend(fig, height: int) -> None:
    from matplotlib.patches import Rectangle

    x, y = 36, 70
    for colour, text in ((STEADY, "deals in the period"), (ACCENT, "a spike"), (INK, "usual")):
        if colour == INK:
            fig.add_artist(
                Rectangle(
                    (x / WIDTH_PX + 0.008, (y - 14) / height),
                    3 / WIDTH_PX,
                    28 / height,
                    color=INK,
                    transform=fig.transFigure,
                )
            )
        else:
            fig.add_artist(
                Rectangle(
                    (x / WIDTH_PX, (y - 10) / height),
                    34 / WIDTH_PX,
                    20 / height,
                    color=colour,
                    transform=fig.transFigure,
                )
            )
        fig.text((x + 46) / WIDTH_PX, y / height, text, fontsize=11, fontfamily=FONT, color=INK,
                 va="center")  # fmt: skip
        x += 60 + charts.text_width(text, 11) + 40


def _day(value) -> str:
    return f"{value.day} {value.strftime('%b')} {value.year}"
