"""The ``riptide`` command.

Exit codes: 0 success · 1 the document could not be extracted · 2 usage error (bad option,
missing file) · 3 the URL could not be fetched · 4 configuration or sandbox unavailable.
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any, NoReturn, TextIO

import click

from .batch.outputs import FORMATS as BATCH_FORMATS
from .config import Settings, load_settings
from .engine.modes import ExtractionMode, Mode
from .errors import (
    BrokerError,
    ComponentBuildError,
    ConfigError,
    ExtractionError,
    FetchError,
    InputError,
    RipTideError,
    SandboxError,
)
from .extractor import Extractor, html_too_large
from .models import ExtractedDoc

EXIT_EXTRACTION = 1
EXIT_USAGE = 2
EXIT_FETCH = 3
EXIT_SETUP = 4


#: The options every extracting command takes; choices and help come from the mode table.
MODE_OPTION = click.option(
    "--mode",
    type=click.Choice([mode.value for mode in ExtractionMode]),
    default=ExtractionMode.ARTICLE.value,
    show_default=True,
    help="; ".join(f"{mode.value}: {mode.spec.summary}" for mode in ExtractionMode) + ".",
)
SELECTOR_OPTION = click.option(
    "--selector", "selectors", multiple=True, help="CSS selector for --mode custom (repeatable)."
)
ENGINE_OPTION = click.option(
    "--engine",
    type=click.Choice(["auto", "wasm", "native"]),
    default="auto",
    show_default=True,
    help="wasm: sandbox only; native: in-process (trusted input only); auto: sandbox, native fallback.",
)
PROGRESS_OPTION = click.option(
    "--progress/--no-progress", default=None, help="Progress bar on stderr (default: when a terminal)."
)


def _fail(message: str, code: int) -> NoReturn:
    click.echo(f"riptide: error: {message}", err=True)
    sys.exit(code)


def _settings() -> Settings:
    try:
        return load_settings()
    except ConfigError as error:
        _fail(str(error), EXIT_SETUP)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="riptide")
def main() -> None:
    """RipTide: clean, structured content from web pages, extracted inside a WebAssembly sandbox."""


def _mode(mode: str, selectors: tuple[str, ...]) -> Mode:
    try:
        return Mode.of(mode, selectors)
    except ExtractionError as error:
        _fail(f"{error.message} (--mode, --selector)", EXIT_USAGE)


def _read_source(source: str, base_url: str | None, settings: Settings) -> tuple[str | bytes, str]:
    """(html, url) for a file path, '-' (stdin) or an http(s) URL; url is "" when none is known."""
    if source.startswith(("http://", "https://")):
        from .fetch import fetch_html

        try:
            page = fetch_html(source, settings)
        except FetchError as error:
            _fail(error.message, EXIT_FETCH)
        return page.html, base_url or page.final_url
    limit = settings.max_html_bytes
    if source == "-":
        return _within(sys.stdin.buffer.read(limit + 1), limit), base_url or ""
    path = Path(source)
    if not path.is_file():
        problem = "not a regular file" if path.exists() else "no such file"
        _fail(
            f"{problem}: {source} (give a file path, '-' for standard input, or an http(s) URL)",
            EXIT_USAGE,
        )
    try:
        with path.open("rb") as file:
            data = file.read(limit + 1)
    except OSError as error:
        _fail(f"cannot read {source}: {error.strerror}", EXIT_USAGE)
    return _within(data, limit), base_url or ""


def _within(data: bytes, limit: int) -> bytes:
    """``data`` (read up to ``limit`` + 1 bytes: a huge file or an endless pipe is never read
    whole), or the extractor's own error for a document over the limit."""
    if len(data) > limit:
        error = html_too_large(limit)
        _fail(f"{error.kind}: {error.message}", EXIT_EXTRACTION)
    return data


