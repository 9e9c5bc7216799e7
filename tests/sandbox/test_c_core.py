"""The C core (csrc/): compiled into the component only, and the same trees as the Python engine.

The equality checks run inside the guest, where the C module lives: a test component's
validate-html builds each document's tree both ways (C tokenizer and tree builder; Python
tokenizer and builder) and reports the first difference (tree_check_guest_extra.py). Inputs:
every page of both shared corpora, the markup soup of tests/engine/test_markup_soup.py,
character-level soup made of the tokenizer's own delimiters (quotes, '=', '<!--', raw-text end
tags, Unicode spaces and case-folding letters), and hostile nesting for the builder's rules
(nesting past MAX_DEPTH, unclosed list items, cells and paragraphs, stray and misnested end
tags, repeated <html>/<head>/<body>, head elements, text split by comments). On each tree the
guest also compares Element.text_content, find, iter and walk (in C) with their Python
statements, iter and walk also while the caller edits the tree between steps, and
dom.release_tree (in C) with its Python statement.
"""

from __future__ import annotations

import gzip
import random
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import SHARED, require_shared
from tests.engine.test_markup_soup import SEEDS, soup
from tests.sandbox.conftest import guest_checker, guest_verdict

from riptide import Extractor
from riptide.engine import cleaning, dom, pipeline
from riptide.engine.article_rules import FURNITURE_LINE_TAGS
from riptide.engine.modes import Mode
from riptide.sandbox.build import (
    C_CORE_MODULE,
    build_c_core,
    c_toolchain,
    input_files,
)

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
CORPORA = (SHARED / "data" / "readability-test-pages", SHARED / "data" / "trafilatura-eval" / "pages")
#: Inputs starting with this are tree checks for the test component (tree_check_guest_extra.py).
TREE_CHECK_MARKER = "RIPTIDE-TREE-CHECK\n"
#: The same check, after a whole extraction of the input in the same guest call.
AFTER_EXTRACTION_MARKER = "RIPTIDE-TREE-CHECK-AFTER-EXTRACTION\n"
#: Element.short_text (C) against its Python statement on every element of the input.
SHORT_TEXT_CHECK_MARKER = "RIPTIDE-SHORT-TEXT-CHECK\n"
#: Pieces of character-level soup: every delimiter the tokenizer's regexes look at.
PIECES = (
    *"<>\"'=/!-? \t\n",
    "\u00a0",
    "\u3000",
    "\u2028",
    "a",
    "B",
    "x",
    "&amp;",
    "&",
    ";",
    "script",
    "SCR\u0130PT",  # İ matches i under re.IGNORECASE, but does not lower-case to it
    "\u017ftyle",  # ſ likewise for s
    "\u212a",  # KELVIN SIGN lower-cases to k
    "title",
    "TiTle",
    "textarea",
    "plaintext",
    "p",
    "li",
    "div",
    "table",
    "td",
    "body",
    "head",
    "html",
    "<!--",
    "-->",
    "</",
    "<!",
    "<?",
    "é",
    "href",
    "class",
)

#: Pieces of hostile nesting: what the tree builder's rules look at.
NESTING = (
    "<div>",
    "<div class=a>",
    "</div>",
    "<b>",
    "</b>",
    "<span>",
    "<p>",
    "</p>",
    "<li>",
    "</li>",
    "<ul>",
    "</ul>",
    "<ol>",
    "<dl><dt>",
    "<dd>",
    "<table>",
    "</table>",
    "<tr>",
    "<td>",
    "<th>",
    "</td>",
    "<tbody>",
    "<thead>",
    "<caption>",
    "<select><option>",
    "<optgroup>",
    "<button>",
    "<a href=/x>",
    "<a>",
    "</a>",
    "<area href=/y>",
    "<link href=/z>",
    "<section>",
    "<h2>",
    "<br>",
    "</br>",
    "<img src=i.png>",
    "<html lang=en>",
    "<head class=h>",
    "<body id=b>",
    "</body>",
    "</html>",
    "</head>",
    "<title>T &amp; t</title>",
    "<meta name=m content=c>",
    "<script>a<b</script>",
    "<template>",
    "<textarea>x &lt; y</textarea>",
    "<noscript>n</noscript>",
    "<object>",
    "<X-Custom>",
    "</x-custom>",
    "<!-- c -->",
    "text ",
    " ",
    "\n",
    "&amp;",
    "caf&eacute;",
)

