"""Hostile request bodies get a per-item error or a documented 4xx, never a 500 or a lost batch."""

from __future__ import annotations

import contextlib
import gzip
import json
import socket
import time

import httpx
import pytest
from tests.api.conftest import Server, Site

#: A JSON body's "\ud800" escape: valid JSON, but an unpaired surrogate once decoded.
LONE_SURROGATE_URL = "http://a.example/\\ud800"


def raw_post(server: Server, path: str, body: str) -> httpx.Response:
    return httpx.post(
        server.url(path), content=body.encode(), headers={"content-type": "application/json"}, timeout=60
    )


def test_a_lone_surrogate_in_one_url_fails_only_that_url(server: Server, site: Site) -> None:
    body = f'{{"urls": ["{site.url("/news")}", "{LONE_SURROGATE_URL}"]}}'
    response = raw_post(server, "/crawl", body)
    assert response.status_code == 200
    good, bad = response.json()["results"]
    assert good["error"] is None and good["document"]["title"]
    assert bad["document"] is None and bad["error"]["type"] == "invalid-url"
    assert bad["url"] == "http://a.example/\ud800"  # echoed back as sent (its JSON escape)


def test_a_lone_surrogate_in_one_url_keeps_the_stream_whole(server: Server, site: Site) -> None:
    body = f'{{"urls": ["{site.url("/blog")}", "{LONE_SURROGATE_URL}"]}}'
    response = raw_post(server, "/crawl/stream", body)
    assert response.status_code == 200
    lines = [json.loads(line) for line in response.text.splitlines()]
    assert sorted(line["error"]["type"] if line["error"] else "ok" for line in lines) == ["invalid-url", "ok"]


def test_lone_surrogates_in_html_are_decoded_as_replacement_characters(server: Server) -> None:
    body = '{"url": "https://e.example/a", "html": "<title>T</title><p>caf\\ud800 au lait, a sentence.</p>"}'
    response = raw_post(server, "/extract", body)
    assert response.status_code == 200
    assert "caf\ufffd au lait" in response.json()["text"]


def test_a_lone_surrogate_in_the_page_url_is_refused_naming_the_field(server: Server) -> None:
    body = f'{{"url": "{LONE_SURROGATE_URL}", "html": "<p>text</p>"}}'
    response = raw_post(server, "/extract", body)
    assert response.status_code == 422
    assert response.json()["error"] == "invalid-request" and response.json()["message"].startswith("url:")


def test_json_nested_too_deep_is_422_not_400(server: Server) -> None:
    depth = 60_000  # 120 kB, under the test server's body limit
    response = raw_post(server, "/crawl", '{"urls": ' + "[" * depth + "]" * depth + "}")
    assert response.status_code == 422
    assert response.json()["error"] == "invalid-request"


SLOW_BODY_HEAD = b"POST /extract HTTP/1.1\r\nHost: riptide\r\nContent-Length: 100000\r\n\r\n"


def _dribbler(port: int, head: bytes) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=1)
    sock.sendall(head)
    sock.setblocking(False)
    return sock


@pytest.mark.parametrize(
    ("head", "drip"),
    [
        (b"POST /extract HTTP/1.1\r\nHost: riptide\r\n", b"X-Slow: a header line\r\n"),  # slowloris
        (
            b"POST /extract HTTP/1.1\r\nHost: riptide\r\nContent-Length: 100000\r\n\r\n",
            b"{}" * 8,
        ),  # slow body
        (b"", b""),  # connects and sends nothing
    ],
)
def test_slow_clients_are_cut_off_and_the_service_keeps_answering(
    server: Server, head: bytes, drip: bytes
) -> None:
    """Each client keeps sending within any per-read timeout, but its request never arrives whole."""
    port = int(server.base.rsplit(":", 1)[1])
    clients = [_dribbler(port, head) for _ in range(20)]
    open_clients, started = set(clients), time.monotonic()
    try:
        while open_clients and time.monotonic() - started < 15:  # RIPTIDE_API_REQUEST_TIMEOUT_SECS is 2
            for sock in list(open_clients):
                try:
                    if sock.recv(4096) == b"":
                        open_clients.discard(sock)  # closed by the server
                        continue
                except BlockingIOError:
                    pass
                except OSError:
                    open_clients.discard(sock)
                    continue
                with contextlib.suppress(OSError):
                    sock.send(drip)
            assert httpx.get(server.url("/healthz"), timeout=5).status_code == 200
            time.sleep(0.3)
        assert not open_clients, f"{len(open_clients)} slow clients still connected after 15 s"
    finally:
        for sock in clients:
            sock.close()


def test_a_hostile_sitemap_keeps_its_good_urls_and_is_reported(server: Server, site: Site) -> None:
    """/v1/map reads a sitemap that lists two pages and then nests 20 MB of elements (20 KB on the
    wire, gzip): reading stops at the depth limit, the two pages are listed and the sitemap is
    reported. A tree of it took ~0.8 GB in the service; the stream reads no further."""
    entries = "".join(f"<url><loc>{site.url(path)}</loc></url>" for path in ("/news", "/blog"))
    body = f"<urlset>{entries}".encode() + b"<a>" * (7 << 20)
    site.routes["/sitemap.xml"] = (200, {"Content-Type": "application/gzip"}, gzip.compress(body), 0.0)
    try:
        response = httpx.post(server.url("/v1/map"), json={"url": site.url("/home")}, timeout=60)
    finally:
        del site.routes["/sitemap.xml"]
    assert response.status_code == 200, response.text
    found = response.json()
    assert {site.url("/news"), site.url("/blog")} <= set(found["links"])
    [problem] = [error for error in found["errors"] if error["url"] == site.url("/sitemap.xml")]
    assert problem["kind"] == "invalid-sitemap"
    assert (
        "nests elements more than 100 deep; reading stopped there, the 2 URLs before were kept"
        in problem["message"]
    )
