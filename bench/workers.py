"""`partners-bot ingest --workers N` against one process, on the real-text mix.

The mix (`bench.realtext`) as one JSONL file, ingested into a fresh store by whole
processes, `--workers 1` and `--workers 2` one after the other; wall clock from start to
exit. Each copy of an article gets an address of its own, so every one is analysed (and
then stored as a copy of its story, as a syndicated article in a real feed).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from bench.analysis import Process, timed
from bench.realtext import write_jsonl


@dataclass(frozen=True)
class WorkersResult:
    articles: int
    one: Process
    two: Process


def run(mix: list[dict], models: tuple[str, str], work: Path) -> WorkersResult:
    copies = [r | {"source_url": f"https://copies.example/{quote(str(r['id']))}"} for r in mix]
    jsonl = write_jsonl(copies, work / "ingest-mix.jsonl")
    timings = {}
    for workers in (1, 2):
        db = work / f"ingest-w{workers}.db"
        db.unlink(missing_ok=True)
        env = {"PARTNERS_DB": str(db), "PARTNERS_MODEL_EN": models[0],
               "PARTNERS_MODEL_FR": models[1]}  # fmt: skip
        command = [sys.executable, "-m", "bot", "ingest", "--workers", str(workers), str(jsonl)]
        timings[workers] = timed(command, env)
    return WorkersResult(len(mix), timings[1], timings[2])
