"""The ASGI app: routes are plain handlers that validate, then delegate to the crawler and extractor.

Every failure leaves as ``{"error": kind, "message": …}`` with the status ``errors.HTTP_STATUS``
gives its kind: handlers raise ``RipTideError``s and one exception handler renders them.
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI, Request, responses
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response, StreamingResponse
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from .. import __version__
from ..config import Settings, load_settings
from ..crawler import CrawlOptions, CrawlResult, CrawlStatistics
from ..engine.modes import ExtractionMode
from ..errors import RequestError, RipTideError, http_status
from .checks import checked_mode, validate_selectors
from .jobs import router as jobs_router
from .metrics import CONTENT_TYPE
from .schemas import PROBLEMS, CrawlRequest, CrawlResponse, DocumentOut, ExtractRequest, HealthOut
from .service import Service

router = APIRouter()


class JSONResponse(responses.JSONResponse):
    """JSON that any request's strings survive: an unpaired surrogate (sent as a "\\ud800" escape
    in a URL, say) is written back as that escape instead of failing the whole response."""

    def render(self, content: Any) -> bytes:
        return _json_bytes(content)


def _json_bytes(content: Any) -> bytes:
    text = json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return text.encode("utf-8", "backslashreplace")  # only surrogates can fail: "\ud800" is their JSON escape


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app; the sandbox, fetcher and cache start in the lifespan (one set per process)."""
    settings = settings or load_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        service = await Service.open(settings)
        app.state.service = service
        try:
            yield
        finally:
            await service.close()

    app = _RipTideAPI(
        title="RipTide",
        version=__version__,
        description="Web content extraction whose HTML parsing runs inside a WebAssembly component sandbox.",
        lifespan=lifespan,
        max_body_size=settings.api_max_body_bytes,
        default_response_class=JSONResponse,
    )
    app.add_exception_handler(RequestValidationError, invalid_request)  # type: ignore[arg-type]
    app.add_exception_handler(RipTideError, refused)  # type: ignore[arg-type]
    app.add_exception_handler(HTTPException, http_error)  # type: ignore[arg-type]
    app.middleware("http")(count_requests)
    app.include_router(router)
    app.include_router(jobs_router)
    return app


def _service(request: Request) -> Service:
    service: Service = request.app.state.service
    return service


