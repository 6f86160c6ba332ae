"""Benchmarks of partners-bot: `python -m bench` (full, ~10-25 min) or `--quick` (< 1 min).

Each section builds its own data and compares its figure with a reference measured in the
same run; `run` prints them as one table. See BENCHMARKS.md for the results and what they
led to.
"""
