"""The rules every fetch applies to a response: what a status means, which content types are
extracted, and how the final page is built. Kept free of I/O, so they read (and test) alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import httpx

from ..charset import decode_html, sniff_encoding
from ..config import Settings
from ..errors import FetchError
from .body import ACCEPT_ENCODING
from .urls import resolve_redirect

#: Media types extracted as HTML. A response without a Content-Type is accepted too (and decoded
#: as HTML); the extractor refuses binary input on its own.
HTML_TYPES = ("text/html", "application/xhtml+xml")
#: Statuses that redirect (every fetch is a GET, so 303 needs no method change).
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
#: Statuses retried automatically (with backoff, honouring Retry-After).
RETRY_STATUSES = frozenset({429, 503})
#: Statuses after which trying again later may succeed (``FetchError.retryable``).
RETRYABLE_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})


@dataclass(frozen=True)
class FetchedPage:
    """A fetched HTML page, decoded to text."""

    url: str
    #: The URL the HTML came from, after redirects.
    final_url: str
    status: int
    html: str
    content_type: str
    #: Codec the body was decoded with (BOM → header charset → <meta> → UTF-8 → windows-1252).
    encoding: str = "utf-8"
    #: Wall time of the whole fetch, including robots.txt, politeness waits and retries.
    elapsed_ms: float = 0.0
    #: Every URL redirected to, in order (the last one is ``final_url``).
    redirects: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class FetchedResource:
    """A fetched non-HTML resource (a sitemap, a feed): its bytes, content-decoded, not charset-decoded."""

    url: str
    final_url: str
    status: int
    body: bytes
    content_type: str


def request_headers(settings: Settings) -> dict[str, str]:
    """Headers sent with every request."""
    return {
        "User-Agent": settings.user_agent,
        "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
        "Accept-Encoding": ACCEPT_ENCODING,
    }


def redirect_target(url: str, status: int, headers: Mapping[str, str]) -> str | None:
    """Where a redirect response points (checked like any URL), or None if it is not a redirect."""
    if status not in REDIRECT_STATUSES:
        return None
    location = headers.get("location")
    if not location:
        raise FetchError(f"{url} answered HTTP {status} without a Location header", url, status=status)
    return resolve_redirect(url, location)


def status_error(url: str, status: int, reason: str) -> FetchError:
    """The error for a 4xx/5xx (or unexpected 1xx/3xx) answer."""
    return FetchError(
        f"{url} answered HTTP {status} {reason}".rstrip(),
        url,
        retryable=status in RETRYABLE_STATUS,
        status=status,
        kind="http-status",
    )


def media_type(content_type: str) -> str:
    return content_type.split(";")[0].strip().lower()


def check_content_type(url: str, content_type: str, accept: tuple[str, ...] = HTML_TYPES) -> None:
    """Refuse bodies of other types than ``accept`` (HTML by default) before any of them is read."""
    found = media_type(content_type)
    if found and found not in accept:
        what = "HTML" if accept == HTML_TYPES else "this resource"
        raise FetchError(
            f"unsupported content type {found!r} at {url}: only {', '.join(accept)} is accepted for {what}",
            url,
            kind="unsupported-content-type",
        )


def build_page(
    url: str,
    final_url: str,
    status: int,
    body: bytes,
    content_type: str,
    *,
    elapsed_ms: float = 0.0,
    redirects: list[str] | None = None,
) -> FetchedPage:
    """The page, with its body decoded the way browsers would (``charset.decode_html``)."""
    return FetchedPage(
        url=url,
        final_url=final_url,
        status=status,
        html=decode_html(body, content_type),
        content_type=content_type,
        encoding=sniff_encoding(body, content_type),
        elapsed_ms=elapsed_ms,
        redirects=list(redirects or []),
    )


def transport_error(url: str, error: Exception, settings: Settings) -> FetchError:
    """The ``FetchError`` for an httpx failure (all retryable: the network may do better later)."""
    if isinstance(error, FetchError):  # raised by the address check inside the transport
        return FetchError(error.message, url, error.retryable, error.status, kind=error.kind)
    if isinstance(error, httpx.ConnectTimeout):
        why = f"timed out connecting after {settings.fetch_connect_timeout_secs:g} s"
        return FetchError(f"{why} to {url} (RIPTIDE_FETCH_CONNECT_TIMEOUT_SECS)", url, True, kind="timeout")
    if isinstance(error, httpx.TimeoutException):
        why = f"no data for {settings.fetch_read_timeout_secs:g} s"
        return FetchError(
            f"timed out fetching {url}: {why} (RIPTIDE_FETCH_READ_TIMEOUT_SECS)", url, True, kind="timeout"
        )
    detail = str(error) or type(error).__name__
    return FetchError(f"could not fetch {url}: {detail}", url, True, kind="connection")
