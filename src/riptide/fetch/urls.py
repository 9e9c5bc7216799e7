"""Which URLs may be fetched at all, and the origin (scheme, host, port) each one belongs to.

URLs are parsed with ``httpx.URL`` — the parser that will send the request — so the host we check
is exactly the host we connect to (parser differentials are a classic way around SSRF filters).
Refused here, before any network activity:

- schemes other than http and https (``file:``, ``gopher:``, ``ftp:``, ``javascript:`` …);
- URLs without a host, or with characters no host name has;
- URLs with credentials (``http://user:pw@host/``): they would be sent to the server, and
  ``http://trusted.example@10.0.0.1/`` is a common way to disguise the real host.

Whether the *address* of the host may be contacted is decided by ``addresses.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

import httpx

from ..errors import FetchError

SCHEMES = ("http", "https")
DEFAULT_PORTS = {"http": 80, "https": 443}
#: What a (punycode-encoded) host name or IPv4 literal consists of; IPv6 literals are checked apart.
_HOST_CHARACTERS = re.compile(r"^[a-z0-9._-]+$")
_IPV6_CHARACTERS = re.compile(r"^[0-9a-f:.]+(%[a-z0-9_.-]+)?$")


class Origin(NamedTuple):
    """Scheme, host and port: the unit robots.txt, politeness and connections are kept per."""

    scheme: str
    host: str
    port: int

    def __str__(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = DEFAULT_PORTS[self.scheme] == self.port
        return f"{self.scheme}://{host}" if default else f"{self.scheme}://{host}:{self.port}"


def _invalid(url: str, why: str, via: str | None) -> FetchError:
    where = f"{via} redirected to {url!r}" if via else f"invalid URL {url!r}"
    return FetchError(f"{where}: {why}", via or url, kind="invalid-url")


def parse_url(url: str, *, via: str | None = None, shown: str | None = None) -> httpx.URL:
    """``url`` parsed, if it may be fetched; else ``FetchError`` (kind ``invalid-url``).

    ``via`` is the URL that redirected here and ``shown`` the Location it gave, so the message
    can say where the bad URL came from, as the server wrote it.
    """
    text = url.strip()
    try:
        parsed = httpx.URL(text)
    except (httpx.InvalidURL, TypeError, ValueError) as error:
        raise _invalid(shown or text, f"it cannot be parsed ({error})", via) from None
    text = shown or text
    if parsed.scheme not in SCHEMES:
        raise _invalid(text, "only http and https URLs can be fetched", via)
    host = parsed.raw_host.decode("ascii", "replace").lower()
    if not host:
        raise _invalid(text, "it has no host name", via)
    if parsed.userinfo:
        raise _invalid(text, "URLs with credentials (user:password@) are refused", via)
    shape = _IPV6_CHARACTERS if ":" in host else _HOST_CHARACTERS
    if not shape.match(host):
        raise _invalid(text, f"{host!r} is not a valid host name", via)
    return parsed


def check_url(url: str) -> str:
    """The normalised form of ``url`` if it may be fetched; else ``FetchError`` (``invalid-url``)."""
    return str(parse_url(url))


def origin_of(url: httpx.URL) -> Origin:
    """The origin of an already-checked URL."""
    host = url.raw_host.decode("ascii").lower()
    return Origin(url.scheme, host, url.port or DEFAULT_PORTS[url.scheme])


def resolve_redirect(url: str, location: str) -> str:
    """The absolute URL a ``Location`` header points to, checked like any other URL."""
    try:
        target = str(httpx.URL(url).join(location.strip()))
    except (httpx.InvalidURL, TypeError, ValueError) as error:
        raise _invalid(location, f"the Location header cannot be parsed ({error})", url) from None
    return str(parse_url(target, via=url, shown=location.strip()))


def url_list_entries(lines: Iterable[str]) -> list[str]:
    """The entries of a URL list file (``riptide crawl -i``, ``riptide batch``): one per line,
    surrounding whitespace stripped, blank lines and ``#`` comments skipped."""
    stripped = (line.strip() for line in lines)
    return [line for line in stripped if line and not line.startswith("#")]
