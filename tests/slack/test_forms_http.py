"""Over real HTTP, Slack played by the stand-in: a form opened from a button, submitted with
an error (shown inline), corrected and saved; its searchable menu; the "Check for
partnership" shortcut on a pasted article; "Wrong companies" fixing a card."""

from __future__ import annotations

import json

import pytest

from bot.store import alert_settings, open_db
from bot.store import subscriptions as subs
from tests.standin import TEAM_ID
from tests.stories import buttons, store_partnership, texts

pytestmark = pytest.mark.slow

MOU = (
    "Vantor and Quillon sign memorandum of understanding on battery recycling\n"
    "Vantor and Quillon signed a memorandum of understanding on Tuesday to jointly develop"
    " battery recycling plants in Europe, the two companies said."
)


@pytest.fixture
def bot_db(bot_server):
    db = open_db(bot_server.db_path)
    yield db
    db.close()


def form_values(**fields) -> dict:
    searchable = {"companies": "company_search", "timezone": "timezone_search"}
    return {block: {searchable.get(block, block): value} for block, value in fields.items()}


def test_a_form_is_opened_refused_inline_corrected_and_saved(bot_server, bot_db, slack):
    channel = "C0FORMS"
    slack.command("/partners watchlist", channel=channel)
    answer = slack.last_response()
    (alerts,) = [b for b in buttons(answer["blocks"]) if b["text"]["text"] == "Alert settings"]

    assert slack.click(alerts["action_id"], alerts["value"], channel=channel).status == 200
    (opened,) = slack.wait_for("views.open")
    assert opened.params["trigger_id"] == "1.2.3"
    view = slack.views[-1]
    assert view["callback_id"] == "alerts"

    wrong = slack.submit_view(
        view, form_values(confidence={"type": "plain_text_input", "value": "1.5"})
    )
    assert wrong.status == 200
    assert wrong.json() == {
        "response_action": "errors",
        "errors": {"confidence": "Give a number from 0 to 1, or a percentage such as 80%."},
    }
    assert alert_settings.get_settings(bot_db, TEAM_ID, channel).min_confidence is None

    right = form_values(
        confidence={"type": "plain_text_input", "value": "85%"},
        types={
            "type": "multi_static_select",
            "selected_options": [
                {"value": "joint_venture", "text": {"type": "plain_text", "text": "Joint venture"}}
            ],
        },
    )
    saved = slack.submit_view(view, right)
    assert saved.status == 200 and saved.body == ""
    settings = alert_settings.get_settings(bot_db, TEAM_ID, channel)
    assert (settings.min_confidence, settings.deal_types) == (0.85, ("joint_venture",))
    told = slack.wait_for_responses(2)[-1]  # on the watchlist's response_url
    assert "Confidence needed: 85% (set here)." in texts(told["blocks"])
    slack.wait_for("views.publish")  # App Home shows the new settings


def test_the_company_menu_searches_the_store(bot_server, bot_db, slack):
    store_partnership(bot_db, "Xiaomi", "Microsoft")

    found = slack.suggest("company_search", "xiao")

    assert found.status == 200
    options = found.json()["options"]
    assert options[0]["text"]["text"] == "Xiaomi" and options[0]["value"].startswith("org:")
    assert options[-1]["value"] == "new:xiao"


def test_app_home_opens_the_forms_of_a_channel(bot_server, bot_db, slack):
    slack.command("/partners watch xiaomi", channel="C0HOMEF")
    slack.open_home(user="U0HOMEF")
    home = slack.wait_for("views.publish")[-1].json["view"]
    digest = next(
        b
        for b in buttons(home["blocks"])
        if b["text"]["text"] == "Digest schedule" and json.loads(b["value"])["channel"] == "C0HOMEF"
    )

    assert slack.click(digest["action_id"], digest["value"], home=True).status == 200
    slack.wait_for("views.open")
    view = slack.views[-1]
    weekly = {"value": "weekly", "text": {"type": "plain_text", "text": "Once a week"}}
    values = form_values(
        frequency={"type": "radio_buttons", "selected_option": weekly},
        time={"type": "timepicker", "selected_time": "08:00"},
        timezone={
            "type": "external_select",
            "selected_option": {
                "value": "Europe/Paris",
                "text": {"type": "plain_text", "text": "Europe/Paris"},
            },
        },
    )
    refused = slack.submit_view(view, values, user="U0HOMEF").json()
    assert refused["errors"] == {"day": "Choose the day of a weekly digest."}

    friday = {"value": "friday", "text": {"type": "plain_text", "text": "Friday"}}
    values |= form_values(day={"type": "static_select", "selected_option": friday})
    assert slack.submit_view(view, values, user="U0HOMEF").body == ""
    schedule = subs.get_digest(bot_db, TEAM_ID, "C0HOMEF")
    assert (schedule.day_of_week, schedule.time_of_day, schedule.timezone) == (
        "friday",
        "08:00",
        "Europe/Paris",
    )


def test_the_shortcut_checks_a_pasted_article(bot_server, slack):
    sent = slack.shortcut("check_partnership", MOU)

    assert sent.status == 200
    answers = slack.wait_for_responses(2, timeout=120)  # "Checking…", then the card
    final = answers[-1]
    assert final["response_type"] == "ephemeral"
    shown = texts(final["blocks"])
    assert "This message announces a partnership" in shown
    assert "Vantor" in shown and "Quillon" in shown


def test_wrong_companies_fixes_the_card_for_that_workspace(bot_server, bot_db, slack):
    story = store_partnership(bot_db, "Orbitek", "Daily Wire")
    slack.command("/partners orbitek")
    card = slack.last_response()
    wrong = next(b for b in buttons(card["blocks"]) if b["action_id"] == "wrong_parties")

    slack.click("wrong_parties", wrong["value"])
    slack.wait_for("views.open")
    view = slack.views[-1]
    assert json.loads(view["private_metadata"])["story"] == story

    one = form_values(parties={"type": "plain_text_input", "value": "Orbitek"})
    assert "parties" in slack.submit_view(view, one).json()["errors"]
    two = form_values(parties={"type": "plain_text_input", "value": "Orbitek\nHelios Labs"})
    assert slack.submit_view(view, two).body == ""

    thanks = slack.wait_for_responses(2)[-1]
    assert "Orbitek × Helios Labs" in texts(thanks["blocks"]) or "Helios Labs × Orbitek" in texts(
        thanks["blocks"]
    )
    slack.command("/partners orbitek")
    again = texts(slack.wait_for_responses(3)[-1]["blocks"])
    assert "Helios Labs" in again and "Daily Wire — MoU" not in again
    assert bot_db.execute(
        "SELECT kind FROM feedback WHERE story_id = ? AND team_id = ?", [story, TEAM_ID]
    ).fetchall() == [("wrong_parties",)]
