"""The ``quality-score``: 0–100, how likely the extraction is clean, complete main content.

Why a score at all: a caller crawling thousands of pages needs to tell an article it can use
from a home page, a listing or a login wall without reading it. The score combines signals the
extraction already computed (no extra pass over the tree):

- body size: characters of extracted text (saturates at ``FULL_LENGTH``);
- structure: number of paragraphs (saturates at ``FULL_PARAGRAPHS``);
- link density: share of the text inside links (navigation, listings score low);
- metadata: a title, a byline and a date are what article pages carry;
- the article finder's own verdict (``is_probably_article``) halves the score when negative.

Weights add up to 100. Calibration against the evaluation corpus is reported in the README.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Text length at which the size signal is full, and below which it is zero.
FULL_LENGTH = 2500
MIN_LENGTH = 140
#: Paragraph count at which the structure signal is full.
FULL_PARAGRAPHS = 6
#: Link density at which the link signal reaches zero (half the text is link text).
MAX_LINK_DENSITY = 0.5
WEIGHT_LENGTH = 40
WEIGHT_PARAGRAPHS = 20
WEIGHT_LINKS = 20
WEIGHT_TITLE = 10
WEIGHT_BYLINE = 5
WEIGHT_DATE = 5
#: Multiplier when the article finder says the page is not an article.
NOT_ARTICLE_FACTOR = 0.5


@dataclass
class QualitySignals:
    text_length: int
    paragraph_count: int
    link_density: float
    has_title: bool
    has_byline: bool
    has_date: bool
    is_probably_article: bool


def _ramp(value: float, low: float, high: float) -> float:
    if value <= low:
        return 0.0
    if value >= high:
        return 1.0
    return (value - low) / (high - low)


def content_score(signals: QualitySignals) -> int:
    """Score for modes that return a body (article, full, custom)."""
    score = (
        WEIGHT_LENGTH * _ramp(signals.text_length, MIN_LENGTH, FULL_LENGTH)
        + WEIGHT_PARAGRAPHS * _ramp(signals.paragraph_count, 0, FULL_PARAGRAPHS)
        + WEIGHT_LINKS * (1.0 - _ramp(signals.link_density, 0.0, MAX_LINK_DENSITY))
        * _ramp(signals.text_length, 0, MIN_LENGTH)
        + WEIGHT_TITLE * signals.has_title
        + WEIGHT_BYLINE * signals.has_byline
        + WEIGHT_DATE * signals.has_date
    )
    if not signals.is_probably_article:
        score *= NOT_ARTICLE_FACTOR
    return max(0, min(100, round(score)))


def metadata_score(found: int, possible: int) -> int:
    """Score for metadata mode: the share of metadata fields the page declared."""
    if possible <= 0:
        return 0
    return max(0, min(100, round(100 * found / possible)))
