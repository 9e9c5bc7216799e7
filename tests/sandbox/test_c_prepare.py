"""The article pass's prepare walk in C (csrc/artpass/): in the component only, leaving the tree,
measures and block sets exactly as the pure-Python ``article._prepare`` that states its rules.

The comparison runs inside the guest, where the C module lives: a test component answers a
marker input by preparing the page both ways, each on its own parse, and reporting the first
difference (prepare_check_guest_extra.py). Inputs: every page of both shared corpora, the markup
soup of tests/engine/test_markup_soup.py, hostile nesting past the parser's depth cap, and
"prepare soup" made of what the walk has rules for: scripts and <noscript> (images and prose),
<audio>/<video> fallback, <font>, runs of <br>, images without a source, in-page links, and
text with every kind of whitespace and comma.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.engine.test_markup_soup import SEEDS, soup
from tests.sandbox.conftest import guest_checker, guest_verdict
from tests.sandbox.test_c_core import corpus_pages, hostile_nesting, needs_toolchain

from riptide import Extractor
from riptide.engine import article
from riptide.engine.article_rules import NOSCRIPT_PROSE_MIN

#: Inputs starting with this are checks for the test component (prepare_check_guest_extra.py).
PREPARE_CHECK_MARKER = "RIPTIDE-PREPARE-CHECK\n"
PREPARE_SKEW_MARKER = "-SKEW\n"
PROSE = "Words, words; more words, and a comma\u060c or two\uff0c here. " * (NOSCRIPT_PROSE_MIN // 40)
PIECES = (
    "<div>", "</div>", "<p>", "</p>", "<span>", "</span>", "<a href='#note'>", "<a href='#'>",
    "<a href='#\nx'>", "<a href='/x'>", "<a>", "</a>", "<br>", "<br><br>", " <br> \n <br>", "<hr>",
    "<font color=red>", "</font>", "<script>var a = '<p>, , ,';</script>", "<style>p{}</style>",
    "<template><p>t</p></template>", "<noscript>Please enable JavaScript</noscript>",
    "<img>", "<img src=a.png>", "<img data-lazy='b.JPG'>", "<img alt=x>",
    "<noscript><img src='real.jpg' data-x=1></noscript>", "<figure><img class=lazy></figure>",
    f"<noscript><p>{PROSE}</p></noscript>", "<noscript><div><noscript><p>x</p></noscript></div></noscript>",
    "<video>Your browser, sadly, cannot<source src=v.mp4><track src=t.vtt>fallback</video>",
    "<audio><p>no audio, sorry</p></audio>", "<ul><li>", "</li>", "<table><tr><td>", "</td></tr></table>",
    "<blockquote>", "</blockquote>", "<pre>", "</pre>", "<section>", "</section>",
    "text", "a, b, c", " \t\n ", "\u00a0", "\u3000words\u2002more\u2029", "end\f", "end\x0b",
    "x\u060c\ufe50\ufe10\ufe11\u2e41\u2e34\u2e32\uff0cy", "\u1680", "\x1c\x1f", ",", "", "é, ü",
    # each of IMAGE_SOURCE_ATTRIBUTES (any value), and images the Python hook judges by their values
    "<img srcset='a.png 2x'>", "<img data-src>", "<img data-srcset=''>", "<img src=''>",
    "<img data-big=c.webp>", "<img data-big=c.gif title=srcset>",
    # <br> pairs with dropped or blank nodes between them (runs), or text that is not blank
    "<br><script>x</script><br>", "<br>\u00a0\u3000<br>", "<br>\u200b<br>", "<br><img><br>",
    "<br><noscript>n</noscript>\n<br>", "<br><span></span><br>",
    # in-page links without text (no link text whatever their weight)
    "<a href='#top'></a>", "<a href='#x'><img src=a.png></a>", "<a href='#y'> </a>",
)  # fmt: skip


def prepare_soup(seed: int) -> str:
    rng = random.Random(seed)
    return "<body>" + "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 200)))


@pytest.fixture(scope="module")
def prepare_checker(checks_component: Path, make_settings) -> Iterator[Extractor]:  # type: ignore[no-untyped-def]
    with guest_checker("prepare_check_guest_extra.py", checks_component, make_settings) as checker:
        yield checker


def prepared_differ(checker: Extractor, html: str) -> str | None:
    """None when the C walk prepared ``html`` as ``article._prepare`` did, else what differed."""
    return guest_verdict(checker, PREPARE_CHECK_MARKER, html, "prepared equal")


def test_host_prepares_in_python() -> None:
    assert article.PREPARE_IN == "python"


@needs_toolchain
def test_c_walk_prepares_as_python_on_both_corpora(prepare_checker: Extractor) -> None:
    pages = list(corpus_pages())
    assert len(pages) >= 600
    different = {name: detail for name, html in pages if (detail := prepared_differ(prepare_checker, html))}
    assert different == {}


@needs_toolchain
def test_c_walk_prepares_as_python_on_soup_and_hostile_nesting(prepare_checker: Extractor) -> None:
    inputs = [soup(seed) for seed in SEEDS] + [prepare_soup(seed) for seed in range(400)]
    inputs += [hostile_nesting(seed) for seed in range(100)]
    different = [detail for html in inputs if (detail := prepared_differ(prepare_checker, html))]
    assert different == []


@needs_toolchain
def test_prepare_check_sees_a_difference(prepare_checker: Extractor) -> None:
    """The check can fail: one comma more on the Python side is reported, with where."""
    detail = prepared_differ(prepare_checker, PREPARE_SKEW_MARKER + "<p>a, b</p>")
    assert detail is not None and "internal-error" in detail and "'body'" in detail


def test_prepare_soup_exercises_the_rare_steps() -> None:
    """The soup reaches every step the C walk hands back to Python (else the comparison
    above could not fail there): <noscript> images and prose, <br> runs, in-page links."""
    from riptide.engine.dom import parse

    unwrapped_images = unwrapped_prose = br_paragraphs = hash_links = 0
    for seed in range(400):
        page = article._Page(parse(prepare_soup(seed)).body, "")
        paragraphs_before = sum(1 for _ in page.body.iter("p"))
        article._prepare(page, page.body)
        br_paragraphs += sum(1 for _ in page.body.iter("p")) > paragraphs_before
        for node in page.body.iter():
            unwrapped_images += "data-x" in node.attrs
            unwrapped_prose += node.tag == "div" and PROSE[:20] in node.text()
            hash_links += node.tag == "a" and node.attrs.get("href", "").startswith("#")
    assert unwrapped_images and unwrapped_prose and br_paragraphs and hash_links
