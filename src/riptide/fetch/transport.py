"""httpx transports that connect only to addresses the SSRF policy has checked.

httpx resolves host names inside its network backend, at connect time. We replace that backend
with one that resolves the name itself, checks **every** address with ``AddressPolicy`` and then
connects to one of those very addresses (an IP string, so no second lookup happens). The check
and the connection therefore see the same DNS answer: DNS rebinding has no window to exploit.
TLS is unaffected: httpcore still passes the URL's host name for SNI and certificate checks, and
the ``Host`` header still carries the name.

Every new connection goes through the check, including those made for redirect hops and
robots.txt; pooled keep-alive connections were checked when they were opened. Proxies from the
environment (``HTTP_PROXY`` …) are ignored (``trust_env=False``): through a proxy we could not
control which address is reached.

httpx has no public way to give ``AsyncHTTPTransport`` a network backend, so the transports
below replace the connection pool they build (``_pool``) with one that has ours; httpx is pinned
below 0.29 and the SSRF tests fail loudly if that ever stops working.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterable

import httpcore
import httpx

from ..errors import FetchError
from .addresses import AddressPolicy

SocketOptions = Iterable[httpcore.SOCKET_OPTION] | None


class GuardedAsyncBackend(httpcore.AsyncNetworkBackend):
    """An httpcore backend that connects only to addresses ``policy`` allows."""

    def __init__(self, policy: AddressPolicy) -> None:
        self._policy = policy
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: SocketOptions = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await self._policy.resolve(host, port)
        failure: Exception | None = None
        for address in addresses:  # like getaddrinfo's callers: first one that answers wins
            try:
                return await self._inner.connect_tcp(
                    str(address), port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                failure = error
        assert failure is not None  # check() never returns an empty list
        raise failure

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: SocketOptions = None
    ) -> httpcore.AsyncNetworkStream:
        raise FetchError("Unix sockets are never fetched from", path, kind="blocked-address")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def _ssl_context() -> ssl.SSLContext:
    return httpx.create_ssl_context()


def guarded_async_transport(
    policy: AddressPolicy, *, http2: bool, limits: httpx.Limits
) -> httpx.AsyncHTTPTransport:
    """An async transport (pooled, HTTP/2 if asked) whose every connection is address-checked."""
    context = _ssl_context()
    transport = httpx.AsyncHTTPTransport(verify=context, http2=http2, limits=limits, trust_env=False)
    transport._pool = httpcore.AsyncConnectionPool(
        ssl_context=context,
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        http1=True,
        http2=http2,
        network_backend=GuardedAsyncBackend(policy),
    )
    return transport
