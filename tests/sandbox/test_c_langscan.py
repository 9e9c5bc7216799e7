"""The language detector's word count of a plain sample in C (csrc/langscan/, ``_langscan.scan``):
in the component only, giving exactly what the Python detector's regexes give (the words of
``_PLAIN_TOKEN_RE`` counted in first-occurrence order, the ``_CODE_SYMBOL_RE`` symbols, None for
a text outside the plain ranges), and ``detect_language`` the same answer with it and without.

The word and letter scores of ``_best_profile`` (``_langscan.word_scores`` and ``letter_scores``)
are compared with their Python statements too, float for float, and so are the figures
``_langscan.scan_latin`` gives for a plain sample's Latin words (``_latin_figures_python``), on
the sample ``detect_language`` would score of each text.

The comparison runs inside the guest (langscan_check_guest_extra.py) on the text of every page
of both shared corpora and of their blocks, on the text of the hostile shapes, and on seeded
soups of the characters where the classes meet: letters, digits and "_" of Latin-1 and Latin
Extended, superscript and fraction digits (not ``\\d``), letter-like and Roman-numeral symbols,
code symbols, "İ" and letters whose lower case leaves the plain ranges, marks, and non-plain
scripts and digits.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.engine.test_hostile_inputs import SHAPES
from tests.sandbox.conftest import guest_checker, guest_verdict
from tests.sandbox.test_c_core import corpus_pages, needs_toolchain

from riptide import Extractor
from riptide.engine.language import _NOT_PLAIN_RE

pytestmark = needs_toolchain

LANGSCAN_CHECK_MARKER = "RIPTIDE-LANGSCAN-CHECK\n"
#: Characters on every side of the scan's classes (see the module docstring), and whole words.
PIECES = (
    "a", "Z", "q", "0", "7", "_", " ", "  ", "\n", "\t", ".", ",", "-", "/", "|", ">", "'",
    "{", "}", "[", "]", "(", ")", ";", "=", "*", "&", "^", "~", "`", "#", "$", "\\", "@",
    "é", "É", "ß", "ª", "º", "µ", "ÿ", "Æ", "²", "³", "¹", "¼", "·", "×", "÷", "\u00a0",
    "ł", "ŉ", "ſ", "ǅ", "\u023a", "\u023e", "ȿ", "İ", "ı", "ǆ", "\u0249",
    "\u2014", "\u2026", "€", "\u2070", "\u2071", "\u207f", "\u2090", "\u2102", "\u2118", "\u2160",
    "\u2184", "\u2188", "\u2122", "\u2009", "\u2028",
    "д", "Ж", "\u0301", "日本", "アイ", "\u0663", "１", "한", "\U0001d400",
    " the ", " and ", " der ", " une ", " está ", " word7 ", " x86 ", " snake_case ", " über ",
)  # fmt: skip


@pytest.fixture(scope="module")
def langscan_checker(checks_component: Path, make_settings) -> Iterator[Extractor]:  # type: ignore[no-untyped-def]
    with guest_checker("langscan_check_guest_extra.py", checks_component, make_settings) as checker:
        yield checker


def scan_difference(checker: Extractor, html: str) -> str | None:
    """None when the guest's C scan and detector agree with Python on ``html``, else where not."""
    return guest_verdict(checker, LANGSCAN_CHECK_MARKER, html, "langscan equal")


def texts(batch: list[str]) -> str:
    return "TEXTS\n" + "\x1e".join(batch)


#: The pieces whose lower case is all in the plain ranges: soups of these only are scanned.
PLAIN_PIECES = tuple(piece for piece in PIECES if not _NOT_PLAIN_RE.search(piece.replace("İ", "i").lower()))


def soup(seed: int) -> str:
    """Seeded: up to 400 pieces (every other soup of plain pieces only), now and then a long
    run of one."""
    rng = random.Random(seed)
    choices = PLAIN_PIECES if seed % 2 else PIECES
    pieces = [rng.choice(choices) for _ in range(rng.randint(0, 400))]
    if rng.random() < 0.2:
        pieces.insert(rng.randint(0, len(pieces)), rng.choice(choices) * rng.randint(50, 900))
    return "".join(pieces)


def test_guest_scans_every_corpus_text_as_the_detector(langscan_checker: Extractor) -> None:
    pages = list(corpus_pages())
    assert len(pages) >= 600
    problems = {name: problem for name, html in pages if (problem := scan_difference(langscan_checker, html))}
    assert problems == {}


def test_guest_scans_soups_as_the_detector(langscan_checker: Extractor) -> None:
    soups = [soup(seed).replace("\x1e", " ") for seed in range(6000)]
    batches = [texts(soups[at : at + 500]) for at in range(0, len(soups), 500)]
    assert [problem for batch in batches if (problem := scan_difference(langscan_checker, batch))] == []


@pytest.mark.parametrize("unit", SHAPES.values(), ids=SHAPES.keys())
def test_guest_scans_hostile_text_as_the_detector(langscan_checker: Extractor, unit: str) -> None:
    assert scan_difference(langscan_checker, unit * 400) is None


def test_guest_check_sees_a_skewed_class(langscan_checker: Extractor) -> None:
    problem = scan_difference(langscan_checker, "SKEW\n" + texts(["plain words7 and more words"]))
    assert problem is not None and "words" in problem
    assert scan_difference(langscan_checker, texts(["plain words7 and more words"])) is None


def test_guest_check_sees_skewed_letter_scores(langscan_checker: Extractor) -> None:
    """The score comparison can fail: the C letter scores given a core without "e" differ."""
    problem = scan_difference(langscan_checker, "SKEW-LETTERS\n" + texts(["the tree here"]))
    assert problem is not None and "letter scores" in problem
    assert scan_difference(langscan_checker, texts(["the tree here"])) is None


def test_guest_check_sees_a_skewed_latin_model(langscan_checker: Extractor) -> None:
    """The Latin figures' comparison can fail: a C Latin model whose core lacks "e" differs."""
    problem = scan_difference(langscan_checker, "SKEW-LATIN\n" + texts(["the tree here"]))
    assert problem is not None and "scan_latin" in problem
    assert scan_difference(langscan_checker, texts(["the tree here"])) is None
