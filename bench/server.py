"""The real server under load: `partners-bot run --mode http` talking to the Slack stand-in.

`serve` starts the bot in its own process group with `PARTNERS_FEEDS` set to a generated
feed file, so it starts ingesting at once in its worker process. Meanwhile a client sends
signed `/partners` slash commands one after another (50 ms apart) and times each HTTP
response: the acknowledgement Slack waits for. Once every item is stored, the same is done
with the bot idle: that is the reference. A sampler reads the memory of the whole process
tree (the server process and the ingest process) every 100 ms.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

from bench.measure import tree_memory
from bench.news import NewsItem
from tests.botprocess import wait_healthy

log = logging.getLogger("bench")

REPO = Path(__file__).resolve().parents[1]
START_SECONDS = 120.0
INGEST_SECONDS = 900.0
PAUSE = 0.05  # between two commands of the client


def write_feed(path: Path, items: list[NewsItem]) -> Path:
    """An RSS 2.0 file with the articles' full text in the description."""
    entries = []
    for item in items:
        when = format_datetime(datetime.fromisoformat(item.published.replace("Z", "+00:00")))
        url = f"https://news.example/{item.lang}/{item.uid}"
        entries.append(
            f"<item><title>{escape(item.title)}</title><link>{url}</link>"
            f"<guid>{url}</guid><pubDate>{when}</pubDate>"
            f"<description>{escape(item.text)}</description></item>"
        )
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        "<title>Bench wire</title><link>https://news.example/</link>"
        "<description>Generated business news</description>"
        + "\n".join(entries)
        + "</channel></rss>\n",
        encoding="utf-8",
    )
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stored_articles(db_path: Path) -> int:
    """Articles in the server's database (0 while it does not exist yet)."""
    if not db_path.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


@dataclass
class MemorySampler:
    """Peak memory of a process tree, sampled in a thread every 100 ms.

    `peak_rss` is the largest sum of the processes' RSS seen at one sample; `peaks` keeps
    each process's own peak (VmHWM, which no sampling can miss): their sum is an upper
    bound of the tree's peak, and the figure reported.
    """

    pid: int
    peak_rss: int = 0
    peaks: dict[int, tuple[str, int]] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.1):
            self.sample()

    def sample(self) -> None:
        tree = tree_memory(self.pid)
        self.peak_rss = max(self.peak_rss, sum(rss for _, rss, _ in tree.values()))
        for pid, (role, _, hwm) in tree.items():
            self.peaks[pid] = (role, max(hwm, self.peaks.get(pid, (role, 0))[1]))

    @property
    def peak_hwm(self) -> int:
        return sum(hwm for _, hwm in self.peaks.values())

    def breakdown(self) -> str:
        parts = sorted(self.peaks.values(), key=lambda p: -p[1])
        return ", ".join(f"{role} {hwm / 2**20:.0f} MB" for role, hwm in parts)

    def stop(self) -> None:
        self.sample()
        self._stop.set()
        self._thread.join()


@dataclass
class Server:
    process: subprocess.Popen
    url: str
    db_path: Path
    memory: MemorySampler


