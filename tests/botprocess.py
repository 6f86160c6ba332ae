"""Starting the real bot as a process: shared by the test fixtures and the benchmark."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen


def wait_healthy(
    url: str, process: subprocess.Popen, log_path: Path, *, timeout: float = 60.0
) -> None:
    """Return once `GET {url}healthz` answers 200; raise with the bot's log if it exits or
    is not healthy within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the bot exited ({process.returncode}):\n{log_path.read_text()}")
        try:
            with urlopen(url + "healthz", timeout=2) as answer:
                if answer.status == 200:
                    return
        except (URLError, OSError):
            pass
        time.sleep(0.1)
    raise RuntimeError(f"the bot was not healthy after {timeout}s:\n{log_path.read_text()}")
