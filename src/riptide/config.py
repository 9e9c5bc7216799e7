"""One typed settings object. Every ``RIPTIDE_*`` environment variable is read here, and nowhere else.

``Settings`` is a frozen dataclass; each field is declared once with its default, its bounds and
what it is for (``config_values.setting``), and field ``x_y`` is read from ``RIPTIDE_X_Y``. Values
are validated on construction, whether they come from the environment (as strings, read by
pydantic's lax rules) or from Python (``load_settings(**overrides)``, ``dataclasses.replace``); an
invalid one raises ``ConfigError`` naming the variable, the value given and what is accepted, so
a typo in a deployment fails at start-up, not at the thousandth request. A ``RIPTIDE_*`` variable
that no setting reads is a likely typo too: it draws an ``UnknownSettingWarning`` naming the
closest known variable.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path
from typing import Any, get_type_hints

from .config_values import Rule, checked_value, kind_of, rule_of, setting
from .engine import ENGINE_VERSION
from .errors import ConfigError

ENV_PREFIX = "RIPTIDE_"


class UnknownSettingWarning(UserWarning):
    """A ``RIPTIDE_*`` variable that no setting reads (shown once per variable)."""


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/riptide`` (``~/.cache/riptide`` when unset), per the XDG base-dir spec."""
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "riptide"


def _share_or_percentage(value: float) -> float:
    """The Rust guide writes 80 (a percentage); RipTide wrote 0.8 (a share): both mean 80%."""
    if 0 < value <= 1:
        return value
    if 1 < value <= 100:
        return value / 100
    raise ValueError("must be a share (0 < x <= 1, e.g. 0.8) or a percentage (1 < x <= 100, e.g. 80)")


