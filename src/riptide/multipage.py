"""Multi-page articles: when to follow the engine's ``next_page``, and how pages merge into one.

The component reports the next page of an article (``engine.pagination``) but cannot fetch it;
the crawler fetches it and calls ``continues`` and ``merge`` here. Only extracted documents
cross into this module — the host still never parses HTML.

Following stops (and what was merged so far is returned) when a page:

- does not look like an article (``quality_score`` below ``MIN_QUALITY_TO_FOLLOW``): listing
  pages have ``rel="next"`` too, and merging a listing's pages is not what "article" asks for;
- has a title that is not the first page's (allowing "Page 2", "(2/3)" and the like), since a
  link that continues the URL pattern can still lead to another article;
- repeats a page already merged (a site that ignores the page parameter) or was already visited.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import fields
from difflib import SequenceMatcher
from typing import Any

from .engine.plaintext import reading_time_minutes
from .engine.result import Stats
from .models import ExtractedDoc

#: The quality score below which a page is not treated as an article worth continuing (the
#: score's own "good extraction" boundary, see README "Quality score").
MIN_QUALITY_TO_FOLLOW = 50
#: Titles at least this similar (difflib ratio, after page markers are removed) are one article's.
MIN_TITLE_SIMILARITY = 0.85
#: "Page 2", "page 2 of 5", "(2/5)", "Part 2", "Seite 2", "– 2 –" … in a title.
_PAGE_MARKER = re.compile(
    r"\b(?:page|part|seite|teil|página|pagina|partie|parte|pag\.?|p\.)\s*\d+(?:\s*(?:of|/|von|de|sur|di)\s*\d+)?\b"
    r"|\(?\b\d+\s*/\s*\d+\b\)?",
    re.I,
)
_NOT_WORD = re.compile(r"[\W_]+")


def follows_from(doc: ExtractedDoc) -> bool:
    """Whether ``doc`` is an article page whose ``next_page`` is worth fetching."""
    return doc.next_page is not None and (doc.quality_score or 0) >= MIN_QUALITY_TO_FOLLOW


def continues(first: ExtractedDoc, merged: Sequence[ExtractedDoc], candidate: ExtractedDoc) -> str | None:
    """Why ``candidate`` is not the next page of the article that starts with ``first``, or None."""
    if not same_title(first.title, candidate.title):
        return f"its title {candidate.title!r} is not the article's ({first.title!r})"
    text = _fold(candidate.text)
    if not text:
        return "it has no article text"
    if any(_fold(page.text) == text for page in merged):
        return "it repeats a page already merged (the site ignores the page number?)"
    return None


def same_title(first: str | None, other: str | None) -> bool:
    """True when two page titles name the same article, page markers aside."""
    if not first or not other:
        return first == other
    a, b = _title_key(first), _title_key(other)
    return a == b or SequenceMatcher(None, a, b).ratio() >= MIN_TITLE_SIMILARITY


def merge(pages: Sequence[ExtractedDoc]) -> ExtractedDoc:
    """One document from an article's pages, in reading order, each field by its ``MERGE_RULES``
    (metadata from the first page that has it, bodies joined, links and media de-duplicated…)."""
    if not pages:
        raise ValueError("merge() needs at least one page")
    if len(pages) == 1:
        return pages[0]
    return ExtractedDoc(**{name: rule(pages, name) for name, rule in MERGE_RULES.items()})


def _title_key(title: str) -> str:
    return _NOT_WORD.sub(" ", _PAGE_MARKER.sub(" ", title.casefold())).strip()


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _first_set(pages: Sequence[ExtractedDoc], name: str) -> Any:
    """The first page's value, falling back to later pages' when it has none."""
    return next((value for page in pages if (value := getattr(page, name))), None)


def _joined(pages: Sequence[ExtractedDoc], name: str) -> str:
    return "\n\n".join(value for page in pages if (value := getattr(page, name)))


def _summed(pages: Sequence[ExtractedDoc], name: str) -> int:
    return sum(getattr(page, name) or 0 for page in pages)


def _unique(pages: Sequence[ExtractedDoc], name: str) -> list[Any]:
    """Every page's items, the first of each kept: records by ``url``, plain values by value."""
    by_key: dict[Any, Any] = {}
    for item in (item for page in pages for item in getattr(page, name)):
        by_key.setdefault(getattr(item, "url", item), item)
    return list(by_key.values())


def _reading_time(pages: Sequence[ExtractedDoc], name: str) -> int:
    return reading_time_minutes(_summed(pages, "word_count"), _joined(pages, "text"))


def _word_weighted_mean(pages: Sequence[ExtractedDoc], name: str) -> int | None:
    weighted = ((getattr(page, name), max(page.word_count or 0, 1)) for page in pages)
    scored: list[tuple[int, int]] = [(score, weight) for score, weight in weighted if score is not None]
    if not scored:
        return None
    return round(sum(score * weight for score, weight in scored) / sum(weight for _, weight in scored))


def _summed_stats(pages: Sequence[ExtractedDoc], name: str) -> Stats | None:
    """Every figure summed, except ``STATS_PEAKS``, whose largest value is kept."""
    measured = [stats for page in pages if (stats := getattr(page, name)) is not None]
    if not measured:
        return None
    merged = {item.name: max if item.name in STATS_PEAKS else sum for item in fields(Stats)}
    return Stats(
        **{name: combine(getattr(s, name) or 0 for s in measured) for name, combine in merged.items()}
    )


#: How each ``ExtractedDoc`` field of the merged document is made from the pages' values. Every
#: field has exactly one rule (checked below, at import): a new field must say how it merges.
MERGE_RULES: dict[str, Callable[[Sequence[ExtractedDoc], str], Any]] = {
    "url": lambda pages, _: pages[0].url,
    "title": _first_set,
    "byline": _first_set,
    "published_iso": _first_set,
    "markdown": _joined,
    "text": _joined,
    "links": _unique,  # by url
    "media": _unique,  # by url
    "language": _first_set,
    "reading_time": _reading_time,  # recomputed from the merged text
    "quality_score": _word_weighted_mean,
    "word_count": _summed,
    "categories": _unique,
    "site_name": _first_set,
    "description": _first_set,
    "next_page": lambda pages, _: pages[-1].next_page,  # set when following stopped early
    "engine": lambda pages, _: "native" if any(page.engine == "native" for page in pages) else "wasm",
    "stats": _summed_stats,
    "pages": lambda pages, _: [page.url for page in pages],
}
#: ``Stats`` figures that are a peak, not a quantity: the merged value is the largest.
STATS_PEAKS = frozenset({"memory_used"})
_unruled = {item.name for item in fields(ExtractedDoc)} ^ MERGE_RULES.keys()
if _unruled:
    raise TypeError(f"multipage.MERGE_RULES and ExtractedDoc disagree on the fields {sorted(_unruled)}")
