"""Small measuring tools: percentiles, the memory of a process tree."""

from __future__ import annotations

import math
import os
from pathlib import Path


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank `q`-th percentile (0 < q <= 100) of `values`."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def _status(pid: int) -> dict[str, str]:
    fields = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            fields[key] = value.strip()
    except OSError:
        pass
    return fields


def process_tree(root: int) -> list[int]:
    """`root` and every process descending from it (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, []))
    return tree


def _loaded(pid: int, library: str) -> bool:
    """Has the process loaded a shared object of `library` (e.g. matplotlib's ft2font)?"""
    try:
        return library in Path(f"/proc/{pid}/maps").read_text(errors="replace")
    except OSError:
        return False


def _role(pid: int, root: int) -> str:
    """What a process of the server's tree is, from its command line."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        cmdline = ""
    if pid == root:
        return "server"
    if "resource_tracker" in cmdline:
        return "resource tracker"
    if "spawn_main" in cmdline:
        return "drawing process" if _loaded(pid, "matplotlib") else "ingest process"
    return "other"


def tree_memory(root: int) -> dict[int, tuple[str, int, int]]:
    """pid -> (role, RSS now, peak RSS) in bytes, for `root` and its descendants."""
    out = {}
    for pid in process_tree(root):
        status = _status(pid)
        if not status:
            continue
        rss = int(status.get("VmRSS", "0 kB").split()[0]) * 1024
        hwm = int(status.get("VmHWM", "0 kB").split()[0]) * 1024
        out[pid] = (_role(pid, root), rss, hwm)
    return out


def warm_file(path: Path) -> None:
    """Read a file once so the OS has it in its page cache (this VM reclaims cold pages)."""
    with open(path, "rb") as f:
        while f.read(1 << 22):
            pass


def own_peak_rss() -> int:
    """This process's peak RSS, in bytes."""
    return int(_status(os.getpid()).get("VmHWM", "0 kB").split()[0]) * 1024
