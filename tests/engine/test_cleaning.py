"""Cleaning of chosen content (``clean_article``) and of whole pages (``clean_full_page``)."""

from __future__ import annotations

import gzip

import pytest
from tests.conftest import SHARED, require_shared

from riptide.engine.article import extract_article
from riptide.engine.article_rules import ALL_FLAGS
from riptide.engine.cleaning import (
    InPlace,
    clean_article,
    clean_full_page,
    copy_tree,
    release_left_out,
    restore_page,
)
from riptide.engine.dom import Element, parse, release_tree
from riptide.engine.markdown import render_markdown
from riptide.engine.plaintext import render_text

PROSE = (
    "The committee met on Tuesday, after weeks of delay, to weigh the proposal in detail. "
    "Members asked about cost, schedule, and risk, and the chair promised written answers. "
)


def cleaned(body: str, flags: int = ALL_FLAGS) -> Element:
    """Clean the first element of ``body`` as if it had been picked as the article."""
    node = parse(f"<html><body>{body}</body></html>").body.element_children()[0]
    content, _ = clean_article([(node, False)], set(), flags)
    return content


def text_after_prose(blocks: str) -> str:
    """The text of an article of one prose paragraph followed by ``blocks``, cleaned."""
    return render_text(cleaned(f"<article><p>{PROSE}</p>{blocks}</article>"))


# -- article content ----------------------------------------------------------------------------
def test_page_is_not_changed_by_cleaning_its_content() -> None:
    doc = parse(f"<body><article><p>{PROSE}</p><aside>Aside text</aside></article></body>")
    article = doc.body.element_children()[0]
    clean_article([(article, False)], set(), ALL_FLAGS)
    assert article.find("aside") is not None


def test_page_attributes_are_not_changed_by_cleaning_its_content() -> None:
    """A copy shares its element's attributes when none is stripped, so the cleaning steps that
    change a copy's attributes (the div-in-div merge, lazy images' sources) must give it a new
    dict: the page's stay as parsed, for the next attempt."""
    doc = parse(
        "<body><article id=story><div class=outer><div class=inner><p>"
        f"{PROSE}</p><img data-src=lazy.jpg><img class=lazy src=data:image/gif;base64,R0lGOD "
        "data-src=real.jpg></div></div></article></body>"
    )
    article = doc.body.element_children()[0]
    before = [(node.tag, dict(node.attrs)) for node in article.iter()]
    content, _ = clean_article([(article, False)], set(), ALL_FLAGS)
    assert [(node.tag, node.attrs) for node in article.iter()] == before
    merged = next(node for node in content.iter("div") if node.attrs.get("class") == "outer")
    assert [node.attrs.get("src") for node in content.iter("img")] == ["lazy.jpg", "real.jpg"]
    assert merged.find("p") is not None


def test_nodes_set_aside_by_the_grab_are_not_copied() -> None:
    doc = parse(f"<body><article><p>{PROSE}</p><p id='x'>Set aside</p></article></body>")
    article = doc.body.element_children()[0]
    set_aside = {p for p in article.iter("p") if p.attrs.get("id") == "x"}
    content, _ = clean_article([(article, False)], set_aside, ALL_FLAGS)
    assert "Set aside" not in render_text(content)


def test_asides_footers_and_form_controls_are_removed() -> None:
    content = cleaned(
        f"<article><p>{PROSE}</p><aside>Related reading</aside><footer>Tags: city</footer>"
        "<button>Subscribe</button><select><option>One</option></select><textarea>x</textarea></article>"
    )
    text = render_text(content)
    assert "Related reading" not in text and "Tags" not in text
    assert "Subscribe" not in text and "One" not in text
    assert content.find("input") is None


def test_figure_with_caption_is_kept() -> None:
    content = cleaned(
        f"<article><p>{PROSE}</p><figure><img src='a.jpg'>"
        "<figcaption>Caption words here</figcaption></figure></article>"
    )
    caption = content.find("figcaption")
    assert content.find("figure") is not None and caption is not None
    assert caption.text() == "Caption words here"


