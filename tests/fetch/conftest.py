"""Real local HTTP servers (stdlib, one thread per connection) serving fixture sites on 127.0.0.1.

Each ``LocalSite`` records every request (path, arrival time, headers), every accepted
connection, and the most requests it ever had in flight at once, so tests can assert on what the
fetcher *did* on the wire — not only on what it returned. Nothing here touches the internet.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from riptide.config import Settings, load_settings
from riptide.errors import FetchError
from riptide.fetch import FetchedPage, Fetcher

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "fetch"


@dataclass
class Hit:
    path: str
    at: float
    headers: dict[str, str]


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    #: Writes the whole response itself (streaming, trickling, dropping the connection …).
    handler: Callable[[BaseHTTPRequestHandler], None] | None = None


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        site = self.server.site
        site.enter(Hit(self.path, time.monotonic(), {k.lower(): v for k, v in self.headers.items()}))
        try:
            route = site.routes.get(self.path, Route(404, b"not found", {"Content-Type": "text/plain"}))
            if route.delay:
                time.sleep(route.delay)
            if route.handler is not None:
                route.handler(self)
                return
            self.send_response(route.status)
            headers = {"Content-Type": "text/html; charset=utf-8", **route.headers}
            headers.setdefault("Content-Length", str(len(route.body)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(route.body)
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            site.leave()

    def log_message(self, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 128
    site: LocalSite

    def verify_request(self, request: Any, client_address: Any) -> bool:
        with self.site.lock:
            self.site.connections += 1
        return True


class LocalSite:
    """One HTTP origin on 127.0.0.1 with a route table and a request log."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[Hit] = []
        self.connections = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self.lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.site = self
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True)
        self._thread.start()

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def url(self, path: str = "/", host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def route(self, path: str, body: bytes | str = b"", **options: Any) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Route(body=data, **options)

    def paths(self) -> list[str]:
        with self.lock:
            return [hit.path for hit in self.hits]

    def times(self, path: str) -> list[float]:
        with self.lock:
            return [hit.at for hit in self.hits if hit.path == path]

    def enter(self, hit: Hit) -> None:
        with self.lock:
            self.hits.append(hit)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def leave(self) -> None:
        with self.lock:
            self.in_flight -= 1

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def make_site() -> Iterator[Callable[[], LocalSite]]:
    sites: list[LocalSite] = []

    def make() -> LocalSite:
        sites.append(LocalSite())
        return sites[-1]

    yield make
    for site in sites:
        site.close()


@pytest.fixture
def site(make_site: Callable[[], LocalSite]) -> LocalSite:
    return make_site()


def fast_settings(**overrides: Any) -> Settings:
    """Settings for tests: loopback allowed, no politeness delays, short timeouts and backoff."""
    values: dict[str, Any] = {
        "fetch_allow_loopback": True,
        "fetch_timeout_secs": 5,
        "fetch_connect_timeout_secs": 1,
        "fetch_read_timeout_secs": 2,
        "fetch_per_host_rate": 1000,
        "fetch_rate_jitter": 0,
        "fetch_retry_backoff_secs": 0.05,
    }
    values.update(overrides)
    return load_settings(**values)


def run(coroutine: Coroutine[Any, Any, Any]) -> Any:
    return asyncio.run(coroutine)


def fetch(url: str, settings: Settings | None = None, **fetch_options: Any) -> FetchedPage:
    """One fetch with a fresh ``Fetcher``."""

    async def go() -> FetchedPage:
        async with Fetcher(settings or fast_settings()) as fetcher:
            return await fetcher.fetch(url, **fetch_options)

    page: FetchedPage = run(go())
    return page


def fetch_error(url: str, settings: Settings | None = None, **fetch_options: Any) -> FetchError:
    """The ``FetchError`` one fetch raises (the test fails if it succeeds)."""
    with pytest.raises(FetchError) as caught:
        fetch(url, settings, **fetch_options)
    return caught.value
