"""The next page of a multi-page article: where a host should continue reading.

Why: long articles are often split over pages (``?page=2``, ``/2/``, ``-2.html``). The engine
runs without network access, so it only reports the URL of the next page; the host decides
whether to fetch it, and merges the pages (``riptide.multipage``).

Candidates, strongest first:

1. ``rel="next"`` on a ``<link>``, ``<a>`` or ``<area>`` (the markup pagination standard);
2. an ``<a>`` whose text says "next" (in the common web languages, or an arrow such as ``›``);
3. any other ``<a>`` (typically the page-number link "2").

Whatever the signal, a candidate is accepted only when its URL *continues this page's URL*:
same scheme and host, and the same URL once a page number is taken out, with a page number one
more than this page's (a URL without one is page 1). Page numbers are read from a query
parameter (``page``, ``pg``, ``paged``, …), a trailing path segment (``/2``,
``/page/2``), or a suffix before the extension (``story-2.html``, ``story_page2.html``). This is
what keeps "next article" links out: they lead to another document, not to page 2 of this one.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit

from .dom import Document, Element
from .urls import is_http_url, resolve_url

#: Query parameters that carry a page number. Not ``p``: WordPress's default permalinks are
#: ``?p=<post id>``, so ``?p=46`` is the next *post*, not page 46.
PAGE_PARAMETERS = frozenset(
    {"page", "pg", "paged", "pagenum", "pageno", "page_no", "pn", "pagina", "seite", "currentpage"}
)
#: Numbers above this are identifiers (article ids, years), not page numbers.
MAX_PAGE = 100
#: Anchor text longer than this is prose or a headline ("Next: how the tunnel was built"), not a
#: pagination control.
MAX_LINK_TEXT = 40
#: Anchor text that says "next page" (compared case-folded, trailing arrows and spaces removed).
_NEXT_TEXT = re.compile(
    r"(?:next|next page|continue|continue reading|weiter|nächste|nächste seite|suivant|suivante|"
    r"page suivante|siguiente|página siguiente|próxima|próxima página|successiva|avanti|"
    r"pagina successiva|volgende|następna|następna strona|dalej|nästa|neste|næste|seuraava|"
    r"sonraki|další|következő|следующая|далее|вперед|вперёд|次へ|次のページ|下一页|下一頁|다음|"
    r"التالي|הבא|[›»→>]+)",
)
_TRAILING_ARROWS = " \t\n›»→>"
#: The ``rel`` token (lower-cased) of the markup standard's next page.
NEXT_REL = "next"
#: How an absolute http(s) href starts (lower-cased), whose resolved URL starts as it does.
ABSOLUTE_PREFIXES = ("http://", "https://")
#: What may follow "//" in an href that names no host ("" the href's end): the base's host.
AUTHORITY_ENDS = ("", "/", "?", "#")
#: What a path holds where it may have a dot segment ("/./", "/../"), which resolving removes.
DOT_SEGMENT = "/."
#: What starts a percent-escape, which a query value may write a page number's digits in.
QUERY_ESCAPE = "%"
#: A file extension, as ``_PATH_SUFFIX`` keeps it after a page number ("-2.html").
_EXTENSION = r"\.[a-z0-9]{1,5}"
_TRAILING_EXTENSION = re.compile(_EXTENSION + "$", re.I)
_PAGE_DIGIT = re.compile(r"[1-9]")
_ORIGIN = re.compile(r"[a-z]+://[^/?#]+")
#: A page number as the last path segment, optionally after "page"/"seite"/"pagina"/"p". Page
#: numbers never start with 0: "/2016/05" is a month, not page 5.
_PATH_SEGMENT = re.compile(r"^(?P<base>.*?)/(?:(?:page|seite|pagina|p)/)?(?P<n>[1-9]\d{0,2})$", re.I)
#: A page number suffixed to the last segment, before an optional extension.
_PATH_SUFFIX = re.compile(
    r"^(?P<base>.*?[^/])[-_](?:page|seite|pagina|p)?[-_]?(?P<n>[1-9]\d{0,2})(?P<ext>" + _EXTENSION + ")?$",
    re.I,
)


def find_next_page(doc: Document, page_url: str, base_url: str) -> str | None:
    """The URL of this article's next page, or None (rules: module docstring)."""
    here = page_key(page_url)
    if here is None:
        return None
    wanted = (here[0], here[1] + 1)
    origin = _ORIGIN.match(here[0])
    if origin is None:
        return None
    prefix = origin.group()
    # What every URL of the next page holds (see _may_continue): this page's path, but for an
    # extension a suffixed page number may precede, and the next page's number. (The path minus
    # a fixed six characters, as this was, is empty for short paths such as "/" or "/hub": then
    # every same-site link with the digit went through page_key, 15% of a hub page's extraction.)
    here_path = urlsplit(here[0]).path
    extension = _TRAILING_EXTENSION.search(here_path)
    stem = here_path[: extension.start()] if extension else here_path
    number = str(wanted[1])
    best: tuple[int, str] | None = None
    for node in (_candidates or next_page_candidates)(doc.link_elements, prefix, stem, number):
        attrs = node.attrs
        href = attrs["href"]
        rel = attrs.get("rel")  # split only when present: most links have none
        is_next = rel is not None and NEXT_REL in rel.lower().split()
        url = resolve_url(href, base_url)
        if url is None:
            continue
        if "#" in url:
            url = url.split("#", 1)[0]
        if (
            url[: len(prefix)].lower() != prefix
            or not _may_continue(url, len(prefix), stem, number)
            or page_key(url) != wanted
        ):
            continue
        rank = 0 if is_next else 1 if _says_next(node.text()) else 2
        if rank == 0:
            return url
        if best is None or rank < best[0]:
            best = (rank, url)
    return best[1] if best is not None else None


