"""The one task function of crawl jobs: ``run_page``, run by the embedded pool and by Celery alike.

One call handles one frontier URL of one job:

    job cancelled or finished, or this URL done already? → stop (a redelivered task costs a lookup)
    the job's scope refused (stored by a version that took what this one refuses)? → job failed
    depth 0: read the sitemaps (unless ``sitemap: skip``) → candidate URLs at depth 1
    fetch + extract (the ``Crawler``: robots.txt, politeness, SSRF guard; multi-page rules kept)
    links and canonical of the page (sandboxed) → candidate URLs at depth + 1 (≤ ``max_depth``)
    admit the candidates in scope (atomic, ≤ ``limit``) and dispatch the ones this page owns
    finish this URL: its document, stored once under its own URL's frontier key (after
        redirects and canonical), or its error
    every admitted URL finished? → the job is completed (or failed, when no page succeeded)

Children are admitted and dispatched *before* the page is finished, so a job can only look
finished when it is, and a task lost after dispatching is simply run again: its children are
already admitted, owned by it, and dispatched once more (duplicates are harmless: finishing is
idempotent). Delivery is at least once; what is stored is exactly once.

A transient fetch failure (``retryable``) raises ``FetchError`` unless ``final_attempt``, so a
runner with retries (Celery's ``autoretry_for``) tries the page again later; on the final
attempt the error is recorded on the job.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from ..crawler import Crawler, CrawlOptions, CrawlResult
from ..discovery import Scope, UrlProblem, frontier_key, page_links, sitemap_pages
from ..errors import FetchError, RequestError
from .model import JobCounts, JobSpec, JobStatus, PageOutcome, PageTask
from .store import JobStore
from .webhook import Webhooks

logger = logging.getLogger(__name__)

Dispatch = Callable[[list[PageTask]], Awaitable[None]]


@dataclass
class PageContext:
    """What a page task needs; one per worker process (or per embedded runner)."""

    store: JobStore
    crawler: Crawler
    dispatch: Dispatch
    webhooks: Webhooks | None = None


def page_options(spec: JobSpec) -> CrawlOptions:
    """How a job's pages are extracted: its mode and selectors, the page's HTML kept for its links."""
    return CrawlOptions(
        mode=spec.mode, selectors=spec.selectors, concurrency=1, cache_mode="bypass", include_html=True
    )


async def run_page(context: PageContext, task: PageTask, *, final_attempt: bool = True) -> None:
    store = context.store
    spec = await store.spec(task.job_id)
    status = await store.status(task.job_id)
    if spec is None or status is None:
        logger.warning("page task for unknown job %s dropped (%s)", task.job_id, task.url)
        return
    if status.finished or await store.is_done(task.job_id, task.url):
        return
    try:
        scope = spec.scope
    except RequestError as error:  # stored by a version that ran what this one refuses
        await _fail_unrunnable(context, spec, task.job_id, error)
        return
    await store.transition(task.job_id, JobStatus.RUNNING, (JobStatus.QUEUED,))
    me = frontier_key(task.url)
    candidates: list[tuple[str, int]] = []
    if task.depth == 0 and spec.sitemap != "skip" and spec.max_depth >= 1:
        problems: list[UrlProblem] = []
        fetcher = context.crawler.fetcher
        candidates += [
            (url, 1) for url in await sitemap_pages(fetcher, spec.url, spec.limit, problems, scope.allows)
        ]
        for problem in problems:
            await store.note_error(task.job_id, problem.to_dict())
    result = await context.crawler.crawl_one(task.url, page_options(spec))
    if result.error is not None and result.error.retryable and not final_attempt:
        raise FetchError(result.error.message, task.url, retryable=True, status=result.status or None,
                         kind=result.error.type)  # fmt: skip
    outcome = PageOutcome(task.url, error=_error_record(result)) if result.error else None
    if result.document is not None and result.html is not None:
        links = await page_links(context.crawler.extractor, result.html, result.document.url)
        own_url = (
            links.canonical if links.canonical and scope.allows(links.canonical) else result.document.url
        )
        document = result.to_dict()["document"]
        document.pop("html", None)
        outcome = PageOutcome(task.url, key=frontier_key(own_url), document=document)
        if spec.follows_links and task.depth < spec.max_depth:
            candidates += [(url, task.depth + 1) for url in links.links]
    if await store.status(task.job_id) == JobStatus.CANCELLED:
        return
    await _admit_and_dispatch(context, spec, scope, task.job_id, me, candidates)
    assert outcome is not None  # crawl_one sets a document or an error
    if await store.finish(task.job_id, outcome) in ("completed", "failed"):  # not for an alias
        await _page_webhook(context, spec, task.job_id, outcome)
    await _complete_if_done(context, spec, task.job_id)


async def _admit_and_dispatch(
    context: PageContext, spec: JobSpec, scope: Scope, job_id: str, me: str, candidates: list[tuple[str, int]]
) -> None:
    mine: list[PageTask] = []
    seen: set[str] = set()
    for url, depth in candidates:
        key = frontier_key(url)
        if key in seen or key == me or not scope.allows(url):
            continue
        seen.add(key)
        admission = await context.store.admit(job_id, url, depth, me, spec.limit)
        if admission.full:
            break  # a page lists its candidates in the same order: a rerun meets its own ones first
        if admission.owner == me:
            mine.append(PageTask(job_id, url, depth))
    if mine:
        await context.dispatch(mine)


def _error_record(result: CrawlResult) -> dict[str, Any]:
    assert result.error is not None
    return {"url": result.url, "kind": result.error.type, "message": result.error.message}


async def _page_webhook(context: PageContext, spec: JobSpec, job_id: str, outcome: PageOutcome) -> None:
    if context.webhooks is None or spec.webhook is None:
        return
    if outcome.document is not None:
        await context.webhooks.send(
            spec.webhook, {"type": "crawl.page", "id": job_id, "data": [outcome.document]}
        )
    elif outcome.error is not None:
        await context.webhooks.send(
            spec.webhook, {"type": "crawl.page", "id": job_id, "error": outcome.error}
        )


async def _complete_if_done(context: PageContext, spec: JobSpec, job_id: str) -> None:
    counts = await context.store.counts(job_id)
    if counts.done < counts.admitted:
        return
    final = JobStatus.FAILED if counts.completed == 0 and counts.failed > 0 else JobStatus.COMPLETED
    if await context.store.transition(job_id, final, (JobStatus.QUEUED, JobStatus.RUNNING)):
        logger.info(
            "crawl job %s %s: %d pages, %d failed", job_id, final.value, counts.completed, counts.failed
        )
        await _end_webhook(context, spec, job_id, final, counts)


async def _fail_unrunnable(context: PageContext, spec: JobSpec, job_id: str, error: RequestError) -> None:
    """Fail a job whose stored request this version refuses, with the reason among its errors.

    Why: such a job (a path pattern RE2 cannot run, stored before patterns ran on RE2) failed
    its every page at every start, so it never ended, and it came back at each restart.
    """
    await context.store.note_error(job_id, UrlProblem(spec.url, error.kind, error.message).to_dict())
    if await context.store.transition(job_id, JobStatus.FAILED, (JobStatus.QUEUED, JobStatus.RUNNING)):
        logger.error("crawl job %s failed: this version cannot run it: %s", job_id, error.message)
        await _end_webhook(context, spec, job_id, JobStatus.FAILED, await context.store.counts(job_id))


async def _end_webhook(
    context: PageContext, spec: JobSpec, job_id: str, final: JobStatus, counts: JobCounts
) -> None:
    if context.webhooks is not None and spec.webhook is not None:
        event = {"type": f"crawl.{final.value}", "id": job_id, "total": counts.total,
                 "completed": counts.completed, "failed": counts.failed}  # fmt: skip
        await context.webhooks.send(spec.webhook, event)
