"""The size classes the guest's interpreter allocates its small blocks from (csrc/objalloc/):
installed in the real component, and inside the guest (alloc_check_guest_extra.py) every block
keeps its contents through seeded growing, shrinking and freeing across the class limit, and freed
blocks are served again rather than more memory taken. The rest of the suite runs every sandboxed
extraction on them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.sandbox.conftest import guest_checker, guest_verdict
from tests.sandbox.test_c_core import needs_toolchain

from riptide import Extractor

ALLOC_CHECK_MARKER = "RIPTIDE-ALLOC-CHECK\n"


@pytest.fixture(scope="module")
def alloc_checker(checks_component: Path, make_settings) -> Iterator[Extractor]:  # type: ignore[no-untyped-def]
    with guest_checker("alloc_check_guest_extra.py", checks_component, make_settings) as checker:
        yield checker


@needs_toolchain
def test_component_allocates_small_blocks_from_size_classes(extractor: Extractor) -> None:
    assert "allocator:size-classes" in extractor.sandbox.info()["features"]


@needs_toolchain
@pytest.mark.parametrize("seed", range(4))
def test_guest_blocks_keep_their_contents_and_are_reused(alloc_checker: Extractor, seed: int) -> None:
    assert guest_verdict(alloc_checker, ALLOC_CHECK_MARKER, f"{seed} 20000", "alloc ok") is None
