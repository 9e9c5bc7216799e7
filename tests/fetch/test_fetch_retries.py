"""Retries: 429/503 and connection failures, exponential backoff, Retry-After."""

from __future__ import annotations

import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler

from tests.conftest import refused_port
from tests.fetch.conftest import LocalSite, fast_settings, fetch, fetch_error, run

from riptide.fetch import Fetcher
from riptide.fetch.retry import RetryPolicy, parse_retry_after

PAGE = "<p>finally</p>"


def _sequence(site: LocalSite, path: str, answers: list[tuple[int, dict[str, str]]]) -> None:
    """Serve ``answers`` in turn on ``path``, then PAGE with 200 for ever."""
    remaining = list(answers)

    def handler(request: BaseHTTPRequestHandler) -> None:
        status, headers = remaining.pop(0) if remaining else (200, {})
        body = PAGE.encode() if status == 200 else b"busy"
        request.send_response(status)
        request.send_header("Content-Type", "text/html")
        request.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            request.send_header(name, value)
        request.end_headers()
        request.wfile.write(body)

    site.route(path, handler=handler)


def test_parse_retry_after_seconds_and_http_date() -> None:
    now = 1_700_000_000.0
    assert parse_retry_after("120", now) == 120
    assert parse_retry_after(formatdate(now + 90, usegmt=True), now) == 90
    assert parse_retry_after(formatdate(now - 90, usegmt=True), now) == 0
    assert parse_retry_after("soon", now) is None and parse_retry_after(None, now) is None


def test_backoff_doubles() -> None:
    policy = RetryPolicy(max_retries=3, backoff_secs=0.5, max_retry_after_secs=30)
    assert [policy.delay(n, None, url="u", status=503) for n in range(3)] == [0.5, 1.0, 2.0]


def test_429_with_retry_after_is_retried_after_waiting(site: LocalSite) -> None:
    _sequence(site, "/busy", [(429, {"Retry-After": "1"})])

    async def go() -> dict[str, int]:
        async with Fetcher(fast_settings(fetch_respect_robots=False)) as fetcher:
            assert (await fetcher.fetch(site.url("/busy"))).html == PAGE
            return fetcher.stats()

    stats = run(go())
    first, second = site.times("/busy")
    assert second - first >= 1.0
    assert (stats["retries"], stats["requests"], stats["ok"]) == (1, 2, 1)


def test_503_is_retried_then_fails_retryably(site: LocalSite) -> None:
    _sequence(site, "/down", [(503, {})] * 10)
    started = time.monotonic()
    error = fetch_error(site.url("/down"), fast_settings(fetch_max_retries=2, fetch_respect_robots=False))
    assert (error.kind, error.status, error.retryable) == ("http-status", 503, True)
    assert site.paths() == ["/down"] * 3
    starts = site.times("/down")
    assert starts[2] - starts[1] >= 0.09 and starts[1] - starts[0] >= 0.045  # 0.05 s, then 0.1 s
    assert time.monotonic() - started < 1


def test_retry_after_longer_than_allowed_fails_at_once(site: LocalSite) -> None:
    _sequence(site, "/later", [(429, {"Retry-After": "120"})])
    started = time.monotonic()
    error = fetch_error(site.url("/later"), fast_settings(fetch_max_retry_after_secs=30))
    assert error.kind == "retry-after-too-long" and error.retryable and error.status == 429
    assert "120 s" in error.message and "RIPTIDE_FETCH_MAX_RETRY_AFTER_SECS" in error.message
    assert site.paths().count("/later") == 1 and time.monotonic() - started < 0.5


def test_retry_that_would_outlast_the_total_limit_fails_with_the_real_cause(site: LocalSite) -> None:
    _sequence(site, "/slow-down", [(503, {"Retry-After": "3"})])
    error = fetch_error(site.url("/slow-down"), fast_settings(fetch_timeout_secs=1))
    assert (error.kind, error.status) == ("http-status", 503)


def test_dropped_connection_is_retried(site: LocalSite) -> None:
    calls = [0]

    def flaky(request: BaseHTTPRequestHandler) -> None:
        calls[0] += 1
        if calls[0] == 1:
            request.close_connection = True  # hang up without answering
            return
        body = PAGE.encode()
        request.send_response(200)
        request.send_header("Content-Type", "text/html")
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)

    site.route("/flaky", handler=flaky)
    assert fetch(site.url("/flaky"), fast_settings(fetch_respect_robots=False)).html == PAGE
    assert calls[0] == 2


def test_refused_connection_fails_retryably_after_retries() -> None:
    with refused_port() as port:
        started = time.monotonic()
        error = fetch_error(f"http://127.0.0.1:{port}/", fast_settings(fetch_respect_robots=False))
    assert error.kind == "connection" and error.retryable and "could not fetch" in error.message
    assert time.monotonic() - started < 1
