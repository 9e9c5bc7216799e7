"""Per-host politeness: how many requests may be in flight to one origin, and how often they start.

Each origin (scheme, host, port — the unit robots.txt is kept per) gets a semaphore of
``RIPTIDE_FETCH_PER_HOST_CONCURRENCY`` slots and a minimum interval between request *starts*:
``1 / RIPTIDE_FETCH_PER_HOST_RATE``, raised to the robots.txt ``Crawl-delay`` when that is
longer, plus a random extra share of up to ``RIPTIDE_FETCH_RATE_JITTER`` (so many crawlers that
start together drift apart). The interval is measured from the previous start, whatever that
request was (so the first page after robots.txt already waits the crawl-delay). Start times are
*reserved*: a caller takes the next free start time and sleeps until it, so waiting callers are
served in order and none starts early.

Every HTTP request goes through a slot — page fetches, each redirect hop (at the hop's origin),
each retry, and robots.txt fetches. The state of origins idle for a while is dropped, so a crawl
over a million hosts does not keep a million entries.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

from ..config import Settings
from .urls import Origin

#: Origins kept before idle ones are dropped.
PRUNE_ABOVE_ORIGINS = 1024
#: How long an origin must have been idle to be dropped (longer than any honoured crawl-delay).
PRUNE_IDLE_SECS = 120.0


@dataclass
class _OriginState:
    slots: asyncio.Semaphore
    #: When the latest request started (or is reserved to start); None before the first.
    last_start: float | None = None
    #: Callers holding or waiting for a slot (an origin with users is never dropped).
    users: int = 0


class HostPoliteness:
    """Concurrency and rate limits per origin. One per ``Fetcher`` (and so per event loop)."""

    def __init__(
        self,
        *,
        concurrency: int,
        rate: float,
        jitter: float,
        random_share: Callable[[], float] = random.random,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.concurrency = concurrency
        self.base_interval = 1.0 / rate
        self.jitter = jitter
        self._random_share = random_share
        self._clock = clock
        self._origins: dict[Origin, _OriginState] = {}

    @classmethod
    def from_settings(cls, settings: Settings) -> HostPoliteness:
        return cls(
            concurrency=settings.fetch_per_host_concurrency,
            rate=settings.fetch_per_host_rate,
            jitter=settings.fetch_rate_jitter,
        )

    @asynccontextmanager
    async def slot(self, origin: Origin, crawl_delay: float | None = None) -> AsyncIterator[None]:
        """Hold one of ``origin``'s request slots, entered no sooner than its rate allows."""
        state = self._state(origin)
        state.users += 1
        try:
            async with state.slots:
                await self._wait_turn(state, self.interval(crawl_delay))
                yield
        finally:
            state.users -= 1

    def interval(self, crawl_delay: float | None = None) -> float:
        """The minimum gap between request starts to one origin, before jitter."""
        return max(self.base_interval, crawl_delay or 0.0)

    async def _wait_turn(self, state: _OriginState, interval: float) -> None:
        now = self._clock()
        gap = interval * (1.0 + self.jitter * self._random_share())
        start = now if state.last_start is None else max(now, state.last_start + gap)
        state.last_start = start
        if start > now:
            await asyncio.sleep(start - now)

    def _state(self, origin: Origin) -> _OriginState:
        state = self._origins.get(origin)
        if state is None:
            if len(self._origins) >= PRUNE_ABOVE_ORIGINS:
                self._prune()
            state = self._origins[origin] = _OriginState(asyncio.Semaphore(self.concurrency))
        return state

    def _prune(self) -> None:
        now = self._clock()
        idle = [
            origin
            for origin, state in self._origins.items()
            if state.users == 0 and (state.last_start or 0.0) + PRUNE_IDLE_SECS <= now
        ]
        for origin in idle:
            del self._origins[origin]
