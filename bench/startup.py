"""Start-up: from a process's start to its first analysed article, the cascade against the
naive way.

One real article (the first partnership of each language in the shared corpus) in a JSONL
file: `partners-bot analyze` on it (language model, first pass, the models of that
language, the analysis, the output written) and `bench.naive_ner` on it (spaCy, the model
with its NER, the article read), each timed from start to exit, the median of `runs`; and
the floor, `bench.floor` (spaCy imported, the model loaded, nothing analysed). A run of the
cascade beforehand fills the user's cache (the unpacked language model, the French
tokenizer expression), as any earlier run of the bot does.
"""

from __future__ import annotations

import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

from bench.analysis import cascade_command, naive_command, timed
from bench.realtext import write_jsonl


@dataclass(frozen=True)
class StartUp:
    lang: str
    cascade: float  # median wall seconds
    naive: float
    floor: float  # spaCy imported and the model loaded, nothing else


def floor_command(model: str) -> list[str]:
    return [sys.executable, "-m", "bench.floor", model]


def first_partnership(records: list[dict], lang: str) -> dict | None:
    return next((r for r in records if r["lang"] == lang and r.get("is_partnership")), None)


def run(records: list[dict], models: tuple[str, str], work: Path, runs: int = 3) -> list[StartUp]:
    out = []
    for lang in ("en", "fr"):
        record = first_partnership(records, lang)
        if record is None:
            continue
        jsonl = write_jsonl([record], work / f"one-{lang}.jsonl")
        result = work / f"one-{lang}.out.jsonl"
        env = {"PARTNERS_MODEL_EN": models[0], "PARTNERS_MODEL_FR": models[1]}
        timed(cascade_command(jsonl, result), env)  # the cache, as after any earlier run
        model = models[0] if lang == "en" else models[1]
        cascade, naive, floor = [], [], []
        for _ in range(runs):  # alternated, so a burst of load weighs on all three
            cascade.append(timed(cascade_command(jsonl, result), env).wall)
            naive.append(timed(naive_command(jsonl, models)).wall)
            floor.append(timed(floor_command(model)).wall)
        medians = (statistics.median(x) for x in (cascade, naive, floor))
        out.append(StartUp(lang, *medians))
    return out
