"""Every mode and field, through the real component, on hand-written fixture pages."""

from __future__ import annotations

from typing import Any

import pytest
from tests.conftest import PAGES, page, page_bytes

from riptide import ExtractedDoc, ExtractionMode, Extractor

ARTICLES = [
    "news_article.html",
    "blog_post.html",
    "docs_page.html",
    "german_article.html",
    "windows1252.html",
]
URL = "https://news.example/section/story"


def fold(value: Any) -> str:
    return " ".join(str(value or "").split()).casefold()


def load(name: str) -> str | bytes:
    # the windows-1252 page must go in as bytes, so its declared charset is honoured
    return page_bytes(name) if name == "windows1252.html" else page(name)


@pytest.fixture(scope="module")
def articles(extractor: Extractor) -> dict[str, ExtractedDoc]:
    return {name: extractor.extract(load(name), URL) for name in [*ARTICLES, "no_article.html"]}


@pytest.mark.parametrize("name", ARTICLES)
def test_article_body_has_the_content_and_none_of_the_boilerplate(articles, expected, name: str) -> None:
    doc, want = articles[name], expected[name]
    assert doc.engine == "wasm"
    for phrase in want["must_contain"]:
        assert phrase in doc.text, f"{name}: missing {phrase!r}"
    for phrase in want["must_not_contain"]:
        assert phrase not in doc.text, f"{name}: boilerplate {phrase!r} kept"
        assert phrase not in doc.markdown


@pytest.mark.parametrize("name", [*ARTICLES, "no_article.html"])
def test_metadata_fields_match_the_page(articles, expected, name: str) -> None:
    doc, want = articles[name], expected[name]
    assert fold(doc.title) == fold(want["title"])
    assert fold(doc.byline) == fold(want["byline"])
    assert (doc.published_iso or "")[:10] == (want["date"] or "")
    assert fold(doc.site_name) == fold(want["site_name"])
    assert (doc.language or "").split("-")[0] == want["language"]
    assert fold(doc.description) == fold(want["description"])
    got_categories = {fold(c) for c in doc.categories}
    assert {fold(c) for c in want["categories"]} <= got_categories


def test_news_article_fields_in_detail(articles) -> None:
    doc = articles["news_article.html"]
    assert doc.published_iso == "2024-03-18T07:30:00+00:00"
    assert doc.language == "en-GB"
    assert doc.word_count is not None and doc.word_count > 500
    assert doc.reading_time is not None and doc.reading_time >= 2
    assert doc.quality_score is not None and doc.quality_score >= 70
    assert all(link.url.startswith(("http://", "https://")) for link in doc.links)
    assert len({link.url for link in doc.links}) == len(doc.links)
    assert any(link.nofollow for link in doc.links)
    assert any(link.url.endswith("/local/ferries") for link in doc.links)  # relative, resolved
    images = [m for m in doc.media if m.kind == "image"]
    assert images and images[0].caption and images[0].alt
    assert "| ---" in doc.markdown  # the travel-time table is a GFM table
    assert "\n> " in "\n" + doc.markdown  # the quote is a blockquote
    assert doc.markdown.startswith(("#", "!", "*")) or doc.markdown[0].isalpha()


def test_blog_post_keeps_code_and_lazy_images(articles) -> None:
    doc = articles["blog_post.html"]
    assert "```python" in doc.markdown and "def true_hydration(" in doc.markdown
    image_urls = [m.url for m in doc.media if m.kind == "image"]
    assert image_urls and not any(url.startswith("data:") for url in image_urls)
    assert "1. " in doc.markdown  # the recipe steps are an ordered list


def test_home_page_scores_low_quality(articles) -> None:
    home, article = articles["no_article.html"], articles["news_article.html"]
    assert home.quality_score is not None and article.quality_score is not None
    assert home.quality_score < 50 <= article.quality_score


def test_language_detected_from_text_when_undeclared(articles) -> None:
    assert articles["german_article.html"].language == "de"


def test_windows_1252_bytes_are_decoded_by_their_declared_charset(articles) -> None:
    doc = articles["windows1252.html"]
    assert "27,50 €" in doc.text and "Le cœur du marché" in doc.text


def test_full_mode_keeps_navigation_but_drops_scripts_and_hidden(extractor: Extractor) -> None:
    html = page("news_article.html")
    article = extractor.extract(html, URL)
    full = extractor.extract(html, URL, mode="full")
    assert len(full.text) > len(article.text)
    assert "Most read" in full.text or "Most Read" in full.text
    assert "dataLayer" not in full.text and "__COURIER_STATE__" not in full.text
    assert "function(" not in full.text


def test_metadata_mode_has_metadata_and_no_body(extractor: Extractor) -> None:
    doc = extractor.extract(page("news_article.html"), URL, mode=ExtractionMode.METADATA)
    assert doc.title == "Harbour Tunnel Reopens After Two-Year Refit"
    assert doc.byline == "Mara Lindqvist" and doc.site_name == "The Coastal Courier"
    assert doc.markdown == "" and doc.text == "" and doc.word_count is None
    assert doc.links  # the page's links, for link discovery
    assert [m.kind for m in doc.media] == ["image"]  # og:image only


def test_custom_mode_returns_selected_elements_in_document_order(extractor: Extractor) -> None:
    html = """<html><body><div id=a><h2>First</h2><p class=lead>Lead one.</p></div>
      <div id=b><h2>Second</h2><p class=lead>Lead two.</p><p>Other.</p></div></body></html>"""
    doc = extractor.extract(html, URL, mode="custom", selectors=["h2", "p.lead"])
    assert doc.text.split("\n\n") == ["First", "Lead one.", "Second", "Lead two."]
    assert "## First" in doc.markdown


def test_custom_mode_with_no_match_is_empty_not_an_error(extractor: Extractor) -> None:
    doc = extractor.extract(
        "<html><body><p>Hello.</p></body></html>", URL, mode="custom", selectors=[".nothing"]
    )
    assert doc.text == "" and doc.quality_score == 0


def test_sandboxed_and_native_results_are_identical(extractor: Extractor, native: Extractor) -> None:
    for name in [*ARTICLES, "no_article.html"]:
        for mode in ("article", "full", "metadata"):
            wasm_doc = extractor.extract(load(name), URL, mode=mode)
            native_doc = native.extract(load(name), URL, mode=mode)
            assert wasm_doc.to_dict(include_stats=False) | {"engine": "-"} == native_doc.to_dict(
                include_stats=False
            ) | {"engine": "-"}, f"{name} {mode}"


def test_stats_are_reported(extractor: Extractor) -> None:
    doc = extractor.extract(page("news_article.html"), URL)
    assert doc.stats is not None
    assert doc.stats.nodes_processed and doc.stats.nodes_processed > 100
    assert doc.stats.links_found == len(doc.links)
    assert doc.stats.images_found == sum(1 for m in doc.media if m.kind == "image")
    assert doc.stats.memory_used > 1_000_000  # guest linear memory, as seen by the host


def test_fixture_pages_exist() -> None:
    assert {p.name for p in PAGES.glob("*.html")} >= set(ARTICLES) | {"no_article.html"}
