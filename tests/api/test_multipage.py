"""Multi-page articles through the real service: next pages fetched, extracted in the sandbox, merged."""

from __future__ import annotations

import httpx
from tests.api.conftest import Server, Site

TITLE = "The Long Dig: How the Harbour Tunnel Was Built"


def crawl_one(server: Server, url: str, **options: object) -> dict[str, object]:
    body = {"urls": [url], "options": {"cache_mode": "bypass", **options}}
    response = httpx.post(server.url("/crawl"), json=body, timeout=60)
    assert response.status_code == 200, response.text
    result: dict[str, object] = response.json()["results"][0]
    return result


def test_the_pages_of_an_article_are_followed_and_merged_in_order(server: Server, site: Site) -> None:
    result = crawl_one(server, site.url("/story"), max_pages=5)
    doc = result["document"]
    assert isinstance(doc, dict) and result["warnings"] == []
    assert doc["pages"] == [site.url("/story"), site.url("/story?page=2"), site.url("/story?page=3")]
    assert doc["engine"] == "wasm" and doc["title"] == TITLE and doc["byline"] == "Maren Okafor"
    text = doc["text"]
    positions = [text.find(s) for s in ("first survey boat", "Agnes began to turn", "Breakthrough came")]
    assert -1 not in positions and positions == sorted(positions)
    assert "Next ›" not in text and "Previous" not in text
    assert doc["next_page"] is None
    assert doc["word_count"] > 500 and doc["reading_time"] >= 2


def test_max_pages_caps_the_merge_and_reports_where_the_article_continues(server: Server, site: Site) -> None:
    doc = crawl_one(server, site.url("/story"), max_pages=2)["document"]
    assert isinstance(doc, dict)
    assert doc["pages"] == [site.url("/story"), site.url("/story?page=2")]
    assert doc["next_page"] == site.url("/story?page=3")


def test_by_default_only_the_page_asked_for_is_fetched(server: Server, site: Site) -> None:
    before = site.log.count("/story?page=2")
    doc = crawl_one(server, site.url("/story"))["document"]
    assert isinstance(doc, dict)
    assert doc["pages"] == [] and doc["next_page"] == site.url("/story?page=2")
    assert "Agnes began to turn" not in doc["text"]
    assert site.log.count("/story?page=2") == before


def test_a_listing_with_rel_next_is_not_followed(server: Server, site: Site) -> None:
    before = site.log.count("/local?page=2")
    result = crawl_one(server, site.url("/local"), max_pages=5)
    doc = result["document"]
    assert isinstance(doc, dict) and doc["quality_score"] < 50
    assert doc["pages"] == [] and doc["next_page"] == site.url("/local?page=2")
    assert site.log.count("/local?page=2") == before


def test_a_missing_next_page_keeps_what_was_merged_and_says_why(server: Server, site: Site) -> None:
    result = crawl_one(server, site.url("/gone"), max_pages=3)
    doc = result["document"]
    assert isinstance(doc, dict) and "first survey boat" in doc["text"]
    assert doc["next_page"] == site.url("/gone?page=2")  # nothing lost: the caller can retry from here
    (warning,) = result["warnings"]  # type: ignore[misc]
    assert warning.startswith(f"page 2 ({site.url('/gone?page=2')}) not merged: http-status")


def test_a_next_page_that_is_another_article_is_not_merged(server: Server, site: Site) -> None:
    result = crawl_one(server, site.url("/swap"), max_pages=3)
    doc = result["document"]
    assert isinstance(doc, dict) and "Ferry" not in doc["text"]
    assert doc["pages"] == [] and doc["next_page"] is None
    (warning,) = result["warnings"]  # type: ignore[misc]
    assert "not merged: its title 'Ferry Timetable Returns to Normal After Winter Cuts'" in warning


def test_extract_by_url_merges_pages_and_rejects_impossible_requests(server: Server, site: Site) -> None:
    merged = httpx.post(
        server.url("/extract"),
        json={"url": site.url("/story"), "max_pages": 3, "cache_mode": "bypass"},
        timeout=60,
    )
    assert merged.status_code == 200 and len(merged.json()["pages"]) == 3
    too_many = httpx.post(
        server.url("/extract"), json={"url": site.url("/story"), "max_pages": 11}, timeout=60
    )
    assert too_many.status_code == 422
    assert "max_pages 11 exceeds the limit of 10 (RIPTIDE_API_MAX_PAGES)" in too_many.json()["message"]
    inline = httpx.post(
        server.url("/extract"),
        json={"url": site.url("/story"), "html": "<p>x</p>", "max_pages": 2},
        timeout=60,
    )
    assert inline.status_code == 422 and "nothing is fetched" in inline.json()["message"]
    crawl = httpx.post(server.url("/crawl"), json={"urls": [site.url("/story")], "options": {"max_pages": 0}})
    assert crawl.status_code == 422
    full = httpx.post(
        server.url("/crawl"), json={"urls": [site.url("/story")], "options": {"mode": "full", "max_pages": 3}}
    )
    assert full.status_code == 422 and "article mode only" in full.json()["message"]
