"""Crawl orchestration: fetch → cache → sandboxed extraction for batches of URLs.

Shared by the HTTP API and ``riptide crawl``. One URL's failure never fails the batch: every
URL yields a ``CrawlResult`` with either a document or an error that says what went wrong and
whether retrying may help. ``crawl`` keeps request order; ``stream`` yields results as they
finish. Observability is pushed to an optional ``CrawlObserver`` so this module stays free of
any metrics library.
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from . import multipage
from .cache import ResultCache, cache_key
from .errors import ExtractionError, FetchError, InternalError, RipTideError
from .extractor import Extractor
from .fetch.client import Fetcher
from .models import ExtractedDoc, ExtractionMode

#: Cache modes: ``read_through`` serves a fresh cached document, else fetches, extracts and
#: stores; ``enabled`` is the same (the name RipTide's earlier API used); ``bypass`` neither
#: reads nor writes the cache.
CacheMode = Literal["read_through", "enabled", "bypass"]


@dataclass(frozen=True)
class CrawlOptions:
    mode: ExtractionMode = ExtractionMode.ARTICLE
    selectors: tuple[str, ...] = ()
    concurrency: int = 8
    cache_mode: CacheMode = "read_through"
    #: Per-URL budget for fetching, in milliseconds (extraction has the sandbox's own limit).
    timeout_ms: int | None = None
    #: With ``include_html``, the first page's HTML is added to the document.
    include_html: bool = False
    #: Pages of a multi-page article to fetch and merge (article mode only; 1: this page only).
    #: Each page is fetched, cached and extracted on its own, within its own ``timeout_ms``.
    max_pages: int = 1


@dataclass(frozen=True)
class ErrorInfo:
    type: str
    message: str
    retryable: bool

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "message": self.message, "retryable": self.retryable}


@dataclass
class CrawlResult:
    url: str
    #: Position of the URL in the request (``stream`` yields out of order).
    index: int = 0
    status: int = 0
    from_cache: bool = False
    processing_time_ms: float = 0.0
    document: ExtractedDoc | None = None
    error: ErrorInfo | None = None
    html: str | None = None
    #: What went wrong short of failing the URL (a later page of the article not merged, and why).
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.document is not None

    @property
    def engine(self) -> str | None:
        return self.document.engine if self.document else None

    @property
    def quality_score(self) -> int | None:
        return self.document.quality_score if self.document else None

    def to_dict(self) -> dict[str, Any]:
        document = self.document.to_dict(include_stats=False) if self.document else None
        if document is not None and self.html is not None:
            document["html"] = self.html
        return {
            "url": self.url,
            "status": self.status,
            "from_cache": self.from_cache,
            "quality_score": self.quality_score,
            "processing_time_ms": round(self.processing_time_ms, 2),
            "engine": self.engine,
            "document": document,
            "error": self.error.to_dict() if self.error else None,
            "warnings": list(self.warnings),
        }


class CrawlObserver(Protocol):
    """Receives events for metrics; every method must be cheap and must not raise."""

    def cache_lookup(self, hit: bool) -> None: ...

    def fetch_outcome(self, outcome: str) -> None: ...

    def extraction(self, mode: str, engine: str, seconds: float, ok: bool) -> None: ...


@dataclass
class CrawlStatistics:
    total_processing_time_ms: float = 0.0
    engines: dict[str, int] = field(default_factory=dict)
    errors_by_type: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, results: Sequence[CrawlResult]) -> CrawlStatistics:
        stats = cls()
        for result in results:
            stats.total_processing_time_ms += result.processing_time_ms
            if result.engine:
                stats.engines[result.engine] = stats.engines.get(result.engine, 0) + 1
            if result.error:
                stats.errors_by_type[result.error.type] = stats.errors_by_type.get(result.error.type, 0) + 1
        return stats

    def to_dict(self, count: int, cache_hits: int) -> dict[str, Any]:
        return {
            "total_processing_time_ms": round(self.total_processing_time_ms, 2),
            "avg_processing_time_ms": round(self.total_processing_time_ms / count, 2) if count else 0.0,
            "cache_hit_rate": round(cache_hits / count, 4) if count else 0.0,
            "engines": self.engines,
            "errors_by_type": self.errors_by_type,
        }


class Crawler:
    """Fetches, caches and extracts; safe to share by concurrent requests."""

    def __init__(
        self,
        extractor: Extractor,
        fetcher: Fetcher,
        cache: ResultCache | None,
        observer: CrawlObserver | None = None,
    ) -> None:
        self.extractor = extractor
        self.fetcher = fetcher
        self.cache = cache
        self.observer = observer

    async def crawl(self, urls: Sequence[str], options: CrawlOptions) -> list[CrawlResult]:
        """Results in request order."""
        gate = asyncio.Semaphore(options.concurrency)
        return list(
            await asyncio.gather(*(self._bounded(gate, i, url, options) for i, url in enumerate(urls)))
        )

    async def stream(self, urls: Sequence[str], options: CrawlOptions) -> AsyncIterator[CrawlResult]:
        """Results as each URL finishes (the result carries its URL)."""
        gate = asyncio.Semaphore(options.concurrency)
        tasks = [asyncio.ensure_future(self._bounded(gate, i, url, options)) for i, url in enumerate(urls)]
        try:
            for finished in asyncio.as_completed(tasks):
                yield await finished
        finally:
            for task in tasks:
                task.cancel()

    async def _bounded(
        self, gate: asyncio.Semaphore, index: int, url: str, options: CrawlOptions
    ) -> CrawlResult:
        async with gate:
            return await self.crawl_one(url, options, index)

    async def crawl_one(self, url: str, options: CrawlOptions, index: int = 0) -> CrawlResult:
        started = time.perf_counter()
        result = CrawlResult(url=url, index=index)
        try:
            await self._process(result, options)
        except RipTideError as error:
            result.error = error_info(error)
        except Exception as error:  # a bug: report it on this URL, keep the batch going
            result.error = error_info(InternalError(f"{type(error).__name__}: {error}"))
        result.processing_time_ms = (time.perf_counter() - started) * 1000
        return result

    async def _process(self, result: CrawlResult, options: CrawlOptions) -> None:
        try:
            page = await self._page(result.url, options)
        except FetchError as error:
            result.status = error.status or 0
            raise
        result.document, result.status, result.from_cache = page.document, page.status, page.from_cache
        if options.include_html:
            result.html = page.html
        if options.max_pages > 1 and options.mode.spec.allows_multi_page:
            result.document = await self._follow_pages(page.document, options, result.warnings)

    async def _page(self, url: str, options: CrawlOptions) -> _Page:
        """One page: from the cache when allowed and fresh, else fetched, extracted and stored."""
        use_cache = self.cache is not None and options.cache_mode != "bypass" and not options.include_html
        key = (
            cache_key(url, options.mode.value, options.selectors, self.extractor.identity)
            if use_cache
            else None
        )
        if key is not None and self.cache is not None:
            cached = await self.cache.get(key)
            self._observe_cache(cached is not None)
            if cached is not None:
                return _Page(cached, 200, from_cache=True)
        timeout = options.timeout_ms / 1000 if options.timeout_ms else None
        try:
            fetched = await self.fetcher.fetch(url, timeout=timeout)
        except FetchError as error:
            self._observe_fetch(error.kind)
            raise
        self._observe_fetch("ok")
        document = await self._extract(fetched.html, fetched.final_url, options)
        if key is not None and self.cache is not None:
            await self.cache.put(key, document)
        return _Page(document, fetched.status, from_cache=False, html=fetched.html)

    async def _follow_pages(
        self, first: ExtractedDoc, options: CrawlOptions, warnings: list[str]
    ) -> ExtractedDoc:
        """``first`` merged with the pages its ``next_page`` chain leads to (rules: ``multipage``).

        A later page that cannot be fetched or extracted ends the chain with a warning and keeps
        ``next_page`` pointing at it (so nothing is lost: the caller can retry from there); a page
        that turns out not to continue the article ends it with a warning and no ``next_page``.
        """
        if not multipage.follows_from(first):
            return first
        pages = [first]
        visited = {first.url}
        more = True
        while len(pages) < options.max_pages and (url := pages[-1].next_page) is not None:
            number = len(pages) + 1
            if url in visited:
                more = False
                break
            visited.add(url)
            try:
                document = (await self._page(url, options)).document
            except RipTideError as error:
                info = error_info(error)
                warnings.append(f"page {number} ({url}) not merged: {info.type}: {info.message}")
                break
            reason = multipage.continues(first, pages, document)
            if reason is not None:
                warnings.append(f"page {number} ({url}) not merged: {reason}")
                more = False
                break
            visited.add(document.url)
            pages.append(document)
        merged = multipage.merge(pages)
        return merged if more else dataclasses.replace(merged, next_page=None)

    async def _extract(self, html: str, url: str, options: CrawlOptions) -> ExtractedDoc:
        started = time.perf_counter()
        try:
            doc = await self.extractor.aextract(html, url, options.mode, list(options.selectors) or None)
        except ExtractionError as error:
            self._observe_extraction(options.mode.value, error.engine or "wasm", started, ok=False)
            raise
        self._observe_extraction(options.mode.value, doc.engine, started, ok=True)
        return doc

    def _observe_cache(self, hit: bool) -> None:
        if self.observer is not None:
            self.observer.cache_lookup(hit)

    def _observe_fetch(self, outcome: str) -> None:
        if self.observer is not None:
            self.observer.fetch_outcome(outcome)

    def _observe_extraction(self, mode: str, engine: str, started: float, ok: bool) -> None:
        if self.observer is not None:
            self.observer.extraction(mode, engine, time.perf_counter() - started, ok)


@dataclass(frozen=True)
class _Page:
    document: ExtractedDoc
    status: int
    from_cache: bool
    html: str | None = None


def error_info(error: RipTideError) -> ErrorInfo:
    """The API's view of an error: its kind, the message, and whether to retry."""
    return ErrorInfo(error.kind, error.message, error.retryable)