def _render(doc: ExtractedDoc, output_format: str, with_stats: bool) -> str:
    if output_format == "markdown":
        return doc.markdown
    if output_format == "text":
        return doc.text
    data: dict[str, Any] = doc.to_dict(include_stats=with_stats)
    return json.dumps(data, ensure_ascii=False, indent=2)


@main.command()
@click.argument("source")
@click.option(
    "--url",
    "base_url",
    help="URL the document lives at (resolves relative links); default: a fetched URL's, else the "
    "page's own <base>, canonical link or og:url, else links stay relative.",
)
@MODE_OPTION
@SELECTOR_OPTION
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["json", "markdown", "text"]),
    default="json",
    show_default=True,
)
@ENGINE_OPTION
@click.option(
    "--stats", "with_stats", is_flag=True, help="Include extraction figures (JSON) or print them to stderr."
)
def extract(
    source: str,
    base_url: str | None,
    mode: str,
    selectors: tuple[str, ...],
    output_format: str,
    engine: str,
    with_stats: bool,
) -> None:
    """Extract content from SOURCE: a file, '-' for stdin, or an http(s) URL."""
    request = _mode(mode, selectors)
    settings = _settings()
    html, url = _read_source(source, base_url, settings)
    try:
        # one document needs one instance: none is warmed ahead (the pool makes it on first use)
        one_shot = replace(settings, wasm_initial_pool_size=0)
        extractor = Extractor(one_shot, engine=engine)  # type: ignore[arg-type]
    except SandboxError as error:
        _fail(str(error), EXIT_SETUP)
    try:
        doc = extractor.extract(html, url, request.kind, request.selectors or None)
    except ExtractionError as error:
        _fail(f"{error.kind}: {error.message}", EXIT_EXTRACTION)
    except SandboxError as error:
        _fail(str(error), EXIT_SETUP)
    finally:
        extractor.close()
    if not url:
        _say_base(doc)
    click.echo(_render(doc, output_format, with_stats))
    if with_stats and output_format != "json" and doc.stats is not None:
        stats = doc.stats
        click.echo(
            f"engine={doc.engine} time_ms={stats.processing_time_ms} nodes={stats.nodes_processed} "
            f"links={stats.links_found} images={stats.images_found} memory_bytes={stats.memory_used}",
            err=True,
        )


def _say_base(doc: ExtractedDoc) -> None:
    """Tell a user who gave no --url what relative links were resolved against (or that they were not)."""
    if doc.url:
        click.echo(
            f"riptide: no --url given: relative links resolved against {doc.url} (the page's own URL)",
            err=True,
        )
    else:
        click.echo(
            "riptide: no --url given and the page names no URL of its own: relative links kept as written "
            "(pass --url to resolve them)",
            err=True,
        )


@main.command()
@click.option("--force", is_flag=True, help="Rebuild even when the component is up to date.")
def build(force: bool) -> None:
    """Build the bundled extractor component (needs the 'build' extra: componentize-py)."""
    from .sandbox.build import build as build_component

    try:
        build_component(force=force)
    except ComponentBuildError as error:
        _fail(str(error), EXIT_SETUP)


@main.command()
def health() -> None:
    """Start the sandbox and print its health, component info and metrics as JSON."""
    settings = _settings()
    try:
        extractor = Extractor(settings, engine="wasm")
    except SandboxError as error:
        _fail(str(error), EXIT_SETUP)
    try:
        report = extractor.health()
        host = extractor.sandbox
        if host is not None:
            report["component_health"] = host.health_check()
            report["component_info"] = host.info()
    finally:
        extractor.close()
    click.echo(json.dumps(report, indent=2, default=str))


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option(
    "--port", default=8080, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on."
)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Server processes (each has its own sandbox pool).",
)
@click.option(
    "--log-level",
    default="info",
    show_default=True,
    type=click.Choice(["critical", "error", "warning", "info", "debug"]),
)
def serve(host: str, port: int, workers: int, log_level: str) -> None:
    """Serve the HTTP API (/crawl, /crawl/stream, /extract, /healthz, /metrics) with uvicorn."""
    from .api.server import serve as run_server

    settings = _settings()  # fail fast, with exit code 4, on invalid configuration
    run_server(settings, host=host, port=port, workers=workers, log_level=log_level)


