"""`python -m bench.slowloris`: acknowledgement latency while slow clients hold connections.

The real server (`partners-bot run --mode http`, Slack played by the stand-in) is measured
twice: signed `/partners help` commands sent one after another (50 ms apart), with nothing
else going on, then with `--slow` connections open that each sent a `POST /slack/events`
header announcing `Content-Length: 1000`, 4 bytes of body, and then one more byte every few
seconds (a connection the server closes is opened again). `/healthz` is timed alongside.
A command that gets no answer within `--timeout` seconds counts as that many seconds.

Everything stays on 127.0.0.1; the run is bounded by `--commands` and `--timeout`.
"""

from __future__ import annotations

import argparse
import socket
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.request import urlopen

from bench.measure import percentile
from bench.server import serve, write_feed

PAUSE = 0.05
TRICKLE_SECONDS = 5.0


@dataclass
class SlowClients:
    """`count` connections that never finish their request."""

    host: str
    port: int
    count: int
    opened: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)
    _threads: list[threading.Thread] = field(default_factory=list)
    _ready: threading.Semaphore = field(default_factory=lambda: threading.Semaphore(0))

    def start(self) -> SlowClients:
        for _ in range(self.count):
            thread = threading.Thread(target=self._hold, daemon=True)
            thread.start()
            self._threads.append(thread)
        for _ in range(self.count):
            self._ready.acquire(timeout=10)
        return self

    def _hold(self) -> None:
        announced = False
        while not self._stop.is_set():
            try:
                with socket.create_connection((self.host, self.port), timeout=10) as sock:
                    sock.sendall(
                        b"POST /slack/events HTTP/1.1\r\nHost: bench\r\n"
                        b"Content-Type: application/x-www-form-urlencoded\r\n"
                        b"Content-Length: 1000\r\n\r\nabcd"
                    )
                    self.opened += 1
                    if not announced:
                        announced = True
                        self._ready.release()
                    while not self._stop.wait(TRICKLE_SECONDS):
                        sock.sendall(b"e")
            except OSError:
                if self._stop.wait(0.2):
                    return

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=TRICKLE_SECONDS + 2)


def timed_commands(slack, url: str, count: int, timeout: float) -> tuple[list[float], int]:
    """Ack latencies of `count` signed commands (a timeout counts as `timeout`), and how
    many /healthz checks failed meanwhile."""
    seconds: list[float] = []
    unhealthy = 0
    for _ in range(count):
        start = time.perf_counter()
        try:
            sent = slack.command("/partners help", timeout=timeout)
            ok = sent.status == 200
        except OSError:
            ok = False
        seconds.append(time.perf_counter() - start if ok else timeout)
        try:
            with urlopen(url + "healthz", timeout=timeout) as answer:
                unhealthy += answer.status != 200
        except OSError:
            unhealthy += 1
        time.sleep(PAUSE)
    return seconds, unhealthy


def report(name: str, seconds: list[float], unhealthy: int, timeout: float) -> str:
    unanswered = sum(s >= timeout for s in seconds)
    return (
        f"{name:<28} p50 {percentile(seconds, 50) * 1000:7.1f} ms"
        f"  p95 {percentile(seconds, 95) * 1000:7.1f} ms  max {max(seconds) * 1000:7.1f} ms"
        f"  unanswered {unanswered}/{len(seconds)}  /healthz failures {unhealthy}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.slowloris", description=__doc__)
    parser.add_argument("--slow", type=int, default=40, help="slow connections (default 40)")
    parser.add_argument("--commands", type=int, default=100, help="commands per phase")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per request")
    args = parser.parse_args(argv)

    from tests.standin import SlackStandIn

    with tempfile.TemporaryDirectory(prefix="bench-slowloris-") as tmp:
        home = Path(tmp)
        feed = write_feed(home / "feed.xml", [])
        with SlackStandIn() as slack, serve(home, slack, feed) as server:
            port = int(server.url.rstrip("/").rsplit(":", 1)[1])
            quiet = timed_commands(slack, server.url, args.commands, args.timeout)
            print(report("no slow clients", *quiet, args.timeout), flush=True)
            slow = SlowClients("127.0.0.1", port, args.slow).start()
            try:
                loaded = timed_commands(slack, server.url, args.commands, args.timeout)
            finally:
                slow.stop()
            name = f"{args.slow} slow clients open"
            print(report(name, *loaded, args.timeout), flush=True)
            print(f"slow connections opened: {slow.opened}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
