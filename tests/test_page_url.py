"""The page URL, from both paths: validated by the engine, and stood in for when unknown."""

from __future__ import annotations

import pytest

from riptide import Extractor, InvalidHtmlError

ARTICLE = (
    "<html><head>{head}<title>Relative links only</title></head><body><article>"
    "<p>Read <a href='/about'>about us</a> and <a href='next.html'>the next part</a>.</p>"
    "<p><img src='img/photo.jpg' alt='A photo'></p>"
    + "<p>Some words of the article, long enough to be the article's text, and more. </p>" * 5
    + "</article></body></html>"
)


@pytest.fixture(params=["wasm", "native"])
def either(request, extractor: Extractor, native: Extractor) -> Extractor:
    return extractor if request.param == "wasm" else native


@pytest.mark.parametrize("url", ["not a url", "example.com/page", "https://", "https://example.com/a page"])
def test_a_page_url_that_is_not_absolute_is_invalid_html_error(either: Extractor, url: str) -> None:
    with pytest.raises(InvalidHtmlError, match=r"invalid page URL .*expected an absolute URL") as caught:
        either.extract(ARTICLE.format(head=""), url)
    assert caught.value.kind == "invalid-html"
    assert repr(url) in str(caught.value)


@pytest.mark.parametrize("url", ["file:///tmp/page.html", "about:blank"])
def test_a_non_http_page_url_is_accepted_and_relative_links_are_kept(either: Extractor, url: str) -> None:
    doc = either.extract(ARTICLE.format(head=""), url)
    assert doc.url == url
    assert [link.url for link in doc.links] == ["/about", "next.html"]


def test_no_page_url_keeps_links_media_and_markdown_relative(either: Extractor) -> None:
    doc = either.extract(ARTICLE.format(head=""), "")
    assert doc.url == ""
    assert [link.url for link in doc.links] == ["/about", "next.html"]
    assert [media.url for media in doc.media] == ["img/photo.jpg"]
    assert "[about us](/about)" in doc.markdown and "![A photo](img/photo.jpg)" in doc.markdown
    assert doc.next_page is None


def test_no_page_url_resolves_against_the_canonical_link_and_reports_it(either: Extractor) -> None:
    head = "<link rel='canonical' href='https://example.com/news/story.html'>"
    doc = either.extract(ARTICLE.format(head=head), "")
    assert doc.url == "https://example.com/news/story.html"
    assert [link.url for link in doc.links] == [
        "https://example.com/about",
        "https://example.com/news/next.html",
    ]
    assert [media.url for media in doc.media] == ["https://example.com/news/img/photo.jpg"]


def test_no_page_url_prefers_base_href_to_the_canonical_link(either: Extractor) -> None:
    head = (
        "<base href='https://cdn.example.org/site/'><link rel='canonical' href='https://example.com/story'>"
    )
    doc = either.extract(ARTICLE.format(head=head), "")
    assert doc.url == "https://cdn.example.org/site/"
    assert "[the next part](https://cdn.example.org/site/next.html)" in doc.markdown
