"""Cache keys: which requests may share a cached result.

Two requests share a key exactly when they name the same page (after ``normalise_url``), ask
for the same mode and the same selectors in the same order, and would be served by the same
extractor: ``Extractor.identity``, i.e. the component's name, reported version and SHA-256
while the sandbox runs (another component file never shares keys), or the native engine's
version (the field keeps its first name, ``engine_version``). A key is ``riptide:v1:`` followed
by the SHA-256 hex of a canonical JSON of those four things, so it is fixed-length, safe in any
backend, and still recognisable when you list a Redis database. Bump ``KEY_PREFIX`` when the
meaning of a key changes.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import SplitResult, unquote, urlsplit, urlunsplit

from ..engine import ENGINE_VERSION

#: Every key starts with this; "v1" is the key scheme, not the payload format (see codec.py).
KEY_PREFIX = "riptide:v1:"

#: Query parameters that only say how a visitor arrived, never what the page shows.
TRACKING_PARAMS = frozenset({"fbclid", "gclid", "mc_cid", "mc_eid"})
#: Query parameter name prefixes with the same meaning (Google Analytics campaign tags).
TRACKING_PREFIXES = ("utm_",)
#: Ports a URL may leave out; writing them changes nothing.
DEFAULT_PORTS = {"http": 80, "https": 443}
#: RFC 3986 unreserved characters: percent-encoding them is equivalent to writing them plainly.
UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

#: One percent-encoded octet.
_PERCENT_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")


@dataclass(frozen=True)
class CacheKey:
    """A cache key and what it was made from (kept for logs and debugging, not for lookup)."""

    #: The string backends store under: ``KEY_PREFIX`` + SHA-256 hex.
    value: str
    url: str
    mode: str
    selectors: tuple[str, ...]
    engine_version: str

    def __str__(self) -> str:
        return self.value


def cache_key(
    url: str, mode: str, selectors: Sequence[str] = (), engine_version: str = ENGINE_VERSION
) -> CacheKey:
    """The key of one extraction request.

    ``mode`` is compared case-insensitively (``ExtractionMode`` values work as they are).
    ``selectors`` keep their order, since it is the order of the output, but runs of whitespace
    inside each are collapsed (``"article  h2"`` == ``"article h2"``). Selectors are part of the
    key whatever the mode; callers that ignore them outside ``custom`` mode should pass ``()``.
    ``engine_version`` is what the result depends on: pass ``Extractor.identity``; the default,
    the engine's version, suits only callers that extract natively.
    """
    normalised_url = normalise_url(url)
    normalised_mode = str(mode).strip().lower()
    normalised_selectors = tuple(normalise_selector(selector) for selector in selectors)
    canonical = {
        "url": normalised_url,
        "mode": normalised_mode,
        "selectors": normalised_selectors,
        "engine_version": engine_version,
    }
    text = json.dumps(canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return CacheKey(
        KEY_PREFIX + digest, normalised_url, normalised_mode, normalised_selectors, engine_version
    )


def normalise_selector(selector: str) -> str:
    """``selector`` with leading/trailing whitespace removed and inner runs collapsed to one space."""
    return " ".join(selector.split())


def normalise_url(url: str) -> str:
    """The form of ``url`` under which equivalent URLs compare equal.

    - scheme and host lower-cased; the default port (80 for http, 443 for https) dropped;
    - the fragment removed (it never reaches the server);
    - an empty path becomes ``/`` when there is a host;
    - query parameters sorted, empty ones (``a=1&&b=2``) dropped, and tracking parameters
      (``utm_*``, ``fbclid``, ``gclid``, ``mc_cid``, ``mc_eid``) removed;
    - percent-encoding normalised: hex digits upper-cased, unreserved characters decoded.

    Dot segments (``/a/../b``), trailing slashes and ``www.`` are kept: servers may treat them
    differently. A URL ``urlsplit`` cannot parse is returned stripped, otherwise unchanged.
    """
    url = url.strip()
    try:
        parts = urlsplit(url)
        netloc = _normalise_netloc(parts)
    except ValueError:  # e.g. an unclosed IPv6 bracket or a non-numeric port: key it as given
        return url
    path = _normalise_percent_encoding(parts.path)
    if not path and netloc:
        path = "/"
    return urlunsplit((parts.scheme.lower(), netloc, path, _normalise_query(parts.query), ""))


def _normalise_netloc(parts: SplitResult) -> str:
    """Lower-case host, default port dropped, user info kept (percent-encoding normalised)."""
    host = parts.hostname or ""
    if ":" in host:  # IPv6 literal: urlsplit removed the brackets
        host = f"[{host}]"
    port = parts.port  # raises ValueError for a malformed port
    if port is not None and DEFAULT_PORTS.get(parts.scheme.lower()) != port:
        host = f"{host}:{port}"
    userinfo, at, _ = parts.netloc.rpartition("@")
    return f"{_normalise_percent_encoding(userinfo)}{at}{host}"


def _normalise_query(query: str) -> str:
    """Sorted, tracking-free, percent-normalised query string (without the ``?``)."""
    params = []
    for param in query.split("&"):
        if not param:
            continue
        param = _normalise_percent_encoding(param)
        if not _is_tracking_param(param.partition("=")[0]):
            params.append(param)
    return "&".join(sorted(params))


def _is_tracking_param(name: str) -> bool:
    name = unquote(name).lower()
    return name in TRACKING_PARAMS or name.startswith(TRACKING_PREFIXES)


def _normalise_percent_encoding(text: str) -> str:
    """Upper-case every ``%xx`` escape and decode those of unreserved characters."""
    if "%" not in text:
        return text

    def fix(escape: re.Match[str]) -> str:
        char = chr(int(escape.group(1), 16))
        return char if char in UNRESERVED else "%" + escape.group(1).upper()

    return _PERCENT_ESCAPE.sub(fix, text)