needs_toolchain = pytest.mark.skipif(
    c_toolchain() is None, reason="no C toolchain here (scripts/setup installs it)"
)


def corpus_pages() -> Iterator[tuple[str, str]]:
    for corpus in CORPORA:
        require_shared(corpus)
        for path in sorted(corpus.rglob("*.html.gz")):
            yield (
                path.parent.name + "/" + path.name,
                gzip.decompress(path.read_bytes()).decode("utf-8", "replace"),
            )


def character_soup(seed: int) -> str:
    rng = random.Random(seed)
    return "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 120)))


def hostile_nesting(seed: int) -> str:
    """Seeded: a run of one piece deep enough to pass MAX_DEPTH, then random pieces."""
    rng = random.Random(seed)
    deep = rng.choice(("<div>", "<b>", "<li>", "<p>", "<td>", "<a>", "<span><ul>", "<table><tr><td>"))
    prefix = rng.choice(("", "<title>x</title>", "<meta charset=utf-8> ", "<html><head><link rel=a>"))
    pieces = [rng.choice(NESTING) for _ in range(rng.randint(0, 400))]
    return prefix + deep * rng.randint(0, 3 * dom.MAX_DEPTH) + "".join(pieces)


#: Short texts the rules that read a block's short text look for (dom.Element.short_text): an ad
#: label, a box label, a promo line, a photo credit, a dismiss control, a byline, the title.
SHORT_TEXTS = (
    "Advertisement",
    "Über den Autor",
    "Read more: the story",
    "Foto: AP",
    "×",
    "by John Smith",
    "Hostile",
)


def short_text_limit_pages() -> list[str]:
    """Blocks each rule reading a short text reads (a furniture line, an ad or box label and the
    bio after it, a dismiss control opening a div, a byline, a heading that may repeat the title,
    a paragraph said twice), holding just under, at and just over Element.short_text's limits:
    empty elements, skipped ones (a script: met, not entered), whitespace before the text, one
    or two levels deep, and chains of such blocks 70 deep (each level read). The C passes count
    and stop as the Python rules do."""
    most, longest = dom.SHORT_TEXT_MAX_ELEMENTS, dom.SHORT_TEXT_MAX_CHARS
    prose = "<p>" + "A sentence of prose, with commas, and more words, to keep it, as prose. " * 4 + "</p>"
    pages = []
    for text in SHORT_TEXTS:
        for over in (-1, 0, 1):
            fillers = (
                "<span></span>" * (most + over) + text,
                "<i></i>" * (most - 1 + over) + "<script>var a = 1;</script>" + text,
                " " * (longest - len(text) + over) + text,
                "\n" * (longest - len(text) + over) + "<b>" + text + "</b>",
            )
            for filler in fillers:
                for depth in (1, 2):
                    block = "<div>" * (depth - 1) + filler + "</div>" * (depth - 1)
                    blocks = (
                        f"<div>{block}</div><div>A short bio, of a writer, in one line.</div>"
                        f"<ul><li>{block}</li></ul><table><tr><td>{block}</td></tr></table>"
                        f"<div><div>{block}</div><p>Behind the pop-up.</p></div>"
                        f'<div class="byline">{block}</div>'
                        f"<h2>{block}</h2><p>{block}</p><p>{block}</p><section>{block}</section>"
                    )
                    pages.append(
                        f"<title>{SHORT_TEXTS[-1]}</title><body><article>{prose}{blocks}{prose}</article>"
                    )
            # a label split over a kept inner list or table, read first (the cleaner remembers
            # which reads passed the limits, and an outer read that enters one of them stops)
            for count in (most - 4 + over, most - 1 + over):
                empties = "<span></span>" * count
                split = (
                    f"<ul><li><ul><li>{empties}Adver</li></ul>tisement</li></ul>"
                    f"<table><tr><td><table><tr><td>{empties}Load</td></tr></table>ing...</td></tr></table>"
                )
                pages.append(f"<body><article>{prose}{split}{prose}</article>")
        chain = "<div>" * 70 + "<span></span>" * 8 + text + "</div>" * 70
        pages.append(f"<title>{SHORT_TEXTS[-1]}</title><body><article>{prose}{chain * 3}{prose}</article>")
    return pages