@main.command()
@click.argument("urls", nargs=-1)
@click.option(
    "-i",
    "--input",
    "input_file",
    type=click.File("r", encoding="utf-8"),
    help="Read URLs from this file, one per line ('-': standard input; blank and # lines skipped).",
)
@MODE_OPTION
@SELECTOR_OPTION
@click.option("--concurrency", default=4, show_default=True, type=click.IntRange(1, 256))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["ndjson", "json"]),
    default="ndjson",
    show_default=True,
    help="ndjson: a line per URL as it finishes; json: one document in input order.",
)
@click.option("--cache/--no-cache", default=True, show_default=True, help="Use the result cache.")
@click.option(
    "--max-pages",
    default=1,
    show_default=True,
    type=click.IntRange(1, 100),
    help="Article mode: follow a multi-page article's next pages and merge up to this many.",
)
@click.option("--follow", is_flag=True, help="Crawl the site from URL: follow its links and sitemaps.")
@click.option("--max-depth", default=3, show_default=True, type=click.IntRange(0, 100), help="With --follow.")
@click.option(
    "--limit", default=100, show_default=True, type=click.IntRange(1, 1_000_000), help="With --follow."
)
@click.option("--include", multiple=True, help="With --follow: only paths matching this regex (repeatable).")
@click.option("--exclude", multiple=True, help="With --follow: skip paths matching this regex (repeatable).")
@PROGRESS_OPTION
def crawl(
    urls: tuple[str, ...],
    input_file: TextIO | None,
    mode: str,
    selectors: tuple[str, ...],
    concurrency: int,
    output_format: str,
    cache: bool,
    max_pages: int,
    follow: bool,
    max_depth: int,
    limit: int,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    progress: bool | None,
) -> None:
    """Fetch and extract URLS (robots.txt, politeness and SSRF rules apply); with --follow, crawl a site."""
    import asyncio

    from .crawler import CrawlOptions

    targets = list(urls) + (_read_url_list(input_file) if input_file is not None else [])
    if not targets:
        _fail("give URLs, or -i FILE ('-' for standard input)", EXIT_USAGE)
    request = _mode(mode, selectors)
    if max_pages > 1 and not request.kind.spec.allows_multi_page:
        _fail(f"--max-pages applies to --mode article only (got --mode {mode})", EXIT_USAGE)
    settings = _settings()
    show_progress = sys.stderr.isatty() if progress is None else progress
    if follow:
        if len(targets) != 1:
            _fail(f"--follow crawls one site: give one start URL (got {len(targets)})", EXIT_USAGE)
        from .jobs import JobSpec

        try:
            spec = JobSpec(
                targets[0], limit, max_depth, include, exclude, mode=request.kind, selectors=request.selectors
            )
            _ = spec.scope
        except RipTideError as error:
            _fail(f"{error.message} (--include, --exclude)", EXIT_USAGE)
        try:
            stored = asyncio.run(_follow(settings, spec, concurrency, show_progress))
        except SandboxError as error:
            _fail(str(error), EXIT_SETUP)
        sys.exit(0 if stored else EXIT_FETCH)
    options = CrawlOptions(
        mode=request.kind,
        selectors=request.selectors,
        concurrency=concurrency,
        cache_mode="read_through" if cache else "bypass",
        max_pages=max_pages,
    )
    try:
        failed = asyncio.run(_crawl(settings, targets, options, output_format, show_progress, cache))
    except SandboxError as error:
        _fail(str(error), EXIT_SETUP)
    sys.exit(EXIT_FETCH if failed == len(targets) else 0)


def _read_url_list(source: TextIO) -> list[str]:
    from .fetch.urls import url_list_entries

    return url_list_entries(source)


