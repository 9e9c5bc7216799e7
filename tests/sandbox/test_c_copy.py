"""The cleaner's copy walk in C (csrc/copypass/): in the component only, leaving the cleaning
state (vectors, spans, targets, data tables, gone, furniture length, copied tree) and the
cleaned article exactly as the pure-Python ``cleaning._Content.copy`` that states its rules, and
the page's tags and attributes as parsed (a copy shares its element's attributes when it strips
none, so a step changing them in place would change the page the next attempt reads).

The comparison runs inside the guest, where the C module lives: a test component answers a
marker input by cleaning the page both ways, each on its own parse, and reporting the first
difference (copy_check_guest_extra.py). Inputs: every page of both shared corpora, the markup
soup of tests/engine/test_markup_soup.py, hostile nesting past the parser's depth cap, and
"copy soup" made of what the walk hands back to Python: embeds (video or not), low-weight
headings, furniture lines and the labels before teasers and bios, classed boxes, lazy images,
data and layout tables, in-page links, presentational attributes.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.engine.test_markup_soup import SEEDS, soup
from tests.sandbox.conftest import guest_checker, guest_verdict
from tests.sandbox.test_c_core import corpus_pages, hostile_nesting, needs_toolchain, short_text_limit_pages

from riptide import Extractor
from riptide.engine import cleaning
from riptide.engine.article_rules import ALL_FLAGS

#: Inputs starting with this are checks for the test component (copy_check_guest_extra.py).
COPY_CHECK_MARKER = "RIPTIDE-COPY-CHECK\n"
COPY_SKEW_MARKER = "-SKEW\n"
PIECES = (
    "<div>", "</div>", "<p>", "</p>", "<section>", "</section>", "<span>", "</span>",
    "<h1>", "</h1>", "<h2 class=comment>", "</h2>", "<h2>", "<h3>", "</h3>", "<h1 id=sidebar>",
    "<iframe src='https://www.youtube.com/embed/x'></iframe>", "<iframe src=ad.html></iframe>",
    "<object><param value='//player.vimeo.com/v'></object>", "<embed src=x.swf>",
    "<p>Read more: the other story</p>", "<p>Mehr zum Thema</p>", "<h3>Related stories:</h3>",
    "<p>Photo: Jane Doe</p>", "<p>Updated 3 May 2024 10:00</p>", "<p>Über den Autor</p>",
    "<p>All rights reserved.</p>", "<p>Jane writes about cities, trains and rivers.</p>",
    "<ul><li><a href=/a>One teaser headline</a></li><li><a href=/b>Two</a></li></ul>",
    "<div class='share-bar'>Share</div>", "<div class=newsletter-signup>Sign up, now</div>",
    "<div class=author-bio>Jane is a writer.</div>", "<p class=editorial-disclaimer>We disclose.</p>",
    "<div class=caption>A caption, short</div>", "<span class=photo-credit>Credit</span>",
    "<div id=main class=content>", "<div class=comment>", "<p class='x' id='y'>",
    "<img src=a.png>", "<img data-src=lazy.jpg>", "<img class=lazy src=data:image/gif;base64,R0lGOD>",
    "<img srcset='b.jpg 2x' data-srcset='c.jpg 1x, d.jpg 2x'>", "<figure data-src=e.png></figure>",
    "<picture data-src=f.webp></picture>", "<img src='data:image/svg+xml;base64,PHN2Zz4='>",
    "<table><tr><th>h</th><td>1</td></tr></table>", "<table role=presentation><tr><td>x</td></tr></table>",
    "<table summary=s><tr><td>1</td><td>2</td></tr></table>", "<table>", "<tr>", "<td>", "</td>",
    "</tr>", "</table>", "<td colspan=3 width=9 align=left>", "<caption>c</caption>", "<thead>",
    "<a href='#note'>", "<a href='#'>", "<a href='/x'>", "</a>", "<form>", "</form>", "<input>",
    "<footer>f</footer>", "<aside>a</aside>", "<script>s</script>", "<button>b</button>",
    "<div style='color:red' align=center bgcolor=x>", "<hr width=3>", "<pre width=80>", "</pre>",
    "<ol>", "</ol>", "<ul>", "</ul>", "<li>", "</li>", "<br>", "<figcaption>", "</figcaption>",
    "text", "a, b, c", " \t\n ", "\u00a0", "\u3000words\u2002more\u2029", "end\f", ",", "é, ü",
)  # fmt: skip


def copy_soup(seed: int) -> str:
    rng = random.Random(seed)
    return "<body>" + "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 250)))


@pytest.fixture(scope="module")
def copy_checker(checks_component: Path, make_settings) -> Iterator[Extractor]:  # type: ignore[no-untyped-def]
    with guest_checker("copy_check_guest_extra.py", checks_component, make_settings) as checker:
        yield checker


def copied_differ(checker: Extractor, html: str) -> str | None:
    """None when the C walk copied and cleaned ``html`` as ``_Content.copy`` did, else what differed."""
    return guest_verdict(checker, COPY_CHECK_MARKER, html, "copied equal")


def test_host_copies_in_python() -> None:
    assert cleaning.COPY_IN == "python"


@needs_toolchain
def test_c_walk_copies_as_python_on_both_corpora(copy_checker: Extractor) -> None:
    pages = list(corpus_pages())
    assert len(pages) >= 600
    different = {name: detail for name, html in pages if (detail := copied_differ(copy_checker, html))}
    assert different == {}


def element_dense() -> list[str]:
    """Issue 12's element-dense shapes (benchmarks/hostile_inputs.py), small: forms and list
    items under ~250 open elements, and the same forms under one div. Each copied or grabbed
    element is made and linked through the Element slots written in place (csrc/element_slots.h),
    and the grab makes a paragraph per text run between the forms."""
    forms = "".join(f"<form><input name=f{i}></form>text {i}, " for i in range(300))
    items = "".join(f"<li>item {i}, words" for i in range(300))
    return ["<div>" * 250 + forms, "<div>" + forms, "<b>" * 250 + items]


#: Row and cell spans: plain numbers the C walk reads itself (nine digits at most, and three of
#: those in a row or column sum past 2**31: wasm32's long), and values only int() reads (those
#: send the whole table to Python, so a table has them or not).
PLAIN_SPANS = ("2", "3", "02", "0", "1", "''", "999999999")
ODD_SPANS = ("' 3'", "x", "+2", "99999999999", "\u0663", "1_0")


def table_soup(seed: int) -> str:
    """Tables the copy judges data or layout (cleaning._is_marked_data_table): 1-12 rows of 1-6
    cells (around every threshold), spans, role/datatable/summary attributes, rows in rows."""
    rng = random.Random(seed)
    out = ["<body><div><p>" + "words " * 30 + "</p>"]
    for _ in range(rng.randint(1, 4)):
        attrs = rng.choice(
            ("",) * 6 + (" role=presentation", " datatable=0", " summary=''", " summary=s", " role=x")
        )
        spans = PLAIN_SPANS + ODD_SPANS if rng.random() < 0.15 else PLAIN_SPANS
        nested = rng.random() < 0.05
        out.append(f"<table{attrs}>" + rng.choice(("", "", "<tbody>", "<thead>")))
        for _ in range(rng.randint(1, 12)):
            out.append("<tr rowspan=" + rng.choice(spans) + ">" if rng.random() < 0.1 else "<tr>")
            for _ in range(rng.randint(1, 6)):
                span = " colspan=" + rng.choice(spans) if rng.random() < 0.4 else ""
                out.append(f"<td{span}><a href=/x>cell</a> y</td>")
            out.append("<tr><td>x</td></tr></tr>" if nested else "</tr>")
        out.append("</table>")
    return "".join(out) + "</div>"


def span_overflow_tables() -> list[str]:
    """Tables whose plain spans sum past 2**31 (wasm32's ``long``) in a row, down the rows, or
    both: Python's ints do not wrap, so neither may the C walk's sums."""
    words = "<body><div><p>" + "words " * 30 + "</p>"
    wide = "<tr>" + "<td colspan=999999999><a href=/x>cell</a> y</td>" * 3 + "</tr>"
    tall = "<tr rowspan=999999999><td>a</td><td>b</td></tr>"
    return [
        words + "<table>" + wide * 2 + "</table></div>",
        words + "<table>" + tall * 3 + "</table></div>",
        words + "<table>" + (wide + tall) * 5 + "</table></div>",
    ]


@needs_toolchain
def test_c_walk_copies_as_python_on_soup_and_hostile_nesting(copy_checker: Extractor) -> None:
    inputs = [soup(seed) for seed in SEEDS] + [copy_soup(seed) for seed in range(400)]
    inputs += [table_soup(seed) for seed in range(300)] + span_overflow_tables()
    inputs += [hostile_nesting(seed) for seed in range(100)] + element_dense() + short_text_limit_pages()
    different = [detail for html in inputs if (detail := copied_differ(copy_checker, html))]
    assert different == []


@needs_toolchain
def test_copy_check_sees_a_difference(copy_checker: Extractor) -> None:
    """The check can fail: one comma more in the Python side's first vector is reported."""
    detail = copied_differ(copy_checker, COPY_SKEW_MARKER + "<p>a, b</p>")
    assert detail is not None and "internal-error" in detail and "'p'" in detail


def test_copy_soup_exercises_the_hooks() -> None:
    """The soup reaches every step the C walk hands back to Python (else the comparison above
    could not fail there): skipped embeds and headings, furniture lines, boxes, lazy images,
    data tables, in-page links."""
    from riptide.engine.dom import parse

    seen = {"skips": 0, "furniture": 0, "box": 0, "lazy": 0, "data table": 0, "hash link": 0}
    for seed in range(400):
        body = parse(copy_soup(seed)).body
        content = cleaning._Content(cleaning.Element("div"), set(), ALL_FLAGS)
        below = list(body.iter())
        seen["skips"] += sum(content.skips(node) for node in below if node.tag in cleaning._ASKED_BEFORE_COPY)
        content.copy(body, True)
        seen["furniture"] += content.furniture_length > 0
        seen["box"] += any(node.tag == "figcaption" and "class" in node.attrs for node in content.vectors)
        seen["lazy"] += any(node.attrs.get("src") in ("lazy.jpg", "e.png") for node in content.vectors)
        seen["hash link"] += any(node.attrs.get("href", "").startswith("#") for node in content.vectors)
        seen["data table"] += len(content.data_tables)
    assert all(seen.values()), seen
