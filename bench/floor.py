"""`python -m bench.floor MODEL`: the floor of start-up on this machine. A process that
imports spaCy as the bot does (its command line deferred, `bot.nlp.quickimport`), loads one
model with the components the analysis uses (French: its long tokenizer expression from the
cache, as the analyser reads it), then exits the way the bot does (`bot.nlp.exiting`). No first
pass, no language identification, no analysis, none of the bot's own components: what any
analysis of one article costs at the least.
"""

from __future__ import annotations

import sys

from bot.nlp import quickimport

quickimport.install()  # spaCy as the bot imports it

import spacy  # noqa: E402

from bot.nlp.exiting import collect_nothing_at_exit  # noqa: E402
from bot.nlp.regexcache import language_class, model_language  # noqa: E402

EXCLUDE = ["lemmatizer", "senter"]  # as bot.nlp.load


def main(argv: list[str] | None = None) -> int:
    (model,) = argv if argv is not None else sys.argv[1:]
    lang = model_language(model)
    if lang:
        language_class(lang)
    spacy.load(model, exclude=EXCLUDE)
    collect_nothing_at_exit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
