"""Counters of what fetches did, for logs now and Prometheus later.

Outcomes (one per ``Fetcher.fetch`` call): ``ok`` or a ``FetchError.kind``. Events (any number per
call): ``requests`` (HTTP requests sent, robots.txt and retries included), ``retries``,
``redirects``, ``robots_downloads``, ``robots_cache_hits``. Every name is present from the start
(at 0), so a scraper sees a stable set of series.
"""

from __future__ import annotations

from collections import Counter

from ..errors import FETCH_ERROR_KINDS

OUTCOMES = ("ok", *FETCH_ERROR_KINDS)
EVENTS = ("requests", "retries", "redirects")


class FetchStats:
    """Monotonic counters; only touched from the event loop, so no locking is needed."""

    def __init__(self) -> None:
        self._counts: Counter[str] = Counter(dict.fromkeys((*OUTCOMES, *EVENTS), 0))

    def count(self, name: str, amount: int = 1) -> None:
        self._counts[name] += amount

    def snapshot(self, **extra: int) -> dict[str, int]:
        """A copy of every counter (plus ``extra`` figures kept elsewhere)."""
        return {**self._counts, **extra}