# -- errors -----------------------------------------------------------------------------------------
def _problem(kind: str, message: str, status: int | None = None, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": kind, "message": message, **extra}, status_code=status or http_status(kind))


async def refused(request: Request, error: RipTideError) -> JSONResponse:
    return _problem(error.kind, error.message)


async def invalid_request(request: Request, error: RequestValidationError) -> JSONResponse:
    details = [_problem_detail(item) for item in error.errors()]
    summary = "; ".join(f"{d['field'] or 'body'}: {d['problem']}" for d in details)
    return _problem("invalid-request", summary, details=details)


async def http_error(request: Request, error: HTTPException) -> JSONResponse:
    """Starlette's own refusals (body too large, unknown route, wrong method) in our shape."""
    if error.status_code == 413:
        return _body_too_large(_service(request).settings.api_max_body_bytes)
    if error.status_code == 400:  # FastAPI could not decode the body (e.g. JSON nested too deeply)
        return _problem("invalid-request", f"the request body could not be parsed as JSON: {error.detail}")
    kind = "not-found" if error.status_code == 404 else "invalid-request"
    return _problem(kind, f"{request.method} {request.url.path}: {error.detail}", error.status_code)


def _body_too_large(limit: int) -> JSONResponse:
    message = f"the request body exceeds the {limit:,}-byte limit (RIPTIDE_API_MAX_BODY_BYTES)"
    return _problem("payload-too-large", message, 413)


class _RipTideAPI(FastAPI):
    """FastAPI, plus an outermost check of a body's declared size that answers in our error shape.

    Starlette's body limit (``max_body_size``) holds however a body arrives, and ``http_error``
    words its 413 while the body streams in; but a body whose Content-Length is already over the
    limit gets Starlette's own plain-text answer, past every handler. This layer answers first.
    """

    def build_middleware_stack(self) -> ASGIApp:
        inner, limit = super().build_middleware_stack(), self.max_body_size

        async def app(scope: Scope, receive: Receive, send: Send) -> None:
            declared = Headers(scope=scope).get("content-length", "") if scope["type"] == "http" else ""
            if limit is not None and declared.isdigit() and int(declared) > limit:
                await _body_too_large(limit)(scope, receive, send)
            else:
                await inner(scope, receive, send)

        return app


def _problem_detail(item: Any) -> dict[str, str]:
    if item.get("type") == "json_invalid":
        reason = item.get("ctx", {}).get("error", "malformed")
        return {"field": "body", "problem": f"the request body is not valid JSON ({reason})"}
    field = ".".join(str(part) for part in item["loc"] if part != "body")
    return {"field": field, "problem": item["msg"]}


async def count_requests(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    """Count and time each request under its route template (bounded label cardinality)."""
    started = time.perf_counter()
    response = await call_next(request)
    template = getattr(request.scope.get("route"), "path", None) or "unmatched"
    elapsed = time.perf_counter() - started
    _service(request).metrics.request(template, request.method, response.status_code, elapsed)
    return response


# -- routes -----------------------------------------------------------------------------------------
@router.post("/crawl", response_model=CrawlResponse, responses=PROBLEMS, tags=["extraction"])
async def crawl(body: CrawlRequest, request: Request) -> dict[str, Any]:
    """Fetch and extract many URLs; results keep request order, and one bad URL never fails the batch."""
    service = _service(request)
    options = await _crawl_options(service, body)
    results = await service.crawler.crawl(body.urls, options)
    return _crawl_response(results)


@router.post(
    "/crawl/stream",
    responses={200: {"content": {"application/x-ndjson": {}}}, **PROBLEMS},
    tags=["extraction"],
)
async def crawl_stream(body: CrawlRequest, request: Request) -> StreamingResponse:
    """The same as /crawl, as NDJSON: one line per URL as soon as it is done."""
    service = _service(request)
    options = await _crawl_options(service, body)

    async def lines() -> AsyncIterator[bytes]:
        async for result in service.crawler.stream(body.urls, options):
            yield _json_bytes(result.to_dict()) + b"\n"

    return StreamingResponse(lines(), media_type="application/x-ndjson")


@router.post("/extract", response_model=DocumentOut, responses=PROBLEMS, tags=["extraction"])
async def extract(body: ExtractRequest, request: Request) -> dict[str, Any] | JSONResponse:
    """One document: from ``html`` when given (nothing is fetched), else fetched from ``url``."""
    service = _service(request)
    mode = checked_mode(body.mode, body.selectors)
    if body.html is not None:
        if body.max_pages > 1:
            raise RequestError(
                "invalid-request",
                f"max_pages {body.max_pages} needs a page to fetch: with html given nothing is fetched, "
                "so only that page can be extracted (its next_page is reported)",
            )
        doc = await service.extractor.aextract(body.html, body.url, mode.kind, mode.selectors or None)
        return doc.to_dict(include_stats=False)
    options = CrawlOptions(
        mode=mode.kind,
        selectors=mode.selectors,
        concurrency=1,
        cache_mode=body.cache_mode,
        timeout_ms=body.timeout_ms,
        max_pages=_checked_max_pages(service.settings, body.max_pages, "max_pages", mode.kind),
    )
    await validate_selectors(service, mode)
    result = await service.crawler.crawl_one(body.url, options)
    if result.error is not None:
        return _problem(result.error.type, result.error.message)
    return result.to_dict()["document"]  # type: ignore[no-any-return]


@router.get("/healthz", response_model=HealthOut, responses={503: {"model": HealthOut}}, tags=["operations"])
@router.get("/health", response_model=HealthOut, include_in_schema=False)
async def healthz(request: Request) -> JSONResponse:
    """Overall status (healthy/degraded/unhealthy; 503 when unhealthy) and each component's."""
    health = await _service(request).health()
    return JSONResponse(health, status_code=503 if health["status"] == "unhealthy" else 200)


@router.get("/metrics", response_class=Response, tags=["operations"])
async def metrics(request: Request) -> Response:
    """Prometheus text exposition."""
    return Response(await _service(request).exposition(), media_type=CONTENT_TYPE)


# -- request checks ---------------------------------------------------------------------------------
async def _crawl_options(service: Service, body: CrawlRequest) -> CrawlOptions:
    settings = service.settings
    if len(body.urls) > settings.api_max_urls:
        raise RequestError(
            "too-many-urls",
            f"{len(body.urls)} URLs in one request; at most {settings.api_max_urls} are accepted "
            "(RIPTIDE_API_MAX_URLS)",
        )
    opts = body.options
    if opts.concurrency is not None and opts.concurrency > settings.api_max_concurrency:
        raise RequestError(
            "invalid-request",
            f"options.concurrency {opts.concurrency} exceeds the limit of {settings.api_max_concurrency} "
            "(RIPTIDE_API_MAX_CONCURRENCY)",
        )
    mode = checked_mode(opts.mode, opts.selectors)
    await validate_selectors(service, mode)
    return CrawlOptions(
        mode=mode.kind,
        selectors=mode.selectors,
        concurrency=opts.concurrency or settings.api_default_concurrency,
        cache_mode=opts.cache_mode,
        timeout_ms=opts.timeout_ms,
        include_html=opts.include_html,
        max_pages=_checked_max_pages(settings, opts.max_pages, "options.max_pages", mode.kind),
    )


def _checked_max_pages(settings: Settings, max_pages: int, field: str, mode: ExtractionMode) -> int:
    if max_pages > 1 and not mode.spec.allows_multi_page:
        raise RequestError(
            "invalid-request",
            f"{field} {max_pages} applies to article mode only (pages of one article are merged); "
            f"mode is {mode.value}",
        )
    if max_pages > settings.api_max_pages:
        raise RequestError(
            "invalid-request",
            f"{field} {max_pages} exceeds the limit of {settings.api_max_pages} (RIPTIDE_API_MAX_PAGES)",
        )
    return max_pages


def _crawl_response(results: list[CrawlResult]) -> dict[str, Any]:
    successful = sum(1 for r in results if r.ok)
    cached = sum(1 for r in results if r.from_cache)
    return {
        "total_urls": len(results),
        "successful": successful,
        "failed": len(results) - successful,
        "from_cache": cached,
        "results": [r.to_dict() for r in results],
        "statistics": CrawlStatistics.of(results).to_dict(len(results), cached),
    }