@dataclass(frozen=True, kw_only=True)
class Settings:
    """RipTide's configuration. Field ``x_y`` is read from ``RIPTIDE_X_Y`` (see ``load_settings``)."""

    # -- the sandbox ------------------------------------------------------------------------------
    wasm_component: Path | None = setting(
        None, "Extractor component (.wasm) to host; default: the one the project builds."
    )
    wasm_max_pool_size: int = setting(8, "Most instances alive at once.", ge=1, le=1024)
    wasm_initial_pool_size: int = setting(2, "Instances created warm at start.", ge=0, le=1024)
    wasm_timeout_secs: float = setting(30.0, "Wall-time limit of one extraction.", gt=0, le=3600)
    wasm_memory_limit_mb: int = setting(256, "Linear-memory limit of one instance.", ge=32, le=4096)
    wasm_enable_simd: bool = setting(True, "Let compiled code use SIMD.")
    wasm_enable_aot_cache: bool = setting(True, "Cache compiled code on disk.")
    wasm_enable_reuse: bool = setting(True, "Reuse healthy instances across calls.")
    wasm_enable_metrics: bool = setting(True, "Keep sandbox metrics.")
    wasm_memory_pressure_threshold: float = setting(
        0.8,
        "Retire an instance whose memory passes this share of the limit (0.8 or 80: 80%).",
        adjust=_share_or_percentage,
    )
    wasm_max_instance_uses: int = setting(1000, "Retire an instance after this many calls.", ge=1)
    wasm_epoch_tick_ms: int = setting(10, "Granularity of the time limit.", ge=1, le=1000)
    wasm_cache_dir: Path | None = setting(None, "AOT cache directory; default: XDG cache.")
    wasm_cold_start_target_ms: float = setting(
        15.0, "Component load time above which a warning is logged.", gt=0, le=600_000
    )
    wasm_aggressive_gc: bool = setting(
        False, "Drop returned instances beyond the initial pool size instead of keeping them."
    )
    breaker_failure_threshold: int = setting(5, "Sandbox failures in a row that open the breaker.", ge=1)
    breaker_recovery_timeout_secs: float = setting(30.0, "Time open before a trial call.", gt=0)
    breaker_half_open_max_calls: int = setting(3, "Trial calls allowed while half-open.", ge=1)
    enable_native_fallback: bool = setting(
        True, "Extract natively, in limited worker processes, while the sandbox is unavailable."
    )
    # -- input ------------------------------------------------------------------------------------
    max_html_bytes: int = setting(
        16 * 1024 * 1024, "Largest HTML accepted, in UTF-8 bytes.", ge=1024, le=256 * 1024 * 1024
    )
    # -- fetching ---------------------------------------------------------------------------------
    user_agent: str = setting(
        f"RipTide/{ENGINE_VERSION} (content extraction)", "User-Agent of fetches.", min_length=1
    )
    fetch_timeout_secs: float = setting(20.0, "Total time for one fetch.", gt=0, le=600)
    fetch_connect_timeout_secs: float = setting(5.0, "Time to connect.", gt=0, le=120)
    fetch_read_timeout_secs: float = setting(15.0, "Time between received bytes.", gt=0, le=600)
    fetch_max_redirects: int = setting(10, "Redirects followed per fetch.", ge=0, le=50)
    fetch_http2: bool = setting(True, "Use HTTP/2 where the server offers it.")
    fetch_max_connections: int = setting(100, "Open connections in all.", ge=1, le=10_000)
    fetch_per_host_concurrency: int = setting(4, "Fetches in flight per host.", ge=1, le=256)
    fetch_per_host_rate: float = setting(
        4.0, "Requests per second per host (before robots.txt crawl-delay).", gt=0, le=1000
    )
    fetch_rate_jitter: float = setting(0.2, "Random extra share of each host delay.", ge=0, le=1)
    fetch_max_retries: int = setting(2, "Retries on 429/503 and connection errors.", ge=0, le=10)
    fetch_retry_backoff_secs: float = setting(0.5, "First retry delay (doubles).", ge=0, le=60)
    fetch_max_retry_after_secs: float = setting(
        30.0, "Longest Retry-After honoured; longer ones fail the fetch.", ge=0, le=3600
    )
    fetch_respect_robots: bool = setting(True, "Honour robots.txt (rules and crawl-delay).")
    fetch_robots_ttl_secs: float = setting(3600.0, "How long a host's robots.txt is cached.", ge=0)
    fetch_allow_loopback: bool = setting(
        False, "Allow fetching loopback addresses (tests and local development only)."
    )
    # -- batch extraction (riptide batch) ------------------------------------------------------------
    batch_jobs: int = setting(
        0, "Pages extracted at once by riptide batch; 0: the number of cores.", ge=0, le=256
    )
    batch_dedup_threshold: float = setting(
        0.9, "Estimated Jaccard similarity of word 5-grams at which --dedup drops a page.", gt=0, lt=1
    )
    batch_parquet_rows_per_file: int = setting(
        1000, "Rows in each parquet part file (a kill loses at most one part).", ge=1, le=1_000_000
    )
    batch_chunk_bytes: int = setting(
        4 * 1024 * 1024,
        "riptide batch --distributed: input bytes per chunk (WARC byte ranges, file lists).",
        ge=1,
        le=1 << 34,
    )
    batch_urls_per_chunk: int = setting(
        16, "riptide batch --distributed: URL-list entries per chunk.", ge=1, le=100_000
    )
    batch_chunks_in_flight: int = setting(
        8,
        "riptide batch --distributed: chunks sent, not yet gathered (bounds Redis and memory).",
        ge=1,
        le=10_000,
    )
    batch_result_ttl_secs: int = setting(
        86_400,
        "riptide batch --distributed: how long a chunk's results wait in Redis to be gathered.",
        ge=60,
        le=30 * 86_400,
    )
    # -- result cache -------------------------------------------------------------------------------
    cache_enabled: bool = setting(True, "Cache extracted documents.")
    cache_ttl_secs: int = setting(86_400, "How long a cached document is served.", ge=1)
    redis_url: str | None = setting(None, "Use Redis at this URL instead of SQLite.")
    # -- HTTP API -----------------------------------------------------------------------------------
    api_max_urls: int = setting(100, "URLs accepted in one /crawl request.", ge=1, le=10_000)
    api_max_body_bytes: int = setting(32 * 1024 * 1024, "Largest request body accepted by the API.", ge=1024)
    api_default_concurrency: int = setting(8, "Fetches in flight per crawl.", ge=1, le=256)
    api_max_concurrency: int = setting(32, "Largest concurrency a crawl may ask.", ge=1, le=1024)
    api_request_timeout_secs: float = setting(
        30.0, "Time a request may take to arrive whole (slow clients are cut off).", gt=0, le=3600
    )
    api_max_connections: int = setting(
        1000, "Connections and requests at once; beyond it, new ones get 503.", ge=1, le=100_000
    )
    api_max_pages: int = setting(
        10, "Most pages of a multi-page article a request may ask to merge.", ge=1, le=100
    )

    # -- crawl jobs -----------------------------------------------------------------------------------
    jobs_embedded_workers: int = setting(
        4, "Pages in flight at once when `riptide serve` runs jobs itself (no broker).", ge=1, le=256
    )
    jobs_max_limit: int = setting(10_000, "Largest `limit` a crawl job may ask.", ge=1, le=1_000_000)
    jobs_page_size: int = setting(100, "Documents per page of GET /v1/crawl/{id}.", ge=1, le=1000)
    jobs_visibility_timeout_secs: float = setting(
        300.0,
        "Celery: a page task not acknowledged in this time is delivered again (worker lost).",
        ge=1,
        le=86_400,
    )
    jobs_restore_interval_secs: float = setting(
        10.0, "Celery: how often workers look for tasks of lost workers.", gt=0, le=3600
    )
    jobs_task_max_retries: int = setting(
        3, "Celery: retries of a page after a transient fetch error.", ge=0, le=20
    )
    jobs_retry_backoff_max_secs: int = setting(
        120, "Celery: longest wait between retries of a page.", ge=1, le=3600
    )
    jobs_task_rate_limit: str | None = setting(
        None,
        "Celery: page tasks per worker process per s/m/h (e.g. 10/s); none: unlimited.",
        pattern=r"\d+(\.\d+)?/[smh]",
    )

    def __post_init__(self) -> None:
        """Bring each value to its field's type and check it; report every problem at once."""
        problems = []
        for name, (kind, optional, rule) in setting_declarations().items():
            given = getattr(self, name)
            try:
                object.__setattr__(self, name, checked_value(kind, optional, rule, given))
            except ValueError as error:
                problems.append(f"{variable_name(name)}: {error} (got {given!r})")
        if not problems and self.wasm_initial_pool_size > self.wasm_max_pool_size:
            problems.append(
                f"RIPTIDE_WASM_INITIAL_POOL_SIZE ({self.wasm_initial_pool_size}) must not exceed "
                f"RIPTIDE_WASM_MAX_POOL_SIZE ({self.wasm_max_pool_size})"
            )
        if problems:
            raise ConfigError("invalid configuration:\n  " + "\n  ".join(problems))

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
    return Settings(**{**_environment(), **overrides})


def variable_name(field: str) -> str:
    """The environment variable a setting is read from."""
    return ENV_PREFIX + field.upper()


@cache
def setting_declarations() -> dict[str, tuple[type, bool, Rule]]:
    """Each setting's scalar type, whether it may be None, and its rule, by field name."""
    hints = get_type_hints(Settings)
    return {item.name: (*kind_of(hints[item.name]), rule_of(item.metadata)) for item in fields(Settings)}


def _environment() -> dict[str, str]:
    """The value of each setting's variable that is set, by field name.

    Names match case-insensitively (``riptide_wasm_timeout_secs`` counts), as they did with
    pydantic-settings' default ``case_sensitive=False``.
    """
    by_lower_name = {name.lower(): value for name, value in os.environ.items()}
    prefix = ENV_PREFIX.lower()
    return {
        field: by_lower_name[prefix + field]
        for field in setting_declarations()
        if prefix + field in by_lower_name
    }


def known_variables() -> frozenset[str]:
    """Every environment variable a setting reads."""
    return frozenset(variable_name(name) for name in setting_declarations())


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
