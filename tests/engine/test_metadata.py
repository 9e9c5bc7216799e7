"""Page metadata: one test per source-priority rule and cleaning heuristic."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from riptide.engine.bylines import MAX_AUTHORS
from riptide.engine.dom import parse
from riptide.engine.metadata import Metadata, extract_metadata

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "metadata"
URL = "https://news.example/section/story"


def meta(head: str = "", body: str = "", url: str = URL, html_attrs: str = "") -> Metadata:
    html = f"<html{html_attrs}><head>{head}</head><body>{body}</body></html>"
    return extract_metadata(parse(html), url)


def ld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


# -- a whole page ----------------------------------------------------------------------------


def test_blog_post_with_graph_fixture() -> None:
    html = (FIXTURES / "blog_post_graph.html").read_text()
    result = extract_metadata(parse(html), "https://urban-garden.example/2021/07/09/balcony-tomatoes/")
    assert result == Metadata(
        title="Growing Tomatoes on a Balcony",
        byline="Ada Greenfield",
        published_iso="2021-07-09T17:30:00+02:00",
        site_name="Urban Garden Media Ltd",
        description="Open Graph description.",
        language="en-GB",
        categories=["Vegetables", "Containers", "tomatoes", "balcony"],
        image="https://urban-garden.example/media/tomatoes.jpg",
    )


def test_extract_metadata_does_not_mutate_doc() -> None:
    html = (FIXTURES / "blog_post_graph.html").read_text()
    doc = parse(html)
    before = doc.root.outer_html()
    extract_metadata(doc, URL)
    assert doc.root.outer_html() == before


def test_empty_page_gives_empty_metadata() -> None:
    assert extract_metadata(parse(""), URL) == Metadata()


# -- title -----------------------------------------------------------------------------------


def test_jsonld_headline_beats_og_title() -> None:
    result = meta(
        ld({"@type": "NewsArticle", "headline": "JSON-LD headline"})
        + '<meta property="og:title" content="OG">'
    )
    assert result.title == "JSON-LD headline"


def test_jsonld_name_used_when_headline_is_a_summary() -> None:
    data = {"@type": "Article", "headline": "city in the north of England", "name": "Leeds"}
    assert meta("<title>Leeds - Encyclopedia</title>" + ld(data)).title == "Leeds"


def test_dublin_core_title_beats_og_title() -> None:
    head = '<meta property="og:title" content="Sharing copy">'
    head += '<meta name="DC.title" content="Bibliographic title">'
    assert meta(head).title == "Bibliographic title"


def test_og_title_beats_title_tag() -> None:
    assert (
        meta('<title>Tag title here</title><meta property="og:title" content="OG title">').title == "OG title"
    )


def test_title_loses_trailing_site_name() -> None:
    head = '<meta property="og:title" content="The Story Itself | The Daily Planet">'
    head += '<meta property="og:site_name" content="The Daily Planet">'
    assert meta(head).title == "The Story Itself"


def test_title_loses_leading_site_name() -> None:
    head = (
        '<title>Daily Planet – The Story Itself</title><meta property="og:site_name" content="Daily Planet">'
    )
    assert meta(head).title == "The Story Itself"


def test_site_name_containing_a_separator_is_stripped_whole() -> None:
    head = "<title>A Post About Fetch ✩ Hacks – the Web developer blog</title>"
    head += '<meta property="og:site_name" content="Hacks – the Web developer blog">'
    assert meta(head).title == "A Post About Fetch"


def test_title_loses_host_name_part() -> None:
    result = meta(
        '<meta property="og:title" content="Big Story Of The Day - NewsExample.com">',
        url="https://www.newsexample.com/a",
    )
    assert result.title == "Big Story Of The Day"
    assert result.site_name == "NewsExample.com"


def test_title_tag_split_at_last_separator_like_readability() -> None:
    assert meta("<title>A Long Enough Article Title - Section - Some Site</title>").title == (
        "A Long Enough Article Title - Section"
    )


def test_short_title_tag_kept_whole() -> None:
    assert meta("<title>Welcome - Acme Corp</title>").title == "Welcome - Acme Corp"


def test_title_tag_kept_when_a_heading_repeats_it() -> None:
    title = "Intro to Caching - Part Two Of Three"
    assert meta(f"<title>{title}</title>", f"<h1>{title}</h1>").title == title


def test_title_tag_colon_keeps_part_after_colon() -> None:
    assert (
        meta("<title>Blog: How We Rebuilt The Search Index</title>").title
        == "How We Rebuilt The Search Index"
    )


def test_title_tag_part_repeated_by_the_h1_is_the_title() -> None:
    head = "<title>Configuring Retries &mdash; Anchorage 2.4 documentation</title>"
    body = '<h1>Configuring Retries<a class="headerlink" href="#configuring-retries">&para;</a></h1>'
    result = meta(head, body)
    assert result.title == "Configuring Retries"
    assert result.site_name is None  # what was cut is not known to be the site's name


@pytest.mark.parametrize(
    ("title", "h1"),
    [
        ("港口隧道重新开放-北岸评论", "港口隧道重新开放"),
        ("港口隧道重新开放_本地_北岸评论", "港口隧道重新开放"),
        ("港湾トンネルが再開｜北岸レビュー", "港湾トンネルが再開"),
        ("Harbour Tunnel Reopens|Northern Shore Review", "Harbour Tunnel Reopens"),
    ],
)
def test_title_tag_glued_to_the_site_name_is_cut_where_the_h1_ends(title: str, h1: str) -> None:
    assert meta(f"<title>{title}</title>", f"<h1>{h1}</h1>").title == h1


@pytest.mark.parametrize(
    ("title", "h1"),
    [
        ("Self-driving ferries arrive at the harbour", "Self"),  # too short to trust
        ("Tunnel-boring machines explained", "Tunnel"),
        ("Council meets at 10:30 in the harbour hall", "Council meets at 10"),
        ("Harbour Tunnel Reopens-Northern Shore", "Harbour Tunnel Reopens"),
    ],
)
def test_title_tag_is_not_cut_where_a_glued_symbol_joins_words(title: str, h1: str) -> None:
    assert meta(f"<title>{title}</title>", f"<h1>{h1}</h1>").title == title


def test_site_front_page_keeps_its_leading_site_name() -> None:
    head = (
        '<meta property="og:type" content="website"><meta property="og:site_name" content="The Courier">'
        '<meta property="og:title" content="The Courier — Local news, sport and weather">'
    )
    result = meta(head, '<span class="masthead-date">Monday 18 March 2024</span>')
    assert result.title == "The Courier — Local news, sport and weather"
    assert result.site_name == "The Courier"


def test_page_at_the_site_root_keeps_its_site_name() -> None:
    head = (
        "<title>Acme Tools | Hand tools made in Sheffield since 1890</title>"
        '<meta property="og:site_name" content="Acme Tools"><link rel="canonical" href="https://acme.example/">'
    )
    assert meta(head).title == "Acme Tools | Hand tools made in Sheffield since 1890"


def test_article_signals_or_a_trailing_site_name_still_strip_it() -> None:
    website = (
        '<meta property="og:type" content="website"><meta property="og:site_name" content="The Courier">'
    )
    dated = '<meta property="article:published_time" content="2024-03-18">'
    leading = '<meta property="og:title" content="The Courier — Harbour tunnel reopens after refit">'
    trailing = '<meta property="og:title" content="Harbour tunnel reopens after refit | The Courier">'
    assert meta(website + dated + leading).title == "Harbour tunnel reopens after refit"
    assert meta(website + trailing).title == "Harbour tunnel reopens after refit"


def test_h1_used_when_page_has_no_title() -> None:
    assert meta("", "<h1>Only A Heading</h1>").title == "Only A Heading"


# -- byline ----------------------------------------------------------------------------------


def test_jsonld_author_beats_meta_author() -> None:
    head = ld({"@type": "Article", "author": {"@type": "Person", "name": "Jane Doe"}})
    head += '<meta name="author" content="Someone Else">'
    assert meta(head).byline == "Jane Doe"


def test_jsonld_authors_joined_with_comma() -> None:
    data = {
        "@type": "Article",
        "author": [{"@type": "Person", "name": "A One"}, {"@type": "Person", "name": "B Two"}],
    }
    assert meta(ld(data)).byline == "A One, B Two"


def test_jsonld_username_author_falls_back_to_visible_byline() -> None:
    head = ld({"@type": "Article", "author": {"@type": "Person", "name": "user4821"}})
    assert meta(head, '<span class="author-name">Real Person</span>').byline == "Real Person"


def test_meta_author_used_when_no_jsonld() -> None:
    assert meta('<meta name="author" content="Jane Doe">').byline == "Jane Doe"


def test_property_meta_beats_name_meta_of_same_key() -> None:
    head = '<meta name="dc.creator" content="Name Attr"><meta property="dc:creator" content="Property Attr">'
    assert meta(head).byline == "Property Attr"


def test_a_meta_key_repeated_per_author_names_every_author() -> None:
    head = (
        '<meta name="DC.Creator" content="Okafor, Maren"><meta name="DC.Creator" content="Jong, Pieter de">'
        '<meta name="DC.Creator" content="okafor, maren">'
    )
    assert meta(head).byline == "Maren Okafor, Pieter de Jong"
    two = '<meta name="author" content="Maren Okafor"><meta name="author" content="Ingrid Halvorsen">'
    assert meta(two).byline == "Maren Okafor, Ingrid Halvorsen"


def many_names(count: int) -> list[str]:
    """``count`` distinct person names, no digits (a digit makes the byline cleaner refuse one)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    return [f"Writer {letters[n // 26].upper()}{letters[n % 26]}son" for n in range(count)]


