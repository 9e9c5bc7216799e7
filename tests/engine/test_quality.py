"""The quality score's text signals (``quality.text_signals``) are the ones its rule states."""

from __future__ import annotations

import random

import pytest

from riptide.engine.quality import CLOSERS, SENTENCE_ENDS, text_signals

#: Pieces the random texts are made of: line breaks, every kind of blank, sentence ends, closers.
BLANKS = ("\n", "\n\n", " ", "\t", "\r", "\u00a0", "\u2028", "\x1c")
PIECES = (*BLANKS, "word", "two words", ".", "!", "。", "…", ":", "'", "»", ")", "」")


def signals_as_stated(text: str, link_text_chars: int, word_count: int) -> tuple[float, float, float]:
    """The rule as first written: the non-blank lines, right-stripped, then the share of them that
    ends like a sentence (closers allowed after the end)."""
    lines = [line.rstrip() for line in text.split("\n") if line.strip()]
    if not lines:
        return 1.0, 0.0, 0.0
    sentence_like = sum(1 for line in lines if line.rstrip(CLOSERS)[-1:] in SENTENCE_ENDS)
    return link_text_chars / max(1, len(text)), word_count / len(lines), sentence_like / len(lines)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n",
        " \n\t\n",
        "One line.",
        "A line.\nAnother\n\n  Third! »\n",
        "Said: 'yes.' \r\n",
        "x.\t)\n",
        "「終わり。」",
    ],
)
def test_text_signals_on_hand_written_lines(text: str) -> None:
    assert text_signals(text, 3, 40) == signals_as_stated(text, 3, 40)


def test_text_signals_are_the_rule_as_stated_on_random_texts() -> None:
    rng = random.Random(4)
    for _ in range(3000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 30)))
        assert text_signals(text, 7, 25) == signals_as_stated(text, 7, 25), repr(text)
