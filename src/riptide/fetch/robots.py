"""robots.txt: fetched once per origin, cached, and consulted before every request.

Parsing and matching are Protego's (Scrapy's parser: wildcards, ``$``, longest-match precedence,
``Crawl-delay``). Groups are matched against the *product token* of ``RIPTIDE_USER_AGENT`` (the
part before the first ``/`` or space: ``RipTide`` for ``RipTide/0.2 (content extraction)``), as
RFC 9309 §2.2.1 asks, so words in the comment part of the user agent match nothing.

What an answer to ``GET /robots.txt`` means (RFC 9309 §2.3.1):

- 2xx: the rules in the body (the first ``ROBOTS_MAX_BYTES`` of it, §2.5), cached for
  ``RIPTIDE_FETCH_ROBOTS_TTL_SECS``;
- redirects: followed, up to ``ROBOTS_MAX_REDIRECTS`` hops (each hop address-checked like any
  request); more than that counts as "unavailable";
- 4xx ("unavailable"): everything is allowed, cached for the full TTL — except 429, which like
  Google we treat as the server being overloaded (below);
- 5xx, 429, or no answer at all (connection failure, timeout, DNS): everything is disallowed —
  the site may be struggling — but only for ``ROBOTS_FAILURE_TTL_SECS``, after which robots.txt
  is asked again; if a previously fetched copy exists it keeps being used instead (§2.4).

Concurrent fetches to a new origin wait for one robots.txt download instead of starting one each.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

from protego import Protego

from ..errors import FetchError
from .urls import Origin

#: How much of a robots.txt is parsed (RFC 9309 §2.5 asks for at least 500 KiB).
ROBOTS_MAX_BYTES = 512 * 1024
#: A robots.txt longer than this (in characters) is parsed, and matched against URLs, in a thread:
#: Protego tries each wildcard rule in turn, ~1 us each, so a hostile 512 KiB file of them costs
#: ~10-35 ms per URL, which on the event loop stalled every other request of the service (2,000
#: URLs checked by /v1/map: /healthz waited 18 s). Smaller files, nearly all of them, cost
#: microseconds and stay inline.
ROBOTS_INLINE_BYTES = 16 * 1024
#: Threads that parse and match costly robots.txt files, of their own: not the event loop's
#: default executor, which the service's health check and sitemap parsing share. Why: a map of a
#: site with a hostile robots.txt asks for up to 50,000 verdicts at ~10-35 ms each, and that
#: executor has the machine's cores + 4 threads: six such maps at once could hold all of a
#: 2-core machine's for minutes (a test shows it with two threads and four matches).
ROBOTS_THREADS = 2
#: Redirects followed to reach a robots.txt (RFC 9309 §2.3.1.2 asks for at least five).
ROBOTS_MAX_REDIRECTS = 5
#: How long "robots.txt unreachable, so disallow everything" lasts before asking again.
ROBOTS_FAILURE_TTL_SECS = 60.0
#: Longest Crawl-delay honoured; longer ones are clamped (a site could otherwise stall us for hours).
MAX_CRAWL_DELAY_SECS = 60.0
#: Origins kept before expired entries are dropped.
PRUNE_ABOVE_ORIGINS = 4096

_PRODUCT_TOKEN = re.compile(r"[A-Za-z_-]+")
_T = TypeVar("_T")

#: GETs a robots.txt URL following redirects (at most ``ROBOTS_MAX_REDIRECTS``) and returns the
#: final status and up to ``ROBOTS_MAX_BYTES`` of body; raises ``FetchError`` when nothing answered.
RobotsDownload = Callable[[str], Awaitable[tuple[int, bytes]]]


def _costly(size: int) -> bool:
    """Whether a robots.txt of ``size`` characters is parsed and matched in a thread."""
    return size > ROBOTS_INLINE_BYTES


def product_token(user_agent: str) -> str:
    """``RipTide`` for ``RipTide/0.2 (content extraction)``: what robots.txt groups are matched on."""
    match = _PRODUCT_TOKEN.match(user_agent.strip())
    return match.group(0) if match else user_agent.strip()


@dataclass(frozen=True)
class RobotsRules:
    """What one origin's robots.txt says, and until when we believe it."""

    origin: Origin
    #: The parsed file; None when there was none to parse (then ``allow_all`` decides).
    parser: Protego | None
    allow_all: bool
    #: How the verdict came about, for messages ("HTTP 404", "HTTP 503", "timed out …").
    source: str
    expires_at: float
    #: Characters of robots.txt parsed (0 without a file): past ``ROBOTS_INLINE_BYTES`` matching
    #: runs in a thread.
    size: int = 0

    @property
    def costly(self) -> bool:
        return _costly(self.size)

    @property
    def unreachable(self) -> bool:
        """True when everything is disallowed because robots.txt could not be fetched (temporary)."""
        return self.parser is None and not self.allow_all

    def allows(self, url: str, token: str) -> bool:
        if self.parser is None:
            return self.allow_all
        return bool(self.parser.can_fetch(url, token))

    def crawl_delay(self, token: str) -> float | None:
        delay = self.parser.crawl_delay(token) if self.parser is not None else None
        return None if delay is None else min(float(delay), MAX_CRAWL_DELAY_SECS)