def test_a_byline_names_a_sources_first_max_authors_authors() -> None:
    # Each author costs a cleaning: 26,000 JSON-LD authors made 1 MB cost 12x a normal page's.
    names = many_names(MAX_AUTHORS + 50)
    persons = [{"@type": "Person", "name": name} for name in names]
    assert meta(ld({"@type": "Article", "author": persons})).byline == ", ".join(names[:MAX_AUTHORS])
    tags = "".join(f'<meta name="author" content="{name}">' for name in names)
    assert meta(tags).byline == ", ".join(names[:MAX_AUTHORS])
    assert meta(ld({"@type": "Article", "author": persons[:3]})).byline == ", ".join(names[:3])


def test_surname_first_is_only_turned_around_for_personal_names() -> None:
    assert meta('<meta name="citation_author" content="Kooman, F.">').byline == "F. Kooman"
    assert meta('<meta name="DC.creator" content="Reuters, AP">').byline == "Reuters, AP"


def test_property_and_name_spellings_of_one_key_are_one_field_not_two_authors() -> None:
    head = '<meta property="dc:creator" content="Maren Okafor"><meta name="DC.creator" content="M. Okafor">'
    assert meta(head).byline == "Maren Okafor"


def test_article_author_profile_url_ignored() -> None:
    head = '<meta property="article:author" content="https://facebook.com/someone">'
    assert meta(head, '<div class="byline">By Visible Name</div>').byline == "Visible Name"


