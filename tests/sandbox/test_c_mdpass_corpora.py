"""The second half of test_c_mdpass.py's corpora check (its docstring says what is compared).

A file of its own so that ``scripts/test``'s two workers, which take whole files, each run one
half of the suite's longest check.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.sandbox.conftest import guest_checker
from tests.sandbox.test_c_core import needs_toolchain
from tests.sandbox.test_c_mdpass import corpus_half, differences_on

from riptide import Extractor


@pytest.fixture(scope="module")
def mdpass_checker(checks_component: Path, make_settings) -> Iterator[Extractor]:  # type: ignore[no-untyped-def]
    with guest_checker("mdpass_check_guest_extra.py", checks_component, make_settings) as checker:
        yield checker


@needs_toolchain
def test_c_walks_answer_as_python_on_the_second_half_of_both_corpora(mdpass_checker: Extractor) -> None:
    assert differences_on(mdpass_checker, corpus_half(1)) == {}
