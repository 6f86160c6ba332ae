"""Where a source is: a URL, or a file on this machine (a path or a `file://` URL), and the
one form it is stored under as a feed. No fetching here, so anyone may import it cheaply."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname


def is_url(source: str) -> bool:
    """Anything with a scheme other than `file:` (a Windows drive letter is not a scheme)."""
    scheme = urlsplit(source.strip()).scheme if "://" in source else ""
    return len(scheme) > 1 and scheme.lower() != "file"


def file_url_to_path(source: str) -> str:
    """`file:///tmp/a.xml` -> `/tmp/a.xml`; other strings unchanged."""
    if not source.lower().startswith("file:"):
        return source
    parts = urlsplit(source)
    return url2pathname(unquote(parts.path)) if parts.path else source


def source_key(source: str) -> str:
    """How a source is stored (and polled) as a feed: a URL as given, a local file as its
    absolute path, so that it is found again from any working directory."""
    source = source.strip()
    if is_url(source):
        return source
    return str(Path(file_url_to_path(source)).expanduser().resolve())