def test_byline_strips_by_prefix_and_date() -> None:
    assert meta("", '<p class="byline">By Jane Doe | May 14, 2019</p>').byline == "Jane Doe"


def test_byline_stops_at_a_weekday() -> None:
    body = (
        '<div class="article-author"><a href="/u/jw">Joe Wee</a> Monday, February 29, 2016 @ 11:10 PM</div>'
    )
    assert meta("", body).byline == "Joe Wee"


def test_og_article_author_name_is_a_byline_but_not_its_url() -> None:
    assert meta('<meta property="og:article:author" content="BBC News">').byline == "BBC News"
    assert meta('<meta property="og:article:author" content="https://bbc.example/news">').byline is None


def test_visible_byline_keeps_and_join() -> None:
    assert meta("", '<div class="byline">By Jane Doe and John Roe</div>').byline == "Jane Doe and John Roe"


def test_rel_author_link_is_byline() -> None:
    assert meta("", '<p>Story by <a rel="author" href="/u/j">Jane Doe</a></p>').byline == "Jane Doe"


def test_itemprop_name_inside_author_preferred() -> None:
    body = (
        '<div itemprop="author"><img src="a.jpg"><span itemprop="name">Jane Doe</span> Editor at large</div>'
    )
    assert meta("", body).byline == "Jane Doe"


