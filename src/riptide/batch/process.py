"""Turning items into results: ``process_item`` for one page, ``process_items`` for a stream of
them on N threads, ``process_chunk`` for one chunk.

``process_chunk`` is the plain function a distributed worker calls: a chunk in, results keyed by
source out, skipping the sources it is told are done, so running a chunk twice is harmless.
Threads are enough for parallelism: sandbox calls release the GIL, and each thread takes its own
warm instance from the ``Extractor``'s pool.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

from ..charset import decode_html
from ..engine.modes import ExtractionMode
from ..errors import InternalError, RipTideError
from ..extractor import Extractor
from . import dedup
from .fetching import BlockingFetcher
from .inputs import Chunk, read_chunk
from .pages import Item, PageResult
from .payload import decode_body

T = TypeVar("T")
R = TypeVar("R")
#: Items read ahead per thread: enough to keep every thread busy, few enough to bound memory.
READ_AHEAD_PER_JOB = 4


@dataclass(frozen=True)
class BatchOptions:
    mode: ExtractionMode = ExtractionMode.ARTICLE
    selectors: tuple[str, ...] = ()
    #: Compute each document's MinHash (``--dedup``) in the extraction thread.
    signatures: bool = False


class PageProcessor:
    """``process_item`` bound to an extractor, options and (for URL lists) a fetcher."""

    def __init__(self, extractor: Extractor, options: BatchOptions, fetcher: BlockingFetcher | None = None):
        self.extractor = extractor
        self.options = options
        self.fetcher = fetcher

    def __call__(self, item: Item) -> PageResult:
        return process_item(item, self.extractor, self.options, self.fetcher)


def process_item(
    item: Item, extractor: Extractor, options: BatchOptions, fetcher: BlockingFetcher | None = None
) -> PageResult:
    """The result for one item; never raises (a failure is the page's error record)."""
    if item.skip_reason is not None:
        return PageResult(item.source, "skipped", skip_reason=item.skip_reason)
    if item.error is not None:
        return PageResult.failed(item.source, item.error)
    try:
        if item.fetch:
            if fetcher is None:
                raise InternalError("a URL-list entry reached a processor without a fetcher")
            page = fetcher.fetch(item.page_url)
            html, url = page.html, page.final_url
        else:
            body = decode_body(item, extractor.settings.max_html_bytes)
            html, url = decode_html(body, item.content_type), item.page_url
        document = extractor.extract(html, url, options.mode, list(options.selectors) or None)
    except RipTideError as error:
        return PageResult.failed(item.source, error)
    except Exception as error:  # a bug: reported on this page, the batch goes on
        return PageResult.failed(item.source, InternalError(f"{type(error).__name__}: {error}"))
    result = PageResult(item.source, "extracted", document=document)
    if options.signatures:
        result.signature = dedup.signature(document.text)
    return result


def ordered_map(function: Callable[[T], R], items: Iterable[T], jobs: int) -> Iterator[R]:
    """``map(function, items)`` on ``jobs`` threads: results in input order, at most
    ``jobs * READ_AHEAD_PER_JOB`` items read ahead (memory stays bounded however long ``items`` is)."""
    if jobs <= 1:
        yield from map(function, items)
        return
    window = jobs * READ_AHEAD_PER_JOB
    pending: deque[Future[R]] = deque()
    with ThreadPoolExecutor(jobs, thread_name_prefix="riptide-batch") as pool:
        try:
            for item in items:
                pending.append(pool.submit(function, item))
                if len(pending) >= window:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()


def process_chunk(
    chunk: Chunk,
    extractor: Extractor,
    options: BatchOptions,
    *,
    done: Collection[str] = frozenset(),
    jobs: int = 1,
    fetcher: BlockingFetcher | None = None,
) -> Iterator[PageResult]:
    """Results for the items of ``chunk`` whose source key is not in ``done``, in chunk order."""
    items = (
        item for item in read_chunk(chunk, extractor.settings.max_html_bytes) if item.source.key not in done
    )
    return ordered_map(PageProcessor(extractor, options, fetcher), items, jobs)
