"""Crawl-job routes: ``/v1/crawl`` (create, show, cancel) and ``/v1/map``; they delegate to
``riptide.jobs.Jobs`` and ``riptide.discovery.map_site``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from ..discovery import map_site
from ..errors import RequestError
from ..fetch.urls import check_url
from ..jobs import JobSpec, JobView
from .checks import checked_mode, validate_selectors
from .schemas import PROBLEMS, CrawlJobCreated, CrawlJobOut, CrawlJobRequest, MapOut, MapRequest
from .service import Service

router = APIRouter(prefix="/v1", tags=["crawl jobs"])


def _service(request: Request) -> Service:
    service: Service = request.app.state.service
    return service


@router.post("/crawl", status_code=202, response_model=CrawlJobCreated, responses=PROBLEMS)
async def create_crawl(body: CrawlJobRequest, request: Request) -> dict[str, str]:
    """Start crawling a site; the job runs in the background (embedded pool or Celery workers)."""
    service = _service(request)
    limit_cap = service.settings.jobs_max_limit
    if body.limit > limit_cap:
        raise RequestError(
            "invalid-request", f"limit {body.limit} exceeds {limit_cap} (RIPTIDE_JOBS_MAX_LIMIT)"
        )
    mode = checked_mode(body.mode, body.selectors)
    await validate_selectors(service, mode)
    spec = JobSpec(
        url=check_url(body.url),
        limit=body.limit,
        max_depth=body.max_depth,
        include_paths=tuple(body.include_paths),
        exclude_paths=tuple(body.exclude_paths),
        allow_subdomains=body.allow_subdomains,
        allow_external=body.allow_external,
        sitemap=body.sitemap,
        mode=mode.kind,
        selectors=mode.selectors,
        webhook=check_url(body.webhook) if body.webhook else None,
    )
    job_id = await service.jobs.create(spec)
    return {"id": job_id, "url": f"/v1/crawl/{job_id}"}


@router.get("/crawl/{job_id}", response_model=CrawlJobOut, responses=PROBLEMS)
async def show_crawl(job_id: str, request: Request, skip: int = 0) -> dict[str, Any]:
    """The job's status and counts, one page of its documents (``skip`` = offset) and its errors."""
    if skip < 0:
        raise RequestError("invalid-request", f"skip must be 0 or more (got {skip})")
    view = await _service(request).jobs.view(job_id, skip)
    return job_body(view, request)


def job_body(view: JobView, request: Request) -> dict[str, Any]:
    next_url = None
    if view.next_offset is not None:
        next_url = str(request.url.replace_query_params(skip=view.next_offset))
    return {
        "status": view.status.value,
        "total": view.counts.total,
        "completed": view.counts.completed,
        "failed": view.counts.failed,
        "data": view.data,
        "errors": view.errors,
        "next": next_url,
    }


@router.delete("/crawl/{job_id}", responses=PROBLEMS)
async def cancel_crawl(job_id: str, request: Request) -> dict[str, str]:
    """Cancel the job: no page starts after this (pages in flight finish, their results kept)."""
    status = await _service(request).jobs.cancel(job_id)
    return {"id": job_id, "status": status.value}


@router.post("/map", response_model=MapOut, responses=PROBLEMS)
async def map_urls(body: MapRequest, request: Request) -> dict[str, Any]:
    """A site's URLs from its sitemaps, feeds and the start page's links, without extracting them."""
    service = _service(request)
    found = await map_site(
        service.fetcher, service.extractor, check_url(body.url), limit=body.limit, search=body.search
    )
    return {"links": found.links, "errors": [problem.to_dict() for problem in found.errors]}