def test_newsletter_signup_box_is_removed() -> None:
    content = cleaned(
        f"<article><p>{PROSE}</p><div class='newsletter-signup'><h3>Get the Morning Briefing</h3>"
        "<p>Sign up for our free daily email, delivered before your first coffee.</p>"
        "<form><input type='email' name='email'><button>Sign me up</button></form></div>"
        f"<p>{PROSE}</p></article>"
    )
    text = render_text(content)
    assert "Morning Briefing" not in text and "free daily email" not in text
    assert text.count("The committee met") == 2


def test_only_class_and_id_name_a_box() -> None:
    """Cleaning asks the class/id rules only of elements with a class or an id: they read
    nothing else (``match_string``), so an element without either is never a named box."""
    from riptide.engine import cleaning
    from riptide.engine.article_rules import match_string

    others = {"name": "newsletter-signup share", "data-role": "author-box", "title": "caption"}
    assert len(match_string(others)) < 2
    assert not cleaning._is_share_or_signup(others)
    assert cleaning._box_kind("div", others, [1.0] * 11) is None
    digest = "<div data-box='newsletter'><p>The weekly digest</p></div>"
    content = cleaned(f"<article><p>{PROSE}</p>{digest}</article>")
    assert "The weekly digest" in render_text(content)


def test_long_block_named_like_a_newsletter_is_kept() -> None:
    # a newsletter's own issue page may call its body "newsletter": only short boxes go
    body = "".join(f"<p>{PROSE}</p>" for _ in range(4))
    content = cleaned(f"<article><p>{PROSE}</p><div class='newsletter-issue'>{body}</div></article>")
    assert render_text(content).count("The committee met") == 5


def test_footnotes_are_kept_but_a_footer_named_block_is_not() -> None:
    notes = "".join(
        f"<p id='fn{n}'><sup><a href='#ref{n}'>{n}</a></sup>Note {n}: the figure comes from the report.</p>"
        for n in range(3)
    )
    content = cleaned(f"<article><p>{PROSE}</p><div class='footnotes'>{notes}</div></article>")
    assert "Note 2: the figure comes" in render_text(content)
    content = cleaned(f"<article><p>{PROSE}</p><div class='site-foot'>{notes}</div></article>")
    assert "Note 2" not in render_text(content)


def test_ad_label_block_is_removed() -> None:
    content = cleaned(f"<article><p>{PROSE}</p><div>Advertisement</div><p>{PROSE}</p></article>")
    assert "Advertisement" not in render_text(content)


def test_loading_placeholder_is_removed() -> None:
    content = cleaned(f"<article><p>{PROSE}</p><div>Loading...</div></article>")
    assert "Loading" not in render_text(content)


def test_negative_class_div_is_removed_conditionally() -> None:
    content = cleaned(
        f"<article><p>{PROSE}</p><div class='newsletter-promo'><p>Sign up today</p></div></article>"
    )
    assert "Sign up" not in render_text(content)


def test_conditional_cleaning_is_skipped_without_its_flag() -> None:
    content = cleaned(
        f"<article><p>{PROSE}</p><div class='promo'><p>Great deals inside</p></div></article>", 0
    )
    assert "Great deals" in render_text(content)


def test_gallery_div_with_images_and_no_text_is_removed() -> None:
    content = cleaned(
        f"<article><p>{PROSE}</p><div><img src='1.jpg'><img src='2.jpg'><img src='3.jpg'></div></article>"
    )
    assert len(list(content.iter("img"))) == 0


def test_list_of_images_is_kept() -> None:
    items = "".join(f"<li><img src='{n}.jpg'></li>" for n in range(3))
    content = cleaned(f"<article><p>{PROSE}</p><ul>{items}</ul></article>")
    assert len(list(content.iter("img"))) == 3