#: How often ``crawl --follow`` looks for new pages of its job.
FOLLOW_POLL_SECS = 0.2


async def _follow(settings: Settings, spec: Any, concurrency: int, show_progress: bool) -> int:
    """Run one crawl job on an embedded pool in this process (a throwaway SQLite store), printing
    each page as an NDJSON line as it is stored; the number of documents stored."""
    import asyncio
    import tempfile

    from .crawler import Crawler
    from .fetch.client import Fetcher
    from .jobs.embedded import EmbeddedRunner
    from .jobs.service import Jobs
    from .jobs.sqlite_store import SqliteJobStore
    from .jobs.task import PageContext
    from .jobs.webhook import Webhooks

    extractor = Extractor(settings)
    fetcher = Fetcher(settings)
    with tempfile.TemporaryDirectory(prefix="riptide-crawl-") as directory:
        store = SqliteJobStore(Path(directory) / "jobs.sqlite3")
        runner = EmbeddedRunner(concurrency)
        jobs = Jobs(settings, store, runner, Webhooks(settings))
        try:
            await runner.start(
                PageContext(store, Crawler(extractor, fetcher, None), runner.dispatch), resume=False
            )
            job_id = await jobs.create(spec)
            printed, errors_shown = 0, 0
            with click.progressbar(
                length=1, label="crawling", file=sys.stderr, hidden=not show_progress
            ) as bar:
                while True:
                    view = await jobs.view(job_id, printed)
                    for document in view.data:
                        click.echo(
                            json.dumps({"url": document["url"], "document": document}, ensure_ascii=False)
                        )
                    for error in view.errors[errors_shown:]:
                        message = {"type": error["kind"], "message": error["message"]}
                        click.echo(json.dumps({"url": error["url"], "error": message}, ensure_ascii=False))
                    bar.length = max(view.counts.total, 1)
                    bar.update(len(view.data) + len(view.errors) - errors_shown)
                    printed, errors_shown = printed + len(view.data), len(view.errors)
                    if view.status.finished and view.next_offset is None:
                        return printed
                    if not view.data:
                        await asyncio.sleep(FOLLOW_POLL_SECS)
        finally:
            await jobs.aclose()
            await fetcher.aclose()
            extractor.close()


async def _crawl(
    settings: Settings,
    urls: list[str],
    options: Any,
    output_format: str,
    show_progress: bool,
    use_cache: bool,
) -> int:
    """Run the crawl; print results; return how many URLs failed."""
    from .cache import open_cache
    from .crawler import Crawler
    from .fetch.client import Fetcher

    extractor = Extractor(settings)
    fetcher = Fetcher(settings)
    cache = open_cache(settings) if use_cache and settings.cache_enabled else None
    crawler = Crawler(extractor, fetcher, cache)
    failed = 0
    ordered: list[Any] = [None] * len(urls)
    try:
        with click.progressbar(
            length=len(urls), label="crawling", file=sys.stderr, hidden=not show_progress
        ) as bar:
            async for result in crawler.stream(urls, options):
                bar.update(1)
                failed += 0 if result.ok else 1
                if output_format == "ndjson":
                    click.echo(json.dumps(result.to_dict(), ensure_ascii=False))
                else:
                    ordered[result.index] = result.to_dict()
    finally:
        await fetcher.aclose()
        if cache is not None:
            await cache.aclose()
        extractor.close()
    if output_format == "json":
        click.echo(json.dumps(ordered, ensure_ascii=False, indent=2))
    return failed


