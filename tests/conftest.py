"""Shared fixtures: real settings, the real built component, and fixture pages."""

from __future__ import annotations

import json
import os
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from riptide import Extractor
from riptide.config import Settings, load_settings
from riptide.sandbox.locations import DEFAULT_OUTPUT

FIXTURES = Path(__file__).parent / "fixtures"
PAGES = FIXTURES / "pages"
ROOT = Path(__file__).resolve().parent.parent
#: The shared corpora and scorers: beside this repository's own checkouts only, not in a clone.
SHARED = ROOT.parent / "shared"
#: Set (to 1) by .ci/run: there, a missing ../shared fails the tests that need it instead of
#: skipping them, so CI always runs them.
REQUIRE_SHARED_VARIABLE = "REQUIRE_SHARED_CORPORA"


def require_shared(path: Path, *, module_level: bool = False) -> Path:
    """``path`` (inside ../shared), or skip the calling test (fail it where ../shared is required)."""
    if path.exists():
        return path
    reason = f"{path} not found: the shared corpora sit beside this project's own checkouts only"
    if os.environ.get(REQUIRE_SHARED_VARIABLE, "") not in ("", "0"):
        pytest.fail(f"{reason}, and {REQUIRE_SHARED_VARIABLE} is set (as in CI)", pytrace=False)
    pytest.skip(reason, allow_module_level=module_level)


@pytest.fixture(scope="session")
def component() -> Path:
    if not DEFAULT_OUTPUT.is_file():
        pytest.fail(
            f"the extractor component is not built at {DEFAULT_OUTPUT}; run scripts/setup", pytrace=False
        )
    return DEFAULT_OUTPUT


#: Set by pytest-xdist in each of its workers (gw0, gw1, ...).
XDIST_WORKER_VARIABLE = "PYTEST_XDIST_WORKER"


@pytest.fixture(scope="session")
def session_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One AOT cache for the session, so most tests load compiled code in milliseconds.

    Under pytest-xdist the workers share it (the cache is safe to share between processes), in
    the run's own temporary directory: each component is compiled once per run (~9 s of CPU),
    not once per worker.
    """
    if not os.environ.get(XDIST_WORKER_VARIABLE):
        return tmp_path_factory.mktemp("riptide-cache")
    shared = tmp_path_factory.getbasetemp().parent / "riptide-cache"
    shared.mkdir(mode=0o700, exist_ok=True)
    return shared


@pytest.fixture(scope="session")
def make_settings(session_cache: Path, component: Path) -> Callable[..., Settings]:
    def make(**overrides: Any) -> Settings:
        values: dict[str, Any] = {"wasm_cache_dir": session_cache, "wasm_initial_pool_size": 1}
        values.update(overrides)
        return load_settings(**values)

    return make


@pytest.fixture(scope="session")
def extractor(make_settings: Callable[..., Settings]) -> Iterator[Extractor]:
    """A sandbox-only extractor shared by the tests that only read from it."""
    with Extractor(make_settings(), engine="wasm") as shared:
        yield shared


@pytest.fixture(scope="session")
def native() -> Iterator[Extractor]:
    with Extractor(load_settings(), engine="native") as shared:
        yield shared


@pytest.fixture(scope="session")
def expected() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((PAGES / "expected.json").read_text())
    return data


def page(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


def page_bytes(name: str) -> bytes:
    return (PAGES / name).read_bytes()


@contextmanager
def refused_port() -> Iterator[int]:
    """A port on 127.0.0.1 where connecting is refused at once, for the ``with`` block: bound
    and not listening. Held, not released: a released port was taken by a server another test
    started in between (the fetch then succeeded)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        yield int(probe.getsockname()[1])


@contextmanager
def dripping_server(head: bytes, every: float) -> Iterator[str]:
    """A server on 127.0.0.1 that reads each request, answers ``head``, then one byte every
    ``every`` seconds (each within any per-read timeout) until the client leaves or the ``with``
    block ends; yields its base URL. What a total deadline, and only it, can cut short."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    done = threading.Event()

    def serve() -> None:
        while not done.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            with connection:
                connection.recv(65536)
                connection.sendall(head)
                while not done.wait(every):
                    try:
                        connection.sendall(b"#")
                    except OSError:
                        break

    threading.Thread(target=serve, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        done.set()
        listener.close()


#: A route of ``local_site``: (status, content type, body); a 3xx body is its Location.
Route = tuple[int, str, bytes]


@contextmanager
def local_site(routes: dict[str, Route]) -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 serving ``routes`` (404 elsewhere); yields its base URL."""

    class Site(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, content_type, body = routes.get(self.path, (404, "text/plain", b"not found"))
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            if 300 <= status < 400:
                self.send_header("Location", body.decode())
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


#: Test files that run every corpus page through a guest check (minutes each), started first.
SLOWEST_FIRST = ("tests/sandbox/test_c_",)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The guest checks' files first, the rest in their order. Why: ``scripts/test`` hands whole
    files to two workers in collection order, and these few files hold most of the suite's CPU
    time; collected last (``tests/sandbox/`` sorts late), one of them ran alone for minutes at
    the end while the other worker sat idle."""
    items.sort(key=lambda item: not item.nodeid.startswith(SLOWEST_FIRST))