def test_byline_in_comments_ignored() -> None:
    body = '<div class="comments"><span class="author">Commenter Name</span></div>'
    body += '<span class="byline">By Real Author</span>'
    assert meta("", body).byline == "Real Author"


def test_author_links_in_navigation_ignored() -> None:
    body = '<nav><a class="writers" href="/writers">Our Writers</a></nav><p class="byline">By Real Author</p>'
    assert meta("", body).byline == "Real Author"


def test_author_bio_box_is_not_a_byline() -> None:
    body = (
        '<div class="author-bio">Jane Doe has written about gardens for twenty years and lives in a flat '
        "with too many plants and a very patient cat.</div>"
    )
    assert meta("", body).byline is None


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Von Jana Krüger | 14. Februar 2024", "Jana Krüger"),
        ("Par Hélène Marchetti · 27 décembre 2023", "Hélène Marchetti"),
        ("Por María José Pérez", "María José Pérez"),
        ("Di Giulia Bianchi", "Giulia Bianchi"),
        ("Door Sanne de Vries", "Sanne de Vries"),
        ("Av Anna Lindström", "Anna Lindström"),
        ("By Jane Doe", "Jane Doe"),
    ],
)
def test_byline_line_under_the_headline_whatever_its_class(line: str, name: str) -> None:
    body = f'<article><header><h1>Headline</h1></header><p class="zeile">{line}</p><p>Text.</p></article>'
    assert meta("", body).byline == name


def test_headline_line_without_a_capitalised_name_is_not_a_byline() -> None:
    body = "<h1>Headline</h1><p>by the time the council met, the bridge had closed</p>"
    assert meta("", body).byline is None
    assert meta("", "<p>Von Jana Krüger</p><h1>Headline</h1><p>Text.</p>").byline is None  # above it


def test_dateline_is_not_a_byline() -> None:
    assert meta("", '<span class="dateline">CAIRO —</span>').byline is None


# -- dates -----------------------------------------------------------------------------------


def test_jsonld_date_published_beats_meta() -> None:
    head = ld({"@type": "Article", "datePublished": "2020-03-04T05:06:07+01:00"})
    head += '<meta property="article:published_time" content="2019-01-01">'
    assert meta(head).published_iso == "2020-03-04T05:06:07+01:00"


def test_article_published_time_meta() -> None:
    assert meta('<meta property="article:published_time" content="2019-05-14T08:00:00Z">').published_iso == (
        "2019-05-14T08:00:00Z"
    )


def test_dublin_core_date() -> None:
    assert meta('<meta name="DC.date.issued" content="2018-02-03">').published_iso == "2018-02-03"


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("cXenseParse:recs:publishtime", "2018-06-18T10:01:00.000Z", "2018-06-18T10:01:00Z"),
        ("article:publicationdate", "Fri Mar 13 21:30:09 EST 2015", "2015-03-13T21:30:09"),
        ("DCSext.articleFirstPublished", "2021-04-05", "2021-04-05"),
        ("published_date", "2020-09-10", "2020-09-10"),
    ],
)
def test_publishing_platforms_meta_dates(key: str, value: str, expected: str) -> None:
    # a page with no Open Graph or JSON-LD date, only its analytics or CMS platform's meta tag
    assert meta(f'<meta name="{key}" content="{value}">').published_iso == expected


def test_modified_time_is_not_taken_for_the_publication_date() -> None:
    head = '<meta property="article:modified_time" content="2018-06-18T13:57:57Z">'
    assert meta(head).published_iso is None


