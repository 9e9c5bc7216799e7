"""SSRF protection: which IP addresses a fetch may connect to.

A URL given to the service must not become a way into the network the service runs in, so every
address a host name resolves to must be *globally routable*. Refused (each network is named once
in ``BLOCKED_NETWORKS`` with what it is): loopback, RFC 1918 private, unique-local ``fc00::/7``,
link-local (``169.254.0.0/16`` — where cloud metadata services such as ``169.254.169.254`` live —
and ``fe80::/10``), unspecified, multicast, broadcast, reserved, documentation and benchmarking
ranges, carrier-grade NAT ``100.64.0.0/10``; anything else Python's ``ipaddress`` does not
consider global is refused too. IPv6 forms that embed an IPv4 address (IPv4-mapped
``::ffff:a.b.c.d``, IPv4-compatible, 6to4 ``2002::/16``, NAT64 ``64:ff9b::/96``) are judged by
the IPv4 address inside.

Host names that are IPv4 literals in odd notations — ``2130706433``, ``0x7f000001``,
``0177.0.0.1``, ``127.1`` — are normalised with the WHATWG URL / ``inet_aton`` rules (the ones
``getaddrinfo`` applies) and judged without any DNS query or connection attempt.

``RIPTIDE_FETCH_ALLOW_LOOPBACK=true`` allows loopback (``127.0.0.0/8``, ``::1``) and nothing
else: private networks stay blocked. It exists for tests and local development.

A host passes only if **all** its addresses pass: a name that resolves to one public and one
private address is refused, since the connection could go to either. The check that counts is
made at connect time by ``transport.py``, on the very addresses the socket then connects to, so
DNS rebinding (a name that resolves to a public address when checked and to a private one when
connected) cannot slip through.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable, Iterable

from ..errors import FetchError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
#: Resolves (host, port) to IP address strings. The default asks the system resolver.
Resolver = Callable[[str, int], Awaitable[list[str]]]

_LOOPBACK_HINT = " (RIPTIDE_FETCH_ALLOW_LOOPBACK=true allows loopback for local development)"

#: Networks never fetched from, with what each one is (the reason in the error message).
BLOCKED_NETWORKS: tuple[tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, str], ...] = tuple(
    (ipaddress.ip_network(network), reason)
    for network, reason in (
        ("0.0.0.0/8", "an unspecified ('this network') address"),
        ("10.0.0.0/8", "a private address (RFC 1918)"),
        ("100.64.0.0/10", "a carrier-grade NAT address (RFC 6598)"),
        ("127.0.0.0/8", "a loopback address"),
        ("169.254.0.0/16", "a link-local address (where cloud metadata services live)"),
        ("172.16.0.0/12", "a private address (RFC 1918)"),
        ("192.0.0.0/24", "an IETF protocol-assignment address"),
        ("192.0.2.0/24", "a documentation address"),
        ("192.88.99.0/24", "a 6to4 relay anycast address"),
        ("192.168.0.0/16", "a private address (RFC 1918)"),
        ("198.18.0.0/15", "a benchmarking address"),
        ("198.51.100.0/24", "a documentation address"),
        ("203.0.113.0/24", "a documentation address"),
        ("224.0.0.0/4", "a multicast address"),
        ("240.0.0.0/4", "a reserved address"),
        ("::/128", "an unspecified address"),
        ("::1/128", "a loopback address"),
        ("100::/64", "a discard-only address"),
        ("2001:db8::/32", "a documentation address"),
        ("fc00::/7", "a unique-local (private) address"),
        ("fe80::/10", "a link-local address"),
        ("fec0::/10", "a site-local address"),
        ("ff00::/8", "a multicast address"),
    )
)
#: NAT64 prefixes (RFC 6052, RFC 8215): the last 32 bits are the IPv4 address reached.
NAT64_NETWORKS = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")


def parse_ip_literal(host: str) -> IPAddress | None:
    """The IP address ``host`` denotes literally, in any notation ``getaddrinfo`` accepts; else None.

    Dotted IPv4 with 1–4 parts, each decimal, octal (leading ``0``) or hex (``0x``), as in
    WHATWG's IPv4 parser and ``inet_aton``: ``127.1`` is 127.0.0.1 and ``2130706433`` is too.
    """
    host = host.strip("[]").lower()
    try:
        return ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        pass
    labels = host[:-1].split(".") if host.endswith(".") else host.split(".")
    if not 1 <= len(labels) <= 4:
        return None
    try:
        numbers = [_ipv4_number(label) for label in labels]
    except ValueError:
        return None
    *leading, last = numbers
    if any(part > 255 for part in leading) or last >= 256 ** (5 - len(numbers)):
        return None
    value = last
    for index, part in enumerate(leading):
        value += part << (8 * (3 - index))
    return ipaddress.IPv4Address(value)


def _ipv4_number(label: str) -> int:
    if label.startswith(("0x", "0X")):
        return int(label[2:] or "0", 16)
    if len(label) > 1 and label.startswith("0"):
        return int(label[1:], 8)
    if not label.isdigit():
        raise ValueError(label)
    return int(label, 10)


def embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for (mapped, compatible, 6to4, NAT64), if any."""
    if isinstance(address, ipaddress.IPv4Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if any(address in network for network in NAT64_NETWORKS) or (
        address in _IPV4_COMPATIBLE and int(address) > 1
    ):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def blocked_reason(address: IPAddress, *, allow_loopback: bool = False) -> str | None:
    """Why ``address`` must not be contacted (e.g. "a private address (RFC 1918)"), or None."""
    inner = embedded_ipv4(address)
    judged = inner if inner is not None else address
    if allow_loopback and judged.is_loopback:
        return None
    reason = _network_reason(judged)
    if reason is None:
        return None
    if inner is not None:
        reason += f" (the IPv4 address {inner} inside an IPv6 one)"
    return reason + (_LOOPBACK_HINT if judged.is_loopback else "")


def _network_reason(address: IPAddress) -> str | None:
    for network, reason in BLOCKED_NETWORKS:
        if address.version == network.version and address in network:
            return reason
    return None if address.is_global else "not a globally routable address"


class AddressPolicy:
    """Decides whether a host may be contacted, resolving it when it is a name.

    ``resolver`` replaces the system resolver (tests use it to simulate DNS rebinding).
    """

    def __init__(self, *, allow_loopback: bool = False, resolver: Resolver | None = None) -> None:
        self.allow_loopback = allow_loopback
        self._resolver = resolver or system_resolve

    def check(self, host: str, addresses: Iterable[str]) -> list[IPAddress]:
        """The addresses, if every one may be contacted; else ``FetchError`` (``blocked-address``)."""
        checked: list[IPAddress] = []
        for text in addresses:
            address = ipaddress.ip_address(text.split("%", 1)[0])
            reason = blocked_reason(address, allow_loopback=self.allow_loopback)
            if reason:
                shown = host if host == str(address) else f"{host} resolves to {address}, which"
                raise FetchError(
                    f"refused to connect: {shown} is {reason}; RipTide does not fetch internal "
                    "addresses (SSRF protection)",
                    host,
                    kind="blocked-address",
                )
            checked.append(address)
        if not checked:
            raise FetchError(f"could not resolve host {host!r}: no addresses", host, kind="dns")
        return checked

    def check_literal(self, host: str) -> list[IPAddress] | None:
        """The checked address if ``host`` is an IP literal (no DNS needed); None for names."""
        literal = parse_ip_literal(host)
        return None if literal is None else self.check(host, [str(literal)])

    async def resolve(self, host: str, port: int) -> list[IPAddress]:
        """Every address of ``host``, all checked; raises ``FetchError`` (blocked-address or dns)."""
        literal = self.check_literal(host)
        if literal is not None:
            return literal
        return self.check(host, await self._resolver(host, port))


async def system_resolve(host: str, port: int) -> list[str]:
    """The addresses of ``host`` from the system resolver, without blocking the event loop."""
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as error:
        raise _dns_error(host, error) from None
    return _unique(str(info[4][0]) for info in infos)


def _unique(addresses: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(addresses))


def _dns_error(host: str, error: OSError) -> FetchError:
    temporary = getattr(error, "errno", None) == socket.EAI_AGAIN
    return FetchError(
        f"could not resolve host {host!r}: {error.strerror or error}", host, retryable=temporary, kind="dns"
    )
