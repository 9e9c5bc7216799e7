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
from collections.abc import Iterable, Sequence
from difflib import SequenceMatcher
from typing import TypeVar

from .engine.plaintext import reading_time_minutes
from .engine.result import Link, Media, Stats
from .models import EngineName, ExtractedDoc

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
_Item = TypeVar("_Item", Link, Media)


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
    """One document from an article's pages, in reading order.

    Metadata comes from the first page, falling back to later pages for fields it lacks. Bodies
    are concatenated; links, media and categories are de-duplicated (first occurrence wins);
    counts are summed and reading time recomputed; the quality score is the word-weighted mean.
    ``next_page`` is the last page's (set when following stopped early: more pages remain).
    ``engine`` is "native" if any page was extracted natively.
    """
    if not pages:
        raise ValueError("merge() needs at least one page")
    first = pages[0]
    if len(pages) == 1:
        return first
    text = "\n\n".join(page.text for page in pages if page.text)
    words = sum(page.word_count or 0 for page in pages)
    engine: EngineName = "native" if any(page.engine == "native" for page in pages) else "wasm"
    return ExtractedDoc(
        url=first.url,
        title=_first(page.title for page in pages),
        byline=_first(page.byline for page in pages),
        published_iso=_first(page.published_iso for page in pages),
        markdown="\n\n".join(page.markdown for page in pages if page.markdown),
        text=text,
        links=_unique_by_url([link for page in pages for link in page.links]),
        media=_unique_by_url([item for page in pages for item in page.media]),
        language=_first(page.language for page in pages),
        reading_time=reading_time_minutes(words, text),
        quality_score=_weighted_quality(pages),
        word_count=words,
        categories=list(dict.fromkeys(c for page in pages for c in page.categories)),
        site_name=_first(page.site_name for page in pages),
        description=_first(page.description for page in pages),
        next_page=pages[-1].next_page,
        engine=engine,
        stats=_summed_stats(pages),
        pages=[page.url for page in pages],
    )


def _title_key(title: str) -> str:
    return _NOT_WORD.sub(" ", _PAGE_MARKER.sub(" ", title.casefold())).strip()


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _first(values: Iterable[str | None]) -> str | None:
    return next((value for value in values if value), None)


def _unique_by_url(items: Iterable[_Item]) -> list[_Item]:
    by_url: dict[str, _Item] = {}
    for item in items:
        by_url.setdefault(item.url, item)
    return list(by_url.values())


def _weighted_quality(pages: Sequence[ExtractedDoc]) -> int | None:
    scored = [
        (page.quality_score, max(page.word_count or 0, 1)) for page in pages if page.quality_score is not None
    ]
    if not scored:
        return None
    return round(sum(score * weight for score, weight in scored) / sum(weight for _, weight in scored))


def _summed_stats(pages: Sequence[ExtractedDoc]) -> Stats | None:
    measured = [page.stats for page in pages if page.stats is not None]
    if not measured:
        return None
    return Stats(
        processing_time_ms=sum(s.processing_time_ms for s in measured),
        memory_used=max(s.memory_used for s in measured),
        nodes_processed=sum(s.nodes_processed or 0 for s in measured),
        links_found=sum(s.links_found for s in measured),
        images_found=sum(s.images_found for s in measured),
    )
