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
``collect_links`` (the link list's loop) is compared with ``links._links_python`` on the same
inputs and on href soup (``href_soup``: every near miss of the hrefs it resolves itself),
against bases with and without an http(s) origin. ``pack`` (its rows written by ``pack_rows``) is
compared with ``packed.pack_python`` (json.dumps) on each page's links and media and on records
holding every character json escapes.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

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
def passes_checker(checks_component: Path, make_settings) -> Iterator[Extractor]:  # type: ignore[no-untyped-def]
    with guest_checker("passes_check_guest_extra.py", checks_component, make_settings) as checker:
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
    from tests.sandbox.test_c_mdpass import TABLES  # here: that module imports this one

    inputs += ["<body>" + table for table in TABLES]  # data tables' lines (table_lines)
    different = [detail for html in inputs if (detail := passes_differ(passes_checker, html))]
    assert different == []


#: Pieces of the hrefs of ``href_soup``: what urls._resolve answers without urljoin (absolute
#: http(s) with a plain authority, "/path") and every near miss of those shapes (scheme case,
#: user info, brackets, ports, "//host", dot segments, backslashes, whitespace and controls inside
#: and around, fragments, queries, non-ASCII, percent escapes, other schemes).
HREF_PIECES = (
    *("http://ex.com", "https://ex.com", "HTTPS://Ex.Com", "hTtP://a", "http://", "https://", "http:///"),
    *("https://u@h", "http://[::1]", "http://h]", "http://h:80", "https://h:", "http:", "https:x", "//"),
    *("//cdn.ex.com", "/", "/a", "/t/1", "a", "b.html", ".", "..", "/.", "/..", "./", "../", "/./"),
    *("\\", "\\a", " ", "\t", "\n", "\r", "\x00", "\x0b", "\x1f", "\x7f", "\x85", "\xa0", "\u3000"),
    *("#", "#f", "?", "?q=1", "?a?b", ";p", "@", "[", "]", ":", "%2e", "%20", "é", "\u0130", "\u017f"),
    *("javascript:void(0)", "mailto:a@b", "tel:1", "data:,x", "JavaScript:", "ftp://h/"),
)
#: What an anchor carries besides its href: rel and hreflang (taken by links._link), texts that
#: are empty (aria-label, an image's alt, title in their stead) or not.
ANCHOR_EXTRAS = ("", "", "", ' rel="nofollow"', ' rel="UGC  Sponsored"', ' rel=""', ' hreflang=" en "')
ANCHOR_EXTRAS += (' hreflang=""', ' aria-label=" a  b "', ' title="t"')
ANCHOR_TEXTS = (
    "text",
    "",
    "",
    " two  words ",
    '<img alt=" alt ">',
    "<img>",
    "<b></b>",
    "<template>x</template>",
)


def href_soup(seed: int) -> str:
    """Anchors and areas with hrefs glued from HREF_PIECES, some repeated, with rel, hreflang and
    empty or image texts."""
    rng = random.Random(seed)
    hrefs = [
        "".join(rng.choice(HREF_PIECES) for _ in range(rng.randint(1, 3))) for _ in range(rng.randint(1, 40))
    ]
    parts = []
    for _ in range(rng.randint(1, 80)):
        href = rng.choice(hrefs).replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
        tag = "a" if rng.random() < 0.9 else "area"
        parts.append(f'<{tag} href="{href}"{rng.choice(ANCHOR_EXTRAS)}>{rng.choice(ANCHOR_TEXTS)}</{tag}>')
        if rng.random() < 0.1:
            parts.append("<a>no href</a><a href>empty</a>")
    return "<body>" + "".join(parts)


@needs_toolchain
def test_c_link_loop_answers_as_python_on_href_soup(passes_checker: Extractor) -> None:
    inputs = [href_soup(seed) for seed in range(400)]
    different = [detail for html in inputs if (detail := passes_differ(passes_checker, html))]
    assert different == []


def test_href_soup_takes_both_paths_of_the_c_loop() -> None:
    """The soup holds hrefs the C loop resolves itself and hrefs it hands to resolve_url, links
    with rel or hreflang, empty texts and repeated URLs (else the comparison could not fail)."""
    from riptide.engine import links
    from riptide.engine.dom import parse

    plain = other = flagged = untitled = repeated = 0
    for seed in range(100):
        doc = parse(href_soup(seed))
        anchors = [node for node in doc.link_elements if node.attrs.get("href")]
        for node in anchors:
            href = node.attrs["href"]
            plain_shape = href.isascii() and href.isprintable() and " " not in href and "#" not in href
            plain_shape = plain_shape and (
                href.lower().startswith(("http://", "https://")) or href[:1] == "/"
            )
            plain += plain_shape
            other += not plain_shape
            flagged += "rel" in node.attrs or "hreflang" in node.attrs
            untitled += not node.text()
        found = links._links_python(anchors, "https://example.com/dir/page.html")
        repeated += len(anchors) - len(found)
    assert min(plain, other, flagged, untitled, repeated) > 100


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
