"""Stable identities for articles: canonical URLs, uids and content hashes.

An article keeps the same uid however often it is re-ingested: from its link when it
has one, else from the feed's guid, else from a hash of its words.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that only say how a reader arrived, never which page they read.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "mkt_tok",
        "ref",
        "ref_src",
        "ref_url",
        "cmpid",
        "cmp",
        "ocid",
        "ncid",
        "icid",
        "s_cid",
        "sr_share",
        "spm",
        "wt.mc_id",
        "_hsenc",
        "_hsmi",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
    }
)
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_")
DEFAULT_PORTS = {"http": 80, "https": 443}

_SPACE = re.compile(r"\s+")


def _is_tracking(key: str) -> bool:
    key = key.lower()
    return key in TRACKING_PARAMS or key.startswith(TRACKING_PREFIXES)


def canonical_url(url: str) -> str:
    """The form of `url` two links to the same page share.

    Lowercases scheme and host, drops the fragment, tracking parameters and default
    ports, sorts the remaining query parameters and strips a trailing slash (except
    the root's). Anything that is not an absolute URL comes back merely stripped.
    """
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    if not parts.scheme or not parts.netloc:
        return url
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = host
    if parts.username is not None:
        userinfo = parts.netloc.rpartition("@")[0]
        netloc = f"{userinfo}@{host}"
    if port is not None and DEFAULT_PORTS.get(scheme) != port:
        netloc = f"{netloc}:{port}"
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    query = sorted(
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not _is_tracking(key)
    )
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


def _normalise(value: str) -> str:
    return _SPACE.sub(" ", value).strip().casefold()


def content_hash(title: str, text: str) -> str:
    """SHA-1 (hex) of title and text with whitespace collapsed and case folded."""
    payload = f"{_normalise(title or '')}\n{_normalise(text or '')}"
    return hashlib.sha1(payload.encode("utf-8", "surrogatepass")).hexdigest()


def _is_web_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def article_uid(url: str | None, guid: str | None, title: str, text: str) -> str:
    """`url:<canonical url>`, else `guid:<guid>`, else `hash:<content hash>`."""
    if url and _is_web_url(url.strip()):
        return "url:" + canonical_url(url)
    if guid and guid.strip():
        return "guid:" + guid.strip()
    return "hash:" + content_hash(title, text)
