"""The tree builder: HTML recovery rules that matter for extraction, and linear time on hostile input."""

from __future__ import annotations

import time

import pytest

from riptide.engine.dom import (
    MAX_DEPTH,
    SHORT_TEXT_MAX_CHARS,
    SHORT_TEXT_MAX_ELEMENTS,
    Element,
    ShortSizes,
    parse,
)


def body_html(html: str) -> str:
    return parse(html).body.inner_html()


def test_document_always_has_html_head_and_body() -> None:
    doc = parse("just text")
    assert doc.root.tag == "html" and doc.head.tag == "head" and doc.body.tag == "body"
    assert doc.body.text() == "just text"


def test_head_elements_before_body_go_to_head() -> None:
    doc = parse("<title>T</title><meta name=a content=b><p>Body")
    assert [e.tag for e in doc.head.element_children()] == ["title", "meta"]
    assert doc.title == "T" and doc.body.text() == "Body"


def test_html_and_body_attributes_are_merged() -> None:
    doc = parse("<html lang=de><body class=x><p>a</p></body></html>")
    assert doc.root.get("lang") == "de" and doc.body.get("class") == "x"


def test_paragraph_is_closed_by_block_start() -> None:
    assert body_html("<p>one<p>two<div>three</div>") == "<p>one</p><p>two</p><div>three</div>"


def test_list_items_and_table_cells_close_implicitly() -> None:
    assert body_html("<ul><li>a<li>b</ul>") == "<ul><li>a</li><li>b</li></ul>"
    assert body_html("<table><tr><td>1<td>2<tr><td>3</table>") == (
        "<table><tr><td>1</td><td>2</td></tr><tr><td>3</td></tr></table>"
    )


def test_void_elements_have_no_children() -> None:
    assert body_html("<p>a<br>b<img src=x>c</p>") == '<p>a<br>b<img src="x">c</p>'


def test_script_content_is_raw_text_until_its_end_tag() -> None:
    doc = parse('<body><script>if (a<b) x="</div><p>";</script><p>after</p>')
    script = doc.body.find("script")
    assert script is not None and script.children == ['if (a<b) x="</div><p>";']
    assert doc.body.text() == "after"


def test_unclosed_script_swallows_the_rest() -> None:
    doc = parse("<p>before</p><script>never closed <p>hidden")
    assert doc.body.text() == "before"


def test_entities_decoded_in_text_and_attributes_not_in_scripts() -> None:
    doc = parse('<p title="a &amp; b">x &lt; y &eacute;</p><script>a &amp;&amp; b</script>')
    p = doc.body.find("p")
    assert p is not None and p.get("title") == "a & b" and p.text() == "x < y é"
    script = doc.body.find("script")
    assert script is not None and script.children == ["a &amp;&amp; b"]


def test_title_is_rcdata_with_entities_decoded() -> None:
    assert parse("<title>A &amp; <b>B</b></title>").title == "A & <b>B</b>"


def test_stray_end_tags_are_ignored_and_do_not_close_past_table_cells() -> None:
    assert body_html("<div>a</span>b</div>") == "<div>ab</div>"
    assert body_html("<div><table><tr><td><p>x</div>y</td></tr></table></div>") == (
        "<div><table><tr><td><p>xy</p></td></tr></table></div>"
    )


def test_attributes_first_occurrence_wins_and_names_are_lowercased() -> None:
    doc = parse('<a HREF="/one" href="/two" data-X=\'q\' checked>x</a>')
    a = doc.body.find("a")
    assert a is not None and a.attrs == {"href": "/one", "data-x": "q", "checked": ""}


def test_a_stray_quote_after_a_value_does_not_swallow_the_page() -> None:
    # type="text="" is a typo seen on a live news site: the third quote follows a closed value,
    # so it is an ordinary character (HTML's tokenizer), not the opening of a value that would
    # run on to the next quote and take the article with it.
    doc = parse(
        '<form><input type="text="" placeholder="Search" id="q" /></form>'
        '<article class="story"><p>The tunnel reopened.</p><p class="more">It is safe.</p></article>'
    )
    field = doc.body.find("input")
    assert field is not None and field.attrs == {"type": "text=", "placeholder": "Search", "id": "q"}
    assert doc.body.text() == "The tunnel reopened.It is safe."
    assert [node.tag for node in doc.body.iter()] == ["form", "input", "article", "p", "p"]


