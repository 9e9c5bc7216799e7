"""The Markdown walks, the word count and the quality signals' line counts in C (csrc/mdpass/),
and Element.text in C (csrc/treewalk.c): in the component only, giving exactly what the
pure-Python code that states their rules gives (``render_markdown`` without ``_mdpass``,
``count_words_python``, ``quality._line_counts_python``, the Python branch of ``Element.text``).

The comparison runs inside the guest, where the C modules live: a test component answers a
marker input by rendering the page both ways (the whole page, the subtrees of its first 25
blocks, and its article), counting the words and lines of each rendering's plain text and of
every text node, reading every element's text, table rows and table shape (``table_rows`` and
``table_shape`` in C, csrc/mdpass/tables.c, against ``table_rows_python`` and
``table_shape_python``), and reports the first difference
(mdpass_check_guest_extra.py). Inputs: every page of both shared corpora (every other one here,
the rest in test_c_mdpass_corpora.py), the markup soup of
tests/engine/test_markup_soup.py, hostile nesting past the parser's depth cap, and "Markdown
soup" made of what the walks look at: emphasis nested in itself and misnested, links (inside
links, to the page itself, to no http(s) URL, with spaces and breaks around their text,
parentheses in the URL, permalink symbols), code spans, <br> runs inside emphasis, lists,
quotes and definitions nested past MAX_PREFIX_NESTING, tables, <pre>, figures, hidden and
skipped elements, blocks inside inline elements, and text holding every character that may be
escaped, whitespace of every kind, spaceless scripts and astral characters; and line soups of
sentence ends, closers and whitespace.
"""

from __future__ import annotations

import html
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.engine.test_hostile_inputs import SHAPES
from tests.engine.test_markup_soup import SEEDS, soup
from tests.sandbox.conftest import guest_checker, guest_verdict
from tests.sandbox.test_c_core import corpus_pages, hostile_nesting, needs_toolchain
from tests.sandbox.test_c_passes import href_soup

from riptide import Extractor
from riptide.engine import plaintext, quality

#: Inputs starting with this are checks for the test component (mdpass_check_guest_extra.py).
MDPASS_CHECK_MARKER = "RIPTIDE-MDPASS-CHECK\n"
MDPASS_SKEW_MARKER = "-SKEW\n"
OPENERS = (
    "<b>", "<strong>", "<i>", "<em>", "<del>", "<s>", "<strike>", "<b class=x>", "<a href=/x>",
    "<a href='#top'>", "<a>", "<a href='javascript:x()'>", "<a href='/p(1'>", "<span>", "<code>", "<kbd>",
    "<p>", "<div>", "<div hidden>", "<section>", "<ul>", "<ol start=3>", "<ol start=x>", "<li>", "<menu>",
    "<ol start=99999999999999999999>",
    "<blockquote>", "<dl>", "<dt>", "<dd>", "<h1>", "<h3>", "<h6>", "<table>", "<tr>", "<td>",
    "<th colspan=2>", "<table role=presentation>", "<figure>", "<figcaption>", "<pre>",
    "<pre class='language-py'>", "<center>", "<font>", "<label>", "<template>", "<noscript>",
)  # fmt: skip
CLOSERS = (
    "</b>", "</strong>", "</i>", "</em>", "</del>", "</a>", "</span>", "</code>", "</p>", "</div>",
    "</ul>", "</ol>", "</li>", "</blockquote>", "</dl>", "</h1>", "</table>", "</td>", "</figure>", "</pre>",
)  # fmt: skip
LEAVES = (
    "text", " ", "  ", "\n\t ", "", "a*b", "snake_case", "_lead", "trail_", "[x]", "`tick`", "a\\b",
    "\\*", "<", "&amp;amp;", "&lt;tag&gt;", "1. not a list", "# not a heading", "- dash", "> quote",
    "===", "---", "~~~", "+ plus", "42) x", "\u00a0nbsp\u00a0", "\u2003em\u3000space", "\u00adshy",
    "\u0663. an Arabic-Indic digit", "1\u0663. digits mixed", "1234567890. ten digits",
    "¶", "#", "§", "日本語のテキスト", "ภาษาไทย", "\U0001d400\U0001f600 astral", "x\x1cy", "— | &",
    "<br>", "<br><br>", "<br> <br> <br>", "<hr>", "<img src=a.png alt='an *alt*'>", "<img src=''>",
    "<img src=t.gif width=1 height=1>", "<input value=x>", "<script>x()</script>", "<b></b>", "<i> </i>",
    "<b> spaced </b>", "<em>\n</em>", "<b>a<br><br>b</b>", "<a href=/y> </a>", "<a href='#h'>¶</a>",
    "<a href=' /z '>\n spaced link <br></a>", "<a href=' \t#h'>§</a>", "<a href='/h'>#</a>",
    "<a href=''>x</a>", "<a href='page.html#top'>self</a>", "<a href='/w(1)'>(balanced)</a>",
    "<a href='/u)'>x</a>", "<a href='mailto:x@y'>mail</a>", "<a href=/o><a href=/i>in</a>side</a>",
    "<a href=/e><b></b></a>",
)  # fmt: skip

