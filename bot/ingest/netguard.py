"""Which URLs and addresses a fetch made for a user may reach: public ones only (SSRF rules).

Two layers, both needed:

- `check_url` looks at the URL alone (scheme, literal addresses in every spelling, local
  host names). It is cheap and gives clear messages; it runs before every request and on
  every redirect hop.
- `GuardedTransport` does the one DNS lookup of each new connection itself, refuses the
  connection unless every address is public, and connects to the address it checked. The
  host name still goes into the Host header, the TLS SNI and the certificate check, so a
  second lookup (DNS rebinding) has no chance to point the request elsewhere.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from urllib.parse import unquote

import httpcore
import httpx

from bot.config import Settings
from bot.ingest.results import error_line

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

WEB_SCHEMES = frozenset({"http", "https"})
# Names that are local by definition or by common use; never on the public internet.
LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})
LOCAL_SUFFIXES = (".localhost", ".local", ".localdomain", ".internal", ".home.arpa", ".lan")
# Networks the ipaddress properties leave out or get wrong in some Python versions.
SHARED_NETWORK = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT
NAT64_NETWORK = ipaddress.ip_network("64:ff9b::/96")  # embeds an IPv4 address
# A host name resolving to many addresses is tried on this many at most.
MAX_CONNECT_ATTEMPTS = 3


class UnsafeURL(ValueError):
    """A URL a user gave may not be fetched; the message says why, in one line."""


class AddressRefused(httpcore.ConnectError):
    """A connection was refused before it was made: the host is not on the public internet."""


# -- addresses -----------------------------------------------------------------------------


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses an IPv6 address stands for (mapped, 6to4, Teredo, NAT64)."""
    if ip.ipv4_mapped is not None:
        return [ip.ipv4_mapped]
    if ip.sixtofour is not None:
        return [ip.sixtofour]
    if ip.teredo is not None:
        return list(ip.teredo)
    if ip in NAT64_NETWORK:
        return [ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)]
    return []


def address_problem(ip: IPAddress) -> str | None:
    """Why `ip` is not a public address ('loopback', 'private'...), or None if it is one."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.scope_id:
            return "scoped"
        for inner in _embedded_ipv4(ip):
            problem = address_problem(inner)
            if problem:
                return f"IPv6 form of {inner}, {problem}"
        if ip.is_site_local:
            return "site-local"
    checks = (
        ("unspecified", ip.is_unspecified),
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("private", ip.is_private),
        ("shared (carrier-grade NAT)", ip.version == 4 and ip in SHARED_NETWORK),
        ("reserved", ip.is_reserved),
        ("not globally routable", not ip.is_global),
    )
    return next((name for name, failed in checks if failed), None)


def is_public_address(address: str) -> bool:
    """True for an address on the public internet; False for anything else, garbage included."""
    try:
        return address_problem(ipaddress.ip_address(address)) is None
    except ValueError:
        return False


def _ipv4_number(part: str) -> int | None:
    """One part of a legacy IPv4 spelling: decimal, octal (leading 0) or hex (0x); None if
    it is not a number."""
    if part[:2].lower() == "0x":
        digits, base = part[2:], 16
    elif len(part) > 1 and part.startswith("0"):
        digits, base = part[1:], 8
    else:
        digits, base = part, 10
    if digits == "":
        return 0 if base == 16 else None
    try:
        return int(digits, base) if digits.isascii() and digits.isalnum() else None
    except ValueError:
        return None


def _looks_numeric(label: str) -> bool:
    return label.isascii() and (label.isdigit() or label[:2].lower() == "0x")


def literal_address(host: str) -> IPAddress | None:
    """The address a host spells literally, in any form `inet_aton` accepts
    (`2130706433`, `0x7f.1`, `0177.0.0.1`), IPv6 with a scope id included; None for a name.

    Raises `UnsafeURL` for a host that ends in a number but is no valid address.
    """
    try:
        return ipaddress.ip_address(unquote(host))
    except ValueError:
        pass
    parts = host.split(".")
    if not _looks_numeric(parts[-1]):
        return None
    numbers = [_ipv4_number(part) for part in parts]
    if len(parts) > 4 or None in numbers:
        raise UnsafeURL(f"{host} is not a valid address")
    *head, last = numbers
    if any(n > 255 for n in head) or last >= 256 ** (4 - len(head)):
        raise UnsafeURL(f"{host} is not a valid address")
    value = last
    for position, number in enumerate(head):
        value += number << (8 * (3 - position))
    return ipaddress.IPv4Address(value)


# -- URLs ----------------------------------------------------------------------------------


def _host_problem(host: str) -> str | None:
    """Why a host (as httpx will connect to it) is not public, judged without DNS."""
    if not host:
        return "the URL has no host"
    name = host.lower().removesuffix(".")
    address = literal_address(name)
    if address is not None:
        problem = address_problem(address)
        return f"{address} is not a public address ({problem})" if problem else None
    if name in LOCAL_NAMES or name.endswith(LOCAL_SUFFIXES):
        return f"{host} is a local host name"
    if "." not in name:
        return f"{host} is not a public host name"
    return None


def check_url(url: str, *, allow_private: bool = False) -> None:
    """Refuse a URL that may not be fetched for a user, before any request or DNS lookup.

    Only http and https; with `allow_private` False, no host that is local by its name or
    its literal address. Raises `UnsafeURL`. Names are judged again on their addresses
    when the connection is made (see `GuardedTransport`).
    """
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, ValueError, TypeError) as exc:
        raise UnsafeURL(f"not a valid URL ({error_line(exc)})") from None
    scheme = parsed.scheme
    if scheme not in WEB_SCHEMES:
        raise UnsafeURL(f"unsupported URL scheme {scheme or '(none)'!r}")
    host = parsed.raw_host.decode("ascii", "replace")
    if not host:
        raise UnsafeURL("the URL has no host")
    if allow_private:
        return
    problem = _host_problem(host)
    if problem:
        raise UnsafeURL(problem)


def check_user_url(url: str, settings: Settings, *, resolve_host: bool = False) -> str | None:
    """None when a URL a user gave may be fetched, else a one-line reason to show them.

    Cheap by default (no DNS). With `resolve_host`, the name is also looked up once and all
    its addresses checked; the fetch checks them again on its own connection either way.
    Never raises.
    """
    try:
        check_url(url, allow_private=settings.allow_private_urls)
        if resolve_host and not settings.allow_private_urls:
            parsed = httpx.URL(url)
            port = parsed.port or (443 if parsed.scheme == "https" else 80)
            public_addresses(parsed.raw_host.decode("ascii"), port)
    except UnsafeURL as exc:
        return str(exc)
    except httpcore.ConnectError as exc:  # AddressRefused included
        return error_line(exc)
    except (ValueError, TypeError, UnicodeError) as exc:  # whatever a parser can say
        return f"not a valid URL ({error_line(exc)})"
    return None


# -- connections ---------------------------------------------------------------------------


def resolve(host: str, port: int) -> list[str]:
    """The addresses `host` has, in the resolver's order: the one lookup of a connection."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise httpcore.ConnectError(f"cannot resolve {host} ({error_line(exc)})") from None
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def public_addresses(host: str, port: int) -> list[str]:
    """`host`'s addresses, all of them public; else `AddressRefused` naming the first bad one."""
    problem = _safe_host_problem(host)
    if problem:
        raise AddressRefused(problem)
    addresses = resolve(host, port)
    if not addresses:
        raise httpcore.ConnectError(f"{host} has no address")
    for address in addresses:
        try:
            problem = address_problem(ipaddress.ip_address(address))
        except ValueError:
            problem = "not an IP address"
        if problem:
            raise AddressRefused(f"{host} resolves to {address}, not a public address ({problem})")
    return addresses


