"""Lenient JSON-LD reading (riptide.engine.jsonld)."""

import json

from riptide.engine.jsonld import MAX_DEPTH, read_jsonld


def block(data: object) -> str:
    return json.dumps(data)


def test_article_found_inside_graph() -> None:
    data = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebPage", "name": "Page"},
            {"@type": "NewsArticle", "headline": "The Story", "datePublished": "2020-01-02"},
        ],
    }
    result = read_jsonld([block(data)])
    assert result.title == "The Story"
    assert result.published == "2020-01-02"
    assert result.type == "NewsArticle"


def test_top_level_list_of_objects() -> None:
    data = [{"@type": "Organization", "name": "Org"}, {"@type": "BlogPosting", "headline": "Post"}]
    assert read_jsonld([block(data)]).title == "Post"


def test_article_nested_as_main_entity() -> None:
    data = {"@type": "WebPage", "mainEntity": {"@type": "Article", "headline": "Nested"}}
    assert read_jsonld([block(data)]).title == "Nested"


def test_type_given_as_url_or_list() -> None:
    data = {"@type": ["http://schema.org/NewsArticle", "Thing"], "headline": "Typed"}
    result = read_jsonld([block(data)])
    assert result.title == "Typed"
    assert result.type == "NewsArticle"


def test_author_reference_by_id_is_resolved() -> None:
    data = {
        "@graph": [
            {"@type": "Person", "@id": "#ada", "name": "Ada Lovelace"},
            {"@type": "Article", "headline": "H", "author": {"@id": "#ada"}},
        ]
    }
    assert read_jsonld([block(data)]).authors == ["Ada Lovelace"]


def test_author_list_keeps_order_and_drops_duplicates() -> None:
    data = {
        "@type": "Article",
        "author": [{"@type": "Person", "name": "B One"}, "A Two", {"@type": "Person", "name": "B One"}],
    }
    assert read_jsonld([block(data)]).authors == ["B One", "A Two"]


def test_person_authors_preferred_over_organisation() -> None:
    data = {
        "@type": "Article",
        "author": [{"@type": "Organization", "name": "Newsroom"}, {"@type": "Person", "name": "Jo Writer"}],
    }
    assert read_jsonld([block(data)]).authors == ["Jo Writer"]


def test_organisation_author_used_when_no_person() -> None:
    data = {"@type": "Article", "author": {"@type": "Organization", "name": "BBC News"}}
    assert read_jsonld([block(data)]).authors == ["BBC News"]


def test_author_urls_are_not_names() -> None:
    data = {"@type": "Article", "author": "https://example.com/staff/jo"}
    assert read_jsonld([block(data)]).authors == []


def test_publisher_and_website_names() -> None:
    data = [
        {"@type": "WebSite", "name": "Example Site"},
        {"@type": "Article", "publisher": {"@type": "Organization", "name": "Example Media"}},
    ]
    result = read_jsonld([block(data)])
    assert result.publisher == "Example Media"
    assert result.website_name == "Example Site"


def test_trailing_commas_and_raw_newlines_are_repaired() -> None:
    text = '{"@type": "Article", "headline": "Line one\nline two", "keywords": ["a", "b",],}'
    result = read_jsonld([text])
    assert result.title == "Line one line two"
    assert result.keywords == ["a", "b"]
    assert result.skipped_blocks == 0


def test_cdata_and_comment_wrappers_are_removed() -> None:
    text = '<![CDATA[ {"@type": "Article", "headline": "Wrapped"} ]]>'
    assert read_jsonld([text]).title == "Wrapped"


def test_invalid_block_is_skipped_and_counted() -> None:
    result = read_jsonld(
        ['{"@type": "Article", "headline": ', block({"@type": "Article", "headline": "Good"})]
    )
    assert result.title == "Good"
    assert result.skipped_blocks == 1


def nested(depth: int) -> str:
    """An article block nesting arrays ``depth`` deep (the article itself is one), beside more
    arrays than that side by side (so that the depth is scanned, not bounded by the count)."""
    inner = depth - 1
    about = "[" * inner + "1" + "]" * inner
    flat = "[" + "[], " * MAX_DEPTH + "[]]"
    return f'{{"@type": "Article", "headline": "Deep", "about": {about}, "tags": {flat}}}'


def test_a_block_nested_past_the_depth_limit_is_skipped_and_counted() -> None:
    assert read_jsonld([nested(MAX_DEPTH)]).title == "Deep"
    result = read_jsonld([nested(MAX_DEPTH + 1), block({"@type": "Article", "headline": "Good"})])
    assert result.title == "Good"
    assert result.skipped_blocks == 1
    result = read_jsonld([nested(100_000)])  # the decoder would recurse past the stack
    assert result.title is None and result.skipped_blocks == 1


def test_brackets_inside_strings_do_not_count_as_nesting() -> None:
    brackets = '[{"\\[' * MAX_DEPTH  # escaped backslashes and quotes too
    data = {"@type": "Article", "headline": "Quoted", "description": brackets + '"' + brackets}
    assert read_jsonld([block(data)]).title == "Quoted"
    # An unterminated string runs to the end: its brackets are not nesting either.
    assert read_jsonld(['{"@type": "Article", "headline": "Cut", "x": "' + "[" * 500]).skipped_blocks == 1


def test_keywords_string_is_split_on_commas() -> None:
    data = {"@type": "Article", "keywords": "red, green ,blue"}
    assert read_jsonld([block(data)]).keywords == ["red", "green", "blue"]


def test_breadcrumbs_sorted_by_position_with_item_names() -> None:
    data = {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"position": 2, "item": {"@id": "/b", "name": "Section"}},
            {"position": 1, "name": "Home"},
        ],
    }
    assert read_jsonld([block(data)]).breadcrumbs == ["Home", "Section"]


def test_image_object_and_language_object() -> None:
    data = {
        "@type": "Article",
        "image": [{"@type": "ImageObject", "url": "https://example.com/a.jpg"}],
        "inLanguage": {"@type": "Language", "name": "English", "alternateName": "en"},
    }
    result = read_jsonld([block(data)])
    assert result.image == "https://example.com/a.jpg"
    assert result.language == "en"


def test_other_content_type_used_only_without_article() -> None:
    data = [{"@type": "VideoObject", "name": "Clip"}, {"@type": "Article", "headline": "Story"}]
    assert read_jsonld([block(data)]).title == "Story"
    assert read_jsonld([block({"@type": "Recipe", "name": "Soup"})]).name == "Soup"