#: Tables whose rows sit in every place table_rows looks (and some it does not): row groups,
#: rows without cells, cells beside other elements and text, nested tables, and the shape of a
#: table left open past the parser's depth cap.
TABLES = (
    "<table><caption>c</caption><thead><tr><th>h1<th colspan=2>h2</thead><tbody><tr><td>a<td>b"
    "<tr></tr><tr><td>c</tbody><tfoot><tr><td>f</tfoot><tr><td>d<td>e</table>",
    "<table><tbody><tr><td>1<td>2</tbody><tbody><tr><td>3</tbody><colgroup><col></colgroup></table>",
    "<table><tr><td>x<table><tr><td>in<td>ner</table><td>y</tr><tr><th>z<td>w</table>",
    "<table><tr>text<td>a</td><span>s</span><th>b</th><td hidden>c</td></tr></table>",
    "<table><tr><td>cell, more text " * 400,
    "<table><tr><td>one<tr><td>column</table><table><tr><td>one<td>row</table><table></table>",
    "<table><tr></tr><tr><td>a<td>b<td>c</tr><tbody><tr><th>d</tbody><tr><td>e<td>f</table>",
    "<table><tr><td>" + "<tr><td>x" * 300 + "<tr><td>wide<td>row</table>",
    # column spans as _colspan reads them: stripped (str.strip's spaces), ASCII digits, 1 to 100
    "<table><tr><td colspan=' 3 '>a<td colspan=0>b<td colspan=250>c<td colspan=0100>d<td colspan=²>e"
    "<td colspan=x>f<td colspan=''>g<td colspan='\u00a02\u2003'>h<td colspan=-2>i<td colspan=2.5>j"
    "<tr><td colspan=99999999999999999999>k<td colspan='1 2'>l<td colspan=\u0662>m</table>",
    # cells of one text (the C paths' shortcut) beside cells that need the walk: spaces at the
    # ends and doubled, every escape character, pipes, non-ASCII, soft hyphens, empty and hidden
    # cells, trailing empty cells, a row of empty cells
    "<table><tr><td> lead<td>trail <td>dou  ble<td>tab\tbed<td>a*b<td>`c`<td>[d]<td>snake_case"
    "<td>a\\b<td>&lt;x&gt;<td>&amp;amp;<td>p|q<td>||<td>caf\u00e9<td>\u00a0nb\u00a0<td>Mit\u00adtel"
    "<td>\u00ad<td><td hidden>gone<td><b>bold</b><td>x<br>y<td>\x1cz<tr><td>only<td><td> <td>"
    "<tr><td><td>  <td>\n</tr><tr><th>\u3000wide\u3000space</th></table>",
    # a wide first row over more one-cell rows than padding allows (rows left unpadded)
    "<table><tr>" + "<td>head" * 50 + "</tr>" + "<tr><td>row" * 60 + "</table>",
    # spans past MAX_SPANNED_COLUMNS (a span crossing it, and cells after it), then a row under it
    "<table><tr>" + "<td colspan=99>s" * 10 + "<td colspan=30>t<td colspan=5>u<td>v"
    "<tr>" + "<td colspan=100>w" * 9 + "<td colspan=100>y</table>",
)


