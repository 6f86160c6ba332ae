"""Answers rendered for a terminal (rich) or as JSON, for `partners-bot query` and `run`."""

from __future__ import annotations

from dataclasses import asdict

from rich.console import Console, Group
from rich.panel import Panel
from rich.text import Text

from bot.answers import CompanyAnswer, SearchAnswer
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


def print_company_answer(console: Console, answer: CompanyAnswer) -> None:
    if answer.partnerships:
        console.print(Group(*(partnership_panel(p) for p in answer.partnerships)))
        if answer.has_more:
            console.print(Text("More partnerships are stored: narrow the query.", style="dim"))
        return
    console.print(f"No partnerships found for “{answer.query}”.")
    if answer.mentions:
        console.print("Articles that mention it:")
        for hit in answer.mentions:
            console.print(f"  • {hit.title or '(untitled)'}  [dim]{hit.url or ''}[/dim]")


def print_search_answer(console: Console, answer: SearchAnswer) -> None:
    if not answer.hits:
        console.print(f"Nothing stored matches “{answer.query}”.")
    for hit in answer.hits:
        mark = "🤝 " if hit.is_partnership else "• "
        console.print(f"{mark}{hit.title or '(untitled)'}  [dim]{hit.url or ''}[/dim]")


def as_json(answer: CompanyAnswer | SearchAnswer) -> dict:
    return asdict(answer)
