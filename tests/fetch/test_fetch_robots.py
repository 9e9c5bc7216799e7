"""robots.txt: honoured by default, cached per origin, RFC 9309 failure semantics, crawl-delay."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler

import pytest
from protego import Protego
from tests.conftest import dripping_server
from tests.fetch.conftest import FIXTURES, LocalSite, fast_settings, fetch, fetch_error, run

from riptide import Extractor
from riptide.discovery import SiteMap, map_site
from riptide.discovery.mapper import MAP_ROBOTS_BUDGET_SECS, ROBOTS_BATCH
from riptide.errors import FetchError
from riptide.fetch import Fetcher
from riptide.fetch.robots import ROBOTS_INLINE_BYTES, ROBOTS_MAX_BYTES, product_token

PAGE = "<html><body><p>page</p></body></html>"
TEXT = {"Content-Type": "text/plain"}


def _serve_robots(site: LocalSite, text: str) -> None:
    site.route("/robots.txt", text, headers=TEXT)
    for path in ("/", "/public", "/private/secret.html", "/private/press-2024.html", "/admin", "/a", "/b"):
        site.route(path, PAGE)


def test_product_token_is_what_groups_are_matched_on() -> None:
    assert product_token("RipTide/0.2 (content extraction)") == "RipTide"
    assert product_token("my-crawler") == "my-crawler"


def test_disallowed_path_is_never_requested(site: LocalSite) -> None:
    _serve_robots(site, (FIXTURES / "robots_disallow.txt").read_text())
    error = fetch_error(site.url("/private/secret.html"))
    assert error.kind == "robots-disallowed" and not error.retryable
    assert "'RipTide'" in error.message
    assert site.paths() == ["/robots.txt"]


def test_our_group_applies_not_the_catch_all(site: LocalSite) -> None:
    _serve_robots(site, (FIXTURES / "robots_disallow.txt").read_text())
    assert fetch(site.url("/public")).html == PAGE  # `User-agent: *` disallows all, our group does not
    assert fetch(site.url("/private/press-2024.html")).html == PAGE  # wildcard + `$` Allow wins


def test_other_user_agents_are_judged_by_their_own_group(site: LocalSite) -> None:
    _serve_robots(site, (FIXTURES / "robots_disallow.txt").read_text())
    error = fetch_error(site.url("/public"), fast_settings(user_agent="OtherBot/1.0"))
    assert error.kind == "robots-disallowed"
    assert site.hits[0].headers["user-agent"] == "OtherBot/1.0"  # robots.txt fetched as ourselves


def test_robots_txt_is_fetched_once_per_origin_and_cached(site: LocalSite) -> None:
    _serve_robots(site, "User-agent: *\nDisallow: /admin\n")

    async def go() -> dict[str, int]:
        async with Fetcher(fast_settings()) as fetcher:
            await asyncio.gather(*(fetcher.fetch(site.url(p)) for p in ("/", "/public", "/a", "/b")))
            with pytest.raises(FetchError):
                await fetcher.fetch(site.url("/admin"))
            return fetcher.stats()

    stats = run(go())
    assert site.paths().count("/robots.txt") == 1
    assert (stats["robots_downloads"], stats["ok"], stats["robots-disallowed"]) == (1, 4, 1)


def test_missing_robots_txt_allows_everything(site: LocalSite) -> None:
    site.route("/anything", PAGE)  # /robots.txt answers 404
    assert fetch(site.url("/anything")).html == PAGE


def test_robots_txt_server_error_disallows_everything_for_now(site: LocalSite) -> None:
    site.route("/robots.txt", "oops", status=503, headers=TEXT)
    site.route("/page", PAGE)
    error = fetch_error(site.url("/page"))
    assert error.kind == "robots-disallowed" and error.retryable
    assert "HTTP 503" in error.message and "RFC 9309" in error.message
    assert "/page" not in site.paths()


def test_robots_txt_that_drops_the_connection_disallows_everything(site: LocalSite) -> None:
    def hang_up(request: BaseHTTPRequestHandler) -> None:
        request.close_connection = True  # closes without any answer

    site.route("/robots.txt", handler=hang_up)
    site.route("/page", PAGE)
    error = fetch_error(site.url("/page"))
    assert error.kind == "robots-disallowed" and error.retryable
    assert "/page" not in site.paths()


def test_robots_txt_redirect_is_followed(site: LocalSite) -> None:
    site.route("/robots.txt", status=301, headers={"Location": "/real-robots.txt"})
    site.route("/real-robots.txt", "User-agent: *\nDisallow: /hidden\n", headers=TEXT)
    site.route("/hidden", PAGE)
    site.route("/shown", PAGE)
    assert fetch_error(site.url("/hidden")).kind == "robots-disallowed"
    assert fetch(site.url("/shown")).html == PAGE


def test_robots_txt_can_be_ignored_by_setting(site: LocalSite) -> None:
    site.route("/robots.txt", "User-agent: *\nDisallow: /\n", headers=TEXT)
    site.route("/page", PAGE)
    assert fetch(site.url("/page"), fast_settings(fetch_respect_robots=False)).html == PAGE
    assert site.paths() == ["/page"]


def test_crawl_delay_spaces_requests_to_the_host(site: LocalSite) -> None:
    _serve_robots(site, (FIXTURES / "robots_crawl_delay.txt").read_text())  # Crawl-delay: 0.3

    async def go() -> None:
        async with Fetcher(fast_settings()) as fetcher:
            await asyncio.gather(*(fetcher.fetch(site.url(p)) for p in ("/", "/public", "/a")))

    run(go())
    starts = sorted(hit.at for hit in site.hits if hit.path != "/robots.txt")
    assert len(starts) == 3
    gaps = [later - earlier for earlier, later in itertools.pairwise(starts)]
    # the server timestamps arrivals, some ms after the client's start: each gap may lose that
    # much noise (a machine at load 8 on 2 cores delayed one arrival 80 ms more than the next),
    # never most of a delay; without the delay the three requests arrive within a few ms
    assert min(gaps) >= 0.3 - 0.1 and starts[-1] - starts[0] >= 2 * 0.3 - 0.1, gaps


def _hostile_robots(size: int) -> str:
    """``size`` characters of robots.txt for everyone: /private/ disallowed, its press pages
    allowed back by a longer rule, then wildcard rules, each tried in turn for every URL."""
    head = "User-agent: *\nDisallow: /private/\nAllow: /private/press-*.html$\n"
    rules = "".join(f"Disallow: /*{n}*x{n}\n" for n in range(size // 18))
    return head + rules[: size - len(head)].rsplit("\n", 1)[0] + "\n"


def test_a_large_robots_txt_is_matched_as_protego_matches_it(site: LocalSite) -> None:
    """Past ``ROBOTS_INLINE_BYTES`` the file is parsed and matched in a thread: same verdicts."""
    text = _hostile_robots(ROBOTS_MAX_BYTES)
    assert len(text.encode()) > ROBOTS_INLINE_BYTES
    _serve_robots(site, text)
    paths = ["/public", "/private/secret.html", "/private/press-2024.html", "/a", "/7x7", "/private/"]
    urls = [site.url(path) for path in paths]

    async def go() -> list[bool]:
        async with Fetcher(fast_settings()) as fetcher:
            verdicts = await fetcher.robots_allow_many(urls)
            with pytest.raises(FetchError, match="disallows"):
                await fetcher.fetch(site.url("/private/secret.html"))
            assert (await fetcher.fetch(site.url("/private/press-2024.html"))).html == PAGE
            return verdicts

    expected = [Protego.parse(text).can_fetch(url, "RipTide") for url in urls]
    assert run(go()) == expected == [True, False, True, True, False, False]


def test_a_costly_robots_txt_does_not_stall_the_event_loop(site: LocalSite) -> None:
    """A hostile 512 KiB robots.txt costs ~25 ms per URL; matched in one thread call, the event
    loop goes on meanwhile (a task ticking every 5 ms ticks), where inline it ticked not once."""
    _serve_robots(site, _hostile_robots(ROBOTS_MAX_BYTES))
    urls = [site.url(f"/page-{n}") for n in range(40)]

    async def go() -> tuple[list[bool], int]:
        ticks = 0

        async def tick() -> None:
            nonlocal ticks
            while True:
                await asyncio.sleep(0.005)
                ticks += 1

        async with Fetcher(fast_settings()) as fetcher:
            await fetcher.robots_allow(site.url("/"))  # download and parse first
            ticking = asyncio.create_task(tick())
            await asyncio.sleep(0)
            ticks = 0
            verdicts = await fetcher.robots_allow_many(urls)
            during = ticks
            ticking.cancel()
            return verdicts, during

    verdicts, during = run(go())
    assert verdicts == [True] * 40
    assert during >= 3


def test_costly_robots_txt_matching_leaves_the_default_executor_free(site: LocalSite) -> None:
    """Matching runs on the robots.txt threads (``ROBOTS_THREADS``), not the loop's default
    executor, which the service's health check and sitemap parsing share: maps of hostile sites
    at once could hold all of its threads for minutes. Here the default executor has two threads
    and four matches of 40 URLs (~1 s each) are under way; other work on it is done before any
    of them (with the matches on the default executor, three were done first)."""
    _serve_robots(site, _hostile_robots(ROBOTS_MAX_BYTES))
    batches = [[site.url(f"/page-{batch}-{n}") for n in range(40)] for batch in range(4)]

    async def go() -> tuple[int, int]:
        loop = asyncio.get_running_loop()
        loop.set_default_executor(ThreadPoolExecutor(2))  # a small machine's executor, filled
        async with Fetcher(fast_settings()) as fetcher:
            await fetcher.robots_allow(site.url("/"))  # download and parse first
            matching = [asyncio.create_task(fetcher.robots_allow_many(batch)) for batch in batches]
            await asyncio.sleep(0.05)  # every match has been handed to a thread or queued
            await asyncio.to_thread(lambda: None)
            done_before = sum(task.done() for task in matching)
            verdicts = await asyncio.gather(*matching)
            return done_before, sum(map(len, verdicts))

    done_before, verdicts = run(go())
    assert verdicts == 160
    assert done_before == 0


def test_a_map_judges_candidates_against_robots_txt_within_its_budget(
    site: LocalSite, extractor: Extractor
) -> None:
    """A map lists what robots.txt allows of up to ~50,000 candidates, at ~3 ms each under this
    64 KiB file of wildcard rules (~25 ms under 512 KiB). Past its budget it stops asking, lists
    what was judged, and says how many were left out; with time to spare it judges them all."""
    _serve_robots(site, _hostile_robots(64 * 1024))
    pages = [site.url(f"/page-{n}") for n in range(3 * ROBOTS_BATCH)]
    listing = "".join(f"<url><loc>{page}</loc></url>" for page in pages)
    site.route("/sitemap.xml", f"<urlset>{listing}</urlset>", headers={"Content-Type": "application/xml"})

    async def go(budget: float) -> SiteMap:
        async with Fetcher(fast_settings()) as fetcher:
            return await map_site(fetcher, extractor, site.url("/"), limit=10_000, robots_budget_secs=budget)

    cut = run(go(0.0))  # the first batch is always judged
    assert cut.links == [site.url("/"), *pages[: ROBOTS_BATCH - 1]]
    [problem] = [error for error in cut.errors if error.kind == "resource-limit"]
    assert problem.url == site.url("/robots.txt")
    assert f"for {ROBOTS_BATCH} of {3 * ROBOTS_BATCH + 1} candidate URLs" in problem.message
    assert f"the other {2 * ROBOTS_BATCH + 1} are not listed" in problem.message
    whole = run(go(MAP_ROBOTS_BUDGET_SECS))
    assert whole.links == [site.url("/"), *pages] and whole.errors == []


@pytest.fixture
def dripping_robots() -> Iterator[str]:
    """An origin whose robots.txt arrives a byte a second, each within the per-read timeout."""
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\nUser-agent: *\n"
    with dripping_server(head, every=1.0) as base:
        yield base


def test_a_dripping_robots_txt_is_unreachable_after_the_total_timeout(dripping_robots: str) -> None:
    """``robots_allow`` (asked by /v1/map) had no deadline of its own: it waited as long as the
    bytes kept coming. Now the download has RIPTIDE_FETCH_TIMEOUT_SECS in all, and a robots.txt
    that did not arrive disallows everything for a while, as one that did not answer does."""
    settings = fast_settings()

    async def go() -> tuple[bool, float, FetchError, int]:
        async with Fetcher(settings) as fetcher:
            started = time.monotonic()
            allowed = await asyncio.wait_for(fetcher.robots_allow(dripping_robots + "/page"), 30)
            seconds = time.monotonic() - started
            with pytest.raises(FetchError) as raised:
                await fetcher.fetch(dripping_robots + "/page")
            return allowed, seconds, raised.value, fetcher.stats()["robots_downloads"]

    allowed, seconds, error, downloads = run(go())
    assert allowed is False and seconds >= settings.fetch_timeout_secs
    assert error.kind == "robots-disallowed" and error.retryable
    assert f"took longer than {settings.fetch_timeout_secs:g} s (RIPTIDE_FETCH_TIMEOUT_SECS)" in error.message
    assert downloads == 1  # the failure is cached: the fetch did not wait again
