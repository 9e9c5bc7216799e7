"""A real `riptide serve` process and a real fixture site, both on 127.0.0.1."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from tests.conftest import PAGES, ROOT

RIPTIDE = Path(sys.executable).parent / "riptide"


@dataclass
class Site:
    """Routes: path -> (status, headers, body, delay seconds). Requests are logged."""

    base: str = ""
    routes: dict[str, tuple[int, dict[str, str], bytes, float]] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            site.log.append(self.path)
            status, headers, body, delay = site.routes.get(
                self.path, (404, {"Content-Type": "text/plain"}, b"not found", 0.0)
            )
            time.sleep(delay)
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@pytest.fixture(scope="session")
def site() -> Iterator[Site]:
    html = {"Content-Type": "text/html; charset=utf-8"}
    state = Site()
    state.routes = {
        "/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n", 0.0),
        "/news": (200, html, (PAGES / "news_article.html").read_bytes(), 0.0),
        "/blog": (200, html, (PAGES / "blog_post.html").read_bytes(), 0.0),
        "/docs": (200, html, (PAGES / "docs_page.html").read_bytes(), 0.0),
        "/home": (200, html, (PAGES / "no_article.html").read_bytes(), 0.0),
        "/slow": (200, html, (PAGES / "blog_post.html").read_bytes(), 3.0),
        "/private/secret": (200, html, b"<p>secret</p>", 0.0),
        "/image.png": (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n" + bytes(64), 0.0),
        "/empty": (200, html, b"", 0.0),
        "/loop": (302, {"Location": "/loop"}, b"", 0.0),
    }
    # A three-page article, a listing with rel=next, and two articles whose next page goes wrong:
    # /gone's page 2 is missing, /swap's page 2 is another article.
    multipage = PAGES / "multipage"
    story = [(multipage / f"story-{n}.html").read_bytes() for n in (1, 2, 3)]
    state.routes.update(
        {
            "/story": (200, html, story[0], 0.0),
            "/story?page=2": (200, html, story[1], 0.0),
            "/story?page=3": (200, html, story[2], 0.0),
            "/local": (200, html, (multipage / "listing.html").read_bytes(), 0.0),
            "/local?page=2": (200, html, (multipage / "listing.html").read_bytes(), 0.0),
            "/gone": (200, html, story[0].replace(b"/story", b"/gone"), 0.0),
            "/swap": (200, html, story[0].replace(b"/story", b"/swap"), 0.0),
            "/swap?page=2": (200, html, (multipage / "other-story.html").read_bytes(), 0.0),
        }
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    base: str
    process: subprocess.Popen[bytes]

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture(scope="session")
def server(session_cache: Path) -> Iterator[Server]:
    """`riptide serve` as users run it, configured through the environment."""
    port = _free_port()
    env = {
        **os.environ,
        "RIPTIDE_WASM_CACHE_DIR": str(session_cache),
        "RIPTIDE_FETCH_ALLOW_LOOPBACK": "true",
        "RIPTIDE_FETCH_PER_HOST_RATE": "200",
        "RIPTIDE_FETCH_TIMEOUT_SECS": "2",
        "RIPTIDE_FETCH_MAX_RETRIES": "0",
        "RIPTIDE_API_MAX_URLS": "20",
        "RIPTIDE_API_MAX_BODY_BYTES": "200000",
        "RIPTIDE_WASM_INITIAL_POOL_SIZE": "1",
        "RIPTIDE_API_REQUEST_TIMEOUT_SECS": "2",
    }
    process = subprocess.Popen(
        [str(RIPTIDE), "serve", "--port", str(port), "--log-level", "warning"], env=env, cwd=ROOT
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code in (200, 503):
                break
        except httpx.HTTPError:
            time.sleep(0.1)
        if process.poll() is not None:
            pytest.fail(f"riptide serve exited with {process.returncode}", pytrace=False)
    else:
        process.kill()
        pytest.fail("riptide serve did not become ready within 60 s", pytrace=False)
    yield Server(base, process)
    process.terminate()
    process.wait(timeout=30)
