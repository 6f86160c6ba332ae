"""Partnership headlines and panels for the terminal: the sample report of `partners-bot run`."""

from __future__ import annotations

from rich.panel import Panel
from rich.text import Text

from bot.store.queries import PartnershipView

DEAL_LABELS = {
    "mou": "MoU",
    "strategic_partnership": "Strategic partnership",
    "joint_venture": "Joint venture",
    "collaboration": "Collaboration",
    "distribution_agreement": "Distribution agreement",
    "licensing": "Licensing",
    "other": "Partnership",
}


def headline(p: PartnershipView, first: tuple[str, ...] = ()) -> str:
    """'Xiaomi × Microsoft — MoU', the parties named in `first` first."""
    ordered = sorted(p.parties, key=lambda name: name not in first)
    parties = " × ".join(ordered) or "Unknown parties"
    return f"{parties} — {DEAL_LABELS.get(p.deal_type, p.deal_type)}"


def partnership_panel(p: PartnershipView) -> Panel:
    body = Text()
    body.append(p.summary or p.title or "", style="")
    if p.topics:
        body.append("\nTopics: ", style="bold")
        body.append(", ".join(p.topics))
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