def quote_heavy(seed: int) -> str:
    """Seeded: markup whose quote look-ups read more than the document holds (long and unclosed
    attribute values, '=' runs, quotes of the other kind inside values), so that the tokenizer
    switches from reading the text to its sorted quote positions part-way (csrc/fastscan.c)."""
    rng = random.Random(seed)
    block = "<a b=\"x' <c d='" + "y" * rng.randint(20, 400)
    pieces = (block, block, block, '<a b="', "<a c='", "='", '="', "'", '"', "<", ">", "<p>", " d=e ")
    return "".join(rng.choice(pieces) for _ in range(rng.randint(100, 600)))


def unknown_tag_soup(seed: int) -> str:
    """Seeded: tags no rule names (custom elements, misspellings), met in another order in each
    document, nested and closed among known ones. The C builder gives such a tag a new id per
    document, which the name cache remembers for that document only (csrc/fastscan.c,
    remember_tag_id): an id kept from the document before would name another tag."""
    rng = random.Random(seed)
    names = [f"x-{rng.choice('abcdefgh')}{rng.randint(0, 9)}" for _ in range(rng.randint(1, 12))]
    names += ["p", "li", "td", "div", "span", "custom", "Custom"]
    pieces = []
    for _ in range(rng.randint(1, 200)):
        name = rng.choice(names)
        pieces.append(rng.choice((f"<{name}>", f"</{name}>", f"<{name} a=1>t", "x")))
    return "".join(pieces)


#: What may stand in the one code point of a short piece that the piece cache's hash does not read
#: (csrc/fastscan.c): ASCII, Latin-1, code points past Latin-1 whose low byte is an ASCII letter
#: or a Latin-1 one (a cache keeping truncated bytes would confuse them), '&' (decoded in text
#: and values, kept as it is in raw text) and the whitespace between tags.
COLLIDING_CODE_POINTS = tuple("cC\xe9\u0161\u01e9\u0101& \t\n\xa0\u3000")


def piece_cache_soup(seed: int) -> str:
    """Seeded: short text pieces, attribute values, RCDATA and raw text that differ only where the
    piece cache's hash does not look (the middle of a six-code-point piece, "ab?def": its hash
    reads the length and code points 0, 1, 3, 4 and 5), so they meet in one cache entry and each
    replaces or must not match the other; pieces with character references, raw in a script and
    decoded in text and values; and whitespace runs between tags, as on real pages."""
    rng = random.Random(seed)

    def piece() -> str:
        return "ab" + rng.choice(COLLIDING_CODE_POINTS) + "def"

    def reference() -> str:  # the same piece raw in a script, decoded in text and values
        return rng.choice(("a&lt;b", "&amp;&amp;", "x&gt;y", "&eacute;t&eacute;"))

    def whitespace() -> str:
        return "\n" + rng.choice(("\t", "  ", " ", "\xa0")) * rng.randint(0, 12)

    shapes = (
        lambda: f"<p>{piece()}</p>",
        lambda: f"<a href={piece()} title='{piece()}'>{piece()}</a>",
        lambda: f'<div class="{piece()}" id="{piece()}amp;">',
        lambda: f"<title>{piece()}</title>",
        lambda: f"<textarea>{piece()}</textarea>",
        lambda: f"<script>{piece()}</script>",
        lambda: f"<span>{piece()}amp;</span>",
        lambda: f"<script>{reference()}</script><b title={reference()}>{reference()}</b>",
        lambda: "</div>",
        whitespace,
        lambda: "<br>" + whitespace(),
    )
    return "<body>" + "".join(rng.choice(shapes)() for _ in range(rng.randint(1, 300)))


