"""Next-page detection for multi-page articles: rel=next, "next" links, page-number links."""

from __future__ import annotations

import random
from urllib.parse import urlsplit

import pytest
from tests.conftest import PAGES

from riptide.engine import pipeline
from riptide.engine.dom import parse
from riptide.engine.modes import Mode
from riptide.engine.pagination import _ORIGIN as ORIGIN
from riptide.engine.pagination import _TRAILING_EXTENSION as TRAILING_EXTENSION
from riptide.engine.pagination import _may_continue as may_continue
from riptide.engine.pagination import find_next_page, page_key

STORY = "https://news.example/local/harbour-tunnel"


def next_page(html: str, url: str = STORY, base: str | None = None) -> str | None:
    return find_next_page(parse(html), url, base or url)


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://ex.com/news/story", ("https://ex.com/news/story", 1)),
        ("https://ex.com/news/story?page=2", ("https://ex.com/news/story", 2)),
        ("https://EX.com/news/story/?ref=rss&paged=3", ("https://ex.com/news/story?ref=rss", 3)),
        ("https://ex.com/news/story/2/", ("https://ex.com/news/story", 2)),
        ("https://ex.com/news/story/page/3", ("https://ex.com/news/story", 3)),
        ("https://ex.com/news/story-2.html", ("https://ex.com/news/story.html", 2)),
        ("https://ex.com/news/story_page4.html", ("https://ex.com/news/story.html", 4)),
        # not page numbers: ids above MAX_PAGE, zero-padded months, WordPress post ids (?p=)
        ("https://ex.com/articles/12345", ("https://ex.com/articles/12345", 1)),
        ("https://ex.com/2016/05", ("https://ex.com/2016/05", 1)),
        ("https://ex.com/?p=46", ("https://ex.com?p=46", 1)),
        # a superscript digit is a digit but no number (int() refused it: ValueError)
        ("https://ex.com/story?page=%C2%B2", ("https://ex.com/story?page=%C2%B2", 1)),
        ("mailto:someone@ex.com", None),
    ],
)
def test_page_key_separates_the_page_number_from_the_rest_of_the_url(
    url: str, key: tuple[str, int] | None
) -> None:
    assert page_key(url) == key


def test_rel_next_in_the_head_wins() -> None:
    html = f'<head><link rel="next" href="{STORY}?page=2"></head><body><a href="/other/2">next</a></body>'
    assert next_page(html) == f"{STORY}?page=2"


def test_a_next_link_in_a_pager_is_found_in_any_common_language() -> None:
    for text in ("Next ›", "Next page", "Weiter »", "Page suivante", "Siguiente", "次へ", "»"):
        html = f'<p>Story.</p><nav class="pager"><a href="?page=2">{text}</a></nav>'
        assert next_page(html) == f"{STORY}?page=2", text


def test_a_page_number_link_is_the_next_page_when_nothing_says_next() -> None:
    html = (
        '<div class="pages"><span>1</span> <a href="/local/harbour-tunnel/2">2</a>'
        ' <a href="/local/harbour-tunnel/3">3</a></div>'
    )
    assert next_page(html) == f"{STORY}/2"


def test_the_next_page_of_page_two_is_page_three() -> None:
    html = '<a href="/local/harbour-tunnel">1</a> <a href="?page=3">Next</a> <a href="?page=2">2</a>'
    assert next_page(html, url=f"{STORY}?page=2") == f"{STORY}?page=3"


def test_links_that_do_not_continue_this_url_are_not_the_next_page() -> None:
    html = (
        '<a href="/local/ferry-timetable">Next article ›</a>'  # another document
        '<a href="https://elsewhere.example/local/harbour-tunnel?page=2">Next</a>'  # another host
        '<a href="?page=3">Next</a>'  # skips a page
        '<a href="/local/harbour-tunnel/comment-page-2">Next</a>'  # comment pagination
        '<a href="/local/harbour-tunnel">Next</a>'  # this page
    )
    assert next_page(html) is None


def test_wordpress_post_ids_are_not_page_numbers() -> None:
    assert next_page('<a href="/?p=47">Next post</a>', url="https://blog.example/?p=46") is None


