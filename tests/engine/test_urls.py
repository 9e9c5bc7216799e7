"""URL resolution: what counts as a usable link target."""

from __future__ import annotations

import pytest

from riptide.engine.dom import parse
from riptide.engine.urls import base_url_of, is_http_url, resolve_url

PAGE = "https://example.com/news/2024/story.html?ref=home"


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("other.html", "https://example.com/news/2024/other.html"),
        ("../index.html", "https://example.com/news/index.html"),
        ("/about", "https://example.com/about"),
        ("?page=2", "https://example.com/news/2024/story.html?page=2"),
        ("//cdn.example.net/a.js", "https://cdn.example.net/a.js"),
        ("HTTP://Example.org/X", "HTTP://Example.org/X"),
        ("http://other.org/a#part", "http://other.org/a#part"),
    ],
)
def test_relative_and_absolute_hrefs_resolve(href: str, expected: str) -> None:
    assert resolve_url(href, PAGE) == expected


@pytest.mark.parametrize(
    "href",
    [
        "javascript:void(0)",
        " JavaScript:alert(1)",
        "mailto:a@b.c",
        "tel:+123",
        "data:text/plain,x",
        "ftp://x/y",
    ],
)
def test_non_http_schemes_are_rejected(href: str) -> None:
    assert resolve_url(href, PAGE) is None


def test_fragment_only_and_same_page_fragment_links_are_rejected() -> None:
    assert resolve_url("#comments", PAGE) is None
    assert resolve_url("story.html?ref=home#top", PAGE) is None


def test_empty_or_whitespace_href_is_rejected() -> None:
    assert resolve_url("", PAGE) is None
    assert resolve_url("  \n ", PAGE) is None


def test_whitespace_is_stripped_and_inner_newlines_removed() -> None:
    assert resolve_url("  /a\n/b c  ", PAGE) == "https://example.com/a/b%20c"


def test_protocol_relative_without_base_defaults_to_https() -> None:
    assert resolve_url("//cdn.example.net/x", "") == "https://cdn.example.net/x"


def test_relative_href_without_an_http_base_is_kept_as_written() -> None:
    assert resolve_url("page.html", "") == "page.html"
    assert resolve_url("/a/b.html?x=1", "") == "/a/b.html?x=1"
    assert resolve_url("../up.png", "file:///tmp/page.html") == "../up.png"
    assert resolve_url("#top", "") is None
    assert resolve_url("mailto:x@example.com", "") is None


def test_malformed_url_is_rejected_not_raised() -> None:
    assert resolve_url("http://[::1", PAGE) is None


def test_is_http_url() -> None:
    assert is_http_url("https://example.com/x")
    assert is_http_url("HTTP://example.com")
    assert not is_http_url("/relative")
    assert not is_http_url("mailto:x@y.z")
    assert not is_http_url("https://")


def test_relative_links_resolved_against_base_href() -> None:
    doc = parse('<html><head><base href="/static/v2/"></head><body><a href="x">x</a></body></html>')
    base = base_url_of(doc, PAGE)
    assert base == "https://example.com/static/v2/"
    assert resolve_url("img/a.png", base) == "https://example.com/static/v2/img/a.png"


def test_first_base_href_wins_and_non_http_base_is_ignored() -> None:
    doc = parse('<head><base target="_blank"><base href="https://cdn.example.org/"><base href="/no"></head>')
    assert base_url_of(doc, PAGE) == "https://cdn.example.org/"
    doc = parse('<head><base href="javascript:alert(1)"></head>')
    assert base_url_of(doc, PAGE) == PAGE


def test_page_url_is_base_without_base_element() -> None:
    assert base_url_of(parse("<p>x</p>"), PAGE) == PAGE
