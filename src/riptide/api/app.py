"""The ASGI app: routes are thin; they validate, then delegate to the crawler and the extractor."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response, StreamingResponse

from .. import __version__
from ..config import Settings, load_settings
from ..crawler import CrawlOptions, CrawlResult, CrawlStatistics, error_info
from ..errors import ExtractionError, FetchError, ResourceLimitError, SandboxError
from ..models import ExtractionMode
from .limits import BodySizeLimit
from .metrics import CONTENT_TYPE
from .schemas import CrawlRequest, CrawlResponse, DocumentOut, ExtractRequest, HealthOut, ProblemOut
from .service import Service

#: HTTP status for an extraction error kind (what the caller sent could not be extracted).
EXTRACTION_STATUS = {"resource-limit": 413, "unsupported-mode": 422, "parse-error": 422, "invalid-html": 422}
#: HTTP status for a fetch error kind (the upstream page, not this service, failed).
FETCH_STATUS = {
    "invalid_url": 422,
    "blocked_address": 403,
    "robots_disallowed": 403,
    "timeout": 504,
    "unsupported_content_type": 415,
    "too_large": 413,
}
PROBLEMS: dict[int | str, dict[str, Any]] = {
    413: {"model": ProblemOut},
    422: {"model": ProblemOut},
    503: {"model": ProblemOut},
}


class RequestProblem(Exception):
    """A request the service understood but refuses; becomes a ProblemOut response."""

    def __init__(self, status: int, error: str, message: str) -> None:
        super().__init__(message)
        self.status, self.error, self.message = status, error, message


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app; the sandbox, fetcher and cache start in the lifespan (one set per process)."""
    settings = settings or load_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        service = Service.start(settings)
        app.state.service = service
        try:
            yield
        finally:
            await service.close()

    app = FastAPI(
        title="RipTide",
        version=__version__,
        description="Web content extraction whose HTML parsing runs inside a WebAssembly component sandbox.",
        lifespan=lifespan,
    )
    _install_error_handlers(app)
    _install_routes(app, settings)
    app.add_middleware(BodySizeLimit, limit=settings.api_max_body_bytes)
    return app


def _service(request: Request) -> Service:
    service: Service = request.app.state.service
    return service


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> JSONResponse:
        details = [_problem_detail(item) for item in error.errors()]
        summary = "; ".join(f"{d['field'] or 'body'}: {d['problem']}" for d in details)
        return JSONResponse(
            {"error": "invalid_request", "message": summary, "details": details}, status_code=422
        )

    @app.exception_handler(RequestProblem)
    async def refused(request: Request, problem: RequestProblem) -> JSONResponse:
        return JSONResponse({"error": problem.error, "message": problem.message}, status_code=problem.status)


