"""One typed settings object. Every ``RIPTIDE_*`` environment variable is read here, and nowhere else.

The settings are a pydantic model, and ``load_settings`` hands it the ``RIPTIDE_*`` variables as
strings, so pydantic's lax mode parses and checks them exactly as pydantic-settings did (which
does nothing more for scalar fields: look the names up case-insensitively and pass the strings
on). pydantic-settings itself is not used because importing it cost a one-document
``riptide extract`` ~65 ms of its ~260 ms.

Values are validated on load; an invalid one raises ``ConfigError`` naming the variable, the
value given and what is accepted, so a typo in a deployment fails at start-up, not at the
thousandth request. A ``RIPTIDE_*`` variable that no setting reads is a likely typo too: it draws
an ``UnknownSettingWarning`` naming the closest known variable.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .engine import ENGINE_VERSION
from .errors import ConfigError

ENV_PREFIX = "RIPTIDE_"


class UnknownSettingWarning(UserWarning):
    """A ``RIPTIDE_*`` environment variable that no setting reads (shown once per variable)."""


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/riptide`` (``~/.cache/riptide`` when unset), per the XDG base-dir spec."""
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "riptide"


class Settings(BaseModel):
    """RipTide's configuration. Field ``x_y`` is read from ``RIPTIDE_X_Y`` (see ``load_settings``)."""

    model_config = ConfigDict(extra="ignore", validate_default=True)

    # -- the sandbox ------------------------------------------------------------------------------
    wasm_component: Path | None = Field(
        None, description="Extractor component (.wasm) to host; default: the one the project builds."
    )
    wasm_max_pool_size: int = Field(8, ge=1, le=1024, description="Most instances alive at once.")
    wasm_initial_pool_size: int = Field(2, ge=0, le=1024, description="Instances created warm at start.")
    wasm_timeout_secs: float = Field(30.0, gt=0, le=3600, description="Wall-time limit of one extraction.")
    wasm_memory_limit_mb: int = Field(256, ge=32, le=4096, description="Linear-memory limit of one instance.")
    wasm_enable_simd: bool = Field(True, description="Let compiled code use SIMD.")
    wasm_enable_aot_cache: bool = Field(True, description="Cache compiled code on disk.")
    wasm_enable_reuse: bool = Field(True, description="Reuse healthy instances across calls.")
    wasm_enable_metrics: bool = Field(True, description="Keep sandbox metrics.")
    wasm_memory_pressure_threshold: float = Field(
        0.8,
        description="Retire an instance whose memory passes this share of the limit (0.8 or 80: 80%).",
    )
    wasm_max_instance_uses: int = Field(1000, ge=1, description="Retire an instance after this many calls.")
    wasm_epoch_tick_ms: int = Field(10, ge=1, le=1000, description="Granularity of the time limit.")
    wasm_cache_dir: Path | None = Field(None, description="AOT cache directory; default: XDG cache.")
    wasm_cold_start_target_ms: float = Field(
        15.0, gt=0, le=600_000, description="Component load time above which a warning is logged."
    )
    wasm_aggressive_gc: bool = Field(
        False, description="Drop returned instances beyond the initial pool size instead of keeping them."
    )
    breaker_failure_threshold: int = Field(
        5, ge=1, description="Sandbox failures in a row that open the breaker."
    )
    breaker_recovery_timeout_secs: float = Field(30.0, gt=0, description="Time open before a trial call.")
    breaker_half_open_max_calls: int = Field(3, ge=1, description="Trial calls allowed while half-open.")
    enable_native_fallback: bool = Field(
        True, description="Extract natively, in limited worker processes, while the sandbox is unavailable."
    )
    # -- input ------------------------------------------------------------------------------------
    max_html_bytes: int = Field(
        16 * 1024 * 1024, ge=1024, le=256 * 1024 * 1024, description="Largest HTML accepted, in UTF-8 bytes."
    )
    # -- fetching ---------------------------------------------------------------------------------
    user_agent: str = Field(
        f"RipTide/{ENGINE_VERSION} (content extraction)", min_length=1, description="User-Agent of fetches."
    )
    fetch_timeout_secs: float = Field(20.0, gt=0, le=600, description="Total time for one fetch.")
    fetch_connect_timeout_secs: float = Field(5.0, gt=0, le=120, description="Time to connect.")
    fetch_read_timeout_secs: float = Field(15.0, gt=0, le=600, description="Time between received bytes.")
    fetch_max_redirects: int = Field(10, ge=0, le=50, description="Redirects followed per fetch.")
    fetch_http2: bool = Field(True, description="Use HTTP/2 where the server offers it.")
    fetch_max_connections: int = Field(100, ge=1, le=10_000, description="Open connections in all.")
    fetch_per_host_concurrency: int = Field(4, ge=1, le=256, description="Fetches in flight per host.")
    fetch_per_host_rate: float = Field(
        4.0, gt=0, le=1000, description="Requests per second per host (before robots.txt crawl-delay)."
    )
    fetch_rate_jitter: float = Field(0.2, ge=0, le=1, description="Random extra share of each host delay.")
    fetch_max_retries: int = Field(2, ge=0, le=10, description="Retries on 429/503 and connection errors.")
    fetch_retry_backoff_secs: float = Field(0.5, ge=0, le=60, description="First retry delay (doubles).")
    fetch_max_retry_after_secs: float = Field(
        30.0, ge=0, le=3600, description="Longest Retry-After honoured; longer ones fail the fetch."
    )
    fetch_respect_robots: bool = Field(True, description="Honour robots.txt (rules and crawl-delay).")
    fetch_robots_ttl_secs: float = Field(3600.0, ge=0, description="How long a host's robots.txt is cached.")
    fetch_allow_loopback: bool = Field(
        False, description="Allow fetching loopback addresses (tests and local development only)."
    )
    # -- batch extraction (riptide batch) ------------------------------------------------------------
    batch_jobs: int = Field(
        0, ge=0, le=256, description="Pages extracted at once by riptide batch; 0: the number of cores."
    )
    batch_dedup_threshold: float = Field(
        0.9,
        gt=0,
        lt=1,
        description="Estimated Jaccard similarity of word 5-grams at which --dedup drops a page.",
    )
    batch_parquet_rows_per_file: int = Field(
        1000,
        ge=1,
        le=1_000_000,
        description="Rows in each parquet part file (a kill loses at most one part).",
    )
    batch_chunk_bytes: int = Field(
        4 * 1024 * 1024,
        ge=1,
        le=1 << 34,
        description="riptide batch --distributed: input bytes per chunk (WARC byte ranges, file lists).",
    )
    batch_urls_per_chunk: int = Field(
        16, ge=1, le=100_000, description="riptide batch --distributed: URL-list entries per chunk."
    )
    batch_chunks_in_flight: int = Field(
        8,
        ge=1,
        le=10_000,
        description="riptide batch --distributed: chunks sent, not yet gathered (bounds Redis and memory).",
    )
    batch_result_ttl_secs: int = Field(
        86_400,
        ge=60,
        le=30 * 86_400,
        description="riptide batch --distributed: how long a chunk's results wait in Redis to be gathered.",
    )
    # -- result cache -------------------------------------------------------------------------------
    cache_enabled: bool = Field(True, description="Cache extracted documents.")
    cache_ttl_secs: int = Field(86_400, ge=1, description="How long a cached document is served.")
    redis_url: str | None = Field(None, description="Use Redis at this URL instead of SQLite.")
    # -- HTTP API -----------------------------------------------------------------------------------
    api_max_urls: int = Field(100, ge=1, le=10_000, description="URLs accepted in one /crawl request.")
    api_max_body_bytes: int = Field(
        32 * 1024 * 1024, ge=1024, description="Largest request body accepted by the API."
    )
    api_default_concurrency: int = Field(8, ge=1, le=256, description="Fetches in flight per crawl.")
    api_max_concurrency: int = Field(32, ge=1, le=1024, description="Largest concurrency a crawl may ask.")
    api_request_timeout_secs: float = Field(
        30.0, gt=0, le=3600, description="Time a request may take to arrive whole (slow clients are cut off)."
    )
    api_max_connections: int = Field(
        1000, ge=1, le=100_000, description="Connections and requests at once; beyond it, new ones get 503."
    )
    api_max_pages: int = Field(
        10, ge=1, le=100, description="Most pages of a multi-page article a request may ask to merge."
    )

    # -- crawl jobs -----------------------------------------------------------------------------------
    jobs_embedded_workers: int = Field(
        4,
        ge=1,
        le=256,
        description="Pages in flight at once when `riptide serve` runs jobs itself (no broker).",
    )
    jobs_max_limit: int = Field(
        10_000, ge=1, le=1_000_000, description="Largest `limit` a crawl job may ask."
    )
    jobs_page_size: int = Field(100, ge=1, le=1000, description="Documents per page of GET /v1/crawl/{id}.")
    jobs_visibility_timeout_secs: float = Field(
        300.0,
        ge=1,
        le=86_400,
        description="Celery: a page task not acknowledged in this time is delivered again (worker lost).",
    )
    jobs_restore_interval_secs: float = Field(
        10.0, gt=0, le=3600, description="Celery: how often workers look for tasks of lost workers."
    )
    jobs_task_max_retries: int = Field(
        3, ge=0, le=20, description="Celery: retries of a page after a transient fetch error."
    )
    jobs_retry_backoff_max_secs: int = Field(
        120, ge=1, le=3600, description="Celery: longest wait between retries of a page."
    )
    jobs_task_rate_limit: str | None = Field(
        None,
        pattern=r"^\d+(\.\d+)?/[smh]$",
        description="Celery: page tasks per worker process per s/m/h (e.g. 10/s); none: unlimited.",
    )

    @field_validator("wasm_memory_pressure_threshold")
    @classmethod
    def _share_or_percentage(cls, value: float) -> float:
        """The Rust guide writes 80 (a percentage); RipTide wrote 0.8 (a share): both mean 80%."""
        if 0 < value <= 1:
            return value
        if 1 < value <= 100:
            return value / 100
        raise ValueError("must be a share (0 < x <= 1, e.g. 0.8) or a percentage (1 < x <= 100, e.g. 80)")

    @model_validator(mode="after")
    def _initial_within_max(self) -> Settings:
        if self.wasm_initial_pool_size > self.wasm_max_pool_size:
            raise ValueError(
                f"RIPTIDE_WASM_INITIAL_POOL_SIZE ({self.wasm_initial_pool_size}) must not exceed "
                f"RIPTIDE_WASM_MAX_POOL_SIZE ({self.wasm_max_pool_size})"
            )
        return self

    @property
    def cache_dir(self) -> Path:
        return self.wasm_cache_dir or default_cache_dir()

    @property
    def results_db(self) -> Path:
        """The embedded (SQLite) result cache, used when no ``RIPTIDE_REDIS_URL`` is set."""
        return self.cache_dir / "results.sqlite3"

    @property
    def jobs_db(self) -> Path:
        """The embedded crawl-job store (SQLite), used when no ``RIPTIDE_REDIS_URL`` is set."""
        return self.cache_dir / "jobs.sqlite3"


