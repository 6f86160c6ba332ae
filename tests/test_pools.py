"""`RestartingPool`: a worker that dies fails the call that saw it, and the next call gets a
new process (the ingest workers and the drawing process rely on it)."""

from __future__ import annotations

import os
from concurrent.futures.process import BrokenProcessPool

import pytest

from bot.pools import RestartingPool


def _pid() -> int:
    return os.getpid()


def _die() -> None:
    os._exit(9)  # as a worker killed for memory would: no exception, no cleanup


def _initialised(value: str) -> None:
    os.environ["POOL_TEST_INIT"] = value


def _init_value() -> str | None:
    return os.environ.get("POOL_TEST_INIT")


def test_a_dead_worker_fails_one_call_and_the_next_gets_a_new_process():
    pool = RestartingPool(timeout=60)
    try:
        first = pool.run(_pid)
        assert pool.run(_pid) == first  # the same process while it lives
        with pytest.raises(BrokenProcessPool):
            pool.run(_die)
        assert pool.run(_pid) not in (first, os.getpid())
    finally:
        pool.close()


def test_every_new_process_runs_the_initializer():
    pool = RestartingPool(initializer=_initialised, initargs=("ready",), timeout=60)
    try:
        assert pool.run(_init_value) == "ready"
        with pytest.raises(BrokenProcessPool):
            pool.run(_die)
        assert pool.run(_init_value) == "ready"
    finally:
        pool.close()


def test_a_closed_pool_starts_again_on_the_next_call():
    pool = RestartingPool(timeout=60)
    try:
        first = pool.run(_pid)
        pool.close()
        assert pool.run(_pid) != first
    finally:
        pool.close()