def markdown_soup(seed: int) -> str:
    """Seeded: openers, closers and leaves at random, now and then a deep run of one opener."""
    rng = random.Random(seed)
    parts = []
    for _ in range(rng.randint(1, 300)):
        roll = rng.random()
        if roll < 0.02:
            parts.append(rng.choice(OPENERS) * rng.randint(10, 40))
        elif roll < 0.4:
            parts.append(rng.choice(OPENERS))
        elif roll < 0.6:
            parts.append(rng.choice(CLOSERS))
        else:
            parts.append(rng.choice(LEAVES))
    return "<body>" + "".join(parts)


@pytest.fixture(scope="module")
def mdpass_checker(checks_component: Path, make_settings) -> Iterator[Extractor]:  # type: ignore[no-untyped-def]
    with guest_checker("mdpass_check_guest_extra.py", checks_component, make_settings) as checker:
        yield checker


def mdpass_differ(checker: Extractor, html: str) -> str | None:
    """None when the C paths answered as the Python code on ``html``, else what differed."""
    return guest_verdict(checker, MDPASS_CHECK_MARKER, html, "mdpass equal")


def test_host_counts_words_in_python() -> None:
    assert plaintext._count_words_c is None
    assert quality._line_counts_c is None


#: What a line's end may hold, for the line counts (quality.text_signals): sentence ends,
#: closers, whitespace of every kind between and after them, and multi-byte characters.
LINE_PIECES = (
    "word", " ", "\t", "\r", "\u00a0", "\u2003", "\u3000", "\n", "\n\n", ".", "!", "?", ":", ";", "…", "。",
    "！", "？", '"', "'", "”", "’", "»", ")", "]", "」", "』", "(", "«", "日本", "é", "\U0001d400", ",", "-",
)  # fmt: skip


def line_soup(seed: int) -> str:
    """Seeded: up to 200 line pieces, escaped for a <pre> (each text node keeps its lines)."""
    rng = random.Random(seed)
    return html.escape("".join(rng.choice(LINE_PIECES) for _ in range(rng.randint(0, 200))))


@needs_toolchain
def test_c_line_counts_answer_as_python_on_line_soup(mdpass_checker: Extractor) -> None:
    pages = [[line_soup(seed * 20 + k) for k in range(20)] for seed in range(40)]
    inputs = ["<body><pre>" + "</pre><pre>".join(soups) for soups in pages]
    different = [detail for page in inputs if (detail := mdpass_differ(mdpass_checker, page))]
    assert different == []


def corpus_half(parity: int) -> list[tuple[str, str]]:
    """Every other page of both shared corpora, from the first (0) or the second (1).

    Why halves: this check is the suite's longest (~6 min of guest time), and ``scripts/test``
    hands each file whole to one worker; the other half runs in test_c_mdpass_corpora.py, so
    the two workers share it."""
    pages = list(corpus_pages())
    assert len(pages) >= 600
    return pages[parity::2]


def differences_on(checker: Extractor, pages: list[tuple[str, str]]) -> dict[str, str]:
    return {name: detail for name, html in pages if (detail := mdpass_differ(checker, html))}


@needs_toolchain
def test_c_walks_answer_as_python_on_the_first_half_of_both_corpora(mdpass_checker: Extractor) -> None:
    assert differences_on(mdpass_checker, corpus_half(0)) == {}


@needs_toolchain
def test_c_walks_answer_as_python_on_soup_and_hostile_nesting(mdpass_checker: Extractor) -> None:
    inputs = [soup(seed) for seed in SEEDS] + [markdown_soup(seed) for seed in range(400)]
    inputs += [hostile_nesting(seed) for seed in range(100)] + [
        "<body>" + unit * 300 for unit in SHAPES.values()
    ]
    inputs += ["<body>" + table for table in TABLES]
    inputs += [href_soup(seed) for seed in range(150)]  # hrefs the walk resolves itself, and near misses
    different = [detail for html in inputs if (detail := mdpass_differ(mdpass_checker, html))]
    assert different == []


@needs_toolchain
def test_a_difference_is_reported(mdpass_checker: Extractor) -> None:
    """The check can fail: one character more in the Python rendering is seen."""
    html = "<body><p>Some <b>bold</b> text</p>"
    assert mdpass_differ(mdpass_checker, html) is None
    verdict = mdpass_differ(mdpass_checker, MDPASS_SKEW_MARKER + html)
    assert verdict is not None and "render_markdown" in verdict