def test_form_with_inputs_is_removed() -> None:
    content = cleaned(
        f"<article><p>{PROSE}</p><form><p>Your email</p>"
        "<input name='email'><input type='submit'></form></article>"
    )
    assert content.find("form") is None


def test_content_inside_data_table_is_never_removed() -> None:
    rows = "".join(f"<tr><td><div><a href='/{n}'>link {n}</a></div></td><td>{n}</td></tr>" for n in range(3))
    content = cleaned(
        f"<article><p>{PROSE}</p><table><tr><th>Name</th><th>N</th></tr>{rows}</table></article>"
    )
    assert "link 2" in render_text(content)


def test_single_cell_layout_table_is_unwrapped() -> None:
    content = cleaned(f"<article><table><tr><td>{PROSE}</td></tr></table></article>")
    assert content.find("table") is None
    assert content.find("p") is not None


def test_empty_paragraphs_and_containers_are_dropped() -> None:
    content = cleaned(f"<article><p>{PROSE}</p><p> </p><div><br></div><section></section></article>")
    assert len(list(content.iter("p"))) == 1
    assert content.find("section") is None


def test_nested_single_child_divs_are_flattened() -> None:
    content = cleaned(f"<article><div class='a'><div class='b'><p>{PROSE}</p></div></div></article>")
    divs = list(content.iter("div"))
    assert len(divs) == 1 and divs[0].attrs["class"] == "a"


def test_break_before_paragraph_is_dropped() -> None:
    content = cleaned(f"<article><p>{PROSE}</p><br><p>{PROSE}</p></article>")
    assert content.find("br") is None


def test_figures_report_text_links_and_paragraphs() -> None:
    node = parse(f"<body><article><p>{PROSE}</p><p><a href='/x'>{PROSE}</a></p></article></body>").body
    _, figures = clean_article([(node.element_children()[0], False)], set(), 0)
    assert figures.paragraphs == 2
    assert abs(figures.link_length * 2 - figures.text_length) <= 4


# -- full page ----------------------------------------------------------------------------------
def full(body: str) -> str:
    return render_text(
        clean_full_page(parse(f"<html><head><title>t</title></head><body>{body}</body></html>"))
    )


def test_hidden_elements_dropped_in_full_page() -> None:
    text = full(
        "<p>Visible</p><p hidden>Attr</p><p aria-hidden='true'>Aria</p>"
        "<p style='display:none'>Display</p><p style='visibility: hidden'>Visibility</p>"
    )
    assert text == "Visible"


def test_full_page_keeps_navigation_and_sidebars() -> None:
    text = full(
        "<nav><a href='/'>Home</a></nav><aside class='sidebar'>Popular</aside><main><p>Story</p></main>"
    )
    assert text.split() == ["Home", "Popular", "Story"]


def test_full_page_drops_scripts_form_controls_iframes_and_svg() -> None:
    text = full(
        "<script>var x = 1;</script><style>p{}</style><noscript>Enable JS</noscript>"
        "<form><label>Name</label><input value='v'><button>Send</button></form>"
        "<iframe src='https://ads.example.net'></iframe><svg><text>Logo</text></svg><p>Body text</p>"
    )
    assert text.split() == ["Name", "Body", "text"]


def test_full_page_drops_cookie_banner_and_modal_overlay() -> None:
    text = full(
        "<div id='cookie-banner'>We use cookies</div>"
        "<div role='dialog' aria-modal='true'>Subscribe now</div>"
        "<div class='modal-overlay'>Sign up</div><p>Body text</p>"
    )
    assert text.split() == ["Body", "text"]


def test_full_page_returns_the_body() -> None:
    doc = parse("<html><body><p>x</p></body></html>")
    assert clean_full_page(doc) is doc.body


