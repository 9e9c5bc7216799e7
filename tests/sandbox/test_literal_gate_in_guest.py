"""The furniture-line gates inside the component (CPython 3.14: its own Unicode tables and regex
parser, from which the gates read their literals): they admit every corpus and soup line a rule
matches, and fold every character an ignore-case literal matches onto it, as on the host
(tests/engine/test_literal_gate.py). The check runs in the guest (gate_check_guest_extra.py)."""

from __future__ import annotations

import html as html_escape
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.engine.test_literal_gate import line_soup, opening_soup
from tests.sandbox.conftest import guest_checker, guest_verdict
from tests.sandbox.test_c_core import corpus_pages

from riptide import Extractor

GATE_CHECK_MARKER = "RIPTIDE-GATE-CHECK\n"


@pytest.fixture(scope="module")
def gate_checker(checks_component: Path, make_settings) -> Iterator[Extractor]:  # type: ignore[no-untyped-def]
    with guest_checker("gate_check_guest_extra.py", checks_component, make_settings) as checker:
        yield checker


def refused(checker: Extractor, html: str) -> str | None:
    """None when the guest's gates admit every line of ``html`` a rule matches, else which not."""
    return guest_verdict(checker, GATE_CHECK_MARKER, html, "gates admit")


def soup_page(first_seed: int, lines: int) -> str:
    return "<body>" + "".join(
        f"<p>{html_escape.escape(line_soup(s))}</p><p>{html_escape.escape(opening_soup(s))}</p>"
        for s in range(first_seed, first_seed + lines)
    )


def test_guest_gates_admit_every_corpus_line_a_rule_matches(gate_checker: Extractor) -> None:
    pages = list(corpus_pages())
    assert len(pages) >= 600
    assert {name: problem for name, html in pages if (problem := refused(gate_checker, html))} == {}


def test_guest_gates_admit_every_soup_line_a_rule_matches(gate_checker: Extractor) -> None:
    assert [p for first in range(0, 20_000, 500) if (p := refused(gate_checker, soup_page(first, 500)))] == []


def test_guest_fold_matches_ignorecase_on_every_code_point(gate_checker: Extractor) -> None:
    assert refused(gate_checker, "FOLD\n") is None


def test_guest_check_catches_a_gate_missing_a_literal(gate_checker: Extractor) -> None:
    problem = refused(gate_checker, "BREAK\n<body><p>Please subscribe for the full story</p>")
    assert problem is not None and "refuses" in problem


def test_guest_check_catches_a_literal_wrongly_required_at_the_start(gate_checker: Extractor) -> None:
    problem = refused(gate_checker, "BREAK-OPENING\n<body><p>Today: please subscribe for the full story</p>")
    assert problem is not None and "refuses" in problem


def test_guest_check_catches_an_opening_gate_missing_a_literal(gate_checker: Extractor) -> None:
    problem = refused(gate_checker, "BREAK-START\n<body><p>Read more: the whole story</p>")
    assert problem is not None and "refuses" in problem