def test_same_instant_in_publisher_offset_preferred_over_utc() -> None:
    head = ld({"@type": "Article", "datePublished": "2017-02-24T01:18:13Z"})
    head += '<meta property="article:published_time" content="2017-02-23T17:18:13-08:00">'
    assert meta(head).published_iso == "2017-02-23T17:18:13-08:00"


def test_microdata_date_published() -> None:
    body = '<span itemprop="datePublished" content="2016-06-07">June 7</span>'
    assert meta("", body).published_iso == "2016-06-07"


def test_time_element_used_when_no_meta() -> None:
    body = '<time class="updated" datetime="2020-02-02">x</time><time datetime="2020-01-01">y</time>'
    assert meta("", body).published_iso == "2020-01-01"


def test_url_date_used_when_markup_has_none() -> None:
    assert meta(url="https://example.com/2019/05/14/story").published_iso == "2019-05-14"


def test_visible_date_text_is_last_resort() -> None:
    assert meta("", '<div class="post-date">Posted on 3 March 2021</div>').published_iso == "2021-03-03"


def test_visible_date_in_other_languages_and_class_names() -> None:
    assert meta("", '<span class="datum">14. Februar 2024</span>').published_iso == "2024-02-14"


def test_date_line_under_the_headline_is_read() -> None:
    body = "<article><h1>Headline</h1><p>Von Jana Krüger | 14. Februar 2024</p><p>Text.</p></article>"
    assert meta("", body).published_iso == "2024-02-14"


def test_masthead_and_sidebar_dates_are_not_the_publication_date() -> None:
    body = (
        '<header class="site-header"><span class="masthead-date">Monday 18 March 2024</span></header>'
        '<aside><span class="teaser-date">17 March 2024</span></aside><main><h2>Top stories</h2></main>'
    )
    assert meta("", body).published_iso is None


def test_future_date_rejected() -> None:
    head = '<meta property="article:published_time" content="2999-01-01">'
    head += '<meta name="date" content="2018-02-03">'
    assert meta(head).published_iso == "2018-02-03"


# -- site name, description, language ---------------------------------------------------------


def test_jsonld_publisher_beats_og_site_name() -> None:
    head = ld({"@type": "Article", "publisher": {"@type": "Organization", "name": "Publisher Co"}})
    head += '<meta property="og:site_name" content="OG Site">'
    assert meta(head).site_name == "Publisher Co"


def test_og_site_name_then_application_name() -> None:
    assert meta('<meta property="og:site_name" content="OG Site">').site_name == "OG Site"
    assert meta('<meta name="application-name" content="App Site">').site_name == "App Site"


def test_description_priority() -> None:
    head = '<meta name="description" content="plain"><meta name="twitter:description" content="twitter">'
    assert meta(head).description == "twitter"
    assert meta(head + '<meta property="og:description" content="og">').description == "og"


def test_description_shortened_for_sharing_gives_way_to_the_full_one() -> None:
    head = (
        '<meta name="description" content="Cold kitchens and sluggish starters, with a tiny calculator.">'
        '<meta property="og:description" content="Cold kitchens and sluggish starters.">'
    )
    assert meta(head).description == "Cold kitchens and sluggish starters, with a tiny calculator."
    head = (
        '<meta name="description" content="Breaking news, sport and weather from the coast.">'
        '<meta property="og:description" content="Cold kitchens and sluggish starters.">'
    )
    assert meta(head).description == "Cold kitchens and sluggish starters."
    head = (
        '<meta property="og:description" content="Cold kitchens and sluggish starters.">'
        '<meta name="description" content="Cold kitchens and sluggish starters...">'
    )
    assert meta(head).description == "Cold kitchens and sluggish starters."


def test_html_lang_normalised_to_bcp47() -> None:
    assert meta(html_attrs=' lang="en_us"').language == "en-US"
    assert meta(html_attrs=' lang="EN"').language == "en"
    assert meta(html_attrs=' lang="zh-hant-tw"').language == "zh-Hant-TW"


