"""Articles -> analyses: language, partnership detection, parties, deal type, topics, summary.

    from bot.nlp import Analyzer
    analysis = Analyzer().analyze(article)

One pass per article, in two stages (`cascade`): a blank tokenizer with phrase matchers looks
for trigger terms in the headline and lead; only articles that have one go through the model
(`load`), and then only their headline, lead and trigger sentences. The `partnership`
spaCy component weighs triggers against negative cues (acquisitions, funding rounds, job
titles, endings, rumours, earnings, lawsuits, launches) and finds the parties (`mentions`,
`parties`) as short canonical names, helped by the alias table in `patterns/companies.jsonl`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.nlp import quickimport

quickimport.install()  # before anything imports spaCy: its command line loads on first use

from bot.nlp.lang import detect_language  # noqa: E402
from bot.nlp.names import canonical_company, normalise_name  # noqa: E402

if TYPE_CHECKING:
    from bot.nlp.analyzer import Analyzer

__all__ = ["Analyzer", "canonical_company", "detect_language", "normalise_name"]


def __getattr__(name: str):
    # Analyzer imports spaCy (~0.5 s, ~50 MB). The web process only needs the names, and
    # an acknowledgement must never wait for that import, so it happens on first use.
    if name == "Analyzer":
        from bot.nlp.analyzer import Analyzer

        return Analyzer
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