# -- furniture lines inside the article ---------------------------------------------------------
def test_promo_line_inside_the_article_is_removed() -> None:
    content = cleaned(
        f"<article><p>{PROSE}</p><p><strong>Lesen Sie auch:</strong> <a href='/a'>Ein anderer "
        f"Artikel</a></p><p>Read more: <a href='/b'>Another story</a></p><p>{PROSE}</p></article>"
    )
    text = render_text(content)
    assert "Lesen Sie auch" not in text and "Another story" not in text
    assert text.count("The committee met") == 2


def test_teasers_under_a_promo_label_are_removed_with_it() -> None:
    content = cleaned(
        f"<article><p>{PROSE}</p><h3>Mehr zum Thema</h3><ul><li><a href='/a'>Teaser one</a></li>"
        f"<li><a href='/b'>Teaser two</a></li></ul><p>{PROSE} Final words.</p></article>"
    )
    text = render_text(content)
    assert "Mehr zum Thema" not in text and "Teaser" not in text
    assert text.endswith("Final words.")


def test_long_paragraph_starting_like_a_promo_is_prose() -> None:
    paragraph = f"Read more carefully and you will see that {PROSE}"
    content = cleaned(f"<article><p>{PROSE}</p><p>{paragraph}</p></article>")
    assert "Read more carefully" in render_text(content)


def test_list_after_ordinary_text_is_kept() -> None:
    content = cleaned(f"<article><p>{PROSE}</p><ul><li>One item</li><li>Two items</li></ul></article>")
    assert "Two items" in render_text(content)


def test_photo_credit_and_copyright_lines_are_removed() -> None:
    content = cleaned(
        f"<article><p>{PROSE}</p><p>Foto: Max Muster / Agentur</p><p>(Image credit: Jane Doe)</p>"
        f"<div>© 2020 Example Media. All rights reserved.</div><p>{PROSE}</p></article>"
    )
    text = render_text(content)
    assert "Max Muster" not in text and "Jane Doe" not in text and "©" not in text
    assert text.count("The committee met") == 2


def test_dateline_and_update_stamps_are_removed() -> None:
    content = cleaned(
        f"<article><p>Updated 5:27 am CST, Mon November 18, 2019</p><p>Aktualisiert am 3. Mai</p>"
        f"<p>{PROSE}</p><p>Stand: 12.01.2022</p></article>"
    )
    assert render_text(content) == PROSE.strip()


def test_dated_byline_line_is_removed_but_a_bare_one_is_kept() -> None:
    content = cleaned(f"<article><p>By Jane Doe - 11/18/19</p><p>{PROSE}</p><p>By Max Muster</p></article>")
    text = render_text(content)
    assert "Jane Doe" not in text and "By Max Muster" in text


def test_gallery_furniture_is_removed() -> None:
    content = cleaned(f"<article><div>Image 1 of 8</div><p>{PROSE}</p><div>Close</div></article>")
    assert render_text(content) == PROSE.strip()


def test_short_block_repeated_verbatim_appears_once() -> None:
    line = "<p>The mayor opens the new bridge.</p>"
    content = cleaned(f"<article>{line}<p>{PROSE}</p><div>{line}</div><p>{PROSE} End.</p></article>")
    assert render_text(content).count("The mayor opens") == 1


def test_long_paragraph_repeated_verbatim_is_kept() -> None:
    content = cleaned(f"<article><p>{PROSE}</p><p>{PROSE}</p></article>")
    assert render_text(content).count("The committee met") == 2


def test_nested_heading_is_not_a_repeat_of_itself() -> None:
    content = cleaned(f"<article><h2><h2>Two wins in a row for the club</h2></h2><p>{PROSE}</p></article>")
    assert "Two wins in a row" in render_text(content)


def test_call_to_action_lines_are_removed() -> None:
    content = cleaned(
        f"<article><p>- Anzeige -</p><p>{PROSE}</p><p>Diesen Artikel teilen</p>"
        "<div>Kommentar verfassen</div><p>Leave a comment</p><p>This entry was posted in News.</p></article>"
    )
    assert render_text(content) == PROSE.strip()


