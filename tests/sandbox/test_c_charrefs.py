"""The C decoder of character references (csrc/charref.c) equals dom.unescape, inside the guest.

The tree builder decodes text and attribute values in C with html.unescape's own tables (handed
over by dom.py). ``dom.unescape`` is html.unescape, except that it decodes a decimal reference
too long for int() instead of raising. A check component compares ``_fastscan.unescape`` with
``dom.unescape`` on:
every HTML5 entity name with and without its ';' and followed by what ends a name or does not;
numeric references in every form around every boundary of the rules (Windows-1252 remaps,
surrogates, non-characters, past U+10FFFF, huge and too-long numbers, leading zeros); malformed
references; and seeded soup of their pieces. The results, or the errors, must be the same. The
corpora's text goes through it in test_c_core.py's tree checks (equal trees, decoded text too).
"""

from __future__ import annotations

import html
import json
import random
from collections.abc import Iterator
from html.entities import html5
from pathlib import Path

import pytest
from tests.sandbox.conftest import guest_checker, guest_verdict
from tests.sandbox.test_c_core import needs_toolchain

from riptide import Extractor
from riptide.engine import dom

CHARREF_CHECK_MARKER = "RIPTIDE-CHARREF-CHECK\n"
#: What may follow a name: the characters that end one, one that does not, a non-ASCII letter.
AFTER_NAME = ("", ";", "x", ";x", "\u00e9", " ", "&", "#", "1", "\t", "\n", "\r", "<", "\f")
#: Numbers at the edges of html.unescape's rules.
NUMBERS = (
    *range(0x00, 0x220),
    0xD7FF, 0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0xE000, 0xFDCF, 0xFDD0, 0xFDEF, 0xFDF0, 0xFFFD,
    0xFFFE, 0xFFFF, 0x10000, 0x1FFFE, 0x1FFFF, 0x10FFFE, 0x10FFFF, 0x110000, 0x7FFFFFFF,
    2**32, 10**30,
)  # fmt: skip
NUMERIC_FORMS = ("&#%d;", "&#%d", "&#%da", "&#000%d;", "&#x%x;", "&#X%X", "&#x%x", "&#x%xg;", "&#x000%X;")
MALFORMED = (
    "&", "&&", "&;", "&#", "&#;", "&#x", "&#X;", "&#xg;", "& amp;", "&\ramp;", "&amp&amp;", "&ampamp;",
    "&" + "a" * 32 + ";", "&" + "a" * 33 + ";", "&" + "b" * 40, "&notit;", "&notin", "&noti;",
    "&#" + "9" * 64 + ";", "&#" + "9" * 65 + ";", "&#" + "1" * 5000 + ";", "&#" + "0" * 4400 + "65;",
    "&#x" + "0" * 5000 + "41;", "&#x" + "f" * 100 + ";", "\ud800&amp;\udfff", "&\ud800;", "&\U0001f600;",
    "&a\x0bmp;", "&AMP;", "&Amp;", "trailing &", "&lt&gt&quot&apos&nbsp",
)  # fmt: skip
SOUP_PIECES = ("&", "#", "x", "X", ";", "amp", "lt", "nbsp", "not", "in", "1", "9", "f", "A", " ", "é", "\n")


def entity_cases() -> list[str]:
    cases = []
    for name in html5:
        for after in AFTER_NAME:
            cases += ["&" + name + after, "a&" + name.rstrip(";") + after + "b"]
    return cases


def numeric_cases() -> list[str]:
    return [form % number for number in NUMBERS for form in NUMERIC_FORMS]


def soup_cases(seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(SOUP_PIECES) for _ in range(rng.randint(0, 24))) for _ in range(2000)]


@pytest.fixture(scope="module")
def charref_checker(checks_component: Path, make_settings) -> Iterator[Extractor]:  # type: ignore[no-untyped-def]
    with guest_checker("charref_check_guest_extra.py", checks_component, make_settings) as checker:
        yield checker


def decoders_differ(checker: Extractor, texts: list[str], prefix: str = "") -> str | None:
    """None when the guest's C decoder equals dom.unescape on every text, else the first
    difference (in batches, each one extraction call)."""
    for at in range(0, len(texts), 2000):
        payload = prefix + json.dumps(texts[at : at + 2000])
        if verdict := guest_verdict(checker, CHARREF_CHECK_MARKER, payload, "charrefs equal"):
            return verdict
    return None


def test_cases_reach_too_long_references() -> None:
    """The too-long decimal references are ones that html.unescape refuses (int()'s digit
    limit): the C decoder hands them to dom.unescape, which decodes them as their value gives."""
    for case, decoded in ((MALFORMED[20], "\ufffd"), (MALFORMED[21], "A")):
        with pytest.raises(ValueError):
            html.unescape(case)
        assert dom.unescape(case) == decoded


@needs_toolchain
def test_c_decoder_equals_unescape_on_every_entity(charref_checker: Extractor) -> None:
    assert decoders_differ(charref_checker, entity_cases()) is None


@needs_toolchain
def test_c_decoder_equals_unescape_on_numeric_references(charref_checker: Extractor) -> None:
    assert decoders_differ(charref_checker, numeric_cases()) is None


@needs_toolchain
def test_c_decoder_equals_unescape_on_malformed_references(charref_checker: Extractor) -> None:
    assert decoders_differ(charref_checker, list(MALFORMED)) is None


@needs_toolchain
def test_c_decoder_equals_unescape_on_reference_soup(charref_checker: Extractor) -> None:
    for seed in range(5):
        assert decoders_differ(charref_checker, soup_cases(seed)) is None, seed


@needs_toolchain
def test_charref_check_sees_a_difference(charref_checker: Extractor) -> None:
    """The check can fail: for this marked input the guest decodes &nbsp; to a space."""
    verdict = decoders_differ(charref_checker, ["a&nbsp;b"], prefix="-MUTATE\n")
    assert verdict is not None and "nbsp" in verdict
    assert decoders_differ(charref_checker, ["a&amp;b"], prefix="-MUTATE\n") is None
