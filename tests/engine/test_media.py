"""Media collection: images, video and audio with the URL a reader actually sees."""

from __future__ import annotations

from riptide.engine.dom import parse
from riptide.engine.media import collect_media, srcset_candidates
from riptide.engine.result import Media

BASE = "https://example.com/blog/post.html"


def media(html: str, extra_image: str | None = None) -> list[Media]:
    return collect_media(parse(html).body, BASE, extra_image)


def test_image_with_alt_and_numeric_dimensions() -> None:
    assert media('<img src="/a.jpg" alt=" A  cat " width="640" height="480px">') == [
        Media(kind="image", url="https://example.com/a.jpg", alt="A cat", width=640, height=480)
    ]


def test_non_numeric_dimensions_are_none() -> None:
    (image,) = media('<img src="/a.jpg" width="100%" height="auto">')
    assert image.width is None and image.height is None


def test_srcset_largest_candidate_wins() -> None:
    (image,) = media('<img src="/s.jpg" srcset="/m.jpg 800w, /l.jpg 1600w, /xs.jpg 320w">')
    assert image.url == "https://example.com/l.jpg"


def test_srcset_urls_with_commas_are_parsed_whole() -> None:
    assert srcset_candidates("https://cdn.x/w_100,h_50/a.jpg 100w, https://cdn.x/w_200,h_100/a.jpg 200w") == [
        ("https://cdn.x/w_100,h_50/a.jpg", "100w"),
        ("https://cdn.x/w_200,h_100/a.jpg", "200w"),
    ]


def test_lazy_attributes_replace_placeholder_src() -> None:
    html = (
        '<img src="data:image/gif;base64,R0lG" data-src="/one.jpg">'
        '<img src="/img/blank.gif" data-original="/two.jpg">'
        '<img data-lazy-src="/three.jpg">'
        '<img data-srcset="/four-1x.jpg 1x, /four-2x.jpg 2x">'
    )
    assert [m.url for m in media(html)] == [
        "https://example.com/one.jpg",
        "https://example.com/two.jpg",
        "https://example.com/three.jpg",
        "https://example.com/four-2x.jpg",
    ]


def test_real_src_is_kept_over_lazy_attribute() -> None:
    (image,) = media('<img src="/real.jpg" data-src="/other.jpg">')
    assert image.url == "https://example.com/real.jpg"


def test_tracking_pixels_and_data_uris_are_skipped() -> None:
    html = (
        '<img src="/pixel.gif" width="1" height="1"><img src="/t.gif" width="0">'
        '<img src="data:image/png;base64,AAAA"><img src="/ok.jpg">'
    )
    assert [m.url for m in media(html)] == ["https://example.com/ok.jpg"]


def test_picture_sources_compete_with_img() -> None:
    html = (
        '<picture><source srcset="/p-800.avif 800w, /p-1600.avif 1600w" type="image/avif">'
        '<img src="/p.jpg" srcset="/p-1200.jpg 1200w" alt="P"></picture>'
    )
    assert media(html) == [Media(kind="image", url="https://example.com/p-1600.avif", alt="P")]


def test_figcaption_becomes_caption() -> None:
    html = (
        '<figure><a href="/big"><img src="/a.jpg"></a><figcaption> The  <b>caption</b></figcaption></figure>'
    )
    (image,) = media(html)
    assert image.caption == "The caption"


def test_video_src_sources_and_poster() -> None:
    html = (
        '<video src="/v.mp4" poster="/v.jpg" width="1280" height="720">'
        '<source src="/v.webm" type="video/webm"><source src="/v.mp4"></video>'
    )
    assert media(html) == [
        Media(kind="video", url="https://example.com/v.mp4", width=1280, height=720),
        Media(kind="video", url="https://example.com/v.webm", width=1280, height=720),
        Media(kind="image", url="https://example.com/v.jpg", width=1280, height=720),
    ]


def test_audio_sources() -> None:
    assert media('<audio controls><source src="/a.ogg"><source src="/a.mp3"></audio>') == [
        Media(kind="audio", url="https://example.com/a.ogg"),
        Media(kind="audio", url="https://example.com/a.mp3"),
    ]


