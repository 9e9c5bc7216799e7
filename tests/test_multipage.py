"""Merging the pages of a multi-page article, and deciding whether a page continues it."""

from __future__ import annotations

import pytest

from riptide.engine.result import Link, Media, Stats
from riptide.models import ExtractedDoc
from riptide.multipage import continues, follows_from, merge, same_title

URL = "https://review.example/story"


def page(number: int, **fields: object) -> ExtractedDoc:
    values: dict[str, object] = {
        "url": URL if number == 1 else f"{URL}?page={number}",
        "title": "The Long Dig",
        "text": f"Text of page {number}.",
        "markdown": f"Text of page {number}.",
        "word_count": 4,
        "quality_score": 80,
        "engine": "wasm",
    }
    values.update(fields)
    return ExtractedDoc(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("first", "other"),
    [
        ("The Long Dig", "The Long Dig"),
        ("The Long Dig", "The Long Dig (page 2 of 3)"),
        ("The Long Dig", "The long dig – Page 3"),
        ("The Long Dig", "The Long Dig (2/3)"),
        ("Der lange Tunnel", "Der lange Tunnel – Seite 2"),
        (None, None),
    ],
)
def test_titles_of_one_article_match_whatever_page_marker_they_carry(
    first: str | None, other: str | None
) -> None:
    assert same_title(first, other)


@pytest.mark.parametrize(
    ("first", "other"),
    [
        ("The Long Dig", "Ferry Timetable Returns to Normal"),
        ("Local news", "Sport results"),
        ("The Long Dig", None),
    ],
)
def test_titles_of_different_articles_do_not_match(first: str | None, other: str | None) -> None:
    assert not same_title(first, other)


def test_only_an_article_like_page_with_a_next_page_is_followed() -> None:
    assert follows_from(page(1, next_page=f"{URL}?page=2"))
    assert not follows_from(page(1))
    assert not follows_from(page(1, next_page=f"{URL}?page=2", quality_score=20))  # a listing


def test_a_page_with_another_title_or_repeated_text_does_not_continue_the_article() -> None:
    first = page(1)
    assert continues(first, [first], page(2)) is None
    assert "title" in (continues(first, [first], page(2, title="Ferry Timetable Returns")) or "")
    assert "repeats" in (continues(first, [first], page(2, text="Text of  PAGE 1.")) or "")
    assert "no article text" in (continues(first, [first], page(2, text="  ")) or "")


def test_merge_concatenates_bodies_and_keeps_first_page_metadata() -> None:
    first = page(
        1,
        byline="Maren Okafor",
        links=[Link("https://a.example/1", "one"), Link("https://a.example/2", "two")],
        media=[Media("image", "https://a.example/agnes.jpg")],
        categories=["Local", "Engineering"],
        stats=Stats(processing_time_ms=5, memory_used=100, nodes_processed=10, links_found=2, images_found=1),
    )
    second = page(
        2,
        byline="Someone Else",
        published_iso="2026-03-14",
        word_count=6,
        quality_score=40,
        links=[Link("https://a.example/2", "again"), Link("https://a.example/3", "three")],
        media=[Media("image", "https://a.example/agnes.jpg"), Media("image", "https://a.example/shaft.jpg")],
        categories=["engineering", "Local"],
        stats=Stats(processing_time_ms=7, memory_used=300, nodes_processed=20, links_found=2, images_found=2),
        next_page=f"{URL}?page=3",
    )
    merged = merge([first, second])
    assert merged.text == "Text of page 1.\n\nText of page 2."
    assert merged.markdown == "Text of page 1.\n\nText of page 2."
    assert merged.byline == "Maren Okafor"  # the first page's, not overwritten
    assert merged.published_iso == "2026-03-14"  # the first page lacks it: taken from page 2
    assert [link.text for link in merged.links] == ["one", "two", "three"]
    assert [m.url for m in merged.media] == ["https://a.example/agnes.jpg", "https://a.example/shaft.jpg"]
    assert merged.categories == ["Local", "Engineering", "engineering"]
    assert merged.word_count == 10 and merged.reading_time == 1
    assert merged.quality_score == round((80 * 4 + 40 * 6) / 10)
    assert merged.pages == [URL, f"{URL}?page=2"]
    assert merged.next_page == f"{URL}?page=3"  # more pages remain after the last one merged
    assert merged.stats == Stats(
        processing_time_ms=12, memory_used=300, nodes_processed=30, links_found=4, images_found=3
    )
    assert merged.engine == "wasm"


def test_one_natively_extracted_page_makes_the_merged_document_native() -> None:
    assert merge([page(1), page(2, engine="native")]).engine == "native"


def test_merging_one_page_returns_it_unchanged_and_no_pages_is_an_error() -> None:
    only = page(1)
    assert merge([only]) is only and only.pages == []
    with pytest.raises(ValueError, match="at least one page"):
        merge([])
