"""A plain blocking fetch for the CLI and one-off scripts: GET a URL, return decoded HTML.

It applies the same rules as the service's async ``Fetcher`` (``rules.py``, ``body.py``,
``urls.py``): only http(s) URLs without credentials, redirects followed one by one and bounded
by ``RIPTIDE_FETCH_MAX_REDIRECTS``, only HTML/XHTML bodies, at most ``RIPTIDE_MAX_HTML_BYTES``
after gzip/br/zstd decoding, charset decoded like a browser.

What it leaves out, on purpose: robots.txt, per-host politeness and retries (one fetch that a
person asked for, like ``curl``), and — unless ``guard_addresses=True`` — SSRF protection: the
CLI fetches the URL its own operator typed, on the operator's machine, and fetching
``http://localhost:8000/`` from there is a feature. Code that fetches URLs given by *someone
else* must pass ``guard_addresses=True`` or, better, use ``client.Fetcher``.

Time: connect and read timeouts bound each blocking step, and ``RIPTIDE_FETCH_TIMEOUT_SECS`` is
checked between hops and body chunks, so a fetch ends within about that total plus one read timeout.
"""

from __future__ import annotations

import time

import httpx

from ..config import Settings
from ..errors import FetchError
from .addresses import AddressPolicy
from .body import BodyReader
from .rules import (
    HTML_TYPES,
    RETRYABLE_STATUS,
    FetchedPage,
    build_page,
    check_content_type,
    redirect_target,
    request_headers,
    status_error,
    transport_error,
)
from .transport import guarded_sync_transport
from .urls import check_url, origin_of, parse_url

__all__ = ["HTML_TYPES", "RETRYABLE_STATUS", "FetchedPage", "check_url", "fetch_html"]


def fetch_html(url: str, settings: Settings, *, guard_addresses: bool = False) -> FetchedPage:
    """GET ``url`` and decode its HTML. Raises ``FetchError`` (``kind`` and ``retryable`` set).

    ``guard_addresses`` refuses internal addresses as the service does (loopback only if
    ``RIPTIDE_FETCH_ALLOW_LOOPBACK``), checked at connect time for every hop.
    """
    started = time.monotonic()
    policy = AddressPolicy(allow_loopback=settings.fetch_allow_loopback) if guard_addresses else None
    current = check_url(url)
    redirects: list[str] = []
    try:
        with _client(settings, policy) as client:
            for _hop in range(settings.fetch_max_redirects + 1):
                if policy is not None:
                    origin = origin_of(parse_url(current))
                    policy.resolve_sync(origin.host, origin.port)
                _check_time(url, settings, started)
                target, page = _exchange(client, current, settings, started)
                if page is not None:
                    return build_page(
                        url, current, page[0], page[1], page[2],
                        elapsed_ms=(time.monotonic() - started) * 1000, redirects=redirects,
                    )  # fmt: skip
                assert target is not None
                redirects.append(target)
                current = target
    except FetchError as error:
        if error.url != current:  # raised by the address check, which only knows the host
            raise transport_error(current, error, settings) from None
        raise
    except httpx.HTTPError as error:
        raise transport_error(current, error, settings) from None
    raise FetchError(
        f"{url} redirected more than {settings.fetch_max_redirects} times (RIPTIDE_FETCH_MAX_REDIRECTS)",
        url,
        kind="too-many-redirects",
    )


def _client(settings: Settings, policy: AddressPolicy | None) -> httpx.Client:
    transport = guarded_sync_transport(policy) if policy else httpx.HTTPTransport(trust_env=False)
    return httpx.Client(
        transport=transport,
        headers=request_headers(settings),
        timeout=httpx.Timeout(settings.fetch_read_timeout_secs, connect=settings.fetch_connect_timeout_secs),
        follow_redirects=False,
        trust_env=False,
    )


def _exchange(
    client: httpx.Client, url: str, settings: Settings, started: float
) -> tuple[str | None, tuple[int, bytes, str] | None]:
    """One request: (redirect target, None) or (None, (status, body, content type))."""
    with client.stream("GET", url) as response:
        status = response.status_code
        target = redirect_target(url, status, response.headers)
        if target is not None:
            return target, None
        if not 200 <= status < 300:
            raise status_error(url, status, response.reason_phrase)
        content_type = response.headers.get("content-type", "")
        check_content_type(url, content_type)
        reader = BodyReader(url, settings.max_html_bytes, response.headers.get("content-encoding"))
        reader.check_declared_length(response.headers.get("content-length"))
        for chunk in response.iter_raw():
            reader.feed(chunk)
            _check_time(url, settings, started)
        return None, (status, reader.body(), content_type)


def _check_time(url: str, settings: Settings, started: float) -> None:
    if time.monotonic() - started > settings.fetch_timeout_secs:
        raise FetchError(
            f"timed out fetching {url} after {settings.fetch_timeout_secs:g} s (RIPTIDE_FETCH_TIMEOUT_SECS)",
            url,
            retryable=True,
            kind="timeout",
        )
