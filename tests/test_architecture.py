"""The shape of the code, checked on its source: no import cycle, SQL only in `bot/store/`,
and the direction of the arrows (ingest -> nlp -> store -> service/messages -> delivery
-> slack -> handlers): no package imports one above it."""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
TOP_PACKAGES = ("bot", "handlers")

# What each package may not import (every import counts: inside functions, and those made
# for type checking only). `bot.cli` and `bot.__main__` start everything, so they may.
FORBIDDEN = {
    "bot.store": (
        *("bot.ingest", "bot.insights", "bot.service", "bot.messages", "bot.delivery"),
        "bot.slack",
    ),
    "bot.nlp": (
        *("bot.ingest", "bot.store", "bot.insights", "bot.service", "bot.messages"),
        "bot.delivery",
    ),
    "bot.ingest": (
        *("bot.insights", "bot.service", "bot.messages", "bot.delivery", "bot.slack"),
        "bot.terminal",
    ),
    # insights read the store and hand back plain data, sentences and pictures, for the
    # service, the messages, delivery and the terminal.
    "bot.insights": (
        *("bot.ingest", "bot.nlp", "bot.service", "bot.messages", "bot.delivery"),
        *("bot.slack", "bot.terminal"),
    ),
    "bot.messages": ("bot.ingest", "bot.nlp", "bot.delivery", "bot.slack", "bot.terminal"),
    "bot.service": ("bot.slack", "bot.terminal"),
    "bot.delivery": ("bot.service", "bot.slack", "bot.terminal"),
    "bot.terminal": ("bot.slack",),
}
ABOVE_EVERYTHING = ("bot.slack", "handlers")  # only these, cli and __main__ import them
SLACK_SDKS = ("slack_sdk", "slack_bolt")
MAY_USE_SLACK_SDKS = ("bot.slack", "bot.delivery", "handlers")

SQL_CALLS = frozenset({"execute", "executemany", "executescript", "query"})
SQL = re.compile(
    r"\b(?:SELECT\b[\s\S]+?\bFROM|INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET"
    r"|DELETE\s+FROM|CREATE\s+(?:TABLE|INDEX|UNIQUE|VIRTUAL|TRIGGER)|DROP\s+(?:TABLE|INDEX)"
    r"|PRAGMA\s+\w+|SAVEPOINT\s+\w+)\b"
)


@cache
def modules() -> dict[str, Path]:
    """Every module of the project by dotted name (a package by its own name)."""
    found: dict[str, Path] = {}
    for top in TOP_PACKAGES:
        for path in sorted((REPO / top).rglob("*.py")):
            parts = path.relative_to(REPO).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


@cache
def tree(name: str) -> ast.Module:
    return ast.parse(modules()[name].read_text(encoding="utf-8"))


def imported_names(name: str) -> set[str]:
    """Everything `name` imports, as dotted names (`from a import b` gives `a.b`)."""
    is_package = modules()[name].name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(tree(name)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = name if is_package else name.rpartition(".")[0]
                for _ in range(node.level - 1):
                    package = package.rpartition(".")[0]
                base = f"{package}.{base}".rstrip(".")
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def project_imports(name: str) -> set[str]:
    """The project's modules that importing `name` runs: each one it names (the deepest
    module a dotted name reaches), and the packages above those (their `__init__` runs
    first) unless `name` lives in them."""
    known = modules()
    found: set[str] = set()
    for target in imported_names(name):
        while target and target not in known:
            target = target.rpartition(".")[0]
        while target:
            inside = name == target or name.startswith(target + ".")
            if target in known and not inside:
                found.add(target)
            target = target.rpartition(".")[0]
    return found


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def sql_in(source: str) -> list[str]:
    """SQL statements written in `source`, and calls that run SQL (`x.execute(...)`)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found += [f"SQL text {m.group(0)[:40]!r}" for m in SQL.finditer(node.value)]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in SQL_CALLS
        ):
            found.append(f"line {node.lineno}: .{node.func.attr}(...)")
    return found


def within(name: str, packages: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in packages)


# -- the checks themselves work ------------------------------------------------------------


def test_the_cycle_finder_finds_a_cycle_and_only_cycles():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"d"}}
    assert cycles(graph) == [["a", "b", "c"]]


@pytest.mark.parametrize(
    "source",
    [
        'db.execute("SELECT id FROM articles WHERE uid = ?", [uid])',
        'rows = list(db.query(f"SELECT * FROM feeds WHERE {column} = ?", [key]))',
        'SQL = """\n    UPDATE stories SET n_articles = 0\n    WHERE id = :id\n"""',
        "conn.executemany(query, rows)",
        'text = "INSERT OR IGNORE INTO aliases (alias, org_id) VALUES (?, ?)"',
    ],
)
def test_the_sql_finder_finds_sql(source):
    assert sql_in(source)


@pytest.mark.parametrize(
    "source",
    [
        '"""Select the feeds from the store and update the summary."""',
        "parts = urlsplit(url); parts.query",
        'log.info("deleted from the outbox: %d", n)',
    ],
)
def test_the_sql_finder_leaves_prose_alone(source):
    assert not sql_in(source)


def test_the_project_imports_are_read():
    assert "bot.store.db" in project_imports("bot.store")
    assert "bot.slack.deps" in project_imports("handlers.replies")
    assert "bot.service" in project_imports("bot.messages.answers")  # the package runs first


# -- the code ------------------------------------------------------------------------------


def test_no_import_cycle():
    graph = {name: project_imports(name) for name in modules()}
    assert cycles(graph) == []


def test_sql_only_in_the_store():
    found = {
        name: problems
        for name, path in modules().items()
        if not within(name, ("bot.store",))
        and (problems := sql_in(path.read_text(encoding="utf-8")))
    }
    assert found == {}, "SQL outside bot/store/; add a named function to bot.store instead"


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_no_package_imports_one_above_it(package):
    wrong = {
        name: sorted(t for t in project_imports(name) if within(t, FORBIDDEN[package]))
        for name in modules()
        if within(name, (package,))
    }
    assert {name: found for name, found in wrong.items() if found} == {}


def test_only_the_entry_points_import_slack_and_the_handlers():
    allowed = (*ABOVE_EVERYTHING, "bot.cli", "bot.__main__")
    wrong = {
        name: sorted(t for t in project_imports(name) if within(t, ABOVE_EVERYTHING))
        for name in modules()
        if not within(name, allowed)
    }
    assert {name: found for name, found in wrong.items() if found} == {}


def test_slack_sdks_only_in_slack_delivery_and_handlers():
    wrong = sorted(
        name
        for name in modules()
        if not within(name, MAY_USE_SLACK_SDKS)
        and any(within(i, SLACK_SDKS) for i in imported_names(name))
    )
    assert wrong == []


def test_the_grouping_decisions_are_pure():
    """`bot.store.grouping` decides which story an article joins; `bot.store.stories` reads
    and writes. The decisions hold no SQL and use nothing else of the store."""
    grouping = ("bot.store.grouping",)
    wrong = {
        name: sql_in(path.read_text(encoding="utf-8"))
        + sorted(
            t
            for t in project_imports(name)
            if within(t, ("bot.store",)) and not within(t, grouping)
        )
        for name, path in modules().items()
        if within(name, grouping)
    }
    assert "bot.store.grouping.copies" in wrong
    assert {name: found for name, found in wrong.items() if found} == {}


def test_at_most_eight_loose_modules_at_the_top_of_bot():
    loose = sorted(p.name for p in (REPO / "bot").glob("*.py"))
    assert len(loose) <= 8, loose
