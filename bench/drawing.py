"""`python -m bench.drawing [--quick]`: what drawing maps costs the Slack process.

The real server (`partners-bot run --mode http`, waitress) talks to the Slack stand-in, on
a store of 10,000 partnerships. Twice: as shipped, maps drawn in the drawing process
(`DrawingPool`, matplotlib imported when the server starts), then with maps drawn in the
web process itself on the deferred pool (the pool swapped for `render`; matplotlib then
imported by the first map). Each time:

- the first map, asked for 10 s after the server answers /healthz, end to end (command
  sent -> PNG uploaded to the stand-in);
- acknowledgements of `/partners help` sent every 50 ms while a map is asked for every
  second (the acks Slack waits for at most 3 s), against the same with no map asked for;
- a map end to end once warm (median).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.insights import partnerships_store
from bench.server import ack_idle, serve
from bench.table import Row, render

COMPANIES = [f"Company {n}" for n in (2, 3, 4, 5, 7, 10, 15)]  # Zipf: 2 signs the most
PERIOD = "10y"  # the generated deals are a few years old
START_GAP = 10.0  # seconds between /healthz answering 200 and the first map asked for
IN_PROCESS = """
import sys
import bot.insights.drawing as drawing

class InProcess:
    def start(self):
        pass
    def close(self):
        pass
    def __call__(self, picture):
        return drawing.render(picture)

drawing.DrawingPool = InProcess
from bot.cli import main
sys.exit(main(["run", "--mode", "http"]))
"""


def _map_end_to_end(slack, company: str, uploads: int) -> float:
    started = time.perf_counter()
    slack.command(f"/partners map {company} {PERIOD}", timeout=10)
    slack.wait_for_uploads(uploads, timeout=120)
    return time.perf_counter() - started


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _name_companies(path: Path) -> None:
    """The generated store has organisations but no aliases: give the asked ones theirs,
    so `/partners map Company 1` finds them as a user's question would."""
    from bot.store import open_db
    from bot.store.orgs import add_aliases, org_id_named

    db = open_db(path)
    try:
        with db.atomic():
            for name in COMPANIES:
                add_aliases(db, org_id_named(db, name), [name])
    finally:
        db.close()


def run_server(home: Path, store: Path, *, in_process: bool, seconds: float) -> dict:
    from tests.standin import SlackStandIn

    home.mkdir(parents=True)
    shutil.copy(store, home / "partners.db")
    _name_companies(home / "partners.db")
    feed = home / "feed.xml"
    feed.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>-</title>'
                    "</channel></rss>\n", encoding="utf-8")  # fmt: skip
    command = [sys.executable, "-c", IN_PROCESS] if in_process else None
    with SlackStandIn() as slack, serve(home, slack, feed, command) as server:
        time.sleep(START_GAP)  # a server is seldom asked for a map the second it is up
        first = _map_end_to_end(slack, COMPANIES[0], 1)
        idle = ack_idle(slack, ["help"], int(seconds / 0.06))
        asked = threading.Event()
        maps: list[float] = []

        def ask_maps() -> None:
            n = 1
            while not asked.is_set():
                n += 1
                maps.append(_map_end_to_end(slack, COMPANIES[n % len(COMPANIES)], n))
                time.sleep(1.0)

        asker = threading.Thread(target=ask_maps, daemon=True)
        asker.start()
        busy = ack_idle(slack, ["help"], int(seconds / 0.06))
        asked.set()
        asker.join(timeout=180)
        memory = server.memory.breakdown()
    return {"first": first, "idle": idle, "busy": busy, "maps": maps, "memory": memory}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.drawing", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="10 s of load instead of 30")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out")
    args = parser.parse_args(argv)
    seconds = 10.0 if args.quick else 30.0
    store = partnerships_store(10_000, args.out)
    with tempfile.TemporaryDirectory() as tmp:
        pool = run_server(Path(tmp) / "pool", store, in_process=False, seconds=seconds)
        here = run_server(Path(tmp) / "here", store, in_process=True, seconds=seconds)
    rows = []
    for key, name, run in (("D-pool", "drawing process", pool), ("D-here", "web process", here)):
        ms = [1000 * s for s in run["busy"]]
        idle_ms = [1000 * s for s in run["idle"]]
        rows += [
            Row(f"{key}-first", f"first map after start, end to end ({name})", run["first"],
                "s", "a map once warm (median)", statistics.median(run["maps"])),
            Row(f"{key}-ack95", f"ack p95 while maps are drawn ({name}, {len(ms)} acks)",
                _p(ms, 0.95), "ms", "the same, no map asked for", _p(idle_ms, 0.95)),
            Row(f"{key}-ackmax", f"ack max while maps are drawn ({name})", max(ms), "ms",
                "the same, no map asked for", max(idle_ms), "< 3,000 ms", max(ms) < 3000),
            Row(f"{key}-map", f"a map end to end, warm, median of {len(run['maps'])} ({name})",
                statistics.median(run["maps"]), "s", "first map after start", run["first"]),
        ]  # fmt: skip
    load = Path("/proc/loadavg").read_text().split()[0]
    print(f"# 10,000 partnerships; {time.strftime('%Y-%m-%d')}; load average {load}")
    print(render(rows))
    print(f"memory, drawing process: {pool['memory']}")
    print(f"memory, web process only: {here['memory']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
