"""Request and response bodies. These models ARE the OpenAPI schema, so they stay accurate."""

from __future__ import annotations

from dataclasses import fields
from functools import cache
from types import GenericAlias
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from ..crawler import CacheMode
from ..engine.result import record_fields
from ..models import ExtractedDoc, ExtractionMode


class ExtractOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    mode: ExtractionMode = Field(ExtractionMode.ARTICLE, description="article, full, metadata or custom.")
    selectors: list[str] = Field(
        default_factory=list,
        max_length=64,
        description="CSS selectors; required for (and only for) custom mode.",
    )


class PagesOption(BaseModel):
    max_pages: int = Field(
        1,
        ge=1,
        description="Article mode: follow the article's next page and merge up to this many pages "
        "(1: this page only; cap: RIPTIDE_API_MAX_PAGES).",
    )


class CrawlOptionsBody(ExtractOptions, PagesOption):
    concurrency: int | None = Field(
        None, ge=1, description="URLs processed at once (default and cap: settings)."
    )
    cache_mode: CacheMode = Field(
        "read_through",
        description="read_through: serve fresh cached documents, else fetch and store; enabled: the same "
        "(RipTide's earlier name); bypass: neither read nor write the cache.",
    )
    timeout_ms: int | None = Field(None, ge=100, le=600_000, description="Per-URL fetch budget.")
    include_html: bool = Field(False, description="Add the fetched HTML to each document (skips the cache).")


class CrawlRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    urls: list[str] = Field(..., min_length=1, description="http(s) URLs, processed concurrently.")
    options: CrawlOptionsBody = Field(default_factory=lambda: CrawlOptionsBody())


class ExtractRequest(ExtractOptions, PagesOption):
    url: str = Field(..., min_length=1, description="The page URL (fetched unless html is given).")
    html: str | None = Field(None, description="Raw HTML to extract instead of fetching url.")
    cache_mode: CacheMode = "read_through"
    timeout_ms: int | None = Field(None, ge=100, le=600_000)


#: Descriptions of document fields in the schema (the others' names say what they are).
_DESCRIPTIONS = {
    "next_page": "URL of the article's next page when it continues there (and was not merged).",
    "pages": "URLs of the pages merged into this document (max_pages > 1).",
}


@cache
def _response_model(record: type, name: str, omit: frozenset[str] = frozenset()) -> type[BaseModel]:
    """A response model with the fields of the dataclass ``record`` (a nested record becomes its
    own model, ``Link`` → ``LinkOut``), every one required, as every response carries them."""
    choices = {item.name: item.metadata.get("choices") for item in fields(record)}
    defined: dict[str, Any] = {}
    for item in (item for item in record_fields(record) if item.name not in omit):
        hint = item.hint
        if item.record is not None:
            nested = _response_model(item.record, f"{item.record.__name__}Out")
            hint = GenericAlias(list, (nested,)) if item.many else nested | None
        if choices[item.name]:
            hint = Literal[choices[item.name]]
        defined[item.name] = (hint, Field(..., description=_DESCRIPTIONS.get(item.name)))
    return create_model(name, **defined)


class DocumentOut(_response_model(ExtractedDoc, "ExtractedDocOut", omit=frozenset({"stats"}))):  # type: ignore[misc]
    """An extracted document: every field of riptide.ExtractedDoc but stats, and html if asked for."""

    html: str | None = Field(None, description="Only with include_html (the first page's HTML).")


class ErrorOut(BaseModel):
    type: str = Field(
        ..., description="e.g. invalid-html, resource-limit, timeout, robots-disallowed, blocked-address"
    )
    message: str
    retryable: bool


class CrawlResultOut(BaseModel):
    url: str
    status: int = Field(..., description="HTTP status of the fetch (0 when no response).")
    from_cache: bool
    quality_score: int | None
    processing_time_ms: float
    engine: Literal["wasm", "native"] | None
    document: DocumentOut | None
    error: ErrorOut | None
    warnings: list[str] = Field(
        default_factory=list, description="Problems short of failing the URL, e.g. a page not merged."
    )


