"""URLs typed by users are checked before anything is fetched (`read`, `feeds add`)."""

import pytest

from .support import rendered


class RecordingIngestor:
    def __init__(self):
        self.calls = []

    def ingest(self, sources, **options):
        self.calls.append(list(sources))
        raise AssertionError("an internal address must never be fetched")


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/admin",
        "http://localhost:8080/",
        "http://[::1]/",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.7/feed.xml",
        "http://2130706433/",
        "http://intranet/",
    ],
)
@pytest.mark.parametrize("command", ["read", "feeds add"])
def test_internal_addresses_are_refused_before_any_fetch(workspace, url, command):
    ingestor = RecordingIngestor()
    workspace.admin, workspace.ingestor = True, lambda: ingestor
    reply = workspace.command(f"{command} {url}")
    assert reply.text.startswith(":warning:") and reply.deferred is None
    assert "can't read that" in rendered(reply)
    assert ingestor.calls == []
    assert "No feeds are read yet" in rendered(workspace.command("feeds"))
