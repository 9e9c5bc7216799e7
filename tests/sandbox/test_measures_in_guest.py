"""The cleaner's measure vectors in C memory (csrc/measures/, ``_measures.Measures``): inside the
guest (measures_check_guest_extra.py) a Measures answers as a dict doing the same seeded stores
and reads does (values, insertion order, membership; across several rebuilds of its table), and
refuses misuse with the error a dict user expects. The copy and clean checks (test_c_copy.py,
test_c_clean.py) run the cleaner on it against the pure-Python statement."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.sandbox.conftest import guest_checker, guest_verdict
from tests.sandbox.test_c_core import needs_toolchain

from riptide import Extractor

MEASURES_CHECK_MARKER = "RIPTIDE-MEASURES-CHECK\n"


@pytest.fixture(scope="module")
def measures_checker(checks_component: Path, make_settings) -> Iterator[Extractor]:  # type: ignore[no-untyped-def]
    with guest_checker("measures_check_guest_extra.py", checks_component, make_settings) as checker:
        yield checker


@needs_toolchain
@pytest.mark.parametrize("seed", range(4))
def test_measures_answer_as_a_dict_does(measures_checker: Extractor, seed: int) -> None:
    assert guest_verdict(measures_checker, MEASURES_CHECK_MARKER, f"{seed} 12000", "measures ok") is None
