"""``run_batch``: inputs → chunks → items → results (N threads, in input order) → OUT.

The pieces compose one way: ``inputs`` plans and reads, ``process`` extracts, ``dedup`` drops
near-duplicates in input order (so the kept page is always the first), ``outputs`` writes, and
``progress`` counts. Resuming reads OUT's source keys first and skips those sources.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

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


def default_jobs(settings: Settings) -> int:
    if settings.batch_jobs:
        return settings.batch_jobs
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity else os.cpu_count() or 1


def run_batch(inputs: Sequence[str], extraction: BatchOptions, run: RunOptions, settings: Settings) -> Tally:
    """Extract every page of ``inputs`` into ``run.out``; the returned tally adds up to every source read.

    Raises ``InputError`` for an input that does not exist and ``ConfigError`` for options that
    cannot work together, before anything is extracted; per-page failures are error records.
    """
    jobs = run.jobs or default_jobs(settings)
    work = plan(inputs)
    _check_out(run)
    if run.dedup:
        dedup.require()
    near = dedup.NearDuplicates(settings.batch_dedup_threshold) if run.dedup else None
    done = _already_done(run, near)
    pool = settings.model_copy(
        update={"wasm_max_pool_size": max(settings.wasm_max_pool_size, jobs), "wasm_initial_pool_size": jobs}
    )
    extractor = Extractor(pool, engine=run.engine)
    fetcher = BlockingFetcher(settings) if any(isinstance(c, UrlChunk) for c in work.chunks) else None
    processor = PageProcessor(extractor, replace(extraction, signatures=run.dedup), fetcher)
    tally = Tally()
    progress = Progress(work.total_bytes, run.progress)
    try:
        writer = open_writer(
            run.output_format, run.out, append=run.resume, rows_per_file=settings.batch_parquet_rows_per_file
        )
    except BaseException:
        extractor.close()
        raise
    try:
        for result in ordered_map(processor, _items(work, done, tally, progress, settings), jobs):
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
        extractor.close()
        if fetcher is not None:
            fetcher.close()
    progress.finish(tally)
    return tally


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
