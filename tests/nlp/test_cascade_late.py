"""The rule pass sends on an article whose lead tells the news and leaves the deal's name to a
sentence just past it (`cascade.late_deal`); weaker words there, or a deal named far down,
do not."""

from __future__ import annotations

import pytest

from bot.models import Article
from bot.nlp.analyzer import Analyzer
from bot.nlp.cascade import LATE_SENTENCES

# Our own text. A lead that names no deal: the news is the share price.
LEAD_EN = (
    "Shares of Brimvale Minerals jumped 40 per cent on Tuesday after news of a new arrangement "
    "with a larger rival. The miner's stock touched a two-year high in early trading. Analysts "
    "at a local broker raised their price target for the company. The company said little "
    "beyond a short statement to the exchange. Its chief executive said the news showed faith "
    "in the refining process it has spent six years on."
)
FILLER_EN = "The pilot plant will be built near the coast this year."
DEAL_EN = (
    "Under the terms, Brimvale Minerals and Kestrel Resources will form a 50:50 joint venture "
    "to run a commercial refinery if the pilot succeeds."
)
WEAK_EN = "Brimvale Minerals will also look for a distributor in Europe for the refined salts."

LEAD_FR = (
    "L'action de Sorvane Métaux a bondi de 30 % mardi à la Bourse de Paris. Le titre n'avait "
    "pas atteint ce niveau depuis deux ans. Les analystes d'un courtier lyonnais ont relevé "
    "leur objectif de cours. La société s'est contentée d'un bref communiqué. Son directeur "
    "général y salue une reconnaissance de son procédé de recyclage."
)
FILLER_FR = "L'usine pilote sera construite près du port de Nantes."
DEAL_FR = (
    "Sorvane Métaux et le groupe Altier vont créer une coentreprise détenue à parts égales "
    "pour exploiter une raffinerie si le pilote réussit."
)


def body(lead: str, filler: str, extra: int, last: str) -> str:
    """The lead, `extra` filler sentences, then `last`, one paragraph each."""
    return "\n\n".join([lead, *[filler] * extra, last])


def prepared(analyzer, title: str, text: str):
    lang = analyzer.language_of(Article(uid="late", title=title, text=text))
    return analyzer.cheap_pass(lang).prepare(title, text)


@pytest.mark.parametrize(
    "title,lead,filler,deal",
    [
        ("", LEAD_EN, FILLER_EN, DEAL_EN),
        ("Brimvale Minerals shares soar", LEAD_EN, FILLER_EN, DEAL_EN),
        ("", LEAD_FR, FILLER_FR, DEAL_FR),
    ],
)
def test_a_deal_named_just_past_the_lead_sends_the_article_on(analyzer, title, lead, filler, deal):
    first = prepared(analyzer, title, body(lead, filler, 0, filler))
    assert not first.candidate  # the lead alone names no deal
    late = prepared(analyzer, title, body(lead, filler, 2, deal))
    assert late.candidate
    named = [s for s in late.sentences if s.text == deal]
    assert named and named[0].lead_rank is None and named[0] in late.focus()


def test_a_deal_named_far_down_does_not(analyzer):
    far = LATE_SENTENCES  # the deal is sentence LATE_SENTENCES + 5, past the ones searched
    assert not prepared(analyzer, "", body(LEAD_EN, FILLER_EN, far, DEAL_EN)).candidate


def test_a_weaker_word_past_the_lead_does_not(analyzer):
    weak = prepared(analyzer, "", body(LEAD_EN, FILLER_EN, 1, WEAK_EN))
    assert any(s.trigger > 0 for s in weak.sentences if s.lead_rank is None)
    assert not weak.candidate


def test_the_models_read_what_the_late_rule_sends_on():
    article = Article(uid="late", title="", text=body(LEAD_EN, FILLER_EN, 2, DEAL_EN))
    reasons = Analyzer(gate=False).explain(article)
    assert not any(r.startswith("cascade:") for r in reasons)
    assert reasons[0].startswith("score ")
