"""The passes' C loops (csrc/fastpass/): in the component only, with the answers of the
pure-Python functions that state their rules (``metadata_candidates``, ``next_page_candidates``;
``render_text`` against ``render_text_python`` on the whole tree and on block subtrees).

The comparisons run inside the guest, where the C module lives: a test component answers a
marker input by running both on the page's tree and reporting the first difference
(passes_check_guest_extra.py). Inputs: every page of both shared corpora, the markup soup of
tests/engine/test_markup_soup.py, the hostile nestings of tests/engine/test_hostile_inputs.py
repeated past the depth cap, text with every kind of Unicode space, and attribute soup made of
hint words in every case, split and glued, beside the characters whose lower case is special
("İ", the Kelvin sign, "ſ", "Σ"), script types (JSON-LD in any case, near misses) and rel words
(author, tag in any case, nofollow…). ``scan_body`` (the body scan's loop) is compared with
``_scan_body_python`` on the same inputs, everything each gathers, also past its caps.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
from tests.engine.test_hostile_inputs import SHAPES
from tests.engine.test_markup_soup import SEEDS, soup
from tests.sandbox.conftest import guest_checker, guest_verdict
from tests.sandbox.test_c_core import corpus_pages, needs_toolchain

from riptide import Extractor
from riptide.engine import metadata, pagination

#: Inputs starting with this are checks for the test component (passes_check_guest_extra.py).
PASSES_CHECK_MARKER = "RIPTIDE-PASSES-CHECK\n"
TAGS = (
    "div",
    "span",
    "a",
    "time",
    "meta",
    "link",
    "h1",
    "h2",
    "h3",
    "p",
    "title",
    "section",
    "script",
    "area",
)
ATTRIBUTE_NAMES = (
    *("class", "id", "aria-label", "itemprop", "rel", "datetime", "href", "data-date", "CLASS", "HREF"),
    *("type", "rel", "type"),
)
VALUE_PIECES = (
    *metadata.HINT_WORDS,
    *("AUTHOR", "Date", "wRiT", "TIME", "Fecha", "BreadCrumb", "autho", "dat", "tim", "pub", "lish"),
    *("wr\u0130t", "\u0130", "\u212a", "\u017f", "\u03a3", "é", "ß", " ", "-", "_", "1", "x", "nav", ""),
    *("0", "9", "/page/", "\u0663", "\uff12", "next", "?p=", "#"),
    # hrefs of the next-page filter: absolute, root-relative, hostless, escaped, other hosts
    *("http://", "HTTPS://", "http:///", "//", "/", "fakehost", "FakeHost/", "%32", "2", "?page=", "NEXT"),
    # script types and rel words the body scan reads or not
    *("application/", "ld+json", "LD+Json", "ld+jso", "text/javascript", "nofollow", "noopener"),
    *("Author", "tag", "TAG", "Tag", "ta", "t\u0130g", "\u212aag"),
)


def attribute_soup(seed: int) -> str:
    rng = random.Random(seed)
    parts = []
    for _ in range(rng.randint(1, 60)):
        attrs = []
        for _ in range(rng.randint(0, 3)):
            value = "".join(rng.choice(VALUE_PIECES) for _ in range(rng.randint(0, 4)))
            attrs.append(f'{rng.choice(ATTRIBUTE_NAMES)}="{value}"')
        tag = rng.choice(TAGS)
        parts.append(f"<{tag} {' '.join(attrs)}>text</{tag}>")
    return "<body>" + "".join(parts)


@pytest.fixture(scope="module")
def passes_checker(make_settings) -> Iterator[Extractor]:  # type: ignore[no-untyped-def]
    with guest_checker("passes_check_guest_extra.py", "passes-check", make_settings) as checker:
        yield checker


def passes_differ(checker: Extractor, html: str) -> str | None:
    """None when the C loops answered as the Python functions on ``html``, else what differed."""
    return guest_verdict(checker, PASSES_CHECK_MARKER, html, "passes equal")


def test_host_runs_the_python_loops() -> None:
    assert metadata.CANDIDATES_IN == "python"


@needs_toolchain
def test_built_component_runs_the_c_loops(extractor: Extractor) -> None:
    assert "passes:c" in extractor.sandbox.info()["features"]


@needs_toolchain
def test_c_loops_answer_as_python_on_both_corpora(passes_checker: Extractor) -> None:
    pages = list(corpus_pages())
    assert len(pages) >= 600
    different = {name: detail for name, html in pages if (detail := passes_differ(passes_checker, html))}
    assert different == {}


@needs_toolchain
def test_c_loops_answer_as_python_on_soup(passes_checker: Extractor) -> None:
    inputs = [soup(seed) for seed in SEEDS] + [attribute_soup(seed) for seed in range(300)]
    # long pages: past the body scan's MAX_CANDIDATES of each kind (scan_body's caps)
    inputs += [attribute_soup(seed) + attribute_soup(seed + 1) * 12 for seed in range(300, 320)]
    different = [detail for html in inputs if (detail := passes_differ(passes_checker, html))]
    assert different == []


#: Text nodes with ASCII and other Unicode spaces at either end and inside, soft hyphens, <br>
#: runs, permalink anchors, <pre> and tables: the writer's every branch.
TEXT_EDGES = (
    "<body><p>\u2003lead\u00a0and\u3000trail\u2028</p><p>x\x1cy\x85z</p> <b> </b>"
    "<div>a<br><br><br>b<br>c</div><h2>Head <a href='#h'>\u00b6</a></h2><a href='#x'>keep</a>"
    "<ul><li>one<p>para</p><p>two</p></li><li><dl><dt>t<dd>d</dl></li></ul>"
    "<pre>\n  code\u00a0 \n\n</pre><table><tr><td>a<td>b<tr><td>c\u00ad<td></table>"
    "<table><tr><td>layout</table><figure>fig<figcaption>cap</figcaption></figure>"
    "<p hidden>no</p><p>Mit\u00adtel</p>\t\n"
)


#: Every whitespace character str.isspace knows, and characters whose UTF-8 begins as one does.
SPACES = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B)))
SPACES += "\u2028\u2029\u202f\u205f\u3000"
NEAR_SPACES = "\x86\xa1\u1681\u200b\u2014\u2019\u2027\u202a\u2060\u20ac\u3001\ufeff\u180e"
SPACE_EDGES = "<body>" + "".join(
    f"<p>{a}x{b}y{c}</p><li>{b}{c}</li>"
    for a in SPACES
    for b in NEAR_SPACES[:4]
    for c in (SPACES[-3:] + NEAR_SPACES[4:])
)


@needs_toolchain
def test_c_loops_answer_as_python_on_hostile_nesting_and_text_edges(passes_checker: Extractor) -> None:
    inputs = ["<body>" + unit * 400 for unit in SHAPES.values()] + [TEXT_EDGES, TEXT_EDGES * 3, SPACE_EDGES]
    different = [detail for html in inputs if (detail := passes_differ(passes_checker, html))]
    assert different == []


def test_attribute_soup_has_candidates_and_others() -> None:
    """The soup exercises both answers (else the comparison above could not fail)."""
    from riptide.engine.dom import parse

    kept = total = next_kept = links = 0
    for seed in range(50):
        doc = parse(attribute_soup(seed))
        kept += len(metadata.metadata_candidates(doc.body_elements))
        total += len(doc.body_elements)
        next_kept += len(pagination.next_page_candidates(doc.link_elements, "http://fakehost", "", "2"))
        links += len(doc.link_elements)
    assert 0 < kept < total
    assert 0 < next_kept < links