def test_relative_links_resolve_against_the_base_href() -> None:
    html = '<head><base href="https://news.example/local/"></head><a href="harbour-tunnel?page=2">Next</a>'
    assert next_page(html) == f"{STORY}?page=2"


def test_every_mode_reports_the_next_page_even_though_the_article_drops_the_pager() -> None:
    html = (PAGES / "multipage" / "story-1.html").read_text()
    url = "https://review.example/story"
    for mode in (Mode.of("article"), Mode.of("full"), Mode.of("metadata"), Mode.of("custom", ["h1"])):
        result = pipeline.extract(html, url, mode)
        assert result.next_page == "https://review.example/story?page=2", mode
    article = pipeline.extract(html, url, Mode.of("article"))
    assert "Next ›" not in article.text and "Agnes" in article.text
    last = pipeline.extract(
        (PAGES / "multipage" / "story-3.html").read_text(), f"{url}?page=3", Mode.of("article")
    )
    assert last.next_page is None


def test_the_next_page_is_found_among_thousands_of_numbered_links() -> None:
    items = "".join(f'<a href="/local/item/{i}">{i}</a> <a href="?id={i}2">more</a> ' for i in range(3_000))
    escaped = '<a href="https://news.example/local/harbour-tunnel%3Fx/2">x</a>'  # checked in full
    pager = escaped + '<a href="/local/harbour-tunnel/2">2</a>'
    assert next_page(f"<body><p>{items}</p>{pager}</body>") == STORY + "/2"
    assert next_page(f"<body><p>{items}</p></body>") is None


#: Paths of a page and the ways a next page's URL continues one (``page_key``'s forms).
PAGE_PATHS = ("", "/", "/hub", "/a", "/news/story", "/story.html", "/story.HTML", "/v1.2", "/a.b/c", "/x.php")
NEXT_FORMS = (
    "{p}/{n}",
    "{p}/{n}/",
    "{p}/page/{n}",
    "{p}-{n}",
    "{p}_page{n}",
    "{p}?page={n}",
    "{p}/?paged={n}",
)


def _next_page_urls(path: str, number: int) -> list[str]:
    """URLs that may be page ``number`` of ``path``: each form, also with the extension moved
    after the number (``story.html`` → ``story-2.html``)."""
    stem, dot, extension = path.rpartition(".")
    forms = [form.format(p=path, n=number) for form in NEXT_FORMS]
    if dot and "/" not in extension:
        forms += [f"{stem}-{number}.{extension}", f"{stem}_p{number}.{extension}"]
    return ["https://ex.com" + form for form in forms]


@pytest.mark.parametrize("path", PAGE_PATHS)
def test_the_cheap_prefilter_never_drops_a_url_page_key_accepts(path: str) -> None:
    """find_next_page skips ``page_key`` for URLs that cannot continue the page (``_may_continue``,
    from this page's path minus a trailing extension): each URL that page_key reads as the next
    page must still be found, from page 1 and from page 2."""
    for here in ("https://ex.com" + path, *_next_page_urls(path, 2)):
        key = page_key(here)
        assert key is not None
        for url in _next_page_urls(path, key[1] + 1):
            if page_key(url) == (key[0], key[1] + 1):
                assert next_page(f'<body><a href="{url}">{key[1] + 1}</a>', here) == url, (here, url)


@pytest.mark.parametrize("path", PAGE_PATHS)
def test_the_href_prefilter_never_drops_a_next_page_however_its_href_is_written(path: str) -> None:
    """``next_page_candidates`` rejects hrefs before resolving them (``may_name_page``): each next
    page must still be found when its href is root-relative, upper-case, with dot segments or
    the base's host ("http:///…"), or given relative to the page's own path."""
    for here in ("https://ex.com" + path, *_next_page_urls(path, 2)):
        key = page_key(here)
        assert key is not None
        for url in _next_page_urls(path, key[1] + 1):
            rest = url[len("https://ex.com") :]
            if page_key(url) != (key[0], key[1] + 1) or rest.startswith("//"):  # "//2": host "2"
                continue
            hrefs = [rest, "HTTPS://EX.COM" + rest, "https:///" + rest.lstrip("/"), "/x/.." + rest]
            hrefs = [h for h in hrefs if h.startswith(("/", "HTTPS://", "https:///"))]
            if rest.startswith("/"):
                hrefs.append("/." + rest)
            for href in hrefs:
                found = next_page(f'<body><a href="{href}">{key[1] + 1}</a>', here)
                assert found is not None and page_key(found) == (key[0], key[1] + 1), (here, href, found)