def load_settings(**overrides: Any) -> Settings:
    """Read the environment (plus ``overrides``, which win) and validate; raise ``ConfigError``."""
    _warn_unknown_variables()
    try:
        return Settings(**{**_environment(), **overrides})
    except ValidationError as error:
        problems = []
        for item in error.errors():
            name = "_".join(str(part) for part in item["loc"]).upper()
            where = f"{ENV_PREFIX}{name}" if name else "configuration"
            given = item.get("input")
            shown = "" if name == "" or isinstance(given, dict) else f" (got {given!r})"
            problems.append(f"{where}: {item['msg']}{shown}")
        raise ConfigError("invalid configuration:\n  " + "\n  ".join(problems)) from None


def _environment() -> dict[str, str]:
    """The value of each setting's variable that is set, by field name.

    Names match case-insensitively (``riptide_wasm_timeout_secs`` counts), as they did with
    pydantic-settings' default ``case_sensitive=False``.
    """
    by_lower_name = {name.lower(): value for name, value in os.environ.items()}
    prefix = ENV_PREFIX.lower()
    return {
        field: by_lower_name[prefix + field]
        for field in Settings.model_fields
        if prefix + field in by_lower_name
    }


def known_variables() -> frozenset[str]:
    """Every environment variable a setting reads."""
    return frozenset(ENV_PREFIX + name.upper() for name in Settings.model_fields)


def _warn_unknown_variables() -> None:
    """Warn about each ``RIPTIDE_*`` variable no setting reads, naming the closest known one.

    Raised from one place, so Python's default warning filter shows each variable's warning once
    per process, however often settings are loaded.
    """
    known = known_variables()
    for name in sorted(os.environ):
        if not name.startswith(ENV_PREFIX) or name in known:
            continue
        import difflib  # only for a misspelt variable: a clean start-up does not pay for it

        closest = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        hint = f"; did you mean {closest[0]}?" if closest else ""
        warnings.warn(
            f"{name} is not a RipTide setting and is ignored{hint}", UnknownSettingWarning, stacklevel=1
        )