def test_sentence_mentioning_sharing_is_kept() -> None:
    line = "<p>Die Nachbarn teilen sich den Garten, sagt sie.</p>"
    content = cleaned(f"<article><p>{PROSE}</p>{line}</article>")
    assert "Die Nachbarn teilen sich den Garten" in render_text(content)


def test_recommendation_rail_under_a_short_promo_heading_is_removed() -> None:
    teasers = "".join(
        f"<p><a href='/uk/{n}'>A headline from the UK section, number {n}</a></p>" for n in range(2)
    )
    body = f"<article><p>{PROSE}</p><h3>More from UK</h3><div>{teasers}</div></article>"
    content = cleaned(body, flags=0)  # not left to the link-density test of conditional cleaning
    text = render_text(content)
    assert "More from UK" not in text and "headline" not in text


def test_legal_and_contact_lines_after_the_story_are_removed() -> None:
    notice = (
        "This document is subject to copyright. Apart from any fair dealing for the purpose of "
        "private study or research, no part may be reproduced without the written permission."
    )
    content = cleaned(
        f"<article><p>{PROSE}</p><p>{notice}</p><p>Citation: Doe, J. (2020). A study.</p>"
        "<p>Tel.: +49 30 1234567</p></article>"
    )
    assert render_text(content) == PROSE.strip()


def test_author_box_heading_and_bio_are_removed() -> None:
    bio = "<p>Jane Doe has covered city hall since 2015 and studied history in Leeds.</p>"
    content = cleaned(f"<article><p>{PROSE}</p><h3>Über den Autor</h3>{bio}</article>")
    assert render_text(content) == PROSE.strip()


def test_paragraph_mentioning_the_author_is_kept() -> None:
    line = "<p>About the author of the plan, little is known.</p>"
    content = cleaned(f"<article><p>{PROSE}</p>{line}<p>{PROSE} End.</p></article>")
    assert "About the author of the plan" in render_text(content)


def test_caption_named_by_class_leaves_the_text_but_stays_in_the_markdown() -> None:
    content = cleaned(
        f"<article><p>{PROSE}</p><div class='wp-caption'><img src='a.jpg'>"
        "<p class='wp-caption-text'>The mayor at the podium. Foto dpa</p></div>"
        "<div class='media-caption'>Wer die Äste auf die Wege zieht, ist unklar</div>"
        "<p>Im Bild <em class='copyright'>© Bundesrat | Jane Doe</em></p>"
        "<div class='dida'>Grafico conta femmine con cuccioli</div></article>"
    )
    text = render_text(content)
    assert text == PROSE.strip() + "\n\nIm Bild"
    markdown = render_markdown(content, "https://example.com/")
    assert "The mayor at the podium" in markdown and "Wer die Äste" in markdown


def test_long_block_with_a_caption_class_is_prose() -> None:
    content = cleaned(f"<article><div class='legend'><p>{PROSE}</p><p>{PROSE}</p></div></article>")
    assert render_text(content).count("The committee met") == 2


def test_author_box_named_by_class_is_removed() -> None:
    bio = "Jane Doe studied sports science before she moved to Hamburg as a trainee reporter."
    for name in ("post-author-bio", "author-box--content", "saboxplugin-wrap", "about-the-author"):
        content = cleaned(f"<article><p>{PROSE}</p><section class='{name}'><p>{bio}</p></section></article>")
        assert render_text(content) == PROSE.strip(), name


def test_long_block_named_like_an_author_box_is_kept() -> None:
    body = "".join(f"<p>{PROSE}</p>" for _ in range(6))
    content = cleaned(f"<article><div class='author-info'>{body}</div></article>")
    assert render_text(content).count("The committee met") == 6


