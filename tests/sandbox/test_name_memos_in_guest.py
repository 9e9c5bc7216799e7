"""The class/id verdicts settled together behind the literal gates (``article_rules.NameMemos``)
inside the component (CPython 3.14, the gates' C table of csrc/copypass/gates.c): every verdict on
every class and id value of both corpora, and on seeded soup values, is the pattern's own search,
as on the host (tests/engine/test_article_rules.py). The check runs in the guest
(name_check_guest_extra.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.engine.test_article_rules import name_value_soup
from tests.sandbox.conftest import guest_checker, guest_verdict
from tests.sandbox.test_c_core import corpus_pages

from riptide import Extractor

NAME_CHECK_MARKER = "RIPTIDE-NAME-CHECK\n"


@pytest.fixture(scope="module")
def name_checker(checks_component: Path, make_settings) -> Iterator[Extractor]:  # type: ignore[no-untyped-def]
    with guest_checker("name_check_guest_extra.py", checks_component, make_settings) as checker:
        yield checker


def misjudged(checker: Extractor, text: str) -> str | None:
    """None when the guest settles every value of ``text`` as its patterns find it, else which not."""
    return guest_verdict(checker, NAME_CHECK_MARKER, text, "names settled")


def test_guest_settles_every_corpus_name_as_searched(name_checker: Extractor) -> None:
    pages = list(corpus_pages())
    assert len(pages) >= 600
    assert {name: problem for name, html in pages if (problem := misjudged(name_checker, html))} == {}


def test_guest_settles_every_soup_name_as_searched(name_checker: Extractor) -> None:
    values = [name_value_soup(seed).replace("\n", " ") for seed in range(20_000)]
    batches = ["VALUES\n" + "\n".join(values[at : at + 2000]) for at in range(0, len(values), 2000)]
    assert [problem for batch in batches if (problem := misjudged(name_checker, batch))] == []


def test_guest_check_catches_a_gate_missing_a_literal(name_checker: Extractor) -> None:
    problem = misjudged(name_checker, "BREAK\nVALUES\npost-author")
    assert problem is not None and "post-author" in problem


def test_guest_check_catches_an_unsound_proof(name_checker: Extractor) -> None:
    problem = misjudged(name_checker, "BAD-PROOF\nVALUES\npost-body")
    assert problem is not None and "post-body" in problem and "settled True" in problem