def test_posix_locale_suffix_dropped() -> None:
    assert meta('<meta http-equiv="Content-Language" content="en_US.UTF-8">').language == "en-US"


def test_invalid_declared_language_falls_through_to_the_next_source() -> None:
    head = '<meta name="language" content="xx"><meta property="og:locale" content="de_DE">'
    assert meta(head, html_attrs=' lang="english!"').language == "de-DE"


def test_jsonld_language_given_as_a_name_or_object_is_normalised() -> None:
    assert meta(ld({"@type": "Article", "inLanguage": "English"})).language == "en"
    language = {"@type": "Language", "name": "Deutsch", "alternateName": "de_AT"}
    assert meta(ld({"@type": "Article", "inLanguage": language})).language == "de-AT"


def test_invalid_or_undetermined_language_is_none() -> None:
    assert meta(html_attrs=' lang="english!"').language is None
    assert meta(html_attrs=' lang="und"').language is None


def test_language_fallbacks_content_language_og_locale_jsonld() -> None:
    assert meta('<meta http-equiv="Content-Language" content="de-AT">').language == "de-AT"
    assert meta('<meta property="og:locale" content="fr_FR">').language == "fr-FR"
    assert meta(ld({"@type": "Article", "inLanguage": "pt-BR"})).language == "pt-BR"


def test_undeclared_language_is_none() -> None:
    assert meta("<title>No language here</title>").language is None


# -- categories, image, canonical, type -------------------------------------------------------


def test_categories_priority_and_case_insensitive_dedup() -> None:
    head = ld({"@type": "Article", "articleSection": "Politics", "keywords": ["Elections", "politics"]})
    head += '<meta name="keywords" content="elections, Budget, null">'
    head += '<meta property="article:tag" content="Taxes">'
    assert meta(head).categories == ["Politics", "Elections", "Budget", "Taxes"]


def test_rel_tag_links_of_the_post_are_categories_but_a_sidebar_tag_cloud_is_not() -> None:
    body = (
        '<article><p>Text.</p><footer><a href="/category/sourdough/" rel="category tag">Sourdough</a> '
        '<a href="/tag/baking/" rel="tag">baking</a></footer></article>'
        '<aside class="widget"><a href="/tag/rye/" rel="tag">rye</a></aside>'
    )
    assert meta("", body).categories == ["Sourdough", "baking"]


def test_breadcrumb_nav_without_home_and_current_page() -> None:
    body = (
        '<nav class="breadcrumb"><a href="/">Home</a> › <a href="/sport">Sport</a> › '
        '<a href="/sport/tennis">Tennis</a> › <a href="#">Final Report</a></nav>'
    )
    head = '<meta property="og:title" content="Final Report">'
    assert meta(head, body).categories == ["Sport", "Tennis"]


def test_image_made_absolute_against_base() -> None:
    head = '<base href="https://cdn.example/assets/"><meta property="og:image" content="img/a.png">'
    assert meta(head).image == "https://cdn.example/assets/img/a.png"


def test_twitter_image_when_no_og_image() -> None:
    assert meta('<meta name="twitter:image" content="/t.png">').image == "https://news.example/t.png"


# -- JSON-LD placement and validity ----------------------------------------------------------


def test_jsonld_in_body_is_read() -> None:
    assert meta("", ld({"@type": "Article", "headline": "From the body"})).title == "From the body"


def test_invalid_jsonld_is_skipped() -> None:
    head = '<script type="application/ld+json">{"@type": "Article", "headline": </script>'
    head += '<meta property="og:title" content="Fallback title">'
    assert meta(head).title == "Fallback title"


def test_space_separated_meta_properties() -> None:
    head = '<meta property="og:title twitter:title" content="Shared">'
    head += '<meta property="dc:creator og:x" content="Jo Doe">'
    result = meta(head)
    assert (result.title, result.byline) == ("Shared", "Jo Doe")