def test_disclaimer_and_call_to_action_boxes_are_removed() -> None:
    boxes = (
        "<div class='editorial-disclaimer'><p>NOTE: The ad disclaimer below does not apply.</p></div>"
        "<p class='ad-disclosure'>Advertising disclosure: We may receive compensation.</p>"
        "<section class='c-letters-cta'><p>We want to hear what you think about this article.</p></section>"
        "<div class='news-letter-section'><span>News, tips and trends for you!</span></div>"
    )
    assert text_after_prose(boxes) == PROSE.strip()


def test_subscription_app_and_download_prompts_are_removed() -> None:
    prompts = (
        "Subscribe now to our e-edition for the full story.",
        "For the latest stories download the Nation apps for iOS and Android.",
        "Never miss the latest news by signing up to our newsletter today!",
        "Sie müssen sich einloggen, um sich an einer Diskussion beteiligen zu können.",
        "Unterstütze unser Magazin bereits mit 2,50!",
        "Artikel gefallen? Vergiss nicht zu teilen!",
        "Dieses Skript als PDF herunterladen",
        "PDF | 151 KB",
    )
    assert text_after_prose("".join(f"<p>{p}</p>" for p in prompts)) == PROSE.strip()


def test_sentences_about_subscribers_and_apps_are_kept() -> None:
    lines = (
        "The streaming service added two million new subscribers in the quarter.",
        "Die App des Verkehrsverbunds zeigt seit Montag auch Verspätungen an.",
        "Die Funktion ist bisher nur in der App verfügbar, sagte die Sprecherin.",
        "Alle Bürger müssen sich bis Ende März beim Amt anmelden.",
        "The network changed its privacy settings after the vote.",
    )
    text = text_after_prose("".join(f"<p>{p}</p>" for p in lines))
    assert all(line in text for line in lines)


def test_embed_consent_placeholders_are_removed() -> None:
    consent = (
        "Wir respektieren deine Privatsphäre und stellen deshalb ohne dein Einverständnis keine "
        "Verbindung zu Twitter her. Hier kannst du deine Einstellungen verwalten."
    )
    assert text_after_prose(f"<div>Externer Inhalt</div><p>{consent}</p>") == PROSE.strip()


def test_caption_line_ending_in_its_photo_credit_is_removed() -> None:
    captions = (
        "<p>Son tres los periodos de vacaciones durante el año. Foto: Andina</p>"
        "<div>Lee Elder sprach Tiger Woods Mut zu. | © Augusta National/Getty Images</div>"
    )
    assert text_after_prose(captions) == PROSE.strip()


def test_agency_mark_at_the_end_of_a_paragraph_is_prose() -> None:
    line = "<p>政府は攻撃の意図と作戦能力を維持していると指摘している。(c)AFP/Aminu ABUBAKAR</p>"
    assert "(c)AFP" in text_after_prose(line)


def test_contact_box_and_more_information_label_are_removed() -> None:
    boxes = (
        "<p><strong>Weitere Informationen:</strong></p>"
        "<ul><li><a href='/a'>Projektseite</a></li><li><a href='/b'>Studie</a></li></ul>"
        "<p><strong>Kontakt:</strong></p><p>Dr. Jane Doe, Institut für Meteorologie, Hamburg</p>"
    )
    assert text_after_prose(boxes) == PROSE.strip()


def test_license_and_opinion_disclaimer_lines_are_removed() -> None:
    lines = (
        "<p>Dieser Text wurde veröffentlicht unter der Lizenz CC-BY-NC-ND-4.0-DE.</p>"
        "<p>Dieser Beitrag gibt die Meinung des Autors wieder, nicht die der Redaktion.</p>"
    )
    assert text_after_prose(lines) == PROSE.strip()