def _safe_host_problem(host: str) -> str | None:
    try:
        return _host_problem(host)
    except UnsafeURL as exc:
        return str(exc)


def open_stream(
    address: str,
    port: int,
    timeout: float | None,
    local_address: str | None,
    socket_options: Iterable | None,
) -> httpcore.NetworkStream:
    """A TCP stream to an address already checked (a literal: no lookup happens here)."""
    return httpcore.SyncBackend().connect_tcp(
        address, port, timeout=timeout, local_address=local_address, socket_options=socket_options
    )


class GuardedBackend(httpcore.NetworkBackend):
    """httpcore's network backend with the address check between the lookup and the connect.

    `resolve` and `open_stream` are looked up on this module at every connection, so tests
    can stand in for DNS and for the network.
    """

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable | None = None,
    ) -> httpcore.NetworkStream:
        addresses = public_addresses(host, port)
        failure: httpcore.ConnectError | httpcore.ConnectTimeout | None = None
        for address in addresses[:MAX_CONNECT_ATTEMPTS]:
            try:
                return open_stream(address, port, timeout, local_address, socket_options or [])
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
        assert failure is not None
        raise failure

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable | None = None
    ) -> httpcore.NetworkStream:
        raise AddressRefused("Unix sockets are not reachable from user URLs")

    def sleep(self, seconds: float) -> None:
        httpcore.SyncBackend().sleep(seconds)


class GuardedTransport(httpx.HTTPTransport):
    """An `httpx.HTTPTransport` (no proxy) whose new connections go through `GuardedBackend`."""

    def __init__(self, *, limits: httpx.Limits | None = None) -> None:
        limits = limits or httpx.Limits(max_connections=100, max_keepalive_connections=20)
        super().__init__(limits=limits)
        # httpx builds its connection pool without a way to pass a network backend, so the
        # pool is rebuilt with one. Refuse to run if httpx ever stops keeping it in `_pool`:
        # a guard that silently does nothing would be worse than none.
        if not isinstance(getattr(self, "_pool", None), httpcore.ConnectionPool):
            raise RuntimeError("this httpx version keeps its pool elsewhere; the guard is off")
        self._pool.close()
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=GuardedBackend(),
        )