def next_page_candidates(elements: list[Element], prefix: str, stem: str, number: str) -> list[Element]:
    """The elements of ``elements`` that ``find_next_page`` looks at further, in order: those
    with a non-empty ``href`` and rel=next, and (other than ``<link>``) those whose ``href`` holds
    a digit from 1 to 9 (without rel=next only a page number ≥ 2 can name the next page) and may
    name page ``number`` of this page (``may_name_page``: ``prefix``, ``stem`` as there).

    Why a filter of its own: a page has hundreds to thousands of links and few pass; inside the
    component the C core runs this loop (``_fastpass.next_page_candidates``, csrc/fastpass/),
    which this function defines. Every link it drops is one ``find_next_page`` would reject
    anyway, after resolving it: most of the search's cost was resolving links that cannot be
    the next page (other sites, other numbers).
    """
    candidates = []
    for node in elements:
        attrs = node.attrs
        href = attrs.get("href")
        if not href:
            continue
        rel = attrs.get("rel")
        if (rel is not None and NEXT_REL in rel.lower().split()) or (
            node.tag != "link"
            and _PAGE_DIGIT.search(href) is not None
            and may_name_page(href, prefix, stem, number)
        ):
            candidates.append(node)
    return candidates


def may_name_page(href: str, prefix: str, stem: str, number: str) -> bool:
    """False when ``href`` cannot resolve (``resolve_url``) to page ``number`` of this page,
    whose URL starts with ``prefix`` (scheme and host, lower case) and whose path with any page
    number and extension taken out starts with ``stem`` (``_may_continue``); True when it may.

    Read from the href alone, before any URL work, for a plain href (printable ASCII, no space,
    no percent-escape: resolving changes none of its characters) that fixes the resolved URL's
    path and query itself: an absolute http(s) URL (resolved, it is the href, the scheme
    lower-cased) or a root-relative path ("/…": the base gives only scheme and host, which must
    then be ``prefix`` for ``page_key`` to match). Then the resolved URL's path and query are the
    href's own, less an empty "?" or "#" (and, for a root-relative path holding "/.", less dot
    segments: its path is then not compared), so the path starts with ``stem`` right after the
    host, and the page number ``page_key`` reads (the last path segment's, or a query value's,
    ASCII digits without leading zeros, or with them in a query) is written in the href: the
    digits of ``number`` are in it. Any other href (relative to the base's path,
    protocol-relative, escaped, with other characters, "http:///path" without a host) may be
    the next page.
    """
    if not (href.isascii() and href.isprintable()) or " " in href or "%" in href:
        return True
    scheme = href[:8].lower()
    if scheme.startswith(ABSOLUTE_PREFIXES):
        host_at = scheme.index("//") + 2
        if href[host_at : host_at + 1] in AUTHORITY_ENDS:
            return True  # "http:///x": the base's host
        path_at = len(prefix)
        return href[:path_at].lower() == prefix and href.startswith(stem, path_at) and number in href
    if href[0] == "/" and href[1:2] != "/":
        return (DOT_SEGMENT in href or href.startswith(stem)) and number in href
    return True


