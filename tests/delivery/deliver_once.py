"""One turn of the delivery loop, started the way `partners-bot run` starts it: recover
what the last run left in flight, enqueue, deliver. Prints what it did as JSON.

Used by the crash test: settings come from the environment (PARTNERS_DB, SLACK_BOT_TOKEN,
SLACK_API_BASE_URL).
"""

from __future__ import annotations

import json

from bot.config import Settings
from bot.delivery.alerts import enqueue_alerts
from bot.delivery.post import deliver, delivery_client
from bot.delivery.recovery import recover
from bot.store import open_db


def main() -> None:
    settings = Settings.from_env(dotenv=False)
    db = open_db(settings.db_path)
    recovered = recover(db)
    enqueue_alerts(db)
    report = deliver(settings, db, delivery_client(settings, timeout=120))
    print(
        json.dumps(
            {"recovered": recovered, "posted": report.posted, "reconciled": report.reconciled}
        )
    )


if __name__ == "__main__":
    main()
