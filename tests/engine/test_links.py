"""Link collection: absolute, de-duplicated, with rel flags."""

from __future__ import annotations

from tests.engine.test_markup_soup import soup

from riptide.engine.dom import parse
from riptide.engine.links import collect_links, collect_page_links
from riptide.engine.result import Link

BASE = "https://example.com/blog/post.html"


def links(html: str, base: str = BASE) -> list[Link]:
    return collect_links(parse(html).body, base)


def test_links_are_absolute_with_collapsed_text() -> None:
    assert links('<a href="../about">About\n   us</a>') == [
        Link(url="https://example.com/about", text="About us")
    ]


def test_only_http_links_are_kept() -> None:
    html = (
        '<a href="javascript:go()">js</a><a href="mailto:a@b.c">mail</a><a href="tel:1">tel</a>'
        '<a href="#top">top</a><a>no href</a><a href="https://x.org/">ok</a>'
    )
    assert [link.url for link in links(html)] == ["https://x.org/"]


def test_duplicates_collapse_on_url_without_fragment_keeping_first() -> None:
    html = (
        '<a href="/a#one" rel="nofollow">First</a><a href="/b">B</a>'
        '<a href="/a#two">Second</a><a href="https://example.com/a">Third</a>'
    )
    assert links(html) == [
        Link(url="https://example.com/a", text="First", nofollow=True),
        Link(url="https://example.com/b", text="B"),
    ]


def test_duplicate_fills_in_missing_text() -> None:
    html = '<a href="/a"><span></span></a><a href="/a">Named</a>'
    assert links(html) == [Link(url="https://example.com/a", text="Named")]


def test_rel_nofollow_flag() -> None:
    (link,) = links('<a href="/x" rel="noopener NoFollow">x</a>')
    assert link.nofollow and not link.ugc and not link.sponsored


def test_rel_ugc_and_sponsored_flags() -> None:
    ugc, sponsored = links('<a href="/u" rel="ugc">u</a><a href="/s" rel="sponsored nofollow">s</a>')
    assert ugc.ugc and not ugc.nofollow
    assert sponsored.sponsored and sponsored.nofollow


def test_hreflang_is_kept() -> None:
    (link,) = links('<a href="/fr/" hreflang="fr-CA">Français</a>')
    assert link.hreflang == "fr-CA"
    (plain,) = links('<a href="/en/" hreflang=" ">English</a>')
    assert plain.hreflang is None


def test_image_link_text_falls_back_to_aria_label_then_alt() -> None:
    html = (
        '<a href="/1" aria-label="Home"><img alt="logo"></a><a href="/2"><img src="/i.png" alt="Chart"></a>'
    )
    assert [link.text for link in links(html)] == ["Home", "Chart"]


def test_area_links_are_collected() -> None:
    html = '<map name="m"><area href="/region" alt="Region"></map>'
    assert [link.url for link in links(html)] == ["https://example.com/region"]


def test_links_inside_template_are_ignored() -> None:
    assert links('<p>x</p><template><a href="/hidden">h</a></template><a href="/shown">s</a>') == [
        Link(url="https://example.com/shown", text="s")
    ]


PAGE_LINK_SHAPES = (
    '<link rel="next" href="/2"><a href="/a">A</a><p><area href="/b" alt="B"></p>',
    '<head><title>t</title><a href="/early">early</a></head><body><a href="/late">late</a>',
    '<a href="/x">x</a><script><a href="/in-script">s</a></script><style>a{}</style><a href="/y">y</a>',
    '<noscript><a href="/in-noscript">n</a></noscript><a href="/z">z</a>',
    '<a href="/kept">k</a><template><a href="/in-template">t</a></template><a href="/after">a</a>',
    "<svg><a href='/in-svg'>svg</a></svg>" + "<div>" * 300 + '<a href="/deep">deep</a>',
)


def test_page_links_are_the_walked_links_of_the_body() -> None:
    """collect_page_links reads the parser's list instead of walking: the same records, always."""
    pages = [*PAGE_LINK_SHAPES, *(soup(seed) for seed in range(200))]
    different = []
    for page in pages:
        doc = parse(page)
        if collect_page_links(doc, BASE) != collect_links(doc.body, BASE):
            different.append(page[:80])
    assert different == []
    assert [link.url for link in collect_page_links(parse(PAGE_LINK_SHAPES[4]), BASE)] == [
        "https://example.com/kept",
        "https://example.com/after",
    ]
