"""URL resolution: what counts as a usable link target."""

from __future__ import annotations

import random
from urllib.parse import urlsplit

import pytest

from riptide.engine import pipeline
from riptide.engine.dom import parse
from riptide.engine.modes import Mode
from riptide.engine.urls import _PLAIN_HTTP_URL as PLAIN_HTTP_URL
from riptide.engine.urls import base_url_of, is_http_url, page_url_of, resolve_url, validate_page_url
from riptide.errors import InvalidHtmlError

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


#: Pieces of the seeded URLs below: schemes in any case and near misses, hosts plain, empty,
#: with ports, user info, IPv6 brackets, non-ASCII letters (some normalising to "/" or "@"),
#: and what may follow them, with spaces and control characters around and inside.
URL_SCHEMES = ("http://", "HTTPS://", "https://", "http:/", "http:", "ftp://", "htt://", "", "//")
URL_HOSTS = ("ex.com", "EX.com", "", "-", ".", "a-b.c", "ex.com:80", "ex.com:", ":80", "ex.com:x")
URL_HOSTS += ("u@ex.com", "[::1]", "[::1", "exé.com", "ex\uff0fcom", "ex\u2100.com", "ex_1.com", "1.2.3.4")
URL_RESTS = ("", "/", "/a b", "?q", "#f", "/\tx", "\\x", " ", "\n/x", "@y", ":", "/é")
URL_EDGES = ("", " ", "\t", "\x00", "\x1f", "\u3000", "\n")


def _is_http_url_by_urlsplit(value: str) -> bool:
    """``is_http_url``'s definition, without its shortcut."""
    try:
        parts = urlsplit(value.strip())
        return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:
        return False


def test_is_http_url_answers_as_urlsplit_on_seeded_urls() -> None:
    """The shortcut of ``is_http_url`` gives urlsplit's answer (and is taken: the check could fail)."""
    rng = random.Random(5)
    shortcut = 0
    for _ in range(20_000):
        url = rng.choice(URL_EDGES) + rng.choice(URL_SCHEMES) + rng.choice(URL_HOSTS)
        url += rng.choice(URL_RESTS) + rng.choice(URL_RESTS) + rng.choice(URL_EDGES)
        assert is_http_url(url) == _is_http_url_by_urlsplit(url), url
        shortcut += PLAIN_HTTP_URL.match(url.strip()) is not None
    assert shortcut > 1_000


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


@pytest.mark.parametrize(
    "url",
    [
        "",
        "https://example.com/page",
        "HTTP://EXAMPLE.COM",
        "http://[::1]:8080/x",
        "file:///tmp/page.html",
        "about:blank",
        "data:text/html,<p>x</p>",
        "urn:isbn:0451450523",
    ],
)
def test_unknown_or_absolute_page_url_is_accepted(url: str) -> None:
    validate_page_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "not a url",
        "example.com/page",
        "/relative/page.html",
        "https://",
        "http:///path-without-host",
        "https://example.com/a page",
        " https://example.com/page",
        "https://example.com/page\n",
        "https://exa\x00mple.com/",
        "1http://example.com/",
        "http://[::1/",
    ],
)
def test_relative_or_malformed_page_url_is_invalid_html(url: str) -> None:
    with pytest.raises(InvalidHtmlError, match="invalid page URL") as caught:
        validate_page_url(url)
    assert caught.value.kind == "invalid-html"
    assert repr(url)[:40] in str(caught.value)


def test_invalid_page_url_message_says_what_is_expected() -> None:
    with pytest.raises(InvalidHtmlError) as caught:
        validate_page_url("not a url")
    assert str(caught.value) == (
        "invalid page URL 'not a url': expected an absolute URL such as https://example.com/page, or none"
    )


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (
            '<base href="https://cdn.example/b/"><link rel="canonical" href="https://example.com/c">',
            "https://cdn.example/b/",
        ),
        (
            '<link rel="canonical" href="https://example.com/c"><meta property="og:url" content="https://example.com/o">',
            "https://example.com/c",
        ),
        ('<meta property="og:url" content="https://example.com/o">', "https://example.com/o"),
        (
            '<base href="/relative/"><link rel="canonical" href="/c"><meta property="og:url" content="https://example.com/o">',
            "https://example.com/o",
        ),
        ('<link rel="canonical" href="file:///tmp/x.html">', ""),
        ("", ""),
    ],
)
def test_page_states_its_own_url_by_base_then_canonical_then_og_url(head: str, expected: str) -> None:
    assert page_url_of(parse(f"<html><head>{head}</head><body><p>x</p></body></html>")) == expected


