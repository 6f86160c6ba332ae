"""What users see of a grouped story: one post per story, every later copy or report in
the other language a reply in its thread, "+N sources" with the outlets, and App Home and
digests that list stories, not copies. The articles are grouped by the real grouper."""

from __future__ import annotations

from itertools import count

import pytest

from bot.config import Settings
from bot.delivery.digests import send_digest
from bot.models import Analysis, Article
from bot.service.context import Context
from bot.service.home import home_view
from bot.store.articles import save_article
from bot.store.stories import StoryGrouper
from tests.store.grouping.texts import FRENCH, FRENCH_TITLE, FULL, WIRE_TITLE, wire

PARTIES = ["Halvard Energy", "Norrsken Batteries"]


@pytest.fixture
def ingest(db):
    """Save an analysed article as the ingest pipeline does, grouping included."""
    grouper, uids = StoryGrouper(db), count(1)

    def save(title, text, *, url, parties=(), lang="en", published="2026-03-02T07:00:00Z"):
        article = Article(
            uid=f"url:{url}", title=title, text=text, url=url, published=published, lang=lang,
            source="/srv/feeds/wire.xml",
        )  # fmt: skip
        analysis = Analysis(
            lang=lang,
            is_partnership=bool(parties),
            confidence=0.9 if parties else 0.1,
            parties=list(parties),
            deal_type="joint_venture" if parties else None,
            summary=text[:160],
        )
        with db.atomic():
            return save_article(db, article, analysis, grouper, content_hash=str(next(uids)))

    return save


def _report_everywhere(ingest):
    """The wire story, a re-headlined truncated copy, and the French report of the deal."""
    first = ingest(WIRE_TITLE, FULL, url="https://wire.example/halvard", parties=PARTIES)
    copy = ingest(
        "Nordic utility picks sodium-ion cells", wire(0, 1, 2), url="https://daily.example/b"
    )
    french = ingest(
        FRENCH_TITLE, FRENCH, url="https://www.journal.example/fr", lang="fr",
        parties=["Halvard", "Norrsken"], published="2026-03-02T11:00:00Z",
    )  # fmt: skip
    assert copy.story_id == french.story_id == first.story_id
    assert not french.new_partnership  # the French report did not make a second partnership
    return first


def test_later_copies_and_the_french_report_go_into_the_alerts_thread(
    workspace, slack, deliver_now, ingest
):
    channel = workspace.channel("C1").watch("Halvard Energy")
    first = ingest(WIRE_TITLE, FULL, url="https://wire.example/halvard", parties=PARTIES)
    deliver_now()
    (alert,) = slack.posts("C1")

    ingest("Nordic utility picks sodium-ion cells", wire(0, 1, 2), url="https://daily.example/b")
    ingest(
        FRENCH_TITLE, FRENCH, url="https://www.journal.example/fr", lang="fr",
        parties=["Halvard", "Norrsken"], published="2026-03-02T11:00:00Z",
    )  # fmt: skip
    deliver_now()
    deliver_now()

    top, *replies = slack.posts("C1")
    assert top is alert and [r.thread_ts for r in replies] == [alert.ts, alert.ts]
    assert replies[0].text.endswith("(daily.example)")
    assert replies[1].text.endswith("(journal.example · FR)")
    assert "/srv/feeds" not in " ".join(r.text for r in replies)
    kinds = [(d["kind"], d["story_id"]) for d in channel.deliveries()]
    assert kinds == [("alert", first.story_id)] + [("followup", first.story_id)] * 2


def test_a_story_grouped_before_its_alert_is_one_post_with_its_sources(
    workspace, slack, deliver_now, ingest
):
    workspace.channel("C1").watch("Halvard Energy")
    _report_everywhere(ingest)
    deliver_now()
    deliver_now()

    (post,) = slack.posts("C1")  # one post, no replies: the sources are in it
    sources = str(post.blocks)
    assert "+2 more sources: daily.example, journal.example (FR)" in sources


def test_app_home_and_digests_list_the_story_once(
    settings, db, client, workspace, slack, clock, ingest
):
    workspace.channel("C1").watch("Halvard Energy").digest("daily")
    first = _report_everywhere(ingest)

    ctx = Context(db=db, settings=Settings(), team_id="T1", channel_id="C1", user_id="U1",
                  is_admin=lambda: False)  # fmt: skip
    home = str(home_view(ctx))
    assert home.count("Halvard Energy × Norrsken Batteries") == 1
    assert "· +2 sources" in home  # one line for the story, with its other outlets counted

    result = send_digest(settings, db, client, "T1", "C1", clock())
    assert (result.status, result.partnerships) == ("posted", 1)
    (digest,) = [p for p in slack.posts("C1") if p.text.startswith("Partnerships digest")]
    assert digest.text == "Partnerships digest: 1 new"
    assert str(digest.blocks).count("Halvard Energy × Norrsken Batteries") == 1
    assert "· +2 sources" in str(digest.blocks)
    assert first.story_id == db.execute("SELECT MAX(story_id) FROM partnerships").fetchone()[0]
