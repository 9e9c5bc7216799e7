"""An extraction leaves no reference cycles behind: every tree it builds, parsed or copied, is
freed by reference counting (``dom.release_tree`` and the cleaner's cuts), so the cyclic garbage
collector has nothing to trace after the call (inside the component it ran after every call)."""

from __future__ import annotations

import gc

import pytest
from tests.conftest import page

from riptide.engine.modes import Mode
from riptide.engine.pipeline import extract_with_stats

ARTICLE = "<p>" + "A sentence of the story, long enough to count as prose, with commas. " * 8 + "</p>"

#: Shapes whose elements leave the tree in each way the cleaner removes or replaces them.
SHAPES = {
    # single-cell tables, each replaced by its cell
    "nested single-cell tables": "<table><tr><td>" * 40 + ARTICLE + "</td></tr></table>" * 40,
    # empty paragraphs and empty divs, dropped
    "empty blocks": ARTICLE + "<p><span> </span></p><div><div><span></span></div></div>" * 30 + ARTICLE,
    # a chain of divs with one child each, replaced by the innermost
    "div chains": ("<div>" * 20 + ARTICLE + "</div>" * 20) * 3,
    # a short line said twice, the repeat dropped
    "repeated lines": ARTICLE + "<p>Photo: the same caption <b>here</b></p>" * 20 + ARTICLE,
    # share boxes and furniture lines, forgotten while copying
    "furniture": ARTICLE + '<div class="share"><a href="/s">Share</a></div><p>Subscribe now!</p>' * 20,
    # <a> around tables, every attempt's copy
    "links around tables": ("<a href='/x'><table><tr><td>" + ARTICLE + "</td></tr></table></a>") * 10,
    # cleaned in place, leaving out an aside and a hidden block whose <br> runs became paragraphs
    "left out in place": ARTICLE * 2
    + "<aside>one<br><br>two<br><br>three</aside><div hidden>four<br><br>five</div>",
    # cleaned in place by the first attempt, then put back for the next: its link block goes
    "put back": "<div class=main>"
    + ARTICLE[:300]
    + "</p><div>"
    + " ".join(f"<a href='/s{n}'>Story headline {n}</a>" for n in range(16))
    + "</div></div><div class=sidebar>"
    + ARTICLE * 3
    + "</div>",
}


def cyclic_garbage(html: str, mode: str) -> int:
    """Objects the cyclic collector finds unreachable right after one extraction."""
    gc.collect()
    gc.disable()
    try:
        extract_with_stats(html, "https://example.com/story", Mode.of(mode))
        return gc.collect()
    finally:
        gc.enable()


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_no_cycles_left_by_the_article_finder_and_cleaner(shape: str) -> None:
    html = f"<html><head><title>Story</title></head><body><article>{SHAPES[shape]}</article></body></html>"
    assert cyclic_garbage(html, "article") == 0


@pytest.mark.parametrize("mode", ["article", "full", "metadata"])
def test_no_cycles_left_on_a_real_page(mode: str) -> None:
    assert cyclic_garbage(page("news_article.html"), mode) == 0
