"""Hostile markup through the real component: time flat in nesting depth, the words all there.

The native engine's tests (``tests/engine/test_hostile_inputs.py``) cover every shape; this
checks that the guest, where pure Python runs ~2.5x slower and the stack is its own, behaves
the same on the worst of them: the same content nested 250 deep instead of 2 (Markdown's per-level
prefixes cost 20x, cleaning's ancestor walks 27x before).
"""

from __future__ import annotations

import time

import pytest
from tests.conftest import page
from tests.engine.test_hostile_inputs import author_page, json_ld_nested, json_ld_page
from tests.engine.test_markdown import wide_row_over_short_rows

from riptide import Extractor, ResourceLimitError
from riptide.engine.markdown import MAX_SPANNED_COLUMNS

URL = "https://example.com/hostile"


@pytest.mark.parametrize(
    ("container", "content", "words", "mode", "bound"),
    [
        ("<blockquote>", "<p>quoted text, more</p>", "quoted text", "full", 3),  # Markdown prefixes
        # Article mode may run all four attempts on the deep page where one did on the shallow.
        ("<table><tr><td>", "<table><tr><td>cell, text</td></tr></table>", "cell, text", "article", 6),
    ],
    ids=["quotes", "tables in tables"],
)
def test_sandboxed_extraction_time_does_not_grow_with_nesting_depth(
    extractor: Extractor, container: str, content: str, words: str, mode: str, bound: float
) -> None:
    def seconds(depth: int) -> float:
        """Best of two: a shared machine's pause must not pass for depth-dependent cost."""
        html = "<html><body>" + container * depth + content * 3_000
        best = float("inf")
        for _ in range(2):
            started = time.perf_counter()
            doc = extractor.extract(html, URL, mode=mode)
            best = min(best, time.perf_counter() - started)
        assert doc.engine == "wasm" and words in (doc.text or "") and words in (doc.markdown or "")
        return best

    shallow, deep = seconds(2), seconds(250)
    assert deep < max(0.1, shallow * bound), f"{container}{content}: {shallow:.3f}s at 2, {deep:.3f}s at 250"


@pytest.mark.parametrize(
    ("container", "filler", "text"),
    [
        ("<div>", '<span class="a"></span>', "by John Smith"),  # lines and labels: 35x at 1 MB
        ("<div>", '<a href="/l">a link here</a> ', "a link here"),  # link-dense lines
    ],
    ids=["over empty elements", "over links"],
)
def test_sandboxed_short_text_reads_do_not_grow_with_nesting_depth(
    extractor: Extractor, container: str, filler: str, text: str
) -> None:
    """A chain of blocks over a wide subtree with a short text: each rule reading a short block's
    text (a line, a label, a dismiss control) read the whole subtree once per level, in C too."""

    def seconds(depth: int) -> float:
        html = "<title>Hostile</title><body>" + container * depth + filler * 3_000 + text
        best = float("inf")
        for _ in range(2):
            started = time.perf_counter()
            doc = extractor.extract(html, URL)
            best = min(best, time.perf_counter() - started)
        assert doc.engine == "wasm" and text in (doc.text or "")
        return best

    shallow, deep = seconds(2), seconds(250)
    assert deep < max(0.1, shallow * 3), f"{container}{filler}: {shallow:.3f}s at 2, {deep:.3f}s at 250"


def test_markup_denser_than_any_page_is_refused_in_the_sandbox_which_then_extracts_the_next(
    extractor: Extractor,
) -> None:
    soup = "<html><body>" + "<li><p>para<td><dd>def<b><a href=/x>x<div>" * 25_000  # 1 MB, 190 el/KB
    with pytest.raises(ResourceLimitError, match="elements per KB"):
        extractor.extract(soup, URL)
    doc = extractor.extract(page("news_article.html"), URL)
    assert doc.engine == "wasm" and doc.word_count > 100


def test_json_ld_nested_past_the_decoder_is_skipped_in_the_sandbox(extractor: Extractor) -> None:
    """The decoder recursed once per level and overflowed the guest's stack (a trap: the page was
    refused as too deep, its instance discarded); the block is now skipped before decoding."""
    doc = extractor.extract(json_ld_page(json_ld_nested(5_000)), URL)
    assert doc.engine == "wasm" and doc.title == "Hostile"
    assert "Paragraph L of the story" in (doc.text or "")
    assert extractor.extract(json_ld_page(json_ld_nested(20)), URL).title == "Deep"


def test_a_wide_row_over_many_short_rows_is_extracted_in_the_sandbox(extractor: Extractor) -> None:
    """Its Markdown padded every row to the width: 1.2 GB for this 0.75 MB page, past the memory
    limit (refused with resource-limit after ~1.2 s); now each short row stays short."""
    html = "<html><body>" + wide_row_over_short_rows(20_000, 20_000)
    doc = extractor.extract(html, URL, mode="full")
    assert doc.engine == "wasm" and len(doc.markdown or "") < len(html)
    assert (doc.markdown or "").endswith("| r19999 |")


def test_a_row_of_wide_spans_is_extracted_in_the_sandbox(extractor: Extractor) -> None:
    """55,000 cells spanning 100 columns each (0.9 MB) made a Markdown header of 5.5 million
    columns: refused with resource-limit at the memory limit. Spans now widen a row to at most
    MAX_SPANNED_COLUMNS, and every cell is still written."""
    html = "<html><body><table><tr>" + "<td colspan=100>x" * 55_000 + "<tr><td>a<td>b</table>"
    doc = extractor.extract(html, URL, mode="full")
    assert doc.engine == "wasm" and len(doc.markdown or "") < 2 * len(html)
    header = (doc.markdown or "").splitlines()[0]
    assert header.count("x") == 55_000 and header.count("|") == MAX_SPANNED_COLUMNS + 55_000 - 10 + 1


@pytest.mark.parametrize("where", ["meta", "json-ld"])
def test_a_long_author_costs_no_more_than_a_name_in_the_sandbox(extractor: Extractor, where: str) -> None:
    """The byline cleaner's e-mail pattern backtracked: 3,000 characters of "@a" in an author
    took 10 s here, 998 a third of a second."""

    def seconds(author: str) -> float:
        best = float("inf")
        for _ in range(2):
            started = time.perf_counter()
            doc = extractor.extract(author_page(where, author), URL, mode="metadata")
            best = min(best, time.perf_counter() - started)
        assert doc.engine == "wasm"
        return best

    name, long = seconds("Jane Doe"), seconds("@a" * 499)
    assert long < max(0.1, name * 5), f"{name:.3f}s for a name, {long:.3f}s for 998 characters"