RELATIVE_PAGE = (
    "<html><head><title>Relative links only</title></head><body><article>"
    "<p>Read <a href='/about'>about us</a> and <a href='next.html#top'>the next part</a>, "
    "or <a href='mailto:x@example.com'>write</a>.</p>"
    "<p><img src='img/photo.jpg' alt='A photo'></p>"
    + "<p>Some words of the article, long enough to be the article's text, and more. </p>" * 5
    + "</article></body></html>"
)


def test_without_a_page_url_relative_links_media_and_markdown_stay_relative() -> None:
    result = pipeline.extract(RELATIVE_PAGE, "", Mode.of("article"))
    assert result.url == ""
    assert [link.url for link in result.links] == ["/about", "next.html"]
    assert [media.url for media in result.media] == ["img/photo.jpg"]
    assert "[about us](/about)" in result.markdown
    assert "[the next part](next.html#top)" in result.markdown
    assert "![A photo](img/photo.jpg)" in result.markdown
    assert result.next_page is None


def test_without_a_page_url_the_canonical_link_is_the_base_and_the_url() -> None:
    html = RELATIVE_PAGE.replace(
        "<title>", "<link rel='canonical' href='https://example.com/news/story.html'><title>"
    )
    result = pipeline.extract(html, "", Mode.of("article"))
    assert result.url == "https://example.com/news/story.html"
    assert [link.url for link in result.links] == [
        "https://example.com/about",
        "https://example.com/news/next.html",
    ]
    assert [media.url for media in result.media] == ["https://example.com/news/img/photo.jpg"]


def test_without_a_page_url_base_href_beats_the_canonical_link() -> None:
    html = RELATIVE_PAGE.replace(
        "<title>",
        "<base href='https://cdn.example.org/site/'>"
        "<link rel='canonical' href='https://example.com/news/story.html'><title>",
    )
    result = pipeline.extract(html, "", Mode.of("metadata"))
    assert result.url == "https://cdn.example.org/site/"
    assert [link.url for link in result.links] == [
        "https://cdn.example.org/about",
        "https://cdn.example.org/site/next.html",
    ]


def test_a_given_page_url_wins_over_what_the_page_states() -> None:
    html = RELATIVE_PAGE.replace("<title>", "<link rel='canonical' href='https://example.com/c'><title>")
    result = pipeline.extract(html, "https://given.example/dir/page", Mode.of("article"))
    assert result.url == "https://given.example/dir/page"
    assert result.links[0].url == "https://given.example/about"


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("other.html#", "https://example.com/news/2024/other.html"),
        ("other.html?", "https://example.com/news/2024/other.html"),
        ("other.html?#", "https://example.com/news/2024/other.html"),
        ("other.html?#part", "https://example.com/news/2024/other.html#part"),
        ("other.html?a?", "https://example.com/news/2024/other.html?a?"),
        ("other.html?q=1#", "https://example.com/news/2024/other.html?q=1"),
        ("?", "https://example.com/news/2024/story.html"),
        ("?#part", "https://example.com/news/2024/story.html#part"),
    ],
)
def test_empty_query_and_fragment_are_dropped(href: str, expected: str) -> None:
    # One form on both interpreters: CPython 3.14's urljoin keeps "?" and "#" with nothing after
    # them, 3.11's drops them (and 3.11 keeps the base's query for a bare "?", against RFC 3986).
    assert resolve_url(href, PAGE) == expected


