"""Turning the hrefs and srcs a page contains into absolute http(s) URLs.

Every output of the engine that carries a URL (Markdown links and images, ``Link``, ``Media``)
goes through ``resolve_url`` so that they all agree on what a usable URL is:

- absolute ``http``/``https`` only: ``javascript:``, ``mailto:``, ``tel:``, ``data:`` and every
  other scheme give ``None``, because none of them is a page or a file a consumer can fetch;
- fragment-only references (``#top``) and references back to the base page plus a fragment give
  ``None``: they point inside the page being extracted, not to anything new;
- surrounding whitespace is stripped, tabs and newlines inside are removed and spaces are
  percent-encoded, as browsers do;
- protocol-relative ``//host/path`` takes the base's scheme (``https`` when there is no base).
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from .dom import Document

#: The only schemes whose URLs we hand out.
HTTP_SCHEMES = frozenset({"http", "https"})
#: Scheme used for ``//host/path`` when there is no base URL to take it from.
DEFAULT_SCHEME = "https"

#: A leading URL scheme (``javascript:``, ``mailto:``, ``HTTP:``...).
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
#: Already absolute http(s) with a plain host name: the common case, which skips ``urljoin``
#: (user info and IPv6 literals take the slow, validating path).
_ABSOLUTE_HTTP = re.compile(r"https?://[^/?#\\\s@\[\]]+(?:[/?#]|$)", re.I)
#: The scheme and authority of an http(s) base URL: what a root-relative "/path" keeps.
_HTTP_ORIGIN = re.compile(r"https?://[^/?#\\\s]+", re.I)
#: Characters browsers delete from anywhere in a URL before parsing it.
_DELETED_CHARS = str.maketrans("", "", "\t\n\r")


def is_http_url(value: str) -> bool:
    """True for an absolute http(s) URL with a host; the engine's test for "usable URL"."""
    try:
        parts = urlsplit(value.strip())
        return parts.scheme.lower() in HTTP_SCHEMES and bool(parts.hostname)
    except ValueError:  # malformed (e.g. an unclosed IPv6 bracket): by definition not usable
        return False


def resolve_url(href: str, base: str) -> str | None:
    """Absolute http(s) URL for ``href`` found on a page whose base URL is ``base``, or None.

    None means "nothing a consumer can follow": see the module docstring for the cases.
    Fragments on other pages are kept (they are part of what the author linked to).
    """
    href = href.strip()
    if not href or href[0] == "#":
        return None
    if "\t" in href or "\n" in href or "\r" in href:
        href = href.translate(_DELETED_CHARS)
    if " " in href:
        href = href.replace(" ", "%20")
    if _ABSOLUTE_HTTP.match(href):
        url = href
    elif href[0] == "/" and href[1:2] != "/" and "/." not in href and "\\" not in href:
        origin = _HTTP_ORIGIN.match(base)  # root-relative, the common case: no urljoin needed
        if origin is None:
            return None
        url = origin.group() + href
    else:
        scheme = _SCHEME.match(href)
        if scheme is not None and scheme.group()[:-1].lower() not in HTTP_SCHEMES:
            return None
        if href.startswith("//") and not base:
            href = DEFAULT_SCHEME + ":" + href
        try:
            url = urljoin(base, href) if base else href
        except ValueError:  # malformed href or base: unusable, which the None result reports
            return None
        if not (_ABSOLUTE_HTTP.match(url) or is_http_url(url)):
            return None
    if "#" in url and url.split("#", 1)[0] == base.split("#", 1)[0]:
        return None  # the page itself plus a fragment
    return url


def base_url_of(doc: Document, page_url: str) -> str:
    """The URL relative references on ``doc`` resolve against.

    The first ``<base href>`` wins (as in browsers), itself resolved against ``page_url``; a base
    that does not come out as http(s) is ignored rather than poisoning every link on the page.
    """
    for base in doc.head.iter("base"):
        href = base.attrs.get("href", "").strip()
        if not href:
            continue
        try:
            candidate = urljoin(page_url, href.translate(_DELETED_CHARS))
        except ValueError:  # malformed <base href>: fall back to the page URL
            return page_url
        return candidate if is_http_url(candidate) else page_url
    return page_url
