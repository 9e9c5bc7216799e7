"""Discovering a site's URLs without extracting them: ``/v1/map``, ``riptide map`` and the
sitemap seeding of crawl jobs.

Sources, in this order: the ``Sitemap:`` lines of robots.txt and ``/sitemap.xml`` (sitemap
indexes are followed, gzip undone, at most ``MAX_SITEMAP_DOCUMENTS`` documents read), then the
start page's own links and canonical URL, then the RSS/Atom feeds it links to (at most
``MAX_FEEDS``). Nothing that fails is lost silently: each sitemap, feed or page that could not be
read is reported as a ``UrlProblem``; only a missing ``/sitemap.xml`` (a guess) is not.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..errors import DiscoveryError, FetchError, ResourceLimitError, RipTideError
from ..extractor import Extractor
from ..fetch.client import Fetcher
from ..fetch.urls import origin_of, parse_url
from .links import page_links
from .scope import Scope, frontier_key
from .xml import MAX_XML_BYTES, XML_TYPES, XmlLinks, parse_xml_links

#: Sitemap documents (indexes included) read per discovery.
MAX_SITEMAP_DOCUMENTS = 50
#: Feeds linked from the start page that are read.
MAX_FEEDS = 5
#: Candidates whose robots.txt verdicts are asked for at once (one thread call for a costly file).
ROBOTS_BATCH = 256
#: Longest a map waits for robots.txt verdicts, in all (seconds); the candidates not judged by
#: then are not listed, and the map's errors say so. Why: a hostile robots.txt costs ~10-35 ms
#: per URL (``fetch.robots``), and a map judges up to ~50,000: minutes for one request.
MAP_ROBOTS_BUDGET_SECS = 30.0
#: Links that look like feeds (read as XML by ``/v1/map``, never extracted as pages).
FEED_LINK = re.compile(r"(?:/feed/?$|/rss/?$|\.rss$|\.atom$|/atom\.xml$|/feed\.xml$|/rss\.xml$)", re.I)


@dataclass(frozen=True)
class UrlProblem:
    """A URL that could not be used, why (an error kind of ``riptide.errors``) and in words."""

    url: str
    kind: str
    message: str

    @classmethod
    def of(cls, url: str, error: RipTideError) -> UrlProblem:
        return cls(url, error.kind, error.message)

    def to_dict(self) -> dict[str, Any]:
        return {"url": self.url, "kind": self.kind, "message": self.message}


@dataclass
class SiteMap:
    links: list[str] = field(default_factory=list)
    errors: list[UrlProblem] = field(default_factory=list)


async def _read_xml(fetcher: Fetcher, url: str, errors: list[UrlProblem]) -> XmlLinks:
    """Fetch and read one sitemap or feed. The parse runs in a thread: it is CPU-bound (seconds
    for a hostile 50 MB document), and on the event loop it would stall every other request of
    the service. A document cut short (``XmlLinks.problem``) keeps its URLs and is reported."""
    resource = await fetcher.fetch_resource(url, accept=XML_TYPES, max_bytes=MAX_XML_BYTES)
    found = await asyncio.to_thread(parse_xml_links, resource.body, resource.final_url)
    if found.problem is not None:
        errors.append(UrlProblem.of(url, DiscoveryError(found.problem, url)))
    return found


async def sitemap_pages(
    fetcher: Fetcher,
    start_url: str,
    limit: int,
    errors: list[UrlProblem],
    keep: Callable[[str], bool] = lambda url: True,
) -> list[str]:
    """Up to ``limit`` page URLs that ``keep`` accepts, listed by the site's sitemaps (robots.txt
    ``Sitemap:`` lines, ``/sitemap.xml``)."""
    guessed = f"{origin_of(parse_url(start_url))}/sitemap.xml"
    try:
        declared = await fetcher.sitemaps_of(start_url)
    except FetchError as error:
        errors.append(UrlProblem.of(error.url, error))
        declared = []
    queue = deque(dict.fromkeys([*declared, guessed]))
    seen: set[str] = set()
    pages: list[str] = []
    while queue and len(pages) < limit and len(seen) < MAX_SITEMAP_DOCUMENTS:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        try:
            found = await _read_xml(fetcher, url, errors)
        except FetchError as error:
            if not (url == guessed and error.status == 404):
                errors.append(UrlProblem.of(url, error))
            continue
        except DiscoveryError as error:
            errors.append(UrlProblem.of(url, error))
            continue
        pages.extend(page for page in found.pages if keep(page))
        queue.extend(found.sitemaps)
    return pages[:limit]


async def _feed_pages(fetcher: Fetcher, links: list[str], errors: list[UrlProblem]) -> list[str]:
    pages: list[str] = []
    for url in [link for link in links if FEED_LINK.search(link.split("?", 1)[0])][:MAX_FEEDS]:
        try:
            pages.extend((await _read_xml(fetcher, url, errors)).pages)
        except (FetchError, DiscoveryError) as error:
            errors.append(UrlProblem.of(url, error))
    return pages


async def map_site(
    fetcher: Fetcher,
    extractor: Extractor,
    url: str,
    *,
    limit: int,
    search: str | None = None,
    robots_budget_secs: float = MAP_ROBOTS_BUDGET_SECS,
) -> SiteMap:
    """Up to ``limit`` same-site URLs of the site at ``url`` (containing ``search``, if given) that
    robots.txt lets us fetch, as many as its verdicts take at most ``robots_budget_secs`` for."""
    result = SiteMap()
    scope = Scope(url)
    found = await sitemap_pages(fetcher, url, MAX_SITEMAP_DOCUMENTS * 1000, result.errors)
    try:
        page = await fetcher.fetch(url)
        links = await page_links(extractor, page.html, page.final_url)
        found = [links.canonical or page.final_url, *found, *links.links]
        found += await _feed_pages(fetcher, links.links, result.errors)
    except RipTideError as error:
        result.errors.append(UrlProblem.of(url, error))
    needle = (search or "").lower()
    eligible = [url for url in found if scope.allows(url) and needle in url.lower()]
    seen: set[str] = set()
    judging = time.monotonic()
    for start in range(0, len(eligible), ROBOTS_BATCH):
        waited = time.monotonic() - judging
        if start and waited > robots_budget_secs:  # one batch at least
            result.errors.append(_robots_too_slow(url, start, len(eligible), waited, robots_budget_secs))
            break
        batch = eligible[start : start + ROBOTS_BATCH]
        for candidate, allowed in zip(batch, await fetcher.robots_allow_many(batch), strict=True):
            key = frontier_key(candidate)
            if key in seen or not allowed:
                continue
            seen.add(key)
            result.links.append(candidate)
            if len(result.links) >= limit:
                return result
    return result


def _robots_too_slow(url: str, judged: int, candidates: int, waited: float, budget: float) -> UrlProblem:
    return UrlProblem(
        f"{origin_of(parse_url(url))}/robots.txt",
        ResourceLimitError.kind,
        f"robots.txt verdicts for {judged} of {candidates} candidate URLs took {waited:.1f} s, past"
        f" the map's {budget:g} s: the other {candidates - judged} are not listed",
    )
