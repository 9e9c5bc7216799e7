"""Inside the component an extraction leaves no reference cycles behind, as natively
(tests/engine/test_tree_release.py): the C passes release what they drop (the tidy's empty and
repeated paragraphs: csrc/cleanpass/tidy.c, with the walk of ``dom.release_tree``) so that
reference counting frees every tree of the call. A test component counts, inside the guest,
what the cyclic collector finds after one extraction (cycles_check_guest_extra.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.engine.test_hostile_inputs import SHAPES as HOSTILE_SHAPES
from tests.engine.test_tree_release import SHAPES
from tests.sandbox.conftest import guest_checker, guest_verdict
from tests.sandbox.test_c_core import needs_toolchain

from riptide import Extractor

#: Inputs starting with this are checks for the test component (cycles_check_guest_extra.py).
CYCLES_CHECK_MARKER = "RIPTIDE-CYCLES-CHECK\n"
CYCLES_SKEW_MARKER = "-SKEW\n"


@pytest.fixture(scope="module")
def cycles_checker(checks_component: Path, make_settings) -> Iterator[Extractor]:  # type: ignore[no-untyped-def]
    with guest_checker("cycles_check_guest_extra.py", checks_component, make_settings) as checker:
        yield checker


def cycles_left(checker: Extractor, html: str) -> str | None:
    """None when the guest's extraction of ``html`` left no cycles, else what it found."""
    return guest_verdict(checker, CYCLES_CHECK_MARKER, html, "no cycles")


def pages() -> dict[str, str]:
    """The native test's shapes, and the hostile shapes past the parser's depth cap (nested
    quotes leave one empty paragraph per unit there, which the tidy releases)."""
    found = {
        name: f"<html><head><title>Story</title></head><body><article>{body}</article></body></html>"
        for name, body in SHAPES.items()
    }
    found |= {f"hostile {name}": "<body>" + unit * 400 for name, unit in HOSTILE_SHAPES.items()}
    return found


@needs_toolchain
def test_no_cycles_left_inside_the_component(cycles_checker: Extractor) -> None:
    left = {name: detail for name, html in pages().items() if (detail := cycles_left(cycles_checker, html))}
    assert left == {}


@needs_toolchain
def test_the_cycle_check_sees_a_cycle(cycles_checker: Extractor) -> None:
    """The check can fail: one cycle left beside a clean page's extraction is counted."""
    html = "<body><p>" + "words, " * 50 + "</p>"
    assert cycles_left(cycles_checker, html) is None
    verdict = cycles_left(cycles_checker, CYCLES_SKEW_MARKER + html)
    assert verdict is not None and "reference cycles" in verdict
