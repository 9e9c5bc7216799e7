"""The article pass's grab walk in C (csrc/grabpass/, divs made paragraphs included) and its
scoring in C (csrc/artpass/score.c): in the component only, leaving every attempt's set-aside
nodes, nodes to score, measures, scores and the tree exactly as the pure-Python ``article._grab``
(whose rules, ``article._grab_node``, the walk hands every node it cannot settle) and
``article._score``.

The comparison runs inside the guest, where the C module lives: a test component answers a
marker input by grabbing the page for every attempt both ways, each on its own parse, and
reporting the first difference (grab_check_guest_extra.py). Inputs: every page of both shared
corpora, the markup soup of tests/engine/test_markup_soup.py, hostile nesting past the parser's
depth cap, and "grab soup" made of what the walk's screens look at: set-aside attributes,
class and id names the byline, unlikely, maybe and close-control patterns hit (or nearly),
implicit roles (stated roles beside them), box labels and bios, the title heading (and blocks
set aside around it), empty blocks, divs of inline content or of one paragraph, tables and code
around unlikely names, and links (in-page ones too) around blocks set aside.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.engine.test_markup_soup import SEEDS, soup
from tests.sandbox.conftest import guest_checker, guest_verdict
from tests.sandbox.test_c_copy import element_dense
from tests.sandbox.test_c_core import corpus_pages, hostile_nesting, needs_toolchain, short_text_limit_pages

from riptide import Extractor
from riptide.engine import article

#: Inputs starting with this are checks for the test component (grab_check_guest_extra.py).
GRAB_CHECK_MARKER = "RIPTIDE-GRAB-CHECK\n"
GRAB_SKEW_MARKER = "-SKEW\n"
TITLE = "A title, repeated as the heading"
PROSE = "Words, words; more words, and a comma or two here. " * 4
OPENERS = (
    "<div>", "<div class=content>", "<div id=main-comment>", "<div class='sidebar'>", "<div class=byline>",
    "<div class=author-name>", "<section class=footer>", "<section>", "<div class=modal>", "<div class=''>",
    "<div id=''>", "<div style='display:none'>", "<div style='color:red'>", "<div hidden>",
    "<div aria-hidden=true>", "<div aria-hidden=true class=fallback-image>",
    "<div role=dialog aria-modal=true>", "<div role=navigation>", "<div role=main>", "<nav>", "<aside>",
    "<header>", "<article>", "<main>",
    "<span rel=author>", "<span itemprop=author>", "<a rel=nofollow href=/n>", "<span itemprop=name>",
    "<div style='Display: None'>", "<div style='visibility:h\u0131dden'>", "<div role=Menu>",
    "<div aria-hidden=false>", "<div aria-modal=true>", "<p role=note>", "<a rel=author href=/me>",
    "<p class=byline>",
    "<p class=comment>", "<p>", "<h1>", "<h2>", "<h3 class=related>", "<table><tr><td class=menu>",
    "<td>", "<code class=sidebar>", "<pre>", "<ul class=social>", "<li>", "<math class=menu>",
    "<div class=popup-close>", "<button class=close>", "<span class=x-close>", "<div class='and menu'>",
    "<div class=pager id=content>", "<blockquote>", "<form>", "<figure>",
    "<nav role=main>", "<aside role=''>", "<nav class=sidebar>", "<aside class=byline>",
    "<a class=sidebar href=/s>",
    "<a href='#top'>", "<a href=/page>", "<mjx-container class=menu>", "<code>", "<table>", "<tr>",
    "<div class=comments>", "<section class=share-bar>", "<ul class='social content'>", "<h1 class=sidebar>",
    "<div aria-hidden=true rel=author>", "<span style='display:none' itemprop=author>",
    "<div style='border:none' class=sidebar>", "<nav style='display: none'>", "<p hidden class=byline>",
    "<div aria-hidden=true class='fallback-image sidebar'>",
)  # fmt: skip
CLOSERS = ("</div>", "</section>", "</p>", "</span>", "</a>", "</nav>", "</aside>", "</h1>", "</h2>", "</td>")
LEAVES = (
    "text", " ", "\n\t ", "", PROSE, TITLE, f"<h1>{TITLE}</h1>", f"<h2 class=title>{TITLE}</h2>",
    "<br>", "<br><br>", "<hr>", "<img src=a.png>", "<b>bold</b>", "<a href=/x>link</a>", "<a href='#n'>n</a>",
    "×", "<span>Close</span>", "<button>Schließen [X]</button>", "<span>x</span>", "<p>one paragraph</p>",
    "<div><p>only child</p></div>", "<div> <p>only, spaced</p> </div>", "<div><br></div>", "<div></div>",
    "<section><hr></section>", "<h2></h2>", "<p>Über den Autor</p><p>Jane writes, often.</p>",
    "<h3>Kontakt:</h3><div>Street 1, Town</div>", "<div>Autor:innen</div>" + "<p>" + PROSE * 6 + "</p>",
    "<span>By Jane Doe</span>", "<del>gone</del>", "<ins><div>block</div></ins>", "\u3000",
    f"<div class=sidebar><h2>{TITLE}</h2>{PROSE}</div>",
    f"<nav><div><h1>{TITLE}</h1></div><a href=/n>n</a></nav>",
    f"<aside><h2>Other words</h2><h1>{TITLE}</h1></aside>",
    f"<a href='#c'><div class=comments>{PROSE}</div></a>",
    # box labels and near misses, read by the C walk (is_box_label): markup and skipped text inside
    "<p>About the author</p><p>Bio.</p>", "<h2>Pressekontakt</h2><p>Mail us.</p>", "<p>Autorität</p>",
    "<p><b>Über</b> den  Autor</p><p>Bio.</p>", "<p>Kontakt<script>var x;</script>:</p><p>Street 2</p>",
    "<p>Kontakt</p><p>" + PROSE * 4 + "</p>", "<h4>Kontaktformular weiter unten auf dieser Seite</h4>",
    "<p>Contact:<br>   </p>", "<div>Autor</div>",
    # dismiss controls and near misses, read by the C walk (opens_with_close_control)
    "<span>Closed</span>", "<span>close ×</span>", "<button>Fermer</button>", "<a href='#'>[ x ]</a>",
    "<span>Close this window now please</span>", "<span>Close<style>.x{}</style></span>", "<i>✕ </i>",
    "<span>closeclose closeclose closeclose</span>", "<b> × </b>", "<span><b>Cerrar</b></span>",
)  # fmt: skip


def grab_soup(seed: int) -> str:
    rng = random.Random(seed)
    pieces = [rng.choice((OPENERS, CLOSERS, LEAVES, LEAVES)) for _ in range(rng.randint(0, 160))]
    return f"<title>{TITLE}</title><body>" + "".join(rng.choice(kind) for kind in pieces)


@pytest.fixture(scope="module")
def grab_checker(checks_component: Path, make_settings) -> Iterator[Extractor]:  # type: ignore[no-untyped-def]
    with guest_checker("grab_check_guest_extra.py", checks_component, make_settings) as checker:
        yield checker


def grabbed_differ(checker: Extractor, html: str) -> str | None:
    """None when the C walk grabbed ``html`` as ``article._grab``'s Python walk did, else what differed."""
    return guest_verdict(checker, GRAB_CHECK_MARKER, html, "grabbed equal")


