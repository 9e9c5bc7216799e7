"""Links and media packed into one string (WIT ``packed``) come back equal, and nothing else does."""

from __future__ import annotations

import json

import pytest

from riptide.engine.packed import pack, unpack
from riptide.engine.result import Link, Media

LINKS = [
    Link("https://example.com/a", "A « quoted » link", nofollow=True, hreflang="de-CH"),
    Link("https://example.com/b", "", ugc=True, sponsored=True),
]
MEDIA = [
    Media(
        "image", "https://example.com/i.png", alt="An image", caption="Caption\nline", width=640, height=480
    ),
    Media("video", "https://example.com/v.mp4"),
    Media("audio", "https://example.com/a.ogg", width=0, height=2**32 - 1),
]


def test_links_and_media_round_trip_field_for_field() -> None:
    assert unpack(pack(LINKS, MEDIA)) == (LINKS, MEDIA)
    assert unpack(pack([], [])) == ([], [])


def test_the_layout_is_the_records_fields_in_order() -> None:
    links, media = json.loads(pack(LINKS[:1], MEDIA[:1]))
    assert links == [["https://example.com/a", "A « quoted » link", True, False, False, "de-CH"]]
    assert media == [["image", "https://example.com/i.png", "An image", "Caption\nline", 640, 480]]


LINK = ["https://example.com/", "text", False, False, False, None]
MEDIUM = ["image", "https://example.com/i.png", None, None, None, None]


@pytest.mark.parametrize(
    "packed",
    [
        "not json",
        "{}",
        "[[]]",
        "[[], [], []]",
        '[{"url": "x"}, []]',
        json.dumps([[LINK[:5]], []]),  # a field missing
        json.dumps([[[*LINK, None]], []]),  # a field too many
        json.dumps([[[None, *LINK[1:]]], []]),  # url is not optional
        json.dumps([[[*LINK[:2], 1, *LINK[3:]]], []]),  # 1 is not a bool
        json.dumps([[[*LINK[:5], 7]], []]),  # hreflang is a string
        json.dumps([[], [["picture", *MEDIUM[1:]]]]),  # not a media kind
        json.dumps([[], [[None, *MEDIUM[1:]]]]),  # kind is not optional
        json.dumps([[LINK, "not a row"], []]),  # every row is a list
        json.dumps([[LINK, {"url": "x"}], []]),
        json.dumps([[], [[*MEDIUM[:4], True, None]]]),  # a bool is not a width
        json.dumps([[], [[*MEDIUM[:4], -1, None]]]),  # not a u32
        json.dumps([[], [[*MEDIUM[:5], 2**32]]]),  # not a u32
        json.dumps([[], [[*MEDIUM[:4], 1.5, None]]]),  # not an integer
    ],
)
def test_anything_but_the_exact_layout_is_refused(packed: str) -> None:
    with pytest.raises(ValueError, match="packed"):
        unpack(packed)