def test_quoted_values_may_hold_markup_characters_and_follow_spaces_around_equals() -> None:
    doc = parse("""<a href = "x>y" title='it"s' data-b=c>t</a><img alt="a"src="b.png">""")
    a, img = doc.body.find("a"), doc.body.find("img")
    assert a is not None and a.attrs == {"href": "x>y", "title": 'it"s', "data-b": "c"}
    assert img is not None and img.attrs == {"alt": "a", "src": "b.png"}


def test_comments_and_doctype_are_dropped() -> None:
    assert body_html("<!DOCTYPE html><!-- a comment <p>not a para</p> --><p>x</p>") == "<p>x</p>"


def test_nesting_beyond_max_depth_is_flattened_not_lost() -> None:
    doc = parse("<div>" * (MAX_DEPTH + 50) + "deep")
    assert doc.body.text() == "deep"
    deepest = max((node.depth() for node in doc.body.iter()), default=0)
    assert deepest <= MAX_DEPTH + 1


def test_element_count_is_reported() -> None:
    assert parse("<p><b>x</b></p>").element_count == 5  # html, head, body, p, b


def test_body_elements_list_the_body_in_document_order_as_parsed() -> None:
    """The metadata scan reads this list instead of walking the tree: it must be the same walk.

    The markup exercises every way the builder makes an element: head elements before the body
    (not listed), implied and stray end tags, a stray </br> and </p> (elements made by an end
    tag), raw text, and nesting flattened at MAX_DEPTH.
    """
    html = (
        "<title>T</title><meta name=a content=b><template><i>t</i></template>"
        "<p>one<div>two<ul><li>a<li>b</ul></div></br></p><table><tr><td>1<td>2</table>"
        "<script>var x = '<b>';</script><a href=/x>x</a>" + "<span>" * (MAX_DEPTH + 5) + "deep<b>last</b>"
    )
    doc = parse(html)
    walked = list(doc.body.iter())
    assert doc.body_elements == walked
    assert [e.tag for e in walked[:6]] == ["i", "p", "div", "ul", "li", "li"]
    assert doc.element_count == 3 + len(doc.head.element_children()) + len(walked)


def test_removing_an_element_detaches_it_from_its_parent() -> None:
    doc = parse("<div id=a><p id=b>x</p><p id=c>y</p></div>")
    div = doc.body.find("div")
    assert div is not None
    b, c = div.element_children()
    b.remove()
    assert b.parent is None and div.element_children() == [c]


def parse_seconds(markup: str) -> float:
    """Best of three, in this thread's CPU time: a shared machine's pause (another pytest-xdist
    worker's load) must not pass for quadratic cost."""
    best = float("inf")
    for _ in range(3):
        started = time.thread_time()
        parse(markup)
        best = min(best, time.thread_time() - started)
    return best


@pytest.mark.parametrize(
    "unit",
    [
        "<a<a",
        "</a</a",
        '<a "',
        "<a '",
        "<!--",
        '<p x="',
        '<p x="y""',
        "<p x=='",
        "<table><td>",
        "<b><i>",
        "&amp;",
        "</div>",
        "x<!---->",
        "x</i>",
    ],
)
def test_hostile_input_parses_in_linear_time(unit: str) -> None:
    small, large = parse_seconds(unit * 5_000), parse_seconds(unit * 40_000)
    # 8x the input may cost at most ~8x the time (generous slack for a shared machine);
    # quadratic behaviour would cost 64x.
    assert large < max(0.05, small * 24), f"{unit!r}: {small:.4f}s for 5k, {large:.4f}s for 40k"


@pytest.mark.parametrize(
    ("open_above", "unit"),
    [("<b>", "<li>x"), ("<span>", "<td>x"), ("<b>", "<p>x"), ("<span>", "<a>x"), ("<b>", "</i>x")],
)
def test_implied_and_end_tags_cost_nothing_for_the_depth_of_the_stack(open_above: str, unit: str) -> None:
    shallow = parse_seconds(open_above * 2 + unit * 20_000)
    deep = parse_seconds(open_above * (MAX_DEPTH - 6) + unit * 20_000)
    # Walking the open-element stack per token made the deep stack cost ~8x.
    assert deep < max(0.05, shallow * 3), f"{open_above}{unit}: {shallow:.4f}s at 2, {deep:.4f}s deep"


def test_scope_rules_hold_under_a_deep_stack() -> None:
    deep = "<b>" * 200
    assert body_html(deep + "<ul><li>a<li>b</ul>").endswith("<ul><li>a</li><li>b</li></ul>" + "</b>" * 200)
    cells = body_html(deep + "<table><tr><td>1<td>2<tr><td>3</table>")
    assert "<table><tr><td>1</td><td>2</td></tr><tr><td>3</td></tr></table>" in cells
    assert body_html("<p>a<button>b<p>c</button>") == "<p>a<button>b<p>c</p></button></p>"
    assert body_html("<table><tr><td><b>x</div>y</td></tr></table>") == (
        "<table><tr><td><b>xy</b></td></tr></table>"
    )


