"""The partner map: what is drawn, what is summarised, what is said in words."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.insights.mapchart import _detail, render_map
from bot.insights.partner_map import MAX_LINKS, MAX_PARTNERS, build_map
from bot.insights.periods import last
from bot.store.orgs import find_orgs
from tests.insights.conftest import TODAY, weeks_ago
from tests.insights.pictures import assert_picture

TWO_YEARS = last("24m", now=TODAY)


def the_map(db, name: str, period=TWO_YEARS):
    orgs = find_orgs(db, name)
    return build_map(db, [o.id for o in orgs], name, period)


def test_a_small_map_draws_every_partner_with_their_links(db, deal):
    deal(["Xelto", "Murano"], published=weeks_ago(3), deal_type="mou")
    deal(["Xelto", "Murano"], published=weeks_ago(40), deal_type="joint_venture")
    deal(["Xelto", "Payfin"], published=None, deal_type="licensing")
    deal(["Murano", "Payfin"], published=weeks_ago(8))
    pm = the_map(db, "Xelto", last("24m"))  # up to the real today: the undated deal is seen today
    assert [p.name for p in pm.shown] == ["Murano", "Payfin"]
    assert pm.hidden == 0 and pm.hidden_line() == ""
    assert len(pm.links) == 1 and pm.links[0].deals == 1
    assert pm.in_words().startswith("Xelto: 3 partnerships with 2 partners between ")
    murano, payfin = pm.shown
    assert _detail(murano) == f"2 deals · {weeks_ago(3).strftime('%b %Y')}"
    assert _detail(payfin).startswith("Licensing · seen ")  # undated: the day first seen
    assert_picture(render_map(pm))


def test_many_partners_are_summarised_and_the_picture_stays_the_same_size(db, deal):
    for n in range(300):
        deal(["Hubcorp", f"Partner {n:03d}"], published=weeks_ago(n % 90, days=n % 7))
    # Six more deals, not one: three weeks apart, and over two weeks from the deal above
    # (the same two parties within 14 days would be reports of one event).
    for n in range(6):
        deal(["Hubcorp", "Partner 007"], published=weeks_ago(3 * n + 10), deal_type="mou")
    for n in range(30):
        deal([f"Partner {n:03d}", f"Partner {n + 1:03d}"], published=weeks_ago(2))
    pm = the_map(db, "Hubcorp")
    assert len(pm.shown) == MAX_PARTNERS and pm.partners == 300
    assert pm.shown[0].name == "Partner 007" and pm.shown[0].deals == 7
    assert pm.hidden_line() == "+ 275 more partners with 1 deal each"
    assert len(pm.links) <= MAX_LINKS
    assert all({k.a, k.b} <= {p.org_id for p in pm.shown} for k in pm.links)
    image = assert_picture(render_map(pm))
    assert image.height < 2000  # 25 rows at most, whatever the number of partners


def test_the_period_limits_the_map(db, deal):
    deal(["Xelto", "Oldpartner"], published=TODAY - timedelta(days=800))
    deal(["Xelto", "Newpartner"], published=weeks_ago(1))
    assert [p.name for p in the_map(db, "Xelto").shown] == ["Newpartner"]
    assert [p.name for p in the_map(db, "Xelto", last("3y", now=TODAY)).shown] == [
        "Newpartner",
        "Oldpartner",
    ]


def test_an_empty_map_is_said_in_words_not_drawn(db, deal):
    deal(["Xelto", "Murano"], published=TODAY - timedelta(days=900))
    pm = the_map(db, "Xelto", last("6m", now=TODAY))
    assert pm.empty
    assert pm.in_words() == "No partnerships of Xelto found between Sep 2025 and Mar 2026."
    with pytest.raises(ValueError):
        render_map(pm)
    nobody = build_map(db, [], "Nobody", TWO_YEARS)
    assert nobody.empty and nobody.in_words().startswith("No partnerships of Nobody")


def test_long_names_are_fitted_not_cut_off(db, deal):
    long_name = "Compagnie Internationale des Très Longues Raisons Sociales et Associés"
    deal(["Xelto", long_name], published=weeks_ago(1))
    deal([long_name.replace("Compagnie", "Société"), "Xelto"], published=weeks_ago(2))
    pm = the_map(db, "Xelto")
    assert_picture(render_map(pm))
    assert_picture(render_map(build_map(db, [pm.shown[0].org_id], long_name, TWO_YEARS)))
