"""Partnership panels for the terminal: the sample report of `partners-bot run`."""

from __future__ import annotations

from rich.panel import Panel
from rich.text import Text

from bot.messages.partnership import headline
from bot.models import topic_labels
from bot.store.queries import PartnershipView


def partnership_panel(p: PartnershipView) -> Panel:
    """One stored partnership as a rich panel: summary, topics, evidence, date, sources."""
    body = Text()
    body.append(p.summary or p.title or "", style="")
    if p.topics:
        body.append("\nTopics: ", style="bold")
        body.append(", ".join(topic_labels(p.topics)))
    if p.evidence:
        body.append("\nEvidence: ", style="bold")
        body.append(f"“{p.evidence}”", style="italic")
    meta = f"\n{p.date} · confidence {p.confidence:.2f} · {len(p.sources)} source(s)"
    body.append(meta, style="dim")
    for source in p.sources[:3]:
        body.append(f"\n  {source.title or source.url or source.source}", style="cyan")
        if source.url:
            body.append(f"  {source.url}", style="dim")
    if len(p.sources) > 3:
        body.append(f"\n  +{len(p.sources) - 3} more sources", style="dim")
    return Panel(body, title=Text(headline(p), style="bold"), title_align="left")
