"""The store's read paths for the map, trends and exports, on a real SQLite file."""

from __future__ import annotations

from datetime import date, timedelta

from bot.store.activity import activity, first_deal_date
from bot.store.clock import iso as utcnow
from bot.store.export import export_records
from bot.store.feedback import NOT_PARTNERSHIP, record_feedback
from bot.store.network import partner_network
from bot.store.orgs import find_orgs
from tests.insights.conftest import TODAY, weeks_ago

SINCE = TODAY - timedelta(days=365)
UNTIL = TODAY + timedelta(days=1)


def org(db, name: str) -> int:
    return find_orgs(db, name)[0].id


def hide(db, story_id: int, team: str = "T1") -> None:
    record_feedback(db, team_id=team, story_id=story_id, kind=NOT_PARTNERSHIP, user_id="U1")


def test_partners_ranked_with_deal_types_and_latest_dates(db, deal):
    deal(["Acme", "Globex"], published=weeks_ago(30), deal_type="mou")
    deal(["Acme", "Globex"], published=weeks_ago(4), deal_type="joint_venture")
    deal(["Acme", "Initech"], published=weeks_ago(10), deal_type="licensing")
    deal(["Acme", "Umbrella", "Hooli"], published=weeks_ago(2), deal_type="collaboration")
    network = partner_network(db, [org(db, "Acme")], SINCE, UNTIL)
    assert network.deals == 4
    names = [p.name for p in network.partners]
    assert names[0] == "Globex"  # two deals
    assert names[1:] == ["Hooli", "Umbrella", "Initech"]  # then the newest first
    globex = network.partners[0]
    assert globex.deals == 2
    assert globex.deal_types == {"joint_venture": 1, "mou": 1}
    assert globex.latest_published == weeks_ago(4).isoformat()
    assert globex.undated == 0


def test_the_period_uses_the_publication_date_not_the_day_read(db, deal):
    deal(["Acme", "Oldco"], published=date(2019, 5, 6))  # an archive read today
    deal(["Acme", "Newco"], published=weeks_ago(1))
    network = partner_network(db, [org(db, "Acme")], SINCE, UNTIL)
    assert [p.name for p in network.partners] == ["Newco"]
    old = partner_network(db, [org(db, "Acme")], date(2019, 1, 1), date(2020, 1, 1))
    assert [p.name for p in old.partners] == ["Oldco"]


def test_an_undated_deal_counts_on_the_day_first_seen_and_says_so(db, deal):
    deal(["Acme", "Nodate"], published=None)
    today = date.fromisoformat(utcnow()[:10])
    network = partner_network(db, [org(db, "Acme")], today, today + timedelta(days=1))
    (partner,) = network.partners
    assert partner.latest_published is None
    assert partner.latest_deal_date == today.isoformat()
    assert partner.undated == 1


def test_second_degree_links_are_deals_between_partners_without_the_company(db, deal):
    deal(["Acme", "Globex"], published=weeks_ago(5))
    deal(["Acme", "Initech"], published=weeks_ago(6))
    deal(["Globex", "Initech"], published=weeks_ago(3))  # a link
    deal(["Globex", "Initech"], published=weeks_ago(60))  # before the period: not counted
    deal(["Acme", "Hooli", "Umbrella"], published=weeks_ago(2))  # with Acme: no link
    deal(["Globex", "Stranger"], published=weeks_ago(1))  # Stranger is not Acme's partner
    network = partner_network(db, [org(db, "Acme")], SINCE, UNTIL)
    ids = {p.org_id: p.name for p in network.partners}
    assert [(ids[k.a], ids[k.b], k.deals) for k in network.links] == [("Globex", "Initech", 1)]


def test_deals_a_team_marked_not_a_partnership_are_left_out_for_that_team(db, deal):
    deal(["Acme", "Globex"], published=weeks_ago(1))
    wrong = deal(["Acme", "Initech"], published=weeks_ago(1))
    hide(db, wrong.story_id, team="T1")
    acme = [org(db, "Acme")]
    assert [p.name for p in partner_network(db, acme, SINCE, UNTIL, team_id="T1").partners] == [
        "Globex"
    ]
    assert len(partner_network(db, acme, SINCE, UNTIL, team_id="T2").partners) == 2
    counts = {a.key: a.count for a in activity(db, "company", SINCE, UNTIL, SINCE, team_id="T1")}
    assert "Initech" not in counts
    assert [r.parties for r in export_records(db, team_id="T1")] == [("Acme", "Globex")]


def test_no_company_no_partners(db, deal):
    deal(["Acme", "Globex"], published=weeks_ago(1))
    assert partner_network(db, [], SINCE, UNTIL).empty
    lonely = partner_network(db, [org(db, "Globex")], date(2000, 1, 1), date(2001, 1, 1))
    assert lonely.empty and lonely.deals == 0


def test_activity_counts_the_period_against_the_time_before(db, deal):
    week = TODAY - timedelta(days=6)
    for n in range(3):
        deal(["Acme", f"Partner {n}"], published=weeks_ago(0, days=n), deal_type="mou",
             topics=("ai", "cloud"))  # fmt: skip
    for n in range(5):
        deal(["Acme", f"Old {n}"], published=weeks_ago(10 + n), topics=("ai",))
    deal(["Acme", "Ancient"], published=date(2020, 1, 1))  # before the baseline: not counted
    companies = activity(db, "company", week, UNTIL, SINCE)
    acme = companies[0]
    assert (acme.key, acme.count, acme.baseline) == ("Acme", 3, 5)
    assert {a.key for a in companies} == {"Acme", "Partner 0", "Partner 1", "Partner 2"}
    topics = {a.key: (a.count, a.baseline) for a in activity(db, "topic", week, UNTIL, SINCE)}
    assert topics == {"ai": (3, 5), "cloud": (3, 0)}
    types = {a.key: (a.count, a.baseline) for a in activity(db, "deal_type", week, UNTIL, SINCE)}
    assert types == {"mou": (3, 0)}
    assert first_deal_date(db) == date(2020, 1, 1)


def test_export_streams_every_deal_oldest_first_with_its_sources(db, deal):
    first = deal(["Globex", "Acme"], published=weeks_ago(8), deal_type="licensing")
    deal([], published=None, copy_of=first)  # a syndicated copy: a second source
    deal(["Acme", "Initech"], published=None)
    deal(["Hooli", "Umbrella"], published=weeks_ago(2))
    records = export_records(db)
    assert iter(records) is records  # a generator: rows come as they are read
    rows = list(records)
    assert [r.parties for r in rows] == [("Acme", "Globex"), ("Hooli", "Umbrella"),
                                         ("Acme", "Initech")]  # fmt: skip
    oldest = rows[0]
    assert oldest.published == weeks_ago(8).isoformat()
    assert oldest.deal_type == "licensing" and oldest.topics == ("cloud",)
    assert len(oldest.sources) == 2 and oldest.sources[0].endswith("/1")
    assert rows[2].published is None and rows[2].first_seen == utcnow()[:10]
    acme = [org(db, "Acme")]
    of_acme = [r.parties for r in export_records(db, org_ids=acme)]
    assert of_acme == [("Acme", "Globex"), ("Acme", "Initech")]
    recent = export_records(db, since=weeks_ago(3))
    assert [r.parties for r in recent] == [("Hooli", "Umbrella"), ("Acme", "Initech")]
    assert list(export_records(db, org_ids=[])) == []