def test_host_grabs_in_python() -> None:
    assert article.GRAB_IN == "python"


@needs_toolchain
def test_c_walk_grabs_as_python_on_both_corpora(grab_checker: Extractor) -> None:
    pages = list(corpus_pages())
    assert len(pages) >= 600
    different = {name: detail for name, html in pages if (detail := grabbed_differ(grab_checker, html))}
    assert different == {}


@needs_toolchain
def test_c_walk_grabs_as_python_on_soup_and_hostile_nesting(grab_checker: Extractor) -> None:
    inputs = [soup(seed) for seed in SEEDS] + [grab_soup(seed) for seed in range(600)]
    inputs += [hostile_nesting(seed) for seed in range(100)] + element_dense() + short_text_limit_pages()
    different = [detail for html in inputs if (detail := grabbed_differ(grab_checker, html))]
    assert different == []


@needs_toolchain
def test_grab_check_sees_a_difference(grab_checker: Extractor) -> None:
    """The check can fail: one node listed twice to score on the Python side is reported (its
    scores differ too, but the list of nodes to score is compared first)."""
    detail = grabbed_differ(grab_checker, GRAB_SKEW_MARKER + "<p>a, b</p>")
    assert detail is not None and "internal-error" in detail and "attempt 0" in detail


def test_visibility_attributes_are_set_aside_attributes() -> None:
    """The C walk asks ``is_probably_visible`` only when one of these may hide a node, among the
    attributes it screens."""
    assert article.VISIBILITY_ATTRIBUTES.issubset(article.SET_ASIDE_ATTRIBUTES)


def test_grab_soup_reaches_every_rule() -> None:
    """The soup makes every rule of ``_grab_node`` fire (else the comparison above could not
    fail there): bylines, hidden, dialogs, roles, unlikely names, pop-ups, box labels, the title
    heading, empty blocks, divs wrapped, made paragraphs or replaced by their paragraph."""
    from riptide.engine.dom import parse

    rules = ("set_aside", "box", "title", "empty", "wrapped", "div_p", "replaced", "byline", "close")
    fired: dict[str, int] = dict.fromkeys((*rules, "title_prose"), 0)
    for seed in range(600):
        doc = parse(grab_soup(seed))
        page = article._Page(doc.body, doc.title)
        article._prepare(page, page.body)
        for flags in article.ATTEMPTS:
            before = {id(node): node.tag for node in page.body.iter()}
            holds = len(page.holds_blocks)
            attempt = article._grab(page, flags)
            fired["set_aside"] += bool(attempt.dropped)
            fired["title_prose"] += attempt.set_aside_prose > 0
            fired["title"] += page.title_heading is not None
            fired["byline"] += page.byline is not None
            fired["wrapped"] += len(page.holds_blocks) > holds
            fired["div_p"] += any(before.get(id(n)) == "div" and n.tag == "p" for n in attempt.to_score)
            fired["replaced"] += any(id(n) not in before for n in page.body.iter())
            fired["box"] += any(n.text() in ("Über den Autor", "Kontakt:") for n in attempt.dropped)
            fired["empty"] += any(not attempt.measures[n][0] for n in attempt.dropped)
            fired["close"] += any(
                n.tag in ("div", "section") and article.opens_with_close_control(n) for n in attempt.dropped
            )
    assert all(fired.values()), fired
