"""The page's URL, and turning the hrefs and srcs a page contains into absolute http(s) URLs.

The page URL a caller gives is checked once (``validate_page_url``): "" means unknown, anything
else must be absolute. When it is unknown, the page's own ``<base href>``, canonical link or
og:url stands in for it (``page_url_of``).

Every output of the engine that carries a URL (Markdown links and images, ``Link``, ``Media``)
goes through ``resolve_url`` so that they all agree on what a usable URL is:

- ``http``/``https`` only: ``javascript:``, ``mailto:``, ``tel:``, ``data:`` and every other
  scheme give ``None``, because none of them is a page or a file a consumer can fetch;
- relative references resolve against an http(s) base; without one (the page URL is unknown, or
  a ``file:`` URL) they are kept exactly as written rather than dropped, so nothing is lost and
  a caller who knows the page's address can still resolve them;
- fragment-only references (``#top``) and references back to the base page plus a fragment give
  ``None``: they point inside the page being extracted, not to anything new;
- surrounding whitespace is stripped, tabs and newlines inside are removed and spaces are
  percent-encoded, as browsers do;
- protocol-relative ``//host/path`` takes the base's scheme (``https`` when there is no base).
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from ..errors import InvalidHtmlError
from .dom import Document

#: The only schemes whose URLs we hand out.
HTTP_SCHEMES = frozenset({"http", "https"})
#: Scheme used for ``//host/path`` when there is no base URL to take it from.
DEFAULT_SCHEME = "https"

#: A leading URL scheme as RFC 3986 spells it (``javascript:``, ``mailto:``, ``HTTP:``...).
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
#: Already absolute http(s) with a plain host name: the common case, which skips ``urljoin``
#: (user info and IPv6 literals take the slow, validating path).
_ABSOLUTE_HTTP = re.compile(r"https?://[^/?#\\\s@\[\]]+(?:[/?#]|$)", re.I)
#: An http(s) URL whose host is ASCII letters, digits, dots and hyphens (a port at most after
#: it): ``urlsplit`` gives it that scheme and a host (``is_http_url``'s shortcut).
_PLAIN_HTTP_URL = re.compile(r"https?://[A-Za-z0-9.\-]+(?::[0-9]*)?(?:[/?#]|\Z)", re.I)
#: The scheme and authority of an http(s) base URL: what a root-relative "/path" keeps.
_HTTP_ORIGIN = re.compile(r"https?://[^/?#\\\s]+", re.I)
#: Characters browsers delete from anywhere in a URL before parsing it.
_DELETED_CHARS = str.maketrans("", "", "\t\n\r")
#: Whitespace and control characters, which no URL a caller gives may contain.
_WHITESPACE_OR_CONTROL = re.compile(r"[\x00-\x20\x7f-\x9f\s]")
#: How much of a bad page URL an error message quotes.
MAX_QUOTED_URL = 200
#: ``resolve_url`` remembers this many (href, base) answers, least recently used out first: a
#: page resolves the same href up to ~4 times (next-page search, Markdown, links, media), and
#: pages hold up to ~4,000 distinct ones.
RESOLVED_MEMO_ENTRIES = 4096
#: ...of pairs at most this long together, so the memo holds at most a few MB whatever it meets.
RESOLVED_MEMO_MAX_CHARS = 1024


def validate_page_url(url: str) -> None:
    """Raise ``InvalidHtmlError`` unless ``url`` is "" (unknown) or an absolute URL.

    Absolute means a scheme (RFC 3986), and for http(s) a host; no whitespace or control
    characters anywhere. Other schemes (``file:``, ``about:blank``, ``data:``) are accepted: the
    page is then extracted as one whose http(s) address is unknown.
    """
    if not url:
        return
    valid = _SCHEME.match(url) is not None and _WHITESPACE_OR_CONTROL.search(url) is None
    if valid and url[: url.index(":")].lower() in HTTP_SCHEMES:
        valid = is_http_url(url)
    if not valid:
        shown = url if len(url) <= MAX_QUOTED_URL else url[:MAX_QUOTED_URL] + "…"
        raise InvalidHtmlError(
            f"invalid page URL {shown!r}: expected an absolute URL such as https://example.com/page, or none"
        )


def page_url_of(doc: Document) -> str:
    """The page's own statement of its address, for a page given without a URL; "" if none.

    The first ``<base href>``, else ``<link rel=canonical>``, else og:url: absolute http(s) only,
    since there is nothing to resolve a relative one against.
    """
    candidates = [base.attrs.get("href", "") for base in doc.head.iter("base")][:1]
    candidates += [
        node.attrs.get("href", "")
        for node in doc.link_elements
        if node.tag == "link" and "canonical" in node.attrs.get("rel", "").lower().split()
    ][:1]
    candidates += [
        meta.attrs.get("content", "")
        for meta in doc.head.iter("meta")
        if (meta.attrs.get("property") or meta.attrs.get("name") or "").strip().lower() == "og:url"
    ][:1]
    for candidate in candidates:
        candidate = candidate.strip().translate(_DELETED_CHARS)
        if is_http_url(candidate) and _WHITESPACE_OR_CONTROL.search(candidate) is None:
            return candidate
    return ""


def is_http_url(value: str) -> bool:
    """True for an absolute http(s) URL with a host; the engine's test for "usable URL".

    A plain one (``_PLAIN_HTTP_URL``) is answered without ``urlsplit``, whose answer it is: the
    scheme is http(s) and the host (letters, digits, dots, hyphens) is not empty. The next-page
    search asks this of each candidate URL, and every page of its own URL.
    """
    value = value.strip()
    if _PLAIN_HTTP_URL.match(value) is not None:
        return True
    try:
        parts = urlsplit(value)
        return parts.scheme.lower() in HTTP_SCHEMES and bool(parts.hostname)
    except ValueError:  # malformed (e.g. an unclosed IPv6 bracket): by definition not usable
        return False


def resolve_url(href: str, base: str) -> str | None:
    """Absolute http(s) URL for ``href`` found on a page whose base URL is ``base``, or None.

    None means "nothing a consumer can follow": see the module docstring for the cases. Without
    an http(s) ``base`` a relative ``href`` comes back as written. Fragments on other pages are
    kept (they are part of what the author linked to).

    A pure function of its arguments, so answers are memoised: about half the calls on a page
    repeat one (the next-page search and the link list resolve the same hrefs, Markdown and the
    link list the content's).
    """
    if len(href) + len(base) <= RESOLVED_MEMO_MAX_CHARS:
        return _resolve_memoised(href, base)
    return _resolve(href, base)


def http_origin(base: str) -> str | None:
    """The scheme and authority a root-relative "/path" keeps (``_resolve``), None without an
    http(s) base; the C link loop (csrc/fastpass/links.c) is handed it once per page."""
    origin = _HTTP_ORIGIN.match(base)
    return None if origin is None else origin.group()


def _resolve(href: str, base: str) -> str | None:
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
            return href  # no http(s) base: kept relative
        url = origin.group() + href
    else:
        scheme = _SCHEME.match(href)
        if scheme is not None and scheme.group()[:-1].lower() not in HTTP_SCHEMES:
            return None
        http_base = _HTTP_ORIGIN.match(base) is not None
        if href.startswith("//") and not http_base:
            href = DEFAULT_SCHEME + ":" + href
        elif scheme is None and not http_base:
            return href  # no http(s) base: kept relative
        try:
            url = _join(base, href)
        except ValueError:  # malformed href or base: unusable, which the None result reports
            return None
        if not (_ABSOLUTE_HTTP.match(url) or is_http_url(url)):
            return None
    if "#" in url and url.split("#", 1)[0] == base.split("#", 1)[0]:
        return None  # the page itself plus a fragment
    return url


_resolve_memoised = lru_cache(maxsize=RESOLVED_MEMO_ENTRIES)(_resolve)


def _join(base: str, href: str) -> str:
    """``urljoin`` without an empty query or fragment (``page?`` → ``page``, ``page#`` → ``page``).

    They mean the same URL, and the two interpreters the engine runs on disagree about them:
    CPython 3.14's ``urljoin`` (the guest's) keeps the empty delimiters, 3.11's (the host's) drops
    them. One form, the shorter, keeps sandboxed and native results identical. For the same
    reason a bare ``?`` (or ``?#…``) is resolved here, as RFC 3986 and 3.14 do: it empties the
    base's query, where 3.11 keeps it.
    """
    if href[0] == "?" and href[1:2] in ("", "#"):
        url = base.partition("#")[0].partition("?")[0] + href[1:]
    else:
        url = urljoin(base, href)
    if url[-1:] == "#":
        url = url[:-1]
    head, hash_sign, fragment = url.partition("#")
    if head[-1:] == "?" and head.index("?") == len(head) - 1:  # the query is empty, not "a?b?"
        url = head[:-1] + hash_sign + fragment
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
            candidate = _join(page_url, href.translate(_DELETED_CHARS))
        except ValueError:  # malformed <base href>: fall back to the page URL
            return page_url
        return candidate if is_http_url(candidate) else page_url
    return page_url