class RobotsCache:
    """robots.txt rules per origin, downloaded on first use and kept for the TTL."""

    def __init__(
        self,
        download: RobotsDownload,
        *,
        user_agent: str,
        ttl_secs: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._download = download
        self.token = product_token(user_agent)
        self._ttl = ttl_secs
        self._clock = clock
        self._rules: dict[Origin, RobotsRules] = {}
        self._locks: dict[Origin, asyncio.Lock] = {}
        self._threads: ThreadPoolExecutor | None = None  # made for the first costly file
        #: Downloads made and answers served from the cache (for statistics).
        self.downloads = 0
        self.cache_hits = 0

    async def check(self, url: str, origin: Origin) -> float | None:
        """The origin's Crawl-delay if robots.txt allows ``url``; else ``FetchError`` (robots-disallowed)."""
        rules = await self.rules_for(origin)
        [allowed] = await self.match([(rules, url)])
        if allowed:
            return rules.crawl_delay(self.token)
        if rules.unreachable:
            raise FetchError(
                f"robots.txt of {origin} could not be fetched ({rules.source}); per RFC 9309 nothing "
                f"on the site is fetched until it can be — retry later",
                url,
                retryable=True,
                kind="robots-disallowed",
            )
        raise FetchError(
            f"robots.txt of {origin} disallows {url} for user agent {self.token!r} "
            "(RIPTIDE_FETCH_RESPECT_ROBOTS=false ignores robots.txt)",
            url,
            kind="robots-disallowed",
        )

    async def match(self, pairs: Sequence[tuple[RobotsRules, str]]) -> list[bool]:
        """Whether each URL may be fetched under its rules: in one thread call when any of the
        rules is ``costly``, else right here."""

        def verdicts() -> list[bool]:
            return [rules.allows(url, self.token) for rules, url in pairs]

        if any(rules.costly for rules, _ in pairs):
            return await self._in_thread(verdicts)
        return verdicts()

    async def _in_thread(self, work: Callable[[], _T]) -> _T:
        """``work()`` on one of the ``ROBOTS_THREADS`` threads of this cache."""
        if self._threads is None:
            self._threads = ThreadPoolExecutor(ROBOTS_THREADS, thread_name_prefix="riptide-robots")
        return await asyncio.get_running_loop().run_in_executor(self._threads, work)

    def close(self) -> None:
        """Stop the threads (work queued for them is dropped). Why not wait: a costly match
        may run for seconds, and the fetcher closes at shutdown."""
        if self._threads is not None:
            self._threads.shutdown(wait=False, cancel_futures=True)
            self._threads = None

    async def rules_for(self, origin: Origin) -> RobotsRules:
        """The current rules of ``origin``, downloading them if none are cached or they expired."""
        cached = self._fresh(origin)
        if cached is not None:
            self.cache_hits += 1
            return cached
        lock = self._locks.setdefault(origin, asyncio.Lock())
        async with lock:
            cached = self._fresh(origin)  # another caller may have downloaded it meanwhile
            if cached is not None:
                self.cache_hits += 1
                return cached
            rules = await self._load(origin)
            if len(self._rules) >= PRUNE_ABOVE_ORIGINS:
                self._prune()
            self._rules[origin] = rules
            return rules

    def _fresh(self, origin: Origin) -> RobotsRules | None:
        rules = self._rules.get(origin)
        return rules if rules is not None and rules.expires_at > self._clock() else None

    async def _load(self, origin: Origin) -> RobotsRules:
        self.downloads += 1
        url = f"{origin}/robots.txt"
        try:
            status, body = await self._download(url)
        except FetchError as error:
            if error.kind == "blocked-address":
                raise
            return self._failure(origin, error.message)
        if 200 <= status < 300:
            text = body[:ROBOTS_MAX_BYTES].decode("utf-8", "replace")
            costly = _costly(len(text))
            parser = await self._in_thread(lambda: Protego.parse(text)) if costly else Protego.parse(text)
            return self._rules_of(origin, parser, f"HTTP {status}", self._ttl, size=len(text))
        if 400 <= status < 500 and status != 429:
            return self._rules_of(origin, None, f"HTTP {status}", self._ttl, allow_all=True)
        if 300 <= status < 400:
            return self._rules_of(
                origin, None, f"more than {ROBOTS_MAX_REDIRECTS} redirects", self._ttl, allow_all=True
            )
        return self._failure(origin, f"HTTP {status}")

    def _failure(self, origin: Origin, source: str) -> RobotsRules:
        ttl = min(self._ttl, ROBOTS_FAILURE_TTL_SECS)
        previous = self._rules.get(origin)
        if previous is not None and previous.parser is not None:  # RFC 9309 §2.4: keep the old copy
            return self._rules_of(origin, previous.parser, previous.source, ttl, size=previous.size)
        return self._rules_of(origin, None, source, ttl, allow_all=False)

    def _rules_of(
        self,
        origin: Origin,
        parser: Protego | None,
        source: str,
        ttl: float,
        *,
        allow_all: bool = True,
        size: int = 0,
    ) -> RobotsRules:
        return RobotsRules(origin, parser, allow_all, source, self._clock() + ttl, size)

    def _prune(self) -> None:
        now = self._clock()
        for origin in [o for o, rules in self._rules.items() if rules.expires_at <= now]:
            del self._rules[origin]
        for origin in [o for o, lock in self._locks.items() if o not in self._rules and not lock.locked()]:
            del self._locks[origin]