def test_body_scan_prefilter_keeps_what_the_scan_reads() -> None:
    """``metadata_candidates`` drops scripts other than JSON-LD and rels the scan never reads
    (nofollow…), and keeps rel=author/tag in any case, JSON-LD in any case, itemprop, datetime."""
    from riptide.engine.metadata import metadata_candidates

    body = (
        '<script>var a</script><script type="text/javascript" class="author">x</script>'
        '<script type="application/LD+JSON">{}</script><a rel="nofollow noopener" href="/x">x</a>'
        '<a rel="Tag" href="/t">t</a><a rel="author" href="/a">a</a><a rel="Author">A</a>'
        '<span itemprop="name">n</span><time datetime="2024-01-01">d</time><p class="x">p</p>'
    )
    kept = metadata_candidates(parse(f"<body>{body}").body_elements)
    assert [(e.tag, dict(e.attrs)) for e in kept] == [
        ("script", {"type": "application/LD+JSON"}),
        ("a", {"rel": "Tag", "href": "/t"}),
        ("a", {"rel": "author", "href": "/a"}),
        ("span", {"itemprop": "name"}),
        ("time", {"datetime": "2024-01-01"}),
    ]


def test_jsonld_in_the_body_and_rel_tag_links_are_still_read() -> None:
    body = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "From JSON-LD"}</script>'
        '<a rel="TAG" href="/t/cats">Cats</a><a rel="nofollow" href="/t/dogs">Dogs</a>'
    )
    found = meta(body=body)
    assert found.title == "From JSON-LD"
    assert found.categories == ["Cats"]


class _RecordingDict(dict):  # type: ignore[type-arg]
    """A dict that notes every key it is asked about."""

    def __init__(self, asked: set[str]) -> None:
        super().__init__()
        self.asked = asked

    def get(self, key, default=None):  # type: ignore[no-untyped-def]
        self.asked.add(key)
        return super().get(key, default)

    def __contains__(self, key: object) -> bool:
        self.asked.add(str(key))
        return super().__contains__(key)

    def __getitem__(self, key):  # type: ignore[no-untyped-def]
        self.asked.add(key)
        return super().__getitem__(key)


@pytest.mark.parametrize(
    "name",
    ["blog_post.html", "news_article.html", "no_article.html", "german_article.html", "docs_page.html"],
)
def test_the_head_keeps_every_meta_key_and_link_rel_a_pick_reads(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``_take_meta`` and ``_take_head_element`` store only ``READ_META_KEYS`` and
    ``READ_LINK_RELS``: every key a pick asks for must be in them, or its value would be lost."""
    from riptide.engine import metadata

    meta_keys: set[str] = set()
    rels: set[str] = set()

    class Recording(metadata._Sources):
        def __init__(self) -> None:
            super().__init__()
            self.by_property = _RecordingDict(meta_keys)
            self.by_name = _RecordingDict(meta_keys)
            self.links = _RecordingDict(rels)

    monkeypatch.setattr(metadata, "_Sources", Recording)
    pages = Path(__file__).resolve().parent.parent / "fixtures" / "pages"
    head = '<meta property="og:site_name" content="Site"><link rel="canonical" href="/">'
    for html in (
        (pages / name).read_text(encoding="utf-8"),
        f"<html><head>{head}<title>Site</title></head></html>",
    ):
        extract_metadata(parse(html), "https://news.example/")
    assert meta_keys and rels
    assert meta_keys <= metadata.READ_META_KEYS
    assert rels <= metadata.READ_LINK_RELS


def test_meta_keys_and_link_rels_no_pick_reads_are_not_stored() -> None:
    from riptide.engine.metadata import _gather

    head = (
        '<meta name="viewport" content="width=device-width"><meta property="og:title" content=" A  title ">'
        '<meta name="Description keywords" content="d"><meta name="x" content="  ">'
        '<link rel="stylesheet icon" href="/s.css"><link rel="Canonical alternate" href=" /c ">'
    )
    sources = _gather(parse(f"<html><head>{head}</head></html>"))
    assert sources.by_property == {"og:title": ["A title"]}
    assert sources.by_name == {"description": ["d"], "keywords": ["d"]}
    assert sources.links == {"canonical": "/c"}
