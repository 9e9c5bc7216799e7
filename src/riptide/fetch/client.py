"""The service's fetcher: ``Fetcher.fetch(url)`` → ``FetchedPage``, safe against hostile URLs and servers.

One ``Fetcher`` per service (per event loop); it pools connections (HTTP/2 where the server
offers it and ``RIPTIDE_FETCH_HTTP2`` is on). Each fetch is a pipeline of named steps, repeated
for every redirect hop (at most ``RIPTIDE_FETCH_MAX_REDIRECTS``), so every hop is judged afresh:

    check the URL  → refuse the address  → obey robots.txt → wait for the host → request
    (urls.py)        (addresses.py; again    (robots.py)      (politeness.py)    (retry.py: 429/503,
                      at connect time,                                           connection errors)
                      transport.py)
    → redirect? loop : gate the content type → read ≤ RIPTIDE_MAX_HTML_BYTES, decoding gzip/br/zstd
                       (rules.py)               (body.py)         → decode the charset (charset.py)

**Time.** ``RIPTIDE_FETCH_TIMEOUT_SECS`` (or ``fetch(timeout=…)``) bounds the *whole* call —
robots.txt, waiting for the host's slot and rate, every redirect, every retry and its backoff,
and the body — enforced with ``asyncio.timeout`` around it all, so a caller can rely on one
number. Inside it, ``RIPTIDE_FETCH_CONNECT_TIMEOUT_SECS`` bounds each connection attempt and
``RIPTIDE_FETCH_READ_TIMEOUT_SECS`` each wait for bytes. A retry whose wait would not fit in the
remaining time is not attempted: the fetch fails at once with the error that caused it.

Every failure is a ``FetchError`` whose ``kind`` says why; ``stats()`` counts outcomes.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from types import TracebackType

import httpx

from ..config import Settings, load_settings
from ..errors import FetchError
from .addresses import AddressPolicy, Resolver
from .body import BodyReader
from .politeness import HostPoliteness
from .retry import RETRIED_ERRORS, RetryPolicy, parse_retry_after
from .robots import ROBOTS_MAX_BYTES, ROBOTS_MAX_REDIRECTS, RobotsCache
from .rules import (
    HTML_TYPES,
    RETRY_STATUSES,
    FetchedPage,
    FetchedResource,
    build_page,
    check_content_type,
    redirect_target,
    request_headers,
    status_error,
    transport_error,
)
from .stats import FetchStats
from .transport import guarded_async_transport
from .urls import Origin, origin_of, parse_url


@dataclass(frozen=True)
class _Answer:
    """One HTTP exchange's result: a redirect target, or a body worth keeping."""

    status: int
    redirect_to: str | None = None
    body: bytes = b""
    content_type: str = ""


class _RetryableStatus(Exception):
    """A 429/503 answer: retried unless attempts or time run out."""

    def __init__(self, error: FetchError, retry_after: float | None) -> None:
        super().__init__(error.message)
        self.error = error
        self.retry_after = retry_after


