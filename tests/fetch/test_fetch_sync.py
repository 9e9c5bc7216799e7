"""The CLI's blocking ``fetch_html`` is the ``Fetcher``, with its rules and its total time limit."""

from __future__ import annotations

import gzip
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler

import pytest
from tests.fetch.conftest import FIXTURES, LocalSite, fast_settings

from riptide.errors import FetchError
from riptide.fetch import fetch_html

ARTICLE = (FIXTURES / "article.html").read_bytes()


def _error(url: str, **options: object) -> FetchError:
    guard = bool(options.pop("guard_addresses", False))
    with pytest.raises(FetchError) as caught:
        fetch_html(url, fast_settings(**options), guard_addresses=guard)
    return caught.value


def test_fetches_decodes_and_follows_redirects(site: LocalSite) -> None:
    site.route("/old", status=301, headers={"Location": "/post"})
    site.route("/post", gzip.compress(ARTICLE), headers={"Content-Encoding": "gzip"})
    page = fetch_html(site.url("/old"), fast_settings())
    assert page.html == ARTICLE.decode() and page.final_url == site.url("/post")
    assert page.redirects == [site.url("/post")] and page.encoding == "utf-8"
    assert "/robots.txt" not in site.paths()  # one fetch a person asked for, like curl


def test_content_type_size_and_redirect_limits(site: LocalSite) -> None:
    site.route("/pixel.png", (FIXTURES / "pixel.png").read_bytes(), headers={"Content-Type": "image/png"})
    site.route("/big", b"<p>" + b"x" * 5000 + b"</p>")
    site.route("/loop", status=302, headers={"Location": "/loop"})
    png = _error(site.url("/pixel.png"))
    assert png.kind == "unsupported-content-type" and "unsupported content type 'image/png'" in png.message
    assert _error(site.url("/big"), max_html_bytes=4096).kind == "too-large"
    assert _error(site.url("/loop"), fetch_max_redirects=2).kind == "too-many-redirects"


def test_http_error_keeps_status(site: LocalSite) -> None:
    site.route("/gone", b"gone", status=410)
    error = _error(site.url("/gone"))
    assert (error.kind, error.status) == ("http-status", 410) and "HTTP 410" in error.message


def test_loopback_is_reachable_unguarded_and_refused_guarded(site: LocalSite) -> None:
    site.route("/post", ARTICLE)
    assert fetch_html(site.url("/post"), fast_settings(fetch_allow_loopback=False)).status == 200
    error = _error(site.url("/post"), fetch_allow_loopback=False, guard_addresses=True)
    assert error.kind == "blocked-address" and error.url == site.url("/post")
    assert error.message.startswith("refused to connect: 127.0.0.1 is a loopback address")


def test_guarded_fetch_refuses_a_redirect_to_a_private_address(site: LocalSite) -> None:
    site.route("/jump", status=302, headers={"Location": "http://192.168.0.1/router"})
    error = _error(site.url("/jump"), guard_addresses=True)
    assert error.kind == "blocked-address" and error.url == "http://192.168.0.1/router"


def test_guarded_fetch_resolves_names_and_checks_them(site: LocalSite) -> None:
    site.route("/post", ARTICLE)
    error = _error(site.url("/post", host="localhost"), fetch_allow_loopback=False, guard_addresses=True)
    assert error.kind == "blocked-address" and "localhost resolves to" in error.message
    assert (
        fetch_html(site.url("/post", host="localhost"), fast_settings(), guard_addresses=True).status == 200
    )


def test_unreachable_port_is_a_connection_error() -> None:
    error = _error("http://127.0.0.1:9/nothing-listens-here")
    assert error.kind == "connection" and error.retryable and "could not fetch" in error.message


def test_slow_body_hits_the_total_limit(site: LocalSite) -> None:
    def trickle(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "text/html")
        request.end_headers()
        try:
            for _ in range(50):
                request.wfile.write(b"x")
                request.wfile.flush()
                time.sleep(0.1)
        except OSError:
            pass

    site.route("/trickle", handler=trickle)
    error = _error(site.url("/trickle"), fetch_timeout_secs=0.5)
    assert error.kind == "timeout"


def test_a_server_dribbling_header_lines_cannot_outlast_the_total_limit() -> None:
    """Each header line arrives well within the read timeout; the total limit still ends the fetch."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    stop = threading.Event()

    def dribble() -> None:
        connection, _ = listener.accept()
        with connection:
            connection.recv(65536)
            connection.sendall(b"HTTP/1.1 200 OK\r\n")
            for n in range(100):
                if stop.wait(0.2):
                    break
                connection.sendall(f"X-Slow-{n}: a header line\r\n".encode())

    thread = threading.Thread(target=dribble, daemon=True)
    thread.start()
    started = time.monotonic()
    try:
        error = _error(f"http://127.0.0.1:{listener.getsockname()[1]}/", fetch_timeout_secs=1)
    finally:
        stop.set()
        listener.close()
    assert error.kind == "timeout" and "RIPTIDE_FETCH_TIMEOUT_SECS" in error.message
    assert time.monotonic() - started < 10  # the server would have gone on for 20 s
