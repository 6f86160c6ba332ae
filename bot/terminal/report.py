"""The terminal's own reports: partnership panels (the sample report of `partners-bot run`)
and the progress of a long ingest."""

from __future__ import annotations

from rich.console import Console
from rich.panel import Panel
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from bot.messages.blocks import plural
from bot.messages.partnership import date_label, headline, summary_beside
from bot.models import topic_labels
from bot.store.queries import PartnershipView

SOURCES_SHOWN = 3


def partnership_panel(p: PartnershipView) -> Panel:
    """One stored partnership as a rich panel: summary, topics, evidence, date."""
    body = Text()
    body.append(summary_beside(p.summary or p.title or "", p.evidence))
    if p.topics:
        body.append("\nTopics: ", style="bold")
        body.append(", ".join(topic_labels(p.topics)))
    if p.evidence:
        body.append("\nEvidence: ", style="bold")
        body.append(f"“{' '.join(p.evidence.split())}”", style="italic")
    sources = plural(len(p.sources), "source")
    body.append(f"\n{date_label(p, long=True)} · confidence {p.confidence:.2f} · {sources}", "dim")
    return Panel(body, title=Text(headline(p), style="bold"), title_align="left")


def source_lines(p: PartnershipView) -> list[Text]:
    """The story's sources, each with its link in full."""
    links = []
    for source in p.sources[:SOURCES_SHOWN]:
        line = Text("  ")
        line.append(source.title or source.outlet or "source", style="cyan")
        if source.url:
            line.append(f"  {source.url}", style="dim")
        links.append(line)
    if len(p.sources) > SOURCES_SHOWN:
        links.append(Text(f"  +{plural(len(p.sources) - SOURCES_SHOWN, 'more source')}", "dim"))
    return links


def print_partnership(console: Console, p: PartnershipView) -> None:
    """The panel, then its sources outside it, each on a line that is never wrapped: a
    link split by a box's edge can no longer be clicked or copied."""
    console.print(partnership_panel(p))
    for line in source_lines(p):
        console.print(line, soft_wrap=True, highlight=False)


class IngestProgress:
    """A progress bar on a terminal (sources, and the articles of the one being read);
    nothing elsewhere: a pipe gets the summary line alone."""

    def __init__(self, console: Console) -> None:
        self._bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            disable=not console.is_terminal,
        )
        self._sources = self._bar.add_task("sources", total=None)
        self._articles = self._bar.add_task("articles", total=None, visible=False)

    def __enter__(self) -> IngestProgress:
        self._bar.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self._bar.__exit__(*exc)

    def source(self, done: int, total: int, source: str) -> None:
        name = source.rstrip("/").rsplit("/", 1)[-1][:40] or source[:40]
        self._bar.update(self._sources, completed=done, total=total, description=name)
        self._bar.update(self._articles, completed=0, total=None, visible=False)

    def article(self, done: int, total: int) -> None:
        self._bar.update(
            self._articles, completed=done, total=total, visible=True, description="  articles"
        )
