"""`python -m bench.insights [--quick]`: the partner map, trends and export at scale.

- the map of the busiest company and of a mid-size one over 24 months of the 1M-article
  store, read and drawn in a warm process, and the first map of a fresh process (imports
  included);
- trends over 7, 30 and 90 days (read and spike test; the chart);
- the export streamed to /dev/null from stores of 10k and 1M partnerships (generated
  straight into SQLite, one article each): time and peak memory of the process.

Stores are cached under bench/out/ like the main benchmark's. Prints one table (see
bench/table.py); progress goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import numpy as np

from bench.synthdb import START_DAY, articles_store, bulk_load
from bench.table import Row, render
from bot.models import DEAL_TYPES

log = logging.getLogger("bench")
REPO = Path(__file__).resolve().parents[1]
MAP_GOAL_S = 2.0


def _timed(run, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return times


def _last_day(db) -> date:
    row = db.execute("SELECT MAX(COALESCE(published, created_at)) FROM partnerships").fetchone()
    return date.fromisoformat(row[0][:10])


def map_rows(store_path: Path, repeat: int) -> list[Row]:
    from bot.insights.mapchart import render_map
    from bot.insights.partner_map import build_map
    from bot.insights.periods import last
    from bot.store import open_db

    db = open_db(store_path)
    period = last("24m", now=_last_day(db))
    busiest = db.execute(
        "SELECT org_id, COUNT(*) n FROM partnership_parties GROUP BY org_id ORDER BY n DESC LIMIT 1"
    ).fetchone()[0]
    mid = db.execute(
        "SELECT org_id FROM partnership_parties GROUP BY org_id HAVING COUNT(*) BETWEEN 40 AND 80"
        " LIMIT 1"
    ).fetchone()[0]
    rows = []
    render_map(build_map(db, [busiest], "warm-up", period))  # imports and fonts, once
    for key, org_id in (("busiest", busiest), ("mid", mid)):
        name = db.execute("SELECT name FROM organisations WHERE id = ?", [org_id]).fetchone()[0]
        pm = build_map(db, [org_id], name, period)
        read = _timed(lambda o=org_id, n=name: build_map(db, [o], n, period), repeat)
        total = _timed(lambda o=org_id, n=name: render_map(build_map(db, [o], n, period)), repeat)
        what = f"{name}: {pm.deals:,} deals, {pm.partners:,} partners"
        rows.append(Row(f"M-{key}", f"map over 24 months, warm process, median ({what})",
                        statistics.median(total), "s", "reading it alone",
                        statistics.median(read), f"≤ {MAP_GOAL_S:.0f} s",
                        max(total) <= MAP_GOAL_S))  # fmt: skip
    db.close()
    code = (
        "import time; t = time.perf_counter()\n"
        "from bot.insights.mapchart import render_map\n"
        "from bot.insights.partner_map import build_map\n"
        "from bot.insights.periods import last\n"
        "from bot.store import open_db\n"
        "from datetime import date\n"
        f"db = open_db({str(store_path)!r})\n"
        f"png = render_map(build_map(db, [{busiest}], 'x', last('24m', now=date.fromisoformat("
        f"{period.until.isoformat()!r}))))\n"
        "print(time.perf_counter() - t)\n"
    )
    cold = []
    for _ in range(max(1, repeat // 2)):
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              check=True, cwd=REPO)  # fmt: skip
        cold.append(float(done.stdout.strip()))
    rows.append(Row("M-cold", "first map of a fresh process, imports included (busiest)",
                    statistics.median(cold), "s", "warm process, same map", rows[0].value,
                    ""))  # fmt: skip
    return rows


def trend_rows(store_path: Path, repeat: int) -> list[Row]:
    from bot.insights.periods import last
    from bot.insights.trendchart import render_trends
    from bot.insights.trends import trends
    from bot.store import open_db

    db = open_db(store_path)
    now = _last_day(db)
    rows = []
    week = None
    for span in ("7d", "30d", "90d"):
        period = last(span, now=now)
        times = _timed(lambda period=period: trends(db, period), repeat)
        report = trends(db, period)
        week = week or (times, report)
        rows.append(Row(f"T-{span}", f"trends {span}: read and spike test ({len(report.spikes)}"
                        f" spikes, {len(report.notable)} notable)", statistics.median(times) * 1000,
                        "ms", "trends 7d", statistics.median(week[0]) * 1000))  # fmt: skip
    render_trends(week[1])
    chart = _timed(lambda: render_trends(week[1]), repeat)
    rows.append(Row("T-chart", "trends chart (7d), warm process", statistics.median(chart), "s",
                    "reading the 7d trends", statistics.median(week[0])))  # fmt: skip
    db.close()
    return rows


def partnerships_store(n: int, out_dir: Path) -> Path:
    """A store of `n` partnerships (one article each, 3 years, Zipf-drawn companies)."""
    path = out_dir / f"partnerships-{n}-v1.db"
    if path.exists():
        return path
    log.info("generating %d partnerships into %s", n, path)
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    rng = np.random.default_rng(7)
    orgs = max(1000, n // 20)

    def fill(conn) -> None:
        conn.executemany(
            "INSERT INTO organisations (id, name, created_at) VALUES (?, ?, '2023-01-01')",
            [(i + 1, f"Company {i + 1}") for i in range(orgs)],
        )
        chunk = 50_000
        for start in range(0, n, chunk):
            ids = range(start + 1, min(n, start + chunk) + 1)
            seconds = rng.integers(0, 3 * 365 * 86_400, len(ids))
            days = [str(START_DAY + np.timedelta64(int(s), "s")) + "Z" for s in seconds]
            parties = rng.zipf(1.3, (len(ids), 2)) % orgs + 1
            conn.executemany(
                "INSERT INTO stories (id, title, published, created_at, updated_at,"
                " first_article_id, is_partnership) VALUES (?, ?, ?, ?, ?, ?, 1)",
                [(i, f"Deal {i}", d, d, d, i) for i, d in zip(ids, days, strict=True)],
            )
            conn.executemany(
                "INSERT INTO articles (id, uid, url, title, text, summary, published, fetched_at,"
                " content_hash, lang, is_partnership, story_id) VALUES"
                " (?, ?, ?, ?, '', ?, ?, ?, ?, 'en', 1, ?)",
                [(i, f"u{i}", f"https://news.example/{i}", f"Deal {i}", f"Summary {i}.", d, d,
                  f"h{i}", i) for i, d in zip(ids, days, strict=True)],
            )  # fmt: skip
            conn.executemany(
                "INSERT INTO partnerships (id, story_id, article_id, deal_type, topics, evidence,"
                " summary, confidence, lang, title, url, published, created_at)"
                " VALUES (?, ?, ?, ?, '[\"ai\"]', ?, ?, 0.9, 'en', ?, ?, ?, ?)",
                [(i, i, i, DEAL_TYPES[i % 7], f"Evidence {i}.", f"Summary {i}.", f"Deal {i}",
                  f"https://news.example/{i}", d, d) for i, d in zip(ids, days, strict=True)],
            )  # fmt: skip
            pairs = {(i, int(a)) for i, (a, b) in zip(ids, parties, strict=True)}
            pairs |= {(i, int(b)) for i, (a, b) in zip(ids, parties, strict=True)}
            conn.executemany(
                "INSERT INTO partnership_parties (partnership_id, org_id) VALUES (?, ?)",
                sorted(pairs),
            )
            log.info("  %d / %d partnerships", ids[-1], n)

    bulk_load(tmp, fill, tables=("articles", "stories", "partnerships", "partnership_parties"))
    tmp.replace(path)
    return path


def export_rows(out_dir: Path, sizes: tuple[int, int]) -> list[Row]:
    code = (
        "import sys, time\n"
        "from bench.measure import own_peak_rss\n"
        "from bot.insights.export import write\n"
        "from bot.store import open_db\n"
        "from bot.store.export import export_records\n"
        "db = open_db(sys.argv[1]); t = time.perf_counter()\n"
        "with open('/dev/null', 'w') as out: n = write(export_records(db), out, 'csv')\n"
        "print(n, time.perf_counter() - t, own_peak_rss() // 1024)\n"
    )
    measured = {}
    for n in sizes:
        path = partnerships_store(n, out_dir)
        done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                              text=True, check=True, cwd=REPO)  # fmt: skip
        rows_out, seconds, peak_kb = done.stdout.split()
        measured[n] = (int(rows_out), float(seconds), int(peak_kb) / 1024)
    small, big = sizes
    rows = []
    for n in sizes:
        count, seconds, peak = measured[n]
        rows.append(Row(f"E-{n // 1000}k-rss", f"export to CSV, {count:,} partnerships: peak RSS",
                        peak, "MB", f"the same, {small:,} partnerships", measured[small][2],
                        "flat (≤ 1.5×)" if n == big else "",
                        peak <= 1.5 * measured[small][2] if n == big else None))  # fmt: skip
        rows.append(Row(f"E-{n // 1000}k-rate", f"export to CSV, {count:,} partnerships: rate",
                        count / seconds, "rows/s", f"the same, {small:,} partnerships",
                        measured[small][0] / measured[small][1]))  # fmt: skip
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.insights", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small stores (a few minutes)")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    articles = 20_000 if args.quick else 1_000_000
    repeat = 3 if args.quick else 7
    store = articles_store(articles, 1, args.out)
    rows = map_rows(store.path, repeat) + trend_rows(store.path, repeat)
    rows += export_rows(args.out, (2_000, 20_000) if args.quick else (10_000, 1_000_000))
    print(f"# {articles:,} stored articles; {time.strftime('%Y-%m-%d')}; "
          f"load average {Path('/proc/loadavg').read_text().split()[0]}")  # fmt: skip
    print(render(rows))
    print(json.dumps({"map_goal_met": all(r.met for r in rows if r.met is not None)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