QUOTE_HEAVY_SHAPES = (
    ('<a b="' + "x" * 1000 + "<") * 300,
    ("<a b=\"x' <c d='" + "y" * 200) * 300,
    "<a " + '="' * 3000,
    ("<a " + "='" * 50 + "<") * 300,
)


@pytest.fixture(scope="module")
def tree_checker(checks_component: Path, make_settings) -> Iterator[Extractor]:  # type: ignore[no-untyped-def]
    with guest_checker("tree_check_guest_extra.py", checks_component, make_settings) as checker:
        yield checker


def trees_differ(checker: Extractor, html: str) -> str | None:
    """None when the guest built equal trees both ways, else what differed."""
    return guest_verdict(checker, TREE_CHECK_MARKER, html, "trees equal")


def test_host_never_loads_the_c_core() -> None:
    assert dom.TOKENIZER == "python"
    assert dom._fastscan is None


def test_build_inputs_include_the_c_sources() -> None:
    assert ROOT / "csrc" / "fastscan.c" in input_files()


def test_without_toolchain_the_c_core_is_left_out_and_said_so(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("riptide.sandbox.build.c_toolchain", lambda: None)
    outcome = build_c_core(tmp_path)
    assert "pure-Python tokenizer" in outcome
    assert not (tmp_path / C_CORE_MODULE).exists()


@needs_toolchain
def test_built_component_uses_the_c_tokenizer(extractor: Extractor) -> None:
    assert "tokenizer:c" in extractor.sandbox.info()["features"]


@needs_toolchain
def test_c_core_builds_the_python_tree_on_both_corpora(tree_checker: Extractor) -> None:
    pages = list(corpus_pages())
    assert len(pages) >= 600
    different = {name: detail for name, html in pages if (detail := trees_differ(tree_checker, html))}
    assert different == {}


@needs_toolchain
def test_c_core_builds_the_python_tree_on_markup_soup(tree_checker: Extractor) -> None:
    different = {seed: detail for seed in SEEDS if (detail := trees_differ(tree_checker, soup(seed)))}
    assert different == {}


@needs_toolchain
def test_c_core_builds_the_python_tree_on_character_soup(tree_checker: Extractor) -> None:
    different = {}
    for seed in range(3000):
        html = character_soup(seed)
        if detail := trees_differ(tree_checker, html):
            different[seed] = (html, detail)
    assert different == {}


@needs_toolchain
def test_c_core_builds_the_python_tree_on_hostile_nesting(tree_checker: Extractor) -> None:
    seeds = range(400)
    different = {
        seed: detail for seed in seeds if (detail := trees_differ(tree_checker, hostile_nesting(seed)))
    }
    assert different == {}


def test_short_text_limit_pages_reach_both_sides_of_every_rules_limits(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The pages above are worth comparing on: natively, every rule that reads a short text reads
    one within the limits and stops past them on them, and the copy counts blocks on both sides."""
    reads: set[tuple[str, bool]] = set()

    def recording(read):  # type: ignore[no-untyped-def]
        def recorded(*args, **kwargs):  # type: ignore[no-untyped-def]
            text = read(*args, **kwargs)
            reads.add((sys._getframe(1).f_code.co_name, text is not None))
            return text

        return recorded

    copy_counted = cleaning._Content._copy_counted

    def counted(self, node, top_level):  # type: ignore[no-untyped-def]
        copied = copy_counted(self, node, top_level)
        if copied is not None and node.tag in FURNITURE_LINE_TAGS:
            short = copied[2] <= dom.SHORT_TEXT_MAX_ELEMENTS and copied[3] <= dom.SHORT_TEXT_MAX_CHARS
            reads.add(("_copy_counted", short))
        return copied

    # the rules' reads: of an element, of a grabbed one (ShortSizes), of a cleaner's label
    monkeypatch.setattr(dom.Element, "short_text", recording(dom.Element.short_text))
    monkeypatch.setattr(dom.ShortSizes, "text", recording(dom.ShortSizes.text))
    monkeypatch.setattr(cleaning._Content, "live_short_text", recording(cleaning._Content.live_short_text))
    monkeypatch.setattr(cleaning._Content, "_copy_counted", counted)
    for html in short_text_limit_pages():
        pipeline.extract(html, "https://example.com/page", Mode.of("article"))
    rules = (
        "_copy_counted", "_looks_fishy", "_set_aside_box", "opens_with_close_control", "_byline_text",
        "_repeats_page_title", "repeats_a_block",
    )  # fmt: skip
    assert {(rule, short) for rule in rules for short in (True, False)} <= reads


@needs_toolchain
def test_c_short_text_reads_as_python_at_its_limits(tree_checker: Extractor) -> None:
    """Element.short_text in C (csrc/treewalk.c) against its Python statement (dom.short_text_of),
    on every element of blocks holding just under, at and just over its limits (the tree checks
    compare it on a sample of every page's elements too)."""
    pages = short_text_limit_pages()
    different = {
        i: detail
        for i, html in enumerate(pages)
        if (detail := guest_verdict(tree_checker, SHORT_TEXT_CHECK_MARKER, html, "short texts equal"))
    }
    assert different == {}


@needs_toolchain
def test_c_core_builds_the_python_tree_on_quote_heavy_markup(tree_checker: Extractor) -> None:
    inputs = [*QUOTE_HEAVY_SHAPES, *(quote_heavy(seed) for seed in range(60))]
    different = {i: detail for i, html in enumerate(inputs) if (detail := trees_differ(tree_checker, html))}
    assert different == {}


@needs_toolchain
def test_c_core_builds_the_python_tree_on_unknown_tag_soup(tree_checker: Extractor) -> None:
    different = {
        seed: detail for seed in range(500) if (detail := trees_differ(tree_checker, unknown_tag_soup(seed)))
    }
    assert different == {}


@needs_toolchain
def test_c_core_builds_the_python_tree_when_shared_pieces_collide(tree_checker: Extractor) -> None:
    different = {
        seed: detail for seed in range(300) if (detail := trees_differ(tree_checker, piece_cache_soup(seed)))
    }
    assert different == {}


@needs_toolchain
def test_shared_pieces_are_unchanged_by_a_whole_extraction(tree_checker: Extractor) -> None:
    """Each page is extracted (every pass, Python and C, has the tree's strings in hand), then
    built again in the same call, from the strings the piece cache kept: still the Python tree."""
    pages = [html for _, html in corpus_pages()][::4] + [piece_cache_soup(seed) for seed in range(40)]
    different = {
        i: detail
        for i, html in enumerate(pages)
        if (detail := guest_verdict(tree_checker, AFTER_EXTRACTION_MARKER, html, "trees equal"))
    }
    assert different == {}


@needs_toolchain
def test_tree_check_sees_a_difference(tree_checker: Extractor) -> None:
    """The check can fail: a document whose trees differ (the guest's check gives the C tree's
    last body element the wrong parent for this marked input) is reported."""
    assert trees_differ(tree_checker, "-MUTATE\n<p>a") is not None
