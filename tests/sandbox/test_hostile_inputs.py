"""Hostile markup through the real component: time linear in size, the words all there.

The native engine's tests (``tests/engine/test_hostile_inputs.py``) cover every shape; this
checks that the guest, where pure Python runs ~2.5x slower and the stack is its own, behaves
the same on the worst of them.
"""

from __future__ import annotations

import time

import pytest

from riptide import Extractor

URL = "https://example.com/hostile"


@pytest.mark.parametrize(
    ("prefix", "unit", "words"),
    [
        ("", "<table><tr><td>cell text, more ", "cell text"),  # nested tables, past the depth cap
        ("", "<blockquote><p>quoted text, more</p>", "quoted text"),  # nested quotes (Markdown)
        ("<b>" * 250, "<li>item, words", "item, words"),  # implied end tags under a deep stack
    ],
    ids=["nested tables", "nested quotes", "list items under a deep stack"],
)
def test_sandboxed_extraction_time_grows_linearly_with_hostile_input(
    extractor: Extractor, prefix: str, unit: str, words: str
) -> None:
    def seconds(repeat: int) -> float:
        """Best of two: a shared machine's pause must not pass for quadratic cost."""
        html = "<html><body>" + prefix + unit * repeat
        best = float("inf")
        for _ in range(2):
            started = time.perf_counter()
            doc = extractor.extract(html, URL, mode="full")
            best = min(best, time.perf_counter() - started)
        assert doc.engine == "wasm" and words in (doc.text or "") and words in (doc.markdown or "")
        return best

    repeat = 12_000 // len(unit) + 1  # ~12 KB, then ~96 KB
    small, large = seconds(repeat), seconds(8 * repeat)
    # 8x the input may cost at most ~20x; these shapes cost 30-60x before.
    assert large < max(0.1, small * 20), f"{unit!r}: {small:.3f}s for 1x, {large:.3f}s for 8x"
