"""`partners-bot analyze | eval | eval-grouping | train | feedback export`: the analysis
run on files, measured on labelled articles and trained from them (and from users'
feedback), from the command line. Registered by `bot.cli` through `add_commands`; each
command is a thin wrapper over `bot.nlp` (and `bot.ingest.eval_grouping`,
`bot.store.feedback`).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from bot.config import Settings


def add_commands(command: Callable[..., argparse.ArgumentParser]) -> None:
    """Add the commands through `command(name, **options)` (see `bot.cli.build_parser`)."""
    p = command("analyze", help="analyse a JSONL file of articles (no database)")
    p.add_argument("--jsonl", required=True, type=Path, help="input JSONL")
    p.add_argument("--out", required=True, type=Path, help="output JSONL")
    p.set_defaults(func=cmd_analyze)

    p = command("eval", help="measure the analysis on labelled JSONL files")
    p.add_argument("--jsonl", nargs="+", type=Path, help="default: ../shared/corpus/*.jsonl")
    p.add_argument("--cv", type=int, metavar="K", help="K-fold cross-validation by article")
    p.add_argument("--seed", type=int, default=0, help="fold assignment seed (with --cv)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(func=cmd_eval)

    p = command("eval-grouping", help="measure story grouping on a labelled JSONL (story, kind)")
    p.add_argument("--jsonl", required=True, type=Path)
    p.add_argument(
        "--orders", type=int, default=1, help="also ingest in N-1 shuffled orders (default 1)"
    )
    p.add_argument("--seed", type=int, default=1, help="seed of the shuffled orders")
    p.add_argument("--distributions", action="store_true", help="print the measures of every pair")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(func=cmd_eval_grouping)

    p = command("train", help="rebuild the shipped weights from labelled JSONL files")
    p.add_argument("--jsonl", nargs="+", type=Path, help="default: ../shared/corpus/*.jsonl")
    p.add_argument("--feedback", action="store_true", help="also learn from users' feedback")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", type=Path, help="default: the package's weights file")
    p.set_defaults(func=cmd_train)

    p = command("feedback", help="users' verdicts as labelled examples")
    p.add_argument("action", choices=("export",))
    p.add_argument("--out", type=Path, help="default: standard output")
    p.set_defaults(func=cmd_feedback)


def cmd_analyze(args: argparse.Namespace, settings: Settings) -> int:
    from bot.nlp.analyzer import analyzer_for
    from bot.nlp.batch import analyze_jsonl

    counts = analyze_jsonl(args.jsonl, args.out, analyzer_for(settings))
    first_error = counts.pop("first_error")
    if counts["analysed"]:
        print(json.dumps(counts), file=sys.stderr)
    if first_error:
        print(
            f"partners-bot: {args.jsonl}: {counts['errors']} of {counts['lines']} lines could"
            f" not be analysed, the first: {first_error}",
            file=sys.stderr,
        )
    if counts["analysed"] == 0:
        if not first_error:
            print(f"partners-bot: {args.jsonl}: no article to analyse", file=sys.stderr)
        return 1
    return 0


SHARED_CORPUS = (Path("../shared/corpus/train.jsonl"), Path("../shared/corpus/dev.jsonl"))


def _labelled(paths: list[Path] | None) -> tuple[list[dict], list[str]]:
    """Records of the labelled JSONL files (default: the shared corpus beside the clone)."""
    from bot.nlp.evaluate import read_jsonl

    paths = paths or [p for p in SHARED_CORPUS if p.exists()]
    if not paths:
        raise FileNotFoundError(2, "no labelled files given and none found", str(SHARED_CORPUS[0]))
    records = [r for path in paths for r in read_jsonl(path)]
    return records, [path.name for path in paths]


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from bot.nlp.analyzer import analyzer_for

    records, _ = _labelled(args.jsonl)
    if args.cv:
        from bot.nlp.crossval import cross_validated

        report = cross_validated(records, analyzer_for(settings), k=args.cv, seed=args.seed)
    else:
        from bot.nlp.evaluate import evaluate

        report = evaluate(records, analyzer_for(settings))
    print(json.dumps(report.to_dict(), indent=2) if args.json else report.format())
    return 0


def cmd_eval_grouping(args: argparse.Namespace, settings: Settings) -> int:
    """Story grouping measured on a labelled JSONL, ingested into a fresh temporary store."""
    from bot.ingest.eval_grouping import evaluate_grouping
    from bot.nlp.analyzer import analyzer_for

    try:
        report = evaluate_grouping(
            args.jsonl,
            analyzer_for(settings),
            orders=args.orders,
            seed=args.seed,
            distributions=args.distributions,
        )
    except (ValueError, KeyError) as exc:  # a record without id/story, invalid JSON
        print(f"partners-bot: {args.jsonl}: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(report.to_dict(), indent=2) if args.json else report.format())
    return 0


def cmd_train(args: argparse.Namespace, settings: Settings) -> int:
    from bot.nlp.analyzer import analyzer_for
    from bot.nlp.learned import WEIGHTS_FILE
    from bot.nlp.training import train

    records, sources = _labelled(args.jsonl)
    if args.feedback:
        from bot.store.db import open_db
        from bot.store.feedback import feedback_examples

        extra = list(feedback_examples(open_db(settings.db_path)))
        records += extra
        sources.append(f"feedback ({len(extra)})")
    analyzer = analyzer_for(settings)
    models = train(records, analyzer, seed=args.seed, sources=sources)
    out = args.out or WEIGHTS_FILE
    models.save(out)
    print(
        f"trained on {len(records)} articles ({', '.join(sources)}); "
        f"threshold {models.threshold:.2f}; wrote {out}"
    )
    return 0


def cmd_feedback(args: argparse.Namespace, settings: Settings) -> int:
    from bot.store.db import open_db
    from bot.store.feedback import feedback_examples

    lines = (
        json.dumps(example, ensure_ascii=False) + "\n"
        for example in feedback_examples(open_db(settings.db_path))
    )
    if args.out:
        with open(args.out, "w", encoding="utf-8") as out:
            count = _write(out, lines)
    else:
        count = _write(sys.stdout, lines)
    print(f"{count} labelled examples from feedback", file=sys.stderr)
    return 0


def _write(out, lines) -> int:
    count = 0
    for line in lines:
        out.write(line)
        count += 1
    return count