# -- cleaning in place (cleaning.InPlace) -------------------------------------------------------
def in_place_inputs() -> list[str]:
    """Pages whose cleaning copies, leaves out and removes in every way: the fixture pages, seeded
    markup soup, and element-dense nesting (issue 12's shapes, small)."""
    from tests.conftest import PAGES
    from tests.engine.test_markup_soup import soup

    pages = [path.read_text(encoding="utf-8", errors="replace") for path in sorted(PAGES.glob("*.html"))]
    forms = "".join(f"<form><input name=f{i}></form>text {i}, " for i in range(120))
    dense = ["<div>" * 250 + forms, "<table><tr><td>cell, text " * 120, "<ul><li>item, words " * 120]
    return pages + [soup(seed) for seed in range(0, 300, 3)] + dense


def parts_of(body: Element) -> tuple[list[tuple[Element | str, bool]], set[Element]]:
    """Every child of ``body`` as a part (every third renamed to a div), every 13th element below
    set aside: the same on each parse of a page."""
    dropped = set(list(body.iter())[5::13])
    parts = [(child, index % 3 == 0) for index, child in enumerate(body.children)]
    return [(child, rename) for child, rename in parts if type(child) is str or child not in dropped], dropped


def tree_of(node: Element | str) -> object:
    """A tree as nested tuples: texts, and per element its tag, attributes and children, and
    whether each child's parent link points back at it."""
    if type(node) is str:
        return node
    assert isinstance(node, Element)
    return (
        node.tag,
        tuple(node.attrs.items()),
        tuple(tree_of(child) for child in node.children),
        tuple(child.parent is node for child in node.children if type(child) is not str),
    )


def page_state(body: Element) -> list[tuple[object, ...]]:
    """Every element of the page with the very objects its slots hold, and its children's."""
    return [
        (node, node.tag, node.attrs, dict(node.attrs), node.children, list(node.children), node.parent)
        for node in [body, *body.iter()]
    ]


def assert_same_state(before: list[tuple[object, ...]], after: list[tuple[object, ...]]) -> None:
    assert len(before) == len(after)
    for was, now in zip(before, after, strict=True):
        assert all(
            a is b for a, b in zip(was[:3] + was[4:5] + was[6:], now[:3] + now[4:5] + now[6:], strict=True)
        )
        assert was[3] == now[3]
        assert len(was[5]) == len(now[5]) and all(a is b for a, b in zip(was[5], now[5], strict=True))  # type: ignore[arg-type]


def test_cleaning_in_place_finds_what_the_copy_finds_and_restore_puts_the_page_back() -> None:
    """The content and figures of a cleaning in place are the copy's, on every input; after
    ``restore_page`` each element holds the same tag, attribute dict, children list (with the
    same items) and parent as before, so a later attempt reads the page as parsed."""
    left_out = 0
    for html in in_place_inputs():
        copied, copied_figures = clean_article(*parts_of(parse(html).body), ALL_FLAGS)
        body = parse(html).body
        before = page_state(body)
        in_place = InPlace()
        content, figures = clean_article(*parts_of(body), ALL_FLAGS, in_place)
        assert (tree_of(content), figures) == (tree_of(copied), copied_figures), html[:200]
        assert in_place.slots, "nothing was cleaned in place"
        left_out += len(in_place.left_out)
        kept = copy_tree(content)
        restore_page(in_place)
        assert_same_state(before, page_state(body))
        assert tree_of(kept) == tree_of(copied)  # a copy made before restore_page outlives it
    assert left_out > 100, "the inputs left few elements out: the check would say little"


def test_what_a_cleaning_in_place_left_out_is_released_without_cycles() -> None:
    """Set-aside and never-copied subtrees hang only off the page's old children lists once
    cleaned in place, where the page's own release no longer walks: ``release_left_out`` cuts
    their links (here <br> runs made paragraphs, elements no parse list holds)."""
    import gc

    runs = "one<br><br>two<br><br>three"
    html = f"<body><article><p>{PROSE}</p><aside><div>{runs}</div></aside><div id=x><div>{runs}</div></div>"
    gc.collect()
    gc.disable()
    try:
        doc = parse(html)
        article = doc.body.element_children()[0]
        set_aside = {node for node in article.iter() if node.attrs.get("id") == "x"}
        for node in article.iter("div"):  # what the article finder's prepare makes of <br> runs
            node.children = [Element("p", {}, node), *node.children]
            node.children[0].children.append(Element("span", {}, node.children[0]))
        in_place = InPlace()
        content, _ = clean_article([(article, False)], set_aside, ALL_FLAGS, in_place)
        assert {node.tag for node in in_place.left_out} == {"aside", "div"}
        release_left_out(in_place)
        release_tree(content)
        release_tree(doc.root, doc.body_elements)
        del doc, article, content, set_aside, node, in_place
        assert gc.collect() == 0
    finally:
        gc.enable()


