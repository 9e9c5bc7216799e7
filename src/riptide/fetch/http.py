"""A plain HTTP fetch for the CLI and the one-call API: GET a URL, return decoded HTML.

Bounded in every dimension a hostile server controls: redirects, total time and body size.
Only HTML and XHTML responses are accepted; anything else is a clear ``FetchError``.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from ..config import Settings
from ..errors import FetchError
from .charset import decode_html

MAX_REDIRECTS = 10
#: Media types extracted as HTML.
HTML_TYPES = ("text/html", "application/xhtml+xml")
RETRYABLE_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})


@dataclass(frozen=True)
class FetchedPage:
    url: str
    final_url: str
    status: int
    html: str
    content_type: str


def check_url(url: str) -> str:
    """Return ``url`` if it is an absolute http(s) URL with a host; else raise ``FetchError``."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"invalid URL {url!r}: only http and https URLs can be fetched", url)
    if not parts.hostname:
        raise FetchError(f"invalid URL {url!r}: it has no host name", url)
    return url.strip()


def fetch_html(url: str, settings: Settings) -> FetchedPage:
    """GET ``url`` and decode its HTML. Raises ``FetchError`` with ``retryable`` set sensibly."""
    url = check_url(url)
    limit = settings.max_html_bytes
    headers = {"User-Agent": settings.user_agent, "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"}
    try:
        with (
            httpx.Client(
                follow_redirects=True,
                max_redirects=MAX_REDIRECTS,
                timeout=settings.fetch_timeout_secs,
                headers=headers,
            ) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code >= 400:
                raise FetchError(
                    f"{url} answered HTTP {response.status_code} {response.reason_phrase}",
                    url,
                    retryable=response.status_code in RETRYABLE_STATUS,
                    status=response.status_code,
                )
            content_type = response.headers.get("content-type", "")
            media_type = content_type.split(";")[0].strip().lower()
            if media_type and media_type not in HTML_TYPES:
                raise FetchError(
                    f"unsupported content type {media_type!r} at {url}: only HTML is extracted", url
                )
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > limit:
                    raise FetchError(
                        f"{url} is larger than the {limit:,}-byte limit (RIPTIDE_MAX_HTML_BYTES)", url
                    )
            return FetchedPage(
                url,
                str(response.url),
                response.status_code,
                decode_html(bytes(body), content_type),
                content_type,
            )
    except httpx.TooManyRedirects:
        raise FetchError(f"{url} redirected more than {MAX_REDIRECTS} times", url) from None
    except httpx.TimeoutException:
        raise FetchError(
            f"timed out fetching {url} after {settings.fetch_timeout_secs:g} s", url, retryable=True
        ) from None
    except httpx.HTTPError as error:
        raise FetchError(
            f"could not fetch {url}: {error or type(error).__name__}", url, retryable=True
        ) from None