class Fetcher:
    """Fetches HTML pages politely and safely. Use as ``async with Fetcher(settings) as fetcher:``.

    ``resolver`` replaces the system DNS resolver (tests, or a caching resolver); whatever it
    returns is still checked against the SSRF policy. ``guard_addresses=False`` turns that
    policy off: only for URLs the operator typed on their own machine (``fetch_html``).
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        resolver: Resolver | None = None,
        guard_addresses: bool = True,
    ) -> None:
        self.settings = settings or load_settings()
        s = self.settings
        limits = httpx.Limits(
            max_connections=s.fetch_max_connections, max_keepalive_connections=s.fetch_max_connections
        )
        self._addresses: AddressPolicy | None = None
        transport = httpx.AsyncHTTPTransport(http2=s.fetch_http2, limits=limits, trust_env=False)
        if guard_addresses:
            self._addresses = AddressPolicy(allow_loopback=s.fetch_allow_loopback, resolver=resolver)
            transport = guarded_async_transport(self._addresses, http2=s.fetch_http2, limits=limits)
        self._client = httpx.AsyncClient(
            transport=transport,
            headers=request_headers(s),
            timeout=httpx.Timeout(
                s.fetch_read_timeout_secs, connect=s.fetch_connect_timeout_secs, pool=s.fetch_timeout_secs
            ),
            follow_redirects=False,
            trust_env=False,
        )
        self._politeness = HostPoliteness.from_settings(s)
        self._retry = RetryPolicy.from_settings(s)
        self._robots = (
            RobotsCache(self._download_robots, user_agent=s.user_agent, ttl_secs=s.fetch_robots_ttl_secs)
            if s.fetch_respect_robots
            else None
        )
        self._stats = FetchStats()

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close every pooled connection and the robots.txt threads. The fetcher cannot be used
        afterwards."""
        if self._robots is not None:
            self._robots.close()
        await self._client.aclose()

    def stats(self) -> dict[str, int]:
        """Counters: outcomes (``ok`` and each ``FetchError.kind``) and events (requests, retries, …)."""
        robots = self._robots
        return self._stats.snapshot(
            robots_downloads=robots.downloads if robots else 0,
            robots_cache_hits=robots.cache_hits if robots else 0,
        )

    async def fetch(self, url: str, *, timeout: float | None = None) -> FetchedPage:
        """GET ``url`` and decode its HTML, or raise ``FetchError`` (``kind`` says why)."""
        started = time.monotonic()
        current, answer, redirects = await self._fetch_within(
            url, timeout, HTML_TYPES, self.settings.max_html_bytes
        )
        elapsed_ms = (time.monotonic() - started) * 1000
        return build_page(
            url, current, answer.status, answer.body, answer.content_type,
            elapsed_ms=elapsed_ms, redirects=redirects,
        )  # fmt: skip

    async def fetch_resource(
        self, url: str, *, accept: tuple[str, ...], max_bytes: int, timeout: float | None = None
    ) -> FetchedResource:
        """GET a non-HTML resource (sitemap, feed) of a type in ``accept``, at most ``max_bytes``
        decoded, under every rule ``fetch`` applies (addresses, robots.txt, politeness, retries)."""
        current, answer, _redirects = await self._fetch_within(url, timeout, accept, max_bytes)
        return FetchedResource(url, current, answer.status, answer.body, answer.content_type)

    async def sitemaps_of(self, url: str) -> list[str]:
        """The ``Sitemap:`` lines of the robots.txt of ``url``'s origin ([] when robots.txt is off)."""
        if self._robots is None:
            return []
        rules = await self._robots.rules_for(origin_of(parse_url(url)))
        return list(rules.parser.sitemaps) if rules.parser is not None else []

    async def robots_allow(self, url: str) -> bool:
        """Whether robots.txt lets ``url`` be fetched (always, when robots.txt is off)."""
        [allowed] = await self.robots_allow_many([url])
        return allowed

    async def robots_allow_many(self, urls: Sequence[str]) -> list[bool]:
        """``robots_allow`` for each of ``urls``, matched together (a costly robots.txt in one
        thread call, not one per URL)."""
        if self._robots is None:
            return [True] * len(urls)
        pairs = [(await self._robots.rules_for(origin_of(parse_url(url))), url) for url in urls]
        return await self._robots.match(pairs)

    async def _fetch_within(
        self, url: str, timeout: float | None, accept: tuple[str, ...], limit: int
    ) -> tuple[str, _Answer, list[str]]:
        """The fetch pipeline under the total deadline, counted in the statistics."""
        total = self.settings.fetch_timeout_secs if timeout is None else timeout
        try:
            async with asyncio.timeout(total):
                found = await self._fetch(url, asyncio.get_running_loop().time() + total, accept, limit)
        except TimeoutError:
            self._stats.count("timeout")
            raise _took_longer(
                url,
                total,
                "the total limit, RIPTIDE_FETCH_TIMEOUT_SECS, covers robots.txt, waiting for the host, "
                "redirects, retries and the body",
            ) from None
        except FetchError as error:
            self._stats.count(error.kind)
            raise
        self._stats.count("ok")
        return found

    # -- the pipeline -------------------------------------------------------------------------------

    async def _fetch(
        self, url: str, deadline: float, accept: tuple[str, ...], limit: int
    ) -> tuple[str, _Answer, list[str]]:
        current = str(parse_url(url))
        redirects: list[str] = []
        for _hop in range(self.settings.fetch_max_redirects + 1):
            origin = origin_of(parse_url(current))
            await self._refuse_internal(current, origin)
            crawl_delay = await self._robots.check(current, origin) if self._robots else None
            answer = await self._request_with_retries(current, origin, crawl_delay, deadline, accept, limit)
            if answer.redirect_to is None:
                return current, answer, redirects
            self._stats.count("redirects")
            redirects.append(answer.redirect_to)
            current = answer.redirect_to
        raise FetchError(
            f"{url} redirected more than {self.settings.fetch_max_redirects} times "
            f"(RIPTIDE_FETCH_MAX_REDIRECTS); last: {current}",
            url,
            kind="too-many-redirects",
        )

    async def _refuse_internal(self, url: str, origin: Origin) -> None:
        """Refuse internal addresses before robots.txt or any slot (the transport checks again)."""
        if self._addresses is None:
            return
        try:
            await self._addresses.resolve(origin.host, origin.port)
        except FetchError as error:
            raise transport_error(url, error, self.settings) from None

    async def _request_with_retries(
        self,
        url: str,
        origin: Origin,
        crawl_delay: float | None,
        deadline: float,
        accept: tuple[str, ...],
        limit: int,
    ) -> _Answer:
        attempt = 0
        while True:
            retry_after: float | None = None
            try:
                async with self._politeness.slot(origin, crawl_delay):
                    return await self._exchange(url, accept, limit)
            except _RetryableStatus as answer:
                failure, retry_after = answer.error, answer.retry_after
            except RETRIED_ERRORS as error:
                failure = transport_error(url, error, self.settings)
            if attempt >= self._retry.max_retries:
                raise failure
            delay = self._retry.delay(attempt, retry_after, url=url, status=failure.status)
            if asyncio.get_running_loop().time() + delay > deadline:
                raise failure  # waiting would outlast the total limit: report the real cause now
            self._stats.count("retries")
            attempt += 1
            await asyncio.sleep(delay)

    async def _exchange(self, url: str, accept: tuple[str, ...], limit: int) -> _Answer:
        """One request: a redirect target, or the gated, size-limited body."""
        self._stats.count("requests")
        try:
            response = await self._client.send(self._client.build_request("GET", url), stream=True)
        except RETRIED_ERRORS:
            raise
        except httpx.InvalidURL as error:
            raise _unparseable_redirect(url, error) from None
        except (httpx.HTTPError, FetchError) as error:
            raise transport_error(url, error, self.settings) from None
        try:
            status = response.status_code
            target = redirect_target(url, status, response.headers)
            if target is not None:
                return _Answer(status, redirect_to=target)
            if status in RETRY_STATUSES:
                retry_after = parse_retry_after(response.headers.get("retry-after"))
                raise _RetryableStatus(status_error(url, status, response.reason_phrase), retry_after)
            if not 200 <= status < 300:
                raise status_error(url, status, response.reason_phrase)
            content_type = response.headers.get("content-type", "")
            check_content_type(url, content_type, accept)
            body = await self._read(url, response, limit)
            return _Answer(status, body=body, content_type=content_type)
        finally:
            await response.aclose()

    async def _read(self, url: str, response: httpx.Response, limit: int) -> bytes:
        reader = BodyReader(url, limit, response.headers.get("content-encoding"))
        reader.check_declared_length(response.headers.get("content-length"))
        try:
            async for chunk in response.aiter_raw():
                reader.feed(chunk)
        except RETRIED_ERRORS:
            raise
        except httpx.HTTPError as error:
            raise transport_error(url, error, self.settings) from None
        return reader.body()

    # -- robots.txt ---------------------------------------------------------------------------------

    async def _download_robots(self, url: str) -> tuple[int, bytes]:
        """GET a robots.txt, following up to ROBOTS_MAX_REDIRECTS redirects (each hop checked),
        within ``RIPTIDE_FETCH_TIMEOUT_SECS`` in all. A fetch's own deadline covers its robots.txt,
        but ``robots_allow`` and ``sitemaps_of`` ask without one, and httpx's timeout is per
        read: a robots.txt sent a byte a second held ``/v1/map`` for as long as it was sent."""
        total = self.settings.fetch_timeout_secs
        current, status = url, 0
        try:
            async with asyncio.timeout(total):
                for _hop in range(ROBOTS_MAX_REDIRECTS + 1):
                    origin = origin_of(parse_url(current))
                    async with self._politeness.slot(origin):
                        status, target, body = await self._exchange_robots(current)
                    if target is None:
                        return status, body
                    current = target
        except TimeoutError:
            raise _took_longer(url, total, "RIPTIDE_FETCH_TIMEOUT_SECS") from None
        return status, b""

    async def _exchange_robots(self, url: str) -> tuple[int, str | None, bytes]:
        self._stats.count("requests")
        try:
            async with self._client.stream("GET", url) as response:
                status = response.status_code
                target = redirect_target(url, status, response.headers)
                if target is not None or not 200 <= status < 300:
                    return status, target, b""
                reader = BodyReader(url, ROBOTS_MAX_BYTES, response.headers.get("content-encoding"))
                try:
                    async for chunk in response.aiter_raw():
                        reader.feed(chunk)
                except FetchError as error:
                    if error.kind != "too-large":
                        raise
                return status, None, reader.body()  # over the limit: the first ROBOTS_MAX_BYTES count
        except httpx.InvalidURL as error:
            raise _unparseable_redirect(url, error) from None
        except (httpx.HTTPError, FetchError) as error:
            raise transport_error(url, error, self.settings) from None