try:  # the C copy of next_page_candidates: compiled into the guest component only
    from ._fastpass import configure_next_page as _configure_c  # type: ignore[import-not-found]
    from ._fastpass import next_page_candidates as _candidates
except ImportError:
    _candidates = None
else:
    _configure_c(NEXT_REL, ABSOLUTE_PREFIXES, AUTHORITY_ENDS, DOT_SEGMENT)


def page_key(url: str) -> tuple[str, int] | None:
    """(the URL without its page number, the page number), or None for a non-http(s) URL.

    A URL without a page number is page 1 of itself.
    """
    if not is_http_url(url):
        return None
    try:
        parts = urlsplit(url.split("#", 1)[0])
    except ValueError:  # malformed (an unclosed IPv6 bracket): nothing to continue
        return None
    origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
    page = 1
    query = parse_qsl(parts.query, keep_blank_values=True) if parts.query else []
    for index, (name, value) in enumerate(query):
        if name.lower() in PAGE_PARAMETERS and value.isdecimal() and 0 < int(value) <= MAX_PAGE:
            page = int(value)
            del query[index]
            break
    path = parts.path.rstrip("/")
    if page == 1:
        match = _PATH_SEGMENT.match(path)
        if match is not None and int(match["n"]) <= MAX_PAGE:  # the pattern starts at 1
            path, page = match["base"], int(match["n"])
        else:
            match = _PATH_SUFFIX.match(path)
            if match is not None and int(match["n"]) <= MAX_PAGE:
                path, page = match["base"] + (match["ext"] or ""), int(match["n"])
    rest = urlencode(sorted(query)) if query else ""
    return f"{origin}{path.rstrip('/')}" + (f"?{rest}" if rest else ""), page


def _may_continue(url: str, path_at: int, stem: str, number: str) -> bool:
    """False when ``url`` (its path starting at ``path_at``) cannot be page ``number`` of a page
    whose path starts with ``stem``: a cheap test before ``page_key``, which splits and
    re-encodes the URL (a page of thousands of numbered links, ``/item/17``, paid that for each).

    ``page_key`` takes the page number off the end of the path or out of the query and never
    decodes the path, so the path still starts with ``stem``, whatever characters it holds
    (``url[:path_at]`` lower-cases to this page's scheme and host, one character each, so the
    path starts at ``path_at`` when the host is this page's). The number: an ASCII URL writes it
    as its plain digits (leading zeros at most), in the last path segment or in the query,
    unless its query holds a percent-escape (query values are decoded, the path is not: a path's
    "%32" is no digit). Any other URL goes to ``page_key``. (A page of escaped links to other
    sections paid ``page_key`` for each, an archived page for each link holding the "2" of its
    archive date.)
    """
    if not url.startswith(stem, path_at):
        return False
    if not url.isascii():
        return True
    path, _, query = url[path_at:].partition("?")
    return QUERY_ESCAPE in query or number in query or number in path.rstrip("/").rpartition("/")[2]


def _says_next(text: str) -> bool:
    if not text or len(text) > MAX_LINK_TEXT:
        return False
    folded = text.casefold().strip(_TRAILING_ARROWS) or text.strip()
    return _NEXT_TEXT.fullmatch(folded) is not None
