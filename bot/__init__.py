"""partners-bot: business news in, partnership stories out, delivered to Slack."""

__version__ = "0.1.0"
