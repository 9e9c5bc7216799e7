"""Per-host concurrency and rate limits, measured on the server."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable

import pytest
from tests.fetch.conftest import LocalSite, fast_settings, run

from riptide.fetch import Fetcher
from riptide.fetch.politeness import HostPoliteness
from riptide.fetch.urls import Origin

PAGE = "<p>slow page</p>"


def _fetch_all(urls: list[str], **settings: object) -> None:
    async def go() -> None:
        async with Fetcher(fast_settings(fetch_respect_robots=False, **settings)) as fetcher:
            await asyncio.gather(*(fetcher.fetch(url) for url in urls))

    run(go())


def test_in_flight_requests_per_host_never_exceed_the_limit(site: LocalSite) -> None:
    for n in range(8):
        site.route(f"/p{n}", PAGE, delay=0.15)
    _fetch_all([site.url(f"/p{n}") for n in range(8)], fetch_per_host_concurrency=2)
    assert site.max_in_flight == 2  # never more — and the limit is actually used


def test_hosts_are_limited_separately(make_site: Callable[[], LocalSite]) -> None:
    first, second = make_site(), make_site()
    for site in (first, second):
        for n in range(3):
            site.route(f"/p{n}", PAGE, delay=0.15)
    urls = [site.url(f"/p{n}") for site in (first, second) for n in range(3)]
    _fetch_all(urls, fetch_per_host_concurrency=1)
    assert first.max_in_flight == second.max_in_flight == 1
    # both hosts were served in parallel: each one's requests overlap the other's
    assert min(second.times("/p0") + second.times("/p1")) < max(first.times("/p1") + first.times("/p2"))


def test_request_starts_respect_the_per_host_rate(site: LocalSite) -> None:
    for n in range(4):
        site.route(f"/p{n}", PAGE)
    _fetch_all([site.url(f"/p{n}") for n in range(4)], fetch_per_host_rate=4)  # one start per 0.25 s
    starts = sorted(hit.at for hit in site.hits)
    gaps = [later - earlier for earlier, later in itertools.pairwise(starts)]
    # The server timestamps arrivals, some time after the client's start: a few ms on a quiet
    # machine, tens of ms on a loaded CI runner (one late arrival shortens the gap after it).
    # Allow 50 ms; without the limit the four arrive within a few ms of each other.
    assert min(gaps) >= 0.25 - 0.05 and starts[-1] - starts[0] >= 3 * 0.25 - 0.05, gaps


def test_jitter_only_lengthens_the_interval() -> None:
    clock = [100.0]

    async def go() -> list[float]:
        politeness = HostPoliteness(
            concurrency=4, rate=10, jitter=0.5, random_share=lambda: 1.0, clock=lambda: clock[0]
        )
        origin = Origin("http", "example.test", 80)
        reserved = []
        for _ in range(3):
            async with politeness.slot(origin):
                pass
            reserved.append(politeness._origins[origin].last_start)
        return reserved

    reserved = run(go())
    assert reserved == pytest.approx([100.0, 100.15, 100.3])  # 0.1 s interval + 50 % jitter after the first


def test_crawl_delay_raises_the_interval_above_the_rate() -> None:
    politeness = HostPoliteness(concurrency=1, rate=4, jitter=0)
    assert politeness.interval(None) == 0.25
    assert politeness.interval(2.0) == 2.0
    assert politeness.interval(0.1) == 0.25
