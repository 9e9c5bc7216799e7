"""The ``quality-score``: 0–100, how likely the extraction is clean, complete main content.

Why a score at all: a caller crawling thousands of pages needs to tell an article it can use
from a home page, a listing, a login wall or a boilerplate-laden extraction without reading it.
The score is computed from the *output* (the plain text and its links), so it judges what the
caller gets, whatever the mode, and costs one pass over the text:

- link density: share of the text inside links — navigation, teasers and footers are links;
- words per line: article prose comes in long lines, menus and cards in short ones;
- sentence share: share of lines that end like a sentence (., !, ?, 。, quotes…);
- size: very short extractions are uncertain (saturates at ``FULL_WORDS``);
- metadata: a title, a byline and a date are what article pages carry.

(The article finder's own verdict was tried as a multiplier and made the separation worse —
the output features already carry it — so it is not used.)

Weights add up to 100. Calibration (``benchmarks/quality_calibration.py``, reported in the
README): on the evaluation corpus, extracted once as an article and once as the full page,
"score ≥ 50" predicts "text F1 ≥ 0.9 against the reference article".
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import repeat
from operator import itemgetter

#: Link density at which the link signal starts to fall, and where it reaches zero.
CLEAN_LINK_DENSITY = 0.05
MAX_LINK_DENSITY = 0.30
#: Words per non-empty line: below the first, lines look like menu items; above the second, prose.
MENU_WORDS_PER_LINE = 5.0
PROSE_WORDS_PER_LINE = 20.0
#: Share of lines ending like a sentence: below the first it is lists of labels, above it prose.
LOW_SENTENCE_SHARE = 0.15
HIGH_SENTENCE_SHARE = 0.5
#: Word counts below which an extraction gets no size credit, and where the credit is full.
MIN_WORDS = 50
FULL_WORDS = 300
#: Characters that end a sentence-like line (with closing quotes and brackets allowed after).
SENTENCE_ENDS = frozenset(".!?:;…。！？")
CLOSERS = "\"'”’»)]」』"
WEIGHT_LINKS = 35
WEIGHT_LINE_LENGTH = 20
WEIGHT_SENTENCES = 20
WEIGHT_SIZE = 10
WEIGHT_TITLE = 5
WEIGHT_BYLINE = 5
WEIGHT_DATE = 5


@dataclass
class QualitySignals:
    word_count: int
    link_density: float
    words_per_line: float
    sentence_share: float
    has_title: bool
    has_byline: bool
    has_date: bool


def text_signals(text: str, link_text_chars: int, word_count: int) -> tuple[float, float, float]:
    """(link density, words per line, sentence share) of the extracted plain text.

    A line counts when it is not blank; stripped on the right, it is sentence-like when what is
    left after the closing quotes and brackets (``CLOSERS``) ends in one of ``SENTENCE_ENDS``.
    No bytecode runs per line (``_line_counts``): dense markup renders to tens of thousands of
    lines (30k for 1 MB of nested lists), and inside the component a Python loop over them cost
    ~4.5k instructions a line.
    """
    lines, sentence_like = _line_counts(text)
    if not lines:
        return 1.0, 0.0, 0.0
    return link_text_chars / max(1, len(text)), word_count / lines, sentence_like / lines


def _line_counts(text: str) -> tuple[int, int]:
    """The non-blank lines of ``text`` and how many are sentence-like: one pass in C inside the
    component (``_mdpass.line_counts``, no str per line: on dense markup 2-3% of a call), else
    ``_line_counts_python``, which states the rule."""
    if _line_counts_c is not None:
        counts: tuple[int, int] | None = _line_counts_c(text)
        if counts is not None:
            return counts
    return _line_counts_python(text)


def _line_counts_python(text: str) -> tuple[int, int]:
    """``_line_counts`` as C-level ``map``/``filter`` chains (see ``text_signals``)."""
    lines = list(filter(None, map(str.rstrip, text.split("\n"))))
    tails = map(_LAST_CHARACTER, map(str.rstrip, lines, repeat(CLOSERS)))
    return len(lines), sum(map(SENTENCE_ENDS.__contains__, tails))


#: The last character of a str ("" for an empty one).
_LAST_CHARACTER = itemgetter(slice(-1, None))

try:  # the line counts in C (csrc/mdpass/words.c): compiled into the guest component only
    from ._mdpass import configure_lines as _configure_lines  # type: ignore[import-not-found]
    from ._mdpass import line_counts as _line_counts_c
except ImportError:
    _configure_lines = _line_counts_c = None
if _configure_lines is not None:  # at import, which the component runs when it is built
    # each character a (first, last) range of its own, as the C's other character sets are given
    ends, closers = (tuple((ord(c), ord(c)) for c in sorted(chars)) for chars in (SENTENCE_ENDS, CLOSERS))
    _configure_lines(ends, closers)


def _ramp(value: float, low: float, high: float) -> float:
    if value <= low:
        return 0.0
    if value >= high:
        return 1.0
    return (value - low) / (high - low)


def content_score(signals: QualitySignals) -> int:
    """Score for modes that return a body (article, full, custom)."""
    if signals.word_count == 0:
        return 0
    score = (
        WEIGHT_LINKS * (1.0 - _ramp(signals.link_density, CLEAN_LINK_DENSITY, MAX_LINK_DENSITY))
        + WEIGHT_LINE_LENGTH * _ramp(signals.words_per_line, MENU_WORDS_PER_LINE, PROSE_WORDS_PER_LINE)
        + WEIGHT_SENTENCES * _ramp(signals.sentence_share, LOW_SENTENCE_SHARE, HIGH_SENTENCE_SHARE)
        + WEIGHT_SIZE * _ramp(signals.word_count, MIN_WORDS, FULL_WORDS)
        + WEIGHT_TITLE * signals.has_title
        + WEIGHT_BYLINE * signals.has_byline
        + WEIGHT_DATE * signals.has_date
    )
    return max(0, min(100, round(score)))


def metadata_score(found: int, possible: int) -> int:
    """Score for metadata mode: the share of metadata fields the page declared."""
    if possible <= 0:
        return 0
    return max(0, min(100, round(100 * found / possible)))
