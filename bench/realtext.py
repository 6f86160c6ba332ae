"""Real article text for the analysis figures: the shared labelled corpus
(`../shared/corpus/train.jsonl` + `dev.jsonl`), read at run time, never copied.

`real_mix` repeats its articles under unique ids into a mix of a chosen size where a chosen
share are partnerships (the corpus itself is half partnerships; news is not).
"""

from __future__ import annotations

import json
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
FILES = ("train.jsonl", "dev.jsonl")


def corpus_records(corpus: Path = CORPUS) -> list[dict]:
    """Every labelled article of the shared corpus, or [] when it is not beside the clone."""
    records = []
    for name in FILES:
        path = corpus / name
        if path.exists():
            with open(path, encoding="utf-8") as f:
                records += [json.loads(line) for line in f if line.strip()]
    return records


def real_mix(records: list[dict], size: int = 2000, share: float = 0.1) -> list[dict]:
    """`size` articles, `share` of them partnerships, cycling through the corpus's own
    partnerships and others in order; each copy gets an id of its own ("<id>#<n>")."""
    yes = [r for r in records if r.get("is_partnership")]
    no = [r for r in records if not r.get("is_partnership")]
    if not yes or not no:
        raise ValueError("the corpus needs partnerships and other articles")
    wanted = round(size * share)
    out, taken = [], {True: 0, False: 0}
    for n in range(size):
        is_yes = (n + 1) * wanted // size > n * wanted // size  # spread evenly
        pool, count = (yes if is_yes else no), taken[is_yes]
        record = dict(pool[count % len(pool)])
        record["id"] = f"{record['id']}#{count // len(pool)}"
        taken[is_yes] += 1
        out.append(record)
    return out


def write_jsonl(records: list[dict], path: Path) -> Path:
    """The records as a JSONL file (what `partners-bot analyze --jsonl` reads)."""
    with open(path, "w", encoding="utf-8") as f:
        for record in records:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path
