"""``run_batch``: inputs → chunks → items → results (N threads or the workers, in input order) → OUT.

The pieces compose one way: ``inputs`` plans and reads, ``process`` extracts, ``dedup`` drops
near-duplicates in input order (so the kept page is always the first), ``outputs`` writes, and
``progress`` counts. Resuming reads OUT's source keys first and skips those sources.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from ..config import Settings
from ..errors import ConfigError
from ..extractor import EngineChoice, Extractor
from . import dedup
from .fetching import BlockingFetcher
from .inputs import Plan, UrlChunk, plan, read_chunk
from .outputs import OutputFormat, existing, open_writer, require_destination
from .pages import Item, PageResult
from .process import BatchOptions, PageProcessor, ordered_map
from .progress import Progress, Tally


@dataclass(frozen=True)
class RunOptions:
    output_format: OutputFormat = "ndjson"
    #: None or "-": standard output (JSON lines only).
    out: str | None = None
    #: Threads extracting at once; 0: ``RIPTIDE_BATCH_JOBS``, else the number of cores.
    jobs: int = 0
    resume: bool = False
    dedup: bool = False
    progress: bool = False
    engine: EngineChoice = "auto"
    #: Process chunks on the Celery workers at ``RIPTIDE_REDIS_URL`` (``riptide worker``).
    distributed: bool = False


def default_jobs(settings: Settings) -> int:
    if settings.batch_jobs:
        return settings.batch_jobs
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity else os.cpu_count() or 1


def run_batch(inputs: Sequence[str], extraction: BatchOptions, run: RunOptions, settings: Settings) -> Tally:
    """Extract every page of ``inputs`` into ``run.out``; the returned tally adds up to every source read.

    Raises ``InputError`` for an input that does not exist, ``ConfigError`` for options that
    cannot work together and ``BrokerError`` when ``run.distributed`` finds no Redis, before
    anything is extracted; per-page failures are error records.
    """
    work = plan(inputs)
    _check_out(run)
    if run.distributed and run.jobs:
        raise ConfigError(
            "--jobs applies to a local batch: with --distributed, each worker's --concurrency decides"
        )
    if run.dedup:
        dedup.require()
    near = dedup.NearDuplicates(settings.batch_dedup_threshold) if run.dedup else None
    done = _already_done(run, near)
    options = replace(extraction, signatures=run.dedup)
    tally = Tally()
    progress = Progress(work.total_bytes, run.progress)
    if run.distributed:
        from .distributed import DistributedChunks

        chunks: ChunkProcessing = DistributedChunks.connect(settings, options)
    else:
        chunks = LocalChunks(settings, options, run, work)
    try:
        writer = open_writer(
            run.output_format, run.out, append=run.resume, rows_per_file=settings.batch_parquet_rows_per_file
        )
        try:
            for result in chunks.results(work, done, tally, progress):
                if near is not None and result.status == "extracted":
                    original = near.first_like(result.source.key, result.signature)
                    if original is not None:
                        result = PageResult(result.source, "duplicate", duplicate_of=original)
                tally.count(result)
                if result.written:
                    writer.write(result)
                progress.show(tally)
        finally:
            writer.close()
    finally:
        chunks.close()
    progress.finish(tally)
    return tally


class ChunkProcessing(Protocol):
    """Where chunks are processed: this process's threads (``LocalChunks``) or the Celery workers
    (``distributed.DistributedChunks``). Both yield every result in input order, skip the sources
    in ``done`` (counting them in ``tally.resumed``) and advance ``progress`` by the input read;
    everything else (dedup, counting, writing) is ``run_batch``'s, the same for both."""

    def results(
        self, work: Plan, done: set[str], tally: Tally, progress: Progress
    ) -> Iterator[PageResult]: ...

    def close(self) -> None: ...


class LocalChunks:
    """``--jobs`` threads, each on a warm sandbox instance of one ``Extractor``."""

    def __init__(self, settings: Settings, options: BatchOptions, run: RunOptions, work: Plan) -> None:
        self.jobs = run.jobs or default_jobs(settings)
        pool = replace(
            settings,
            wasm_max_pool_size=max(settings.wasm_max_pool_size, self.jobs),
            wasm_initial_pool_size=self.jobs,
        )
        self.settings = settings
        self.extractor = Extractor(pool, engine=run.engine)
        needs_fetcher = any(isinstance(chunk, UrlChunk) for chunk in work.chunks)
        self.fetcher = BlockingFetcher(settings) if needs_fetcher else None
        self.processor = PageProcessor(self.extractor, options, self.fetcher)

    def results(self, work: Plan, done: set[str], tally: Tally, progress: Progress) -> Iterator[PageResult]:
        return ordered_map(self.processor, _items(work, done, tally, progress, self.settings), self.jobs)

    def close(self) -> None:
        self.extractor.close()
        if self.fetcher is not None:
            self.fetcher.close()


def _check_out(run: RunOptions) -> None:
    out = None if run.out == "-" else run.out
    if run.resume and out is None:
        raise ConfigError("--resume needs -o/--output: the results already written are read from it")
    require_destination(run.output_format, out)
    if out is None or run.resume:
        return
    if (os.path.isdir(out) and os.listdir(out)) or (os.path.isfile(out) and os.path.getsize(out)):
        raise ConfigError(f"{out} already holds results: pass --resume to continue it, or remove it")


def _already_done(run: RunOptions, near: dedup.NearDuplicates | None) -> set[str]:
    """Source keys with a result in OUT (``--resume``); their texts seed the dedup index."""
    done: set[str] = set()
    if not run.resume or run.out is None:
        return done
    for key, status, text in existing(run.output_format, run.out):
        done.add(key)
        if near is not None and status == "extracted" and text:
            near.remember(key, text)
    return done


def _items(
    work: Plan, done: set[str], tally: Tally, progress: Progress, settings: Settings
) -> Iterator[Item]:
    for chunk in work.chunks:
        for item in read_chunk(chunk, settings.max_html_bytes):
            progress.advance(item.size)
            if item.source.key in done:
                tally.resumed += 1
                continue
            yield item