# -- the line screen's text ------------------------------------------------------------------------
#: Blocks whose lines the screen reads: furniture lines at several depths, with whitespace split
#: over text nodes and inline elements, lines removed between kept ones (their text must leave
#: the enclosing block's), a lazy image given an <img>, nestings closed again, and blocks past
#: the short-text limits (``SHORT_TEXT_MAX_ELEMENTS``, ``SHORT_TEXT_MAX_CHARS``).
SCREENED_BODIES = [
    f"<article><p>{PROSE}</p><div><p>Read more:</p><ul><li><a href='/a'>One</a></li></ul></div></article>",
    f"<article><p>{PROSE}</p><div> Photo: <b>Jane </b>  Doe / Agency\n</div><p>{PROSE}</p></article>",
    f"<article><p>{PROSE}</p><div><div>Share <span>this</span> <div>Follow us</div> story</div></div>"
    f"<section><p>Copyright 2024 Example</p><p>{PROSE}</p></section></article>",
    f"<article><p>{PROSE}</p>" + "".join(f"<div>w{n} " for n in range(40)) + "</div>" * 40 + "</article>",
    f"<article><p>{PROSE}</p>"
    + "".join(f"<div><p>Sign up for our newsletter {n}</p> " for n in range(20))
    + "</div>" * 20
    + "</article>",
    f"<article><p>{PROSE}</p><figure><img data-src='/a.jpg'> Credit: Jane Doe</figure></article>",
    f"<article><p>{PROSE}</p><div>" + "<span>x</span>" * 70 + "Read more</div></article>",
    f"<article><p>{PROSE}</p><div>{'y' * 2100} Read more</div><div>Advertisement</div></article>",
    f"<article><p>{PROSE}</p><div><p>About the author</p><p>Jane writes about ports.</p></div></article>",
]


def screened_texts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make the line screen (``_furniture_line``) check each text the copy walk hands it, gathered
    on the way up, against what ``Element.short_text`` reads on the copy; the texts it was handed."""
    from riptide.engine import cleaning

    screen = cleaning._furniture_line
    gathered: list[str] = []

    def checked(node: Element, share: list[float], raw: str | None = None) -> str | None:
        if raw is not None:
            assert " ".join(raw.split()) == node.short_text(), node
            gathered.append(raw)
        return screen(node, share, raw)

    monkeypatch.setattr(cleaning, "_furniture_line", checked)
    return gathered


def test_the_line_screen_reads_the_text_the_copy_gathered(monkeypatch: pytest.MonkeyPatch) -> None:
    gathered = screened_texts(monkeypatch)
    for body in SCREENED_BODIES:
        release_tree(cleaned(body))
    assert len(gathered) > 50
    assert any(len(" ".join(raw.split())) < len(raw) for raw in gathered)  # collapsed here


def test_the_line_screen_reads_the_text_the_copy_gathered_on_the_corpora(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gathered = screened_texts(monkeypatch)
    pages = 0
    for pattern in ("readability-test-pages/*/source.html.gz", "trafilatura-eval/pages/*.html.gz"):
        for path in sorted(require_shared(SHARED / "data").glob(pattern)):
            extract_article(parse(gzip.decompress(path.read_bytes()).decode("utf-8", "replace")), None)
            pages += 1
    assert pages > 500 and len(gathered) > 10 * pages