class CrawlStatisticsOut(BaseModel):
    total_processing_time_ms: float
    avg_processing_time_ms: float
    cache_hit_rate: float
    engines: dict[str, int]
    errors_by_type: dict[str, int]


class CrawlResponse(BaseModel):
    total_urls: int
    successful: int
    failed: int
    from_cache: int
    results: list[CrawlResultOut]
    statistics: CrawlStatisticsOut


class ProblemOut(BaseModel):
    """Every 4xx/5xx body: what was wrong, in words."""

    error: str
    message: str
    details: list[dict[str, Any]] | None = None


#: The error answers every route may give, for the OpenAPI schema.
PROBLEMS: dict[int | str, dict[str, Any]] = {
    status: {"model": ProblemOut} for status in (403, 404, 413, 422, 500, 502, 503, 504)
}


class WasmExtractorHealthOut(BaseModel):
    """``components.wasm_extractor``: the sandbox, with the Rust guide's field names kept."""

    model_config = ConfigDict(extra="allow")

    status: Literal["healthy", "degraded", "unhealthy"]
    version: str | None = Field(description="The component's reported version.")
    engine_version: str | None = Field(description='The engine inside it: "trek <version>".')
    trek_version: str | None = Field(description="The same as engine_version (the Rust guide's name).")
    memory_usage_mb: float
    extraction_count: int
    pool_size: int
    active_instances: int
    circuit_breaker_state: Literal["closed", "half_open", "open"]
    last_health_check: str | None
    cold_start_ms: float = Field(description="Time the last component load took (compile or AOT cache).")
    cold_start_target_ms: float = Field(description="RIPTIDE_WASM_COLD_START_TARGET_MS.")
    cold_start_target_met: bool | None = Field(description="Whether the last load met the target.")


class HealthComponentsOut(BaseModel):
    model_config = ConfigDict(extra="allow")

    wasm_extractor: WasmExtractorHealthOut
    fetcher: dict[str, Any]
    cache: dict[str, Any]


class HealthOut(BaseModel):
    status: Literal["healthy", "degraded", "unhealthy"]
    version: str
    timestamp: str
    uptime_seconds: float
    components: HealthComponentsOut


# -- crawl jobs (Firecrawl-compatible shapes) ----------------------------------------------------------
class CrawlJobRequest(ExtractOptions):
    url: str = Field(..., min_length=1, max_length=8192, description="Where the crawl starts.")
    limit: int = Field(100, ge=1, description="Most pages (URLs admitted); cap: RIPTIDE_JOBS_MAX_LIMIT.")
    max_depth: int = Field(3, ge=0, le=100, description="Most links followed from the start URL.")
    include_paths: list[str] = Field(
        default_factory=list, max_length=64, description="Regexes; a path must match one."
    )
    exclude_paths: list[str] = Field(
        default_factory=list, max_length=64, description="Regexes; a matching path is skipped."
    )
    allow_subdomains: bool = False
    allow_external: bool = False
    sitemap: Literal["include", "skip", "only"] = Field(
        "include", description="include: sitemap URLs and links; skip: links only; only: sitemap URLs only."
    )
    webhook: str | None = Field(None, max_length=8192, description="POSTed on each page and at the end.")


class CrawlJobCreated(BaseModel):
    id: str
    url: str = Field(..., description="Where to GET the job: /v1/crawl/<id>.")


class JobErrorOut(BaseModel):
    url: str
    kind: str
    message: str


class CrawlJobOut(BaseModel):
    status: Literal["queued", "running", "completed", "failed", "cancelled"]
    total: int = Field(
        ..., description="Pages of the job so far (admitted URLs, redirect/canonical aliases not counted)."
    )
    completed: int = Field(..., description="Documents stored.")
    failed: int
    data: list[DocumentOut] = Field(..., description="This page of documents, in the order they were stored.")
    errors: list[JobErrorOut]
    next: str | None = Field(..., description="URL of the next page of documents, or null.")


class MapRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: str = Field(..., min_length=1, max_length=8192)
    limit: int = Field(5000, ge=1, le=100_000)
    search: str | None = Field(None, max_length=1000, description="Only URLs containing this (any case).")


class MapOut(BaseModel):
    links: list[str]
    errors: list[JobErrorOut]