def test_links_to_other_pages_and_sites_are_not_the_next_page() -> None:
    html = (
        '<a href="https://other.example/local/harbour-tunnel/2">2</a>'
        '<a href="/local/harbour-tunnel/3">3</a><a href="/local/other/2">2</a>'
        '<a href="https://news.example/local/harbour-tunnel-x/2">2</a>'
    )
    assert next_page(html) is None
    assert next_page(html + '<a href="/local/harbour-tunnel/2">2</a>') == STORY + "/2"


def test_a_hub_page_with_many_numbered_links_reads_none_of_them_as_its_next_page() -> None:
    links = "".join(f'<a href="/section/{i}/title-{i}.html">story {i}</a>' for i in range(300))
    assert next_page("<body>" + links, "https://ex.com/hub") is None


#: Pieces of the seeded URLs below: page numbers written plainly, zero-padded, percent-escaped,
#: in other scripts' digits; escapes and non-ASCII letters in paths and hosts; archive-like
#: paths holding other digits; the query names page_key reads, and others.
URL_HOSTS = ("ex.com", "EX.com", "ex2.com", "ex.com:8080", "exé.com", "e\u212ax.com", "ex.co")
URL_SEGMENTS = ("news", "story", "2016", "web", "20160401", "a%20b", "pagé", "x.html", "s-7111", "12", "")
URL_NUMBERS = ("1", "2", "3", "02", "%32", "\u0663", "\uff12", "11", "12", "%31%32", "1%32", "20")
URL_TAILS = ("", "/", ".html", "-{n}", "-{n}.html", "_page{n}", "/{n}", "/page/{n}", "/{n}/")
URL_QUERIES = (
    "",
    "?page={n}",
    "?pg={n}&x=1",
    "?x=%20&page={n}",
    "?PAGE={n}",
    "?p={n}",
    "?x=1",
    "?pa%67e={n}",
)


def _seeded_url(rng: random.Random, start: str = "") -> str:
    """A URL continuing ``start`` (scheme, host and path segments), or a new one."""
    if not start:
        segments = "/".join(rng.choice(URL_SEGMENTS) for _ in range(rng.randint(0, 3)))
        start = f"{rng.choice(('http', 'https'))}://{rng.choice(URL_HOSTS)}/{segments}"
    tail = rng.choice(URL_TAILS).format(n=rng.choice(URL_NUMBERS))
    return start + tail + rng.choice(URL_QUERIES).format(n=rng.choice(URL_NUMBERS))


def test_the_cheap_prefilter_never_drops_a_url_page_key_accepts_seeded() -> None:
    """``_may_continue`` against ``page_key`` on seeded URLs (escapes, other digits, non-ASCII
    hosts and paths): each URL page_key reads as the next page passes the prefilter, as
    ``find_next_page`` asks it (scheme and host checked first); and the prefilter rejects some."""
    rng = random.Random(13)
    accepted = rejected = 0
    for _ in range(400):
        start = _seeded_url(rng).partition("?")[0]
        here = _seeded_url(rng, start)
        key = page_key(here)
        origin = ORIGIN.match(key[0]) if key is not None else None
        if key is None or origin is None:
            continue
        prefix, wanted = origin.group(), (key[0], key[1] + 1)
        here_path = urlsplit(key[0]).path
        extension = TRAILING_EXTENSION.search(here_path)
        stem = here_path[: extension.start()] if extension else here_path
        for _ in range(60):
            url = _seeded_url(rng, start if rng.random() < 0.8 else _seeded_url(rng).partition("?")[0])
            if url[: len(prefix)].lower() != prefix:
                continue
            passes = may_continue(url, len(prefix), stem, str(wanted[1]))
            if page_key(url) == wanted:
                assert passes, (here, url)
                accepted += 1
            rejected += not passes
    assert accepted > 50 and rejected > 1000, (accepted, rejected)