def test_memoised_answers_are_the_resolved_ones() -> None:
    """``resolve_url`` remembers answers; a repeated or over-long pair gets what resolving gives."""
    from riptide.engine import urls

    long_href = "/" + "a" * urls.RESOLVED_MEMO_MAX_CHARS
    pairs = [("other.html", PAGE), ("#top", PAGE), ("//cdn.example/x.png", ""), (long_href, PAGE)]
    for href, base in pairs * 2:
        assert resolve_url(href, base) == urls._resolve(href, base)
    assert resolve_url(long_href, PAGE) == "https://example.com" + long_href
    hits = urls._resolve_memoised.cache_info().hits
    resolve_url("other.html", PAGE)
    assert urls._resolve_memoised.cache_info().hits == hits + 1
    assert urls._resolve_memoised.cache_info().maxsize == urls.RESOLVED_MEMO_ENTRIES


#: Hrefs of the two shapes ``_resolve`` answers without ``urljoin`` (and the guest's C link loop,
#: csrc/fastpass/links.c, answers as it does): absolute http(s) with a plain authority, "/path".
SHORTCUT_HEADS = ("/", "/", "http://ex.com/", "https://ex.com/", "https://ex.com:8080/", "http://a-b.c/")
SHORTCUT_SEGMENTS = (
    "",
    "a",
    "b.html",
    "x-y_z~",
    "%2e",
    "%20",
    ";p",
    ":",
    "@",
    "a.",
    "..a",
    "é",
    "!$&'()*+,=",
    ".",
    "..",
)
SHORTCUT_TAILS = ("", "", "/", "?q=1", "?a?b", "?x=/../", "#f", "?q#f", "??")
SHORTCUT_BASES = ("https://example.com/dir/page.html?q=1", "http://u@ex.com:81/a/", "https://ex.com", "")


def _resolved_by_urljoin(href: str, base: str) -> str | None:
    """``_resolve``'s general path for an http(s) href or a "/path": ``urljoin`` (``_join``),
    then the page-plus-fragment rule; a "/path" without an http(s) base is kept as written."""
    from riptide.engine import urls

    if urls.http_origin(base) is None and href.startswith("/"):
        return href
    url = urls._join(base, href)
    if "#" in url and url.split("#", 1)[0] == base.split("#", 1)[0]:
        return None
    return url


def test_shortcut_hrefs_resolve_as_urljoin_does() -> None:
    """Absolute http(s) hrefs (dot segments too) and "/paths" without dot segments come out as
    ``urljoin`` makes them, but for an upper-case scheme and an empty query or fragment (the
    next test)."""
    from riptide.engine import urls

    rng = random.Random(12)
    checked = 0
    for _ in range(20_000):
        segments = [rng.choice(SHORTCUT_SEGMENTS) for _ in range(rng.randint(1, 4))]
        href = rng.choice(SHORTCUT_HEADS) + "/".join(segments) + rng.choice(SHORTCUT_TAILS)
        base = rng.choice(SHORTCUT_BASES)
        root_relative = href[:2] != "//" and href[:1] == "/" and "/." not in href
        if not (root_relative or urls._ABSOLUTE_HTTP.match(href)):
            continue
        checked += 1
        assert resolve_url(href, base) == _resolved_by_urljoin(href, base), (href, base)
    assert checked > 5_000


@pytest.mark.parametrize(
    ("href", "base", "expected", "by_urljoin"),
    [
        ("HTTP://Ex.com/a", "http://example.com/", "HTTP://Ex.com/a", "http://Ex.com/a"),
        ("/a?", "https://example.com/dir/", "https://example.com/a?", "https://example.com/a"),
        ("/a#", "https://example.com/dir/", "https://example.com/a#", "https://example.com/a"),
    ],
)
def test_shortcut_hrefs_keep_what_urljoin_would_normalise(
    href: str, base: str, expected: str, by_urljoin: str
) -> None:
    """The shortcut keeps the href as written where ``_join`` lower-cases a scheme the base shares
    or drops an empty query or fragment. The engine has always reported the first, and the C
    link loop must too."""
    assert resolve_url(href, base) == expected
    assert _resolved_by_urljoin(href, base) == by_urljoin
