"""The OAuth side of the Slack stand-in: workspaces that install the app, Slack's authorize
page (a redirect back to the bot, as if the user pressed "Allow"), `oauth.v2.access` for
codes and refresh tokens, and which token belongs to which workspace.

    slack.oauth_redirect_url = bot_url + "slack/oauth_redirect"
    slack.next_install("T0SECOND", rotation=True)    # who installs next
    token = slack.bot_token_of("T0SECOND")           # the token it was given
"""

from __future__ import annotations

import base64
import itertools
import threading
from urllib.parse import parse_qsl, urlencode, urlsplit

from tests.standin.workspace import BOT_TOKEN, TEAM_ID

CLIENT_ID = "1111.2222"
CLIENT_SECRET = "test-client-secret"
TOKEN_SECONDS = 12 * 3600  # how long a rotating token lives


class OAuthSide:
    """Tokens by workspace; the server (`WebApi`) calls these holding `_lock`."""

    _lock: threading.Condition

    def _reset_oauth(self) -> None:
        self.tokens: dict[str, str] = {BOT_TOKEN: TEAM_ID}  # bot token -> team id
        self.oauth_redirect_url: str | None = None  # the app's configured Redirect URL
        self.token_seconds = TOKEN_SECONDS
        self._installing: tuple[str, bool] = ("T0SECOND", False)
        self._codes: dict[str, tuple[str, bool]] = {}
        self._refresh: dict[str, str] = {}  # refresh token -> team id
        self._serial = itertools.count(1)

    def next_install(self, team_id: str, *, rotation: bool = False) -> None:
        """The next user who presses "Allow" on the authorize page installs in `team_id`;
        with `rotation`, its tokens expire after `token_seconds` and come with a refresh
        token."""
        with self._lock:
            self._installing = (team_id, rotation)

    def grant(self, team_id: str, *, rotation: bool = False) -> dict:
        """What oauth.v2.access answers for a new install in `team_id` (its token is live)."""
        with self._lock:
            return self._issue(team_id, rotation=rotation)

    def bot_token_of(self, team_id: str) -> str | None:
        """The token the workspace's bot has now (the latest when rotated)."""
        with self._lock:
            found = [t for t, team in self.tokens.items() if team == team_id]
            return found[-1] if found else None

    def team_of(self, authorization: str) -> str | None:
        """The workspace whose token an Authorization header carries."""
        return self.tokens.get(authorization.removeprefix("Bearer ").strip())

    def authorize(self, query: str) -> tuple[int, dict]:
        """GET /oauth/v2/authorize: the user allows at once; back to the redirect URL with
        a code and the bot's state."""
        params = dict(parse_qsl(query))
        if params.get("client_id") != CLIENT_ID:
            return 400, {"error": "invalid_client_id"}
        target = params.get("redirect_uri") or self.oauth_redirect_url
        if not target:
            return 400, {"error": "no_redirect_url"}
        with self._lock:
            code = f"code-{next(self._serial)}"
            self._codes[code] = self._installing
        query = urlencode({"code": code, "state": params.get("state", "")})
        separator = "&" if urlsplit(target).query else "?"
        return 302, {"Location": f"{target}{separator}{query}"}

    def _oauth_v2_access(self, params: dict, authorization: str) -> dict:
        """oauth.v2.access: a code (an install) or a refresh token (rotation) for a bot token."""
        if not _client_authenticated(params, authorization):
            return {"ok": False, "error": "invalid_client_id"}
        if params.get("grant_type") == "refresh_token":
            team = self._refresh.pop(params.get("refresh_token", ""), None)
            if team is None:
                return {"ok": False, "error": "invalid_refresh_token"}
            return self._issue(team, rotation=True)
        found = self._codes.pop(params.get("code", ""), None)
        if found is None:
            return {"ok": False, "error": "invalid_code"}
        team, rotation = found
        return self._issue(team, rotation=rotation)

    def _issue(self, team_id: str, *, rotation: bool) -> dict:
        serial = next(self._serial)
        token = f"xoxb-{team_id.lower()}-{serial}"
        for old in [t for t, team in self.tokens.items() if team == team_id and t != BOT_TOKEN]:
            if rotation:
                del self.tokens[old]  # a rotated token stops working
        self.tokens[token] = team_id
        answer = {
            "ok": True,
            "app_id": "A0PARTNERS",
            "authed_user": {"id": "U0INSTALLER"},
            "scope": "commands,chat:write",
            "token_type": "bot",
            "access_token": token,
            "bot_user_id": "U0PARTNERS",
            "team": {"id": team_id, "name": f"Team {team_id}"},
            "enterprise": None,
            "is_enterprise_install": False,
        }
        if rotation:
            refresh = f"xoxe-1-{team_id.lower()}-{serial}"
            self._refresh[refresh] = team_id
            answer |= {"refresh_token": refresh, "expires_in": self.token_seconds}
        return answer


def _client_authenticated(params: dict, authorization: str) -> bool:
    """The app's client id and secret, as HTTP Basic credentials or form fields."""
    if authorization.startswith("Basic "):
        try:
            pair = base64.b64decode(authorization[6:]).decode()
        except ValueError:
            return False
        return pair == f"{CLIENT_ID}:{CLIENT_SECRET}"
    return (params.get("client_id"), params.get("client_secret")) == (CLIENT_ID, CLIENT_SECRET)
