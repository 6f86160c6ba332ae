"""Loaded by a `partners-bot` subprocess whose PYTHONPATH starts with this folder: the
process can reach loopback only, so a test never depends on (or waits for) the internet."""

import ipaddress
import socket

_getaddrinfo = socket.getaddrinfo
_connect = socket.socket.connect


def _loopback(host) -> bool:
    if host is None or host == "localhost":
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


def getaddrinfo(host, *args, **kwargs):
    if not _loopback(host.decode() if isinstance(host, bytes) else host):
        raise socket.gaierror(socket.EAI_NONAME, "offline test: only loopback resolves")
    return _getaddrinfo(host, *args, **kwargs)


def connect(self, address):
    if isinstance(address, tuple) and not _loopback(address[0]):
        raise ConnectionRefusedError("offline test: only loopback is reachable")
    return _connect(self, address)


socket.getaddrinfo = getaddrinfo
socket.socket.connect = connect
