"""Hostile request bodies get a per-item error or a documented 4xx, never a 500 or a lost batch."""

from __future__ import annotations

import json

import httpx
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
