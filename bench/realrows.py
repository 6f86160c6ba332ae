"""The table rows of the real-text sections: analysis (1), start-up (7), workers (8)."""

from __future__ import annotations

import logging
from pathlib import Path

from bench import analysis, startup, workers
from bench.realtext import CORPUS, corpus_records, real_mix
from bench.table import Row

log = logging.getLogger("bench")

SHARE = 0.1  # partnerships in the mix


def _mix(size: int, corpus: Path) -> list[dict] | None:
    records = corpus_records(corpus)
    if not records:
        log.warning("no labelled corpus in %s: the real-text sections are left out", corpus)
        return None
    return real_mix(records, size, SHARE)


def analysis_rows(size: int, models: tuple[str, str], work: Path, corpus: Path = CORPUS):
    mix = _mix(size, corpus)
    if mix is None:
        return []
    log.info("1. analysis of %d real articles, whole processes", len(mix))
    r = analysis.run(mix, models, work)
    naive = "naive: NER only, every article, whole process"
    rate, ref = r.articles / r.cascade.wall, r.articles / r.naive.wall
    cpu, ref_cpu = r.articles / r.cascade.cpu, r.articles / r.naive.cpu
    share = f"real text, {r.articles} articles, {r.partnerships} partnerships"
    return [
        Row("1a", f"analysis, {share}", rate, "articles/s", naive, ref, "≥ 3×", rate >= 3 * ref),
        Row("1b", "the same, per CPU second (less sensitive to a busy machine)", cpu,
            "articles/CPU s", naive, ref_cpu),
        Row("1c", "articles the rule pass sends on", 100 * r.sent_rules / r.articles,
            "% of articles", "partnerships in the mix", 100 * r.partnerships / r.articles),
        Row("1d", "articles that reach the models (rules, then the learned gate)",
            100 * r.sent_gate / r.articles, "% of articles", "the rule pass alone",
            100 * r.sent_rules / r.articles),
        Row("1e", f"partnerships kept by the cascade ({r.found_open} found forced open)",
            r.found_cascade / max(r.found_open, 1), "fraction",
            "forced open: every article to the models", 1.0, "= 1",
            r.found_cascade >= r.found_open),
        Row("1f", "the same, rule pass alone (no gate)", r.found_rules / max(r.found_open, 1),
            "fraction", "forced open: every article to the models", 1.0, "= 1",
            r.found_rules >= r.found_open),
    ]  # fmt: skip


def startup_rows(runs: int, models: tuple[str, str], work: Path, corpus: Path = CORPUS):
    records = corpus_records(corpus)
    if not records:
        return []
    log.info("8. start-up to the first analysed article (median of %d)", runs)
    rows = []
    found = startup.run(records, models, work, runs)
    for n, s in enumerate(found):
        rows.append(
            Row(f"8{'ab'[n]}", f"start to first analysed article, one {s.lang.upper()} "
                "partnership (`analyze`)", s.cascade, "s", "naive: NER only, same article",
                s.naive, "≤ 1.5 s, < naive", s.cascade <= 1.5 and s.cascade < s.naive)
        )  # fmt: skip
    for n, s in enumerate(found):
        rows.append(
            Row(f"8{'cd'[n]}", f"floor: spaCy imported, the {s.lang.upper()} model loaded, "
                "nothing analysed (`bench.floor`)", s.floor, "s", f"the cascade (8{'ab'[n]})",
                s.cascade)
        )  # fmt: skip
    return rows


def workers_rows(size: int, models: tuple[str, str], work: Path, corpus: Path = CORPUS):
    mix = _mix(size, corpus)
    if mix is None:
        return []
    log.info("9. ingest of %d real articles, --workers 2 against 1", len(mix))
    r = workers.run(mix, models, work)
    return [
        Row("9", f"`ingest --workers 2`, {r.articles} real articles, wall", r.two.wall, "s",
            "`--workers 1`, same run", r.one.wall, "< 1× (faster)", r.two.wall < r.one.wall),
    ]  # fmt: skip