@main.command("map")
@click.argument("url")
@click.option("--limit", default=5000, show_default=True, type=click.IntRange(1, 100_000))
@click.option("--search", help="Only URLs containing this text (any case).")
def map_command(url: str, limit: int, search: str | None) -> None:
    """Print a site's URLs (sitemaps, feeds, the page's links), one per line, without extracting them."""
    import asyncio

    from .discovery import map_site
    from .fetch.client import Fetcher

    settings = _settings()

    async def run() -> Any:
        extractor = Extractor(replace(settings, wasm_initial_pool_size=0))
        try:
            async with Fetcher(settings) as fetcher:
                return await map_site(fetcher, extractor, url, limit=limit, search=search)
        finally:
            extractor.close()

    try:
        found = asyncio.run(run())
    except SandboxError as error:
        _fail(str(error), EXIT_SETUP)
    for problem in found.errors:
        click.echo(f"riptide: {problem.url}: {problem.kind}: {problem.message}", err=True)
    for link in found.links:
        click.echo(link)
    sys.exit(0 if found.links else EXIT_FETCH)


@main.command()
@click.option(
    "--concurrency", default=2, show_default=True, type=click.IntRange(1, 256), help="Worker processes."
)
@click.option(
    "--log-level",
    default="info",
    show_default=True,
    type=click.Choice(["critical", "error", "warning", "info", "debug"]),
)
def worker(concurrency: int, log_level: str) -> None:
    """Run crawl-job pages from the Redis at RIPTIDE_REDIS_URL (a Celery worker; scale out with more)."""
    from .jobs.worker import run_worker

    settings = _settings()
    try:
        run_worker(settings, concurrency=concurrency, log_level=log_level)
    except ConfigError as error:
        _fail(str(error), EXIT_SETUP)


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    "out",
    help="Where results go (a file, or a folder for markdown-dir/parquet); default: stdout.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(BATCH_FORMATS),
    default="ndjson",
    show_default=True,
    help="ndjson: a nested record per line; jsonl: a flat row per line; markdown-dir: one .md per page "
    "with YAML front matter; parquet: a folder of parquet parts of flat rows (needs riptide[parquet]).",
)
@MODE_OPTION
@SELECTOR_OPTION
@click.option(
    "--jobs",
    default=0,
    type=click.IntRange(0, 256),
    help="Pages extracted at once, each on a warm sandbox instance (0: RIPTIDE_BATCH_JOBS, else the cores).",
)
@ENGINE_OPTION
@click.option(
    "--resume", is_flag=True, help="Skip sources whose results are already in OUT; append the rest."
)
@click.option(
    "--dedup",
    is_flag=True,
    help="Drop pages whose text is a near-duplicate of an earlier page's (needs riptide[dedup]).",
)
@click.option(
    "--distributed",
    is_flag=True,
    help="Send chunks to the `riptide worker` processes of RIPTIDE_REDIS_URL (inputs on storage they share).",
)
@PROGRESS_OPTION
def batch(
    inputs: tuple[str, ...],
    out: str | None,
    output_format: str,
    mode: str,
    selectors: tuple[str, ...],
    jobs: int,
    engine: str,
    resume: bool,
    dedup: bool,
    distributed: bool,
    progress: bool | None,
) -> None:
    """Extract every page of INPUTS: HTML files, folders (recursive), URL-list files, WARC files.

    One result per page, in input order, keyed by its source; a page that fails is an error
    record and the batch goes on. A summary line ends the run on stderr.
    """
    from .batch import BatchOptions, RunOptions, run_batch

    request = _mode(mode, selectors)
    settings = _settings()
    run = RunOptions(
        output_format=output_format,  # type: ignore[arg-type]
        out=out,
        jobs=jobs,
        resume=resume,
        dedup=dedup,
        progress=sys.stderr.isatty() if progress is None else progress,
        engine=engine,  # type: ignore[arg-type]
        distributed=distributed,
    )
    try:
        tally = run_batch(inputs, BatchOptions(request.kind, request.selectors), run, settings)
    except BrokerError as error:
        _fail(error.message, EXIT_SETUP)
    except (InputError, ConfigError) as error:
        _fail(error.message, EXIT_USAGE)
    except SandboxError as error:
        _fail(str(error), EXIT_SETUP)
    click.echo(tally.summary(), err=True)
    sys.exit(EXIT_EXTRACTION if tally.errors and not (tally.extracted or tally.duplicates) else 0)
