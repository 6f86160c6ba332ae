"""An analyser for ingest-worker tests: no models; it notes which process analysed."""

from __future__ import annotations

import os

from bot.models import Analysis


class QuietAnalyzer:
    def add_aliases(self, aliases) -> None:
        pass

    def analyze_many(self, articles):
        return [Analysis(lang="en", summary=f"analysed in process {os.getpid()}") for _ in articles]


def quiet_analyzer(settings) -> QuietAnalyzer:
    return QuietAnalyzer()
