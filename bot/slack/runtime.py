"""The serving process put together: the Bolt app, the scheduler, the ingest process.

The web (or Socket Mode) process never loads the language models: fetching and analysis
run in one separate worker process (`IngestPool`), so `/partners` is acknowledged at once
however busy ingestion is. Maps and charts are drawn in another (`DrawingPool`), which
imports matplotlib when the server starts.
"""

from __future__ import annotations

import atexit
import functools
import logging

from slack_bolt import App

from bot.config import Settings

log = logging.getLogger(__name__)


def build_server(settings: Settings) -> App:
    """The Bolt app with the scheduler running beside it; stopped cleanly at exit."""
    from bot.delivery.scheduler import Scheduler
    from bot.ingest.workers import IngestPool
    from bot.insights.drawing import DrawingPool
    from bot.slack.app import create_app
    from bot.slack.clients import web_client
    from bot.slack.installs import Installations
    from bot.store import open_db

    client = web_client(settings)
    installations = None
    if settings.oauth_configured:
        installations = Installations(settings, functools.partial(open_db, settings.db_path))
    pool = IngestPool(settings)
    drawing = DrawingPool()
    drawing.start()  # matplotlib is imported there now, not when the first map is asked for
    posting = installations.client_for if installations is not None else client
    scheduler = Scheduler(settings, posting, ingest_fn=pool)
    app = create_app(
        settings,
        client=client,
        ingestor=lambda: pool,
        on_subscriptions_changed=scheduler.sync,
        draw=drawing,
        installations=installations,
    )
    scheduler.start()
    atexit.register(_stop, scheduler, pool, drawing)
    log.info("scheduler started: %s", ", ".join(scheduler.job_ids()))
    return app


def _stop(scheduler, pool, drawing) -> None:
    scheduler.shutdown(wait=False)
    pool.close()
    drawing.close()