def _took_longer(url: str, total: float, limit: str) -> FetchError:
    """The ``timeout`` error of a total deadline (``limit`` says which, and what it covers)."""
    return FetchError(
        f"fetching {url} took longer than {total:g} s ({limit})", url, retryable=True, kind="timeout"
    )


def _unparseable_redirect(url: str, error: httpx.InvalidURL) -> FetchError:
    """httpx parses a redirect's Location while sending, and its ``InvalidURL`` is no ``HTTPError``:
    a Location such as ``data:…`` fails there, before ``redirect_target`` can judge it."""
    return FetchError(f"{url} redirected to a URL that cannot be fetched ({error})", url, kind="invalid-url")


def fetch_html(url: str, settings: Settings, *, guard_addresses: bool = False) -> FetchedPage:
    """One blocking fetch of a URL a person typed: ``riptide extract URL``.

    The ``Fetcher``'s rules and its total deadline (``RIPTIDE_FETCH_TIMEOUT_SECS``, headers,
    redirects and body included), but, like ``curl``, no robots.txt, no politeness waits, no
    retries and — unless ``guard_addresses`` — no SSRF check: the operator fetches what they typed,
    from their own machine. Code that fetches URLs given by *someone else* must use ``Fetcher``
    (which is also what to use inside a running event loop).
    """
    one_off = replace(settings, fetch_respect_robots=False, fetch_max_retries=0, fetch_per_host_rate=1000.0)

    async def fetch() -> FetchedPage:
        async with Fetcher(one_off, guard_addresses=guard_addresses) as fetcher:
            return await fetcher.fetch(url)

    return asyncio.run(fetch())
