"""Time limits: read timeout per wait, and one total limit over the whole fetch."""

from __future__ import annotations

import time
from http.server import BaseHTTPRequestHandler

from tests.fetch.conftest import LocalSite, fast_settings, fetch_error

PAGE = "<p>too late</p>"


def _trickle(request: BaseHTTPRequestHandler) -> None:
    """A byte every 0.1 s: never silent long enough for a read timeout, never finished."""
    request.send_response(200)
    request.send_header("Content-Type", "text/html")
    request.end_headers()
    try:
        for _ in range(100):
            request.wfile.write(b"x")
            request.wfile.flush()
            time.sleep(0.1)
    except OSError:
        pass


def test_silent_server_hits_the_read_timeout(site: LocalSite) -> None:
    site.route("/silent", PAGE, delay=2)
    started = time.monotonic()
    error = fetch_error(
        site.url("/silent"), fast_settings(fetch_read_timeout_secs=0.3, fetch_respect_robots=False)
    )
    assert error.kind == "timeout" and error.retryable
    assert "RIPTIDE_FETCH_READ_TIMEOUT_SECS" in error.message
    assert time.monotonic() - started < 1
    assert site.paths() == ["/silent"]  # read timeouts are not retried


def test_trickling_body_hits_the_total_limit(site: LocalSite) -> None:
    site.route("/trickle", handler=_trickle)
    started = time.monotonic()
    error = fetch_error(
        site.url("/trickle"), fast_settings(fetch_timeout_secs=0.6, fetch_read_timeout_secs=1)
    )
    assert error.kind == "timeout" and "RIPTIDE_FETCH_TIMEOUT_SECS" in error.message
    # the trickle lasts 10 s; the limit stops it at 0.6 s plus scheduling noise (1.08 s seen at load 7)
    assert 0.55 < time.monotonic() - started < 2.0


def test_per_call_timeout_overrides_the_setting(site: LocalSite) -> None:
    site.route("/slow", PAGE, delay=1.5)
    started = time.monotonic()
    error = fetch_error(site.url("/slow"), fast_settings(fetch_timeout_secs=10), timeout=0.3)
    assert error.kind == "timeout" and "0.3 s" in error.message
    assert time.monotonic() - started < 0.8


def test_total_limit_includes_waiting_for_the_host(site: LocalSite) -> None:
    site.route("/robots.txt", "User-agent: *\nCrawl-delay: 5\n", headers={"Content-Type": "text/plain"})
    site.route("/page", PAGE)
    started = time.monotonic()
    error = fetch_error(site.url("/page"), fast_settings(fetch_timeout_secs=0.5))
    assert error.kind == "timeout" and time.monotonic() - started < 1
    assert "/page" not in site.paths()  # robots.txt started the 5 s interval; the page never did