@contextmanager
def serve(home: Path, slack, feed: Path, command: list[str] | None = None):
    """`partners-bot run --mode http` in `home`, its Slack the stand-in, reading `feed`
    (`command`: another way to start the same server, e.g. with a part swapped)."""
    from tests.standin import BOT_TOKEN, SIGNING_SECRET

    port = _free_port()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "PYTHONPATH": str(REPO),
        "PARTNERS_DB": str(home / "partners.db"),
        "PARTNERS_FEEDS": str(feed),
        "PARTNERS_LOG_LEVEL": "WARNING",
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_BASE_URL": slack.api_url,
        "PORT": str(port),
    }
    log_path = home / "server.log"
    with log_path.open("a") as out:
        process = subprocess.Popen(
            command or [sys.executable, "-m", "bot", "run", "--mode", "http"],
            cwd=home,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    memory = MemorySampler(process.pid)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_healthy(url, process, log_path, timeout=START_SECONDS)
        slack.bot_url = url + "slack/events"
        yield Server(process, url, home / "partners.db", memory)
    finally:
        memory.stop()
        _stop(process)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _command(slack, text: str) -> float:
    start = time.perf_counter()
    sent = slack.command(f"/partners {text}", timeout=10)
    elapsed = time.perf_counter() - start
    if sent.status != 200:
        raise RuntimeError(f"/partners {text}: HTTP {sent.status} {sent.body[:200]}")
    return elapsed


def ack_while(slack, questions: list[str], busy) -> list[tuple[float, float]]:
    """(seconds since the first, ack latency) of commands sent one after another while
    `busy()` is true."""
    acks = []
    start = time.perf_counter()
    i = 0
    while busy():
        sent_at = time.perf_counter() - start
        acks.append((sent_at, _command(slack, questions[i % len(questions)])))
        i += 1
        time.sleep(PAUSE)
    return acks


def ack_idle(slack, questions: list[str], count: int) -> list[float]:
    seconds = []
    for i in range(count):
        seconds.append(_command(slack, questions[i % len(questions)]))
        time.sleep(PAUSE)
    return seconds


@dataclass(frozen=True)
class IngestRun:
    """What one server run measured."""

    busy: list[float]  # ack latencies while ingesting
    busy_at: list[float]  # when each was sent, in seconds after the server was healthy
    idle: list[float]  # ack latencies once idle
    ingest_seconds: float
    articles: int
    peak_rss: int  # the tree's sampled peak (sum of current RSS)
    peak_hwm: int  # sum of each process's own peak: an upper bound
    memory: str  # each process's peak
    answers: int  # answers the bot sent to response_urls


def ingest_run(
    home: Path, items: list[NewsItem], *, idle_commands: int = 0, store: Path | None = None
) -> IngestRun:
    """Serve, ingest `items` from a feed file, time acks meanwhile and then idle (so the
    server also holds whatever answering `/partners` loads). `store`: a database copied in
    first (a big generated store), else the server starts on an empty one."""
    from tests.standin import SlackStandIn

    home.mkdir(parents=True, exist_ok=True)
    if store is not None:
        shutil.copyfile(store, home / "partners.db")
    feed = write_feed(home / "feed.xml", items)
    questions = [c for item in items for c in item.companies[:2]] or ["xiaomi"]
    expected = stored_articles(home / "partners.db") + len(items)
    with SlackStandIn() as slack, serve(home, slack, feed) as server:
        start = time.monotonic()
        deadline = start + INGEST_SECONDS
        done = threading.Event()

        def watch() -> None:
            while time.monotonic() < deadline and stored_articles(server.db_path) < expected:
                time.sleep(0.2)
            done.set()

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        acks = ack_while(slack, questions, lambda: not done.is_set())
        done.wait()
        ingest_seconds = time.monotonic() - start
        articles = stored_articles(server.db_path) - expected + len(items)
        if articles < len(items):
            raise RuntimeError(f"only {articles} of {len(items)} articles stored in time")
        time.sleep(1.0)
        idle = ack_idle(slack, questions, idle_commands)
        server.memory.sample()
        time.sleep(0.5)
        answers = len(slack.responses)
    return IngestRun(
        busy=[latency for _, latency in acks],
        busy_at=[at for at, _ in acks],
        idle=idle,
        ingest_seconds=ingest_seconds,
        articles=articles,
        peak_rss=server.memory.peak_rss,
        peak_hwm=server.memory.peak_hwm,
        memory=server.memory.breakdown(),
        answers=answers,
    )


def models_alone_rss(model_en: str, model_fr: str) -> int:
    """Peak RSS of a bare Python process that loads both models with every component."""
    code = (
        "import spacy, sys\n"
        f"spacy.load({model_en!r}); spacy.load({model_fr!r})\n"
        "from bench.measure import own_peak_rss\n"
        "print(own_peak_rss())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return int(done.stdout.strip().splitlines()[-1])