def test_media_are_deduplicated_by_url() -> None:
    assert len(media('<img src="/a.jpg"><p><img src="https://example.com/a.jpg" alt="again"></p>')) == 1


def test_extra_image_is_appended_when_new() -> None:
    assert [m.url for m in media('<img src="/a.jpg">', "/og.jpg")] == [
        "https://example.com/a.jpg",
        "https://example.com/og.jpg",
    ]


def test_extra_image_already_present_is_not_repeated() -> None:
    assert len(media('<img src="/og.jpg">', "https://example.com/og.jpg")) == 1


def test_invalid_extra_image_is_ignored() -> None:
    assert media("<p>x</p>", "data:image/png;base64,AAAA") == []


def test_media_inside_a_template_of_markup_are_skipped() -> None:
    html = (
        '<img src="/a.jpg"><template><div><img src="/t.jpg"></div></template>'
        '<script>x</script><img src="/b.jpg">'
    )
    assert [m.url for m in media(html)] == ["https://example.com/a.jpg", "https://example.com/b.jpg"]


def test_media_elements_are_the_walks_media() -> None:
    """The media loop sees what ``walk(SKIPPED_TAGS)`` filtered by tag gives, on soups, pages with
    empty and filled templates, and a tree whose script holds elements (built, not parsed)."""
    from tests.engine.test_markup_soup import SEEDS, soup

    from riptide.engine.dom import Element
    from riptide.engine.media import MEDIA_TAGS, SKIPPED_TAGS, _media_elements

    media_soup = "<p><img src=a><video><source src=v></video><template></template><audio src=s></audio>"
    roots = [parse(soup(seed) + media_soup).body for seed in SEEDS]
    roots.append(parse(media_soup + "<template><img src=t></template><style>x</style>").body)
    built = parse(media_soup).body
    script = Element("script")
    script.adopt([Element("img", {"src": "hidden"})])
    built.adopt([script])
    roots.append(built)
    for root in roots:
        walked = [element for element in root.walk(SKIPPED_TAGS) if element.tag in MEDIA_TAGS]
        assert [id(e) for e in _media_elements(root)] == [id(e) for e in walked]
    assert sum(len(list(_media_elements(root))) >= 3 for root in roots) > len(roots) // 2  # not vacuous


def test_one_walk_finds_what_each_collector_walks() -> None:
    """``pipeline.links_and_media`` (one walk for both records) hands ``links_of`` and ``media_of``
    the elements ``collect_links`` and ``collect_media`` find on their own, in the same order, on
    soups and on trees with templates and scripts holding links and media."""
    from tests.engine.test_markup_soup import SEEDS, soup

    from riptide.engine.dom import Element
    from riptide.engine.links import LINK_TAGS
    from riptide.engine.media import MEDIA_TAGS, SKIPPED_TAGS, _media_elements, elements_outside
    from riptide.engine.pipeline import links_and_media

    mixed = "<p><a href=/x><img src=a></a><video><source src=v></video><area href=/m><audio src=s></audio>"
    roots = [parse(soup(seed) + mixed).body for seed in SEEDS]
    roots.append(parse(mixed + "<template><a href=/t><img src=t></a></template><style>x</style>").body)
    roots.append(parse("<p>only text</p>").body)
    roots.append(parse("<a href=/a>a</a><a href=/b>b</a>").body)
    built = parse(mixed).body
    script = Element("script")
    script.adopt([Element("img", {"src": "hidden"}), Element("a", {"href": "/hidden"})])
    built.adopt([script])
    roots.append(built)
    for root in roots:
        anchors, media_elements = links_and_media(root)
        assert [id(e) for e in anchors] == [id(e) for e in elements_outside(root, LINK_TAGS, SKIPPED_TAGS)]
        assert [id(e) for e in media_elements] == [id(e) for e in _media_elements(root)]
        assert all(e.tag in MEDIA_TAGS for e in media_elements)
    assert sum(len(links_and_media(root)[1]) >= 3 for root in roots) > len(roots) // 2  # not vacuous