@pytest.mark.parametrize("unit", ["x<!---->", "x</i>"])
def test_long_runs_of_split_text_parse_in_linear_time(unit: str) -> None:
    small, large = parse_seconds("<p>" + unit * 25_000), parse_seconds("<p>" + unit * 200_000)
    # Adding each piece to the previous string copied it: 8x the input cost ~60x.
    assert large < max(0.05, small * 24), f"{unit!r}: {small:.4f}s for 25k, {large:.4f}s for 200k"


def test_text_pieces_split_by_comments_and_stray_end_tags_are_one_string() -> None:
    doc = parse("<p>a<!-- c -->b</i>c&amp;<!---->d</p>")
    p = doc.body.find("p")
    assert p is not None and p.children == ["abc&d"]


def test_adopt_moves_elements_in_order_and_detaches_them() -> None:
    doc = parse("<div id=a><p id=1>x</p>t<p id=2>y</p></div><div id=b><p id=3>z</p></div>")
    moved = [e for e in doc.body.iter("p")]
    container = Element("div")
    container.adopt(moved)
    assert [c.id for c in container.element_children()] == ["1", "2", "3"]
    assert all(p.parent is container for p in moved)
    a, b = doc.body.element_children()
    assert a.children == ["t"] and b.children == []


def test_walk_skips_whole_subtrees_and_keeps_document_order() -> None:
    doc = parse(
        "<div id=a><script><p id=x></script><template><p id=y></p></template><p id=b><i id=c></i></p></div>"
    )
    assert [e.id or e.tag for e in doc.body.walk(frozenset({"template", "script"}))] == ["a", "b", "c"]


def test_short_text_is_text_up_to_its_limits_and_none_past_them() -> None:
    most, longest = SHORT_TEXT_MAX_ELEMENTS, SHORT_TEXT_MAX_CHARS

    def block(html: str) -> Element:
        found = parse(f"<body><div id=b>{html}</div>").body.find("div")
        assert found is not None
        return found

    assert block(" a <b>bold</b>\n c ").short_text() == "a bold c"
    assert block("<i></i>" * most + "x").short_text() == "x"
    assert block("<i></i>" * (most + 1) + "x").short_text() is None
    assert block("y" * longest).short_text() == "y" * longest
    assert block("y" * (longest + 1)).short_text() is None
    assert block("\n" * (longest - 1) + "<b>z</b>").short_text() == "z"  # whitespace counts before collapsing
    assert block("\n" * longest + "<b>z</b>").short_text() is None
    # a skipped element counts once and is not read: its text counts nothing
    assert block("<script>" + "s" * 10 * longest + "</script>ok").short_text() == "ok"
    assert block("<script></script>" * most + "ok").short_text() == "ok"
    assert block("<script></script>" * (most + 1) + "ok").short_text() is None
    assert block("<b>" * (most + 1) + "deep").short_text() is None


class _CountedChildren(list):  # type: ignore[type-arg]
    """A children list that counts how often it is read through."""

    reads = 0

    def __iter__(self):  # type: ignore[no-untyped-def]
        self.reads += 1
        return super().__iter__()


def test_short_sizes_answer_as_short_text_counting_each_element_once() -> None:
    """Asked top-down through chains of nested blocks over wide and long subtrees (the grab's
    order), a ShortSizes answers each element as its short_text does, and reads each element's
    children once in all: what lies below an element asked about is not counted again."""
    chains = (
        "<div>" * 70 + "<span></span>" * 40 + "x" + "</div>" * 70,
        "<section>" * 30 + " " * 3000 + "y" + "</section>" * 30,
        "<div>" * 10 + "<script>" + "s" * 5000 + "</script>" + "<i></i>" * 60 + "z" + "</div>" * 10,
        "<ul><li>" * 40 + "<b>item</b>" * 30 + "</li></ul>" * 40,
    )
    html = "<body>" + "".join(chains)
    counted, read = list(parse(html).body.iter()), list(parse(html).body.iter())
    for element in counted:
        element.children = _CountedChildren(element.children)
    sizes = ShortSizes()
    for element, same in zip(counted, read, strict=True):
        assert sizes.past(element) == (same.short_text() is None), same
    assert max(element.children.reads for element in counted) == 1  # type: ignore[attr-defined]
    assert all(sizes.text(element) == same.short_text() for element, same in zip(counted, read, strict=True))
