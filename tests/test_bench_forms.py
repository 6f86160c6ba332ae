"""The forms benchmark (`bench.forms`, section 7 of `python -m bench`) asks every form that
`/partners help` lists, and each of its questions is that form (no timing here)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from bench.forms import forms
from bench.synthdb import Store
from bot.service import grammar as cmd
from bot.service.grammar import COMMANDS
from bot.service.parse import parse

STORE = Store(Path("unused.db"), 10_000, 7_000, 400, 2_000, 0.1, 4_600, seed=1)

EXPECTED = {"company": cmd.Company, "pair": cmd.Pair, "search": cmd.Search,
            "watch": cmd.Watch, "unwatch": cmd.Unwatch, "watchlist": cmd.Watchlist,
            "unmute": cmd.Unmute, "digest": cmd.DigestSet, "digest now": cmd.DigestNow,
            "digest off": cmd.DigestOff, "digest show": cmd.DigestShow, "feeds": cmd.FeedsList,
            "feeds add": cmd.FeedAdd, "feeds remove": cmd.FeedRemove, "read": cmd.Read,
            "map": cmd.Map, "trends": cmd.Trends, "export": cmd.Export,
            "help": cmd.Help}  # fmt: skip


def _spec_name(key: str) -> str:
    names = {spec.name for spec in COMMANDS}
    return key if key in names else key.split("-")[0]


def test_every_form_help_lists_is_measured():
    measured = {_spec_name(form.key) for form in forms()}
    assert {spec.name for spec in COMMANDS} <= measured


@pytest.mark.parametrize("form", forms(), ids=lambda f: f.key)
def test_each_question_is_its_form(form):
    rng = random.Random(1)
    expected = EXPECTED.get(_spec_name(form.key))
    for i in range(6):
        command = parse(form.ask(STORE, rng, i), is_known=lambda name: "+" not in name)
        assert not isinstance(command, cmd.Unknown | cmd.Usage), (form.key, command)
        if expected is not None:
            assert isinstance(command, expected), (form.key, command)