def _install_routes(app: FastAPI, settings: Settings) -> None:
    @app.middleware("http")
    async def count_requests(request: Request, call_next: Any) -> Response:
        """Count and time each request under its route template (bounded label cardinality)."""
        started = time.perf_counter()
        response: Response = await call_next(request)
        template = getattr(request.scope.get("route"), "path", None) or "unmatched"
        elapsed = time.perf_counter() - started
        _service(request).metrics.request(template, request.method, response.status_code, elapsed)
        return response

    @app.post("/crawl", response_model=CrawlResponse, responses=PROBLEMS, tags=["extraction"])
    async def crawl(body: CrawlRequest, request: Request) -> dict[str, Any]:
        """Fetch and extract many URLs; results keep request order, and one bad URL never fails the batch."""
        service = _service(request)
        options = await _crawl_options(service, body)
        results = await service.crawler.crawl(body.urls, options)
        return _crawl_response(results)

    @app.post(
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
                yield json.dumps(result.to_dict(), ensure_ascii=False).encode() + b"\n"

        return StreamingResponse(lines(), media_type="application/x-ndjson")

    @app.post(
        "/extract",
        response_model=DocumentOut,
        responses={
            **PROBLEMS,
            403: {"model": ProblemOut},
            502: {"model": ProblemOut},
            504: {"model": ProblemOut},
        },
        tags=["extraction"],
    )
    async def extract(body: ExtractRequest, request: Request) -> dict[str, Any]:
        """One document: from ``html`` when given (nothing is fetched), else fetched from ``url``."""
        service = _service(request)
        selectors = _checked_selectors(body.mode.value, body.selectors)
        if body.html is not None and body.max_pages > 1:
            raise RequestProblem(
                422,
                "invalid_request",
                f"max_pages {body.max_pages} needs a page to fetch: with html given nothing is fetched, "
                "so only that page can be extracted (its next_page is reported)",
            )
        if body.html is not None:
            try:
                doc = await service.extractor.aextract(body.html, body.url, body.mode, selectors or None)
            except (ExtractionError, SandboxError) as error:
                raise _problem(error) from None
            return doc.to_dict(include_stats=False)
        options = CrawlOptions(
            mode=body.mode,
            selectors=tuple(selectors),
            concurrency=1,
            cache_mode=body.cache_mode,
            timeout_ms=body.timeout_ms,
            max_pages=_checked_max_pages(body.max_pages, "max_pages", body.mode),
        )
        if selectors:
            await _validate_selectors(service, selectors)
        result = await service.crawler.crawl_one(body.url, options)
        if result.error is not None or result.document is None:
            raise _result_problem(result)
        return result.to_dict()["document"]  # type: ignore[no-any-return]

    @app.get("/healthz", response_model=HealthOut, responses={503: {"model": HealthOut}}, tags=["operations"])
    async def healthz(request: Request) -> JSONResponse:
        """Overall status (healthy/degraded/unhealthy; 503 when unhealthy) and each component's."""
        health = await _service(request).health()
        return JSONResponse(health, status_code=503 if health["status"] == "unhealthy" else 200)

    app.add_api_route("/health", healthz, methods=["GET"], response_model=HealthOut, include_in_schema=False)

    @app.get("/metrics", response_class=Response, tags=["operations"])
    async def metrics(request: Request) -> Response:
        """Prometheus text exposition."""
        return Response(_service(request).metrics.exposition(), media_type=CONTENT_TYPE)

    async def _crawl_options(service: Service, body: CrawlRequest) -> CrawlOptions:
        if len(body.urls) > settings.api_max_urls:
            raise RequestProblem(
                413,
                "too_many_urls",
                f"{len(body.urls)} URLs in one request; at most "
                f"{settings.api_max_urls} are accepted (RIPTIDE_API_MAX_URLS)",
            )
        opts = body.options
        if opts.concurrency is not None and opts.concurrency > settings.api_max_concurrency:
            raise RequestProblem(
                422,
                "invalid_request",
                f"options.concurrency {opts.concurrency} exceeds the "
                f"limit of {settings.api_max_concurrency} (RIPTIDE_API_MAX_CONCURRENCY)",
            )
        selectors = _checked_selectors(opts.mode.value, opts.selectors)
        if selectors:
            await _validate_selectors(service, selectors)
        return CrawlOptions(
            mode=opts.mode,
            selectors=tuple(selectors),
            concurrency=opts.concurrency or settings.api_default_concurrency,
            cache_mode=opts.cache_mode,
            timeout_ms=opts.timeout_ms,
            include_html=opts.include_html,
            max_pages=_checked_max_pages(opts.max_pages, "options.max_pages", opts.mode),
        )

    def _checked_max_pages(max_pages: int, field: str, mode: ExtractionMode) -> int:
        if max_pages > 1 and mode is not ExtractionMode.ARTICLE:
            raise RequestProblem(
                422,
                "invalid_request",
                f"{field} {max_pages} applies to article mode only (pages of one article are merged); "
                f"mode is {mode.value}",
            )
        if max_pages > settings.api_max_pages:
            raise RequestProblem(
                422,
                "invalid_request",
                f"{field} {max_pages} exceeds the limit of {settings.api_max_pages} (RIPTIDE_API_MAX_PAGES)",
            )
        return max_pages


def _problem_detail(item: Any) -> dict[str, str]:
    if item.get("type") == "json_invalid":
        reason = item.get("ctx", {}).get("error", "malformed")
        return {"field": "body", "problem": f"the request body is not valid JSON ({reason})"}
    field = ".".join(str(part) for part in item["loc"] if part != "body")
    return {"field": field, "problem": item["msg"]}


def _checked_selectors(mode: str, selectors: list[str]) -> list[str]:
    if mode == "custom" and not selectors:
        raise RequestProblem(
            422, "invalid_request", "mode 'custom' needs at least one CSS selector in 'selectors'"
        )
    if mode != "custom" and selectors:
        raise RequestProblem(
            422, "invalid_request", f"'selectors' are only accepted with mode 'custom', not {mode!r}"
        )
    return selectors


async def _validate_selectors(service: Service, selectors: list[str]) -> None:
    try:
        await service.validate_selectors(selectors)
    except ExtractionError as error:
        raise RequestProblem(422, "invalid_selector", error.message) from None


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


def _problem(error: ExtractionError | SandboxError | FetchError) -> RequestProblem:
    info = error_info(error)
    if isinstance(error, ResourceLimitError):
        return RequestProblem(413, info.type, info.message)
    if isinstance(error, ExtractionError):
        return RequestProblem(EXTRACTION_STATUS.get(error.kind, 500), info.type, info.message)
    if isinstance(error, FetchError):
        return RequestProblem(FETCH_STATUS.get(error.kind, 502), info.type, info.message)
    return RequestProblem(503, info.type, info.message)


def _result_problem(result: CrawlResult) -> RequestProblem:
    assert result.error is not None
    error = result.error
    status = EXTRACTION_STATUS.get(error.type) or FETCH_STATUS.get(error.type)
    if status is None:
        status = (
            503 if error.type == "sandbox_unavailable" else (500 if error.type == "internal_error" else 502)
        )
    return RequestProblem(status, error.type, error.message)
