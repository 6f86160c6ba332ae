"""The "Check for partnership" shortcut: the first link of a message, else its text, and the
strongest reason when it is not a partnership."""

from __future__ import annotations

import pytest

from bot.config import Settings
from bot.ingest.check import Checked
from bot.ingest.ingestor import Ingestor
from bot.models import Analysis
from bot.nlp import Analyzer
from bot.service.check import check_message, first_link, message_body, strongest_reason

from .support import rendered

ACQUISITION = (
    "Globex to acquire Initech in a deal it calls a strategic partnership\n"
    "Globex said on Monday it agreed to acquire software maker Initech for $2 billion in cash,"
    " describing the takeover as a strategic partnership."
)
MOU = (
    "Vantor and Quillon sign memorandum of understanding on battery recycling\n"
    "Vantor and Quillon signed a memorandum of understanding on Tuesday to jointly develop"
    " battery recycling plants in Europe, the two companies said."
)


@pytest.mark.parametrize(
    "text,url",
    [
        (
            "see <https://news.example.com/a|this> and <https://b.example/x>",
            "https://news.example.com/a",
        ),
        ("plain https://news.example.com/a?x=1 text", "https://news.example.com/a?x=1"),
        ("<mailto:a@b.example|mail> no link", None),
        ("nothing here", None),
    ],
)
def test_first_link(text, url):
    assert first_link(text) == url


def test_the_message_body_keeps_its_lines_and_drops_links():
    body = message_body("Headline here\n\nRead <https://x.example/a|more> &amp; more")
    assert body == "Headline here\nRead & more"


@pytest.mark.parametrize(
    "reasons,expected",
    [
        (
            ["score +0.05", "acquisition cue 'acquire' in the title"],
            "it reads as an acquisition (“acquire”)",
        ),
        (
            ["investment cue 'raised' in the lead", "rumour cue 'talks' in the title"],
            "it is talks or a rumour, not a signed deal (“talks”)",
        ),
        (
            ["score -0.54", "'alliance' weakened: rumour 'Talks'"],
            "the deal is only planned, rumoured or under talks (“alliance”)",
        ),
        (["'pact' weakened: in a quotation"], "the deal is only in a quotation (“pact”)"),
        (["cascade: no trigger term in the headline or lead"], "it has no partnership wording"),
        (["unsupported language 'de'"], "in a language I don't read"),
    ],
)
def test_the_strongest_reason_in_words(reasons, expected):
    assert expected in strongest_reason(reasons)


class FakeChecker:
    """An ingestor whose `check` answers what the test says (no models)."""

    def __init__(self, found: Checked) -> None:
        self.found = found
        self.calls: list[tuple] = []

    def check(self, text, url=None) -> Checked:
        self.calls.append((text, url))
        return self.found


def test_too_little_text_and_no_link_is_said_at_once(workspace):
    fake = FakeChecker(Checked())
    workspace.ingestor = lambda: fake

    reply = check_message(workspace.ctx, "nice one :tada:")

    assert reply.deferred is None and "nothing to check" in rendered(reply)
    assert fake.calls == []


def test_a_link_to_a_private_address_is_refused_and_the_text_checked(workspace):
    found = Checked(
        checked="text",
        analysis=Analysis(lang="en", confidence=0.01),
        reasons=["acquisition cue 'acquire' in the title"],
    )
    fake = FakeChecker(found)
    workspace.ingestor = lambda: fake

    reply = check_message(workspace.ctx, "<http://127.0.0.1/admin|x> " + ACQUISITION)
    done = reply.deferred()

    assert fake.calls[0][1] is None  # the link was never fetched
    assert "it reads as an acquisition" in rendered(done)
    assert "couldn't read the link" in rendered(done)


def test_a_stored_partnership_behind_the_link_is_its_card(workspace, stored_partnership):
    stored_partnership("Xiaomi", "Microsoft", url="https://news.example.com/a")
    fake = FakeChecker(Checked(checked="link", title="Xiaomi and Microsoft sign MoU"))
    workspace.ingestor = lambda: fake

    done = check_message(workspace.ctx, "look <https://news.example.com/a>").deferred()

    assert fake.calls == [("look", "https://news.example.com/a")]
    assert "announces a partnership" in rendered(done)
    assert "Wrong companies" in rendered(done)


@pytest.fixture(scope="module")
def analyzer():
    return Analyzer()


@pytest.fixture
def real(workspace, db, analyzer):
    """The console's way of checking: an Ingestor with the real models, in this process."""
    ingestor = Ingestor(Settings(db_path=":memory:"), db, analyzer)
    workspace.ingestor = lambda: ingestor
    return workspace


def test_a_pasted_article_announcing_a_deal_is_its_card(real):
    done = check_message(real.ctx, MOU).deferred()

    shown = rendered(done)
    assert "This message announces a partnership" in shown
    assert "Vantor × Quillon" in shown or "Quillon × Vantor" in shown
    assert "not stored" in shown


def test_a_pasted_acquisition_is_not_a_partnership_and_says_why(real, db):
    done = check_message(real.ctx, ACQUISITION).deferred()

    assert "Not a partnership" in rendered(done)
    assert "it reads as an acquisition (“acquire”)" in rendered(done)
    assert db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 0  # nothing stored


def test_check_is_a_command_too(real):
    done = real.command(f"check {ACQUISITION}").deferred()

    assert "it reads as an acquisition" in rendered(done)
    assert "Paste the article" in rendered(real.command("check"))
