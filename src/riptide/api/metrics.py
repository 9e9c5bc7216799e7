"""Prometheus metrics of the service, exposed at ``/metrics`` in the text exposition format.

Request, extraction, fetch and cache figures are counted as they happen. Sandbox figures live in
``SandboxMetrics`` (in-process, owned by the sandbox) and are read at scrape time by a collector,
so the sandbox does not depend on Prometheus and a scrape always sees current values. Each app
gets its own registry, so several apps in one process (tests) never clash.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily
from prometheus_client.registry import Collector

from ..extractor import Extractor
from ..jobs.model import JobStatus

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
#: Request latency buckets (seconds): extraction is ~10–100 ms, fetches up to tens of seconds.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
BREAKER_STATES = ("closed", "half_open", "open")
JOB_STATUSES = tuple(status.value for status in JobStatus)


class SandboxCollector(Collector):
    """Sandbox gauges and counters, read from the extractor at scrape time."""

    def __init__(self, extractor: Extractor) -> None:
        self.extractor = extractor

    def collect(self) -> Iterator[Any]:
        figures = self.extractor.metrics.snapshot()
        health = self.extractor.health()
        gauges = {
            "riptide_wasm_memory_pages": (
                "Guest linear memory of the pool, in 64 KiB pages.",
                "memory_pages",
            ),
            "riptide_wasm_peak_memory_pages": (
                "Largest guest linear memory seen, in pages.",
                "peak_memory_pages",
            ),
            # start-up outcomes of this process (0 or 1 each): gauges, so the names stay as documented
            "riptide_wasm_aot_cache_hits": (
                "Start-ups that loaded compiled code from the cache.",
                "aot_cache_hits",
            ),
            "riptide_wasm_aot_cache_misses": ("Start-ups that had to compile.", "aot_cache_misses"),
        }
        for name, (help_text, key) in gauges.items():
            yield GaugeMetricFamily(name, help_text, value=float(figures[key]))
        yield self._cold_starts()
        yield GaugeMetricFamily(
            "riptide_wasm_cold_start_target_ms",
            "RIPTIDE_WASM_COLD_START_TARGET_MS: the component load time aimed for.",
            value=self.extractor.settings.wasm_cold_start_target_ms,
        )
        counters = {
            "riptide_wasm_grow_failed": (
                "memory.grow calls refused by the memory limit.",
                "grow_failed_total",
            ),
            "riptide_wasm_aot_cache_evictions": (
                "Old compiled-code cache entries deleted.",
                "aot_cache_evictions",
            ),
            "riptide_wasm_aot_cache_untrusted": (
                "Start-ups that did not use the compiled-code cache: another user could write it.",
                "aot_cache_untrusted",
            ),
            "riptide_wasm_instances_created": ("Guest instances created.", "instances_created"),
            "riptide_wasm_instances_retired": ("Guest instances retired.", "instances_retired"),
            "riptide_wasm_traps": ("Guest traps (timeouts, memory, crashes).", "instance_traps"),
            "riptide_wasm_timeouts": ("Extractions stopped by the time limit.", "timeouts"),
            "riptide_wasm_memory_limit_hits": (
                "Extractions stopped by the memory limit.",
                "memory_limit_hits",
            ),
            "riptide_wasm_extractions": ("Successful sandboxed extractions.", "extraction_count"),
            "riptide_native_fallbacks": (
                "Extractions run natively because the sandbox was unavailable.",
                "native_fallbacks",
            ),
        }
        for name, (help_text, key) in counters.items():
            yield CounterMetricFamily(name, help_text, value=float(figures[key]))
        pool = GaugeMetricFamily("riptide_wasm_pool_instances", "Guest instances by state.", labels=["state"])
        pool.add_metric(["active"], float(health.get("active_instances", 0)))
        pool.add_metric(["idle"], float(health.get("idle_instances", 0)))
        yield pool
        yield GaugeMetricFamily(
            "riptide_wasm_pool_size", "Guest instances alive.", value=float(health.get("pool_size", 0))
        )
        breaker = GaugeMetricFamily(
            "riptide_wasm_circuit_breaker_state", "1 for the breaker's current state.", labels=["state"]
        )
        for state in BREAKER_STATES:
            breaker.add_metric([state], 1.0 if health["circuit_breaker_state"] == state else 0.0)
        yield breaker

    def _cold_starts(self) -> HistogramMetricFamily:
        buckets, total = self.extractor.metrics.cold_start_histogram()
        return HistogramMetricFamily(
            "riptide_wasm_cold_start_time_ms",
            "Component loads (compile or AOT cache) by time taken, in milliseconds.",
            buckets=[("+Inf" if bound == float("inf") else f"{bound:g}", count) for bound, count in buckets],
            sum_value=total,
        )


class JobsCollector(Collector):
    """Crawl-job figures: read from the job store and queue just before each scrape
    (``Service.exposition``), since both may be shared with other processes (Redis)."""

    def __init__(self, metrics: ServiceMetrics) -> None:
        self.metrics = metrics

    def collect(self) -> Iterator[Any]:
        snapshot = self.metrics.jobs_snapshot
        yield GaugeMetricFamily(
            "riptide_job_queue_depth",
            "Page tasks waiting in the queue.",
            value=float(snapshot.get("queue_depth", 0)),
        )
        yield GaugeMetricFamily(
            "riptide_job_workers",
            "Workers running pages (live `riptide worker`s, or the embedded pool's size).",
            value=float(snapshot.get("workers", 0)),
        )
        jobs = GaugeMetricFamily("riptide_jobs", "Crawl jobs by status.", labels=["status"])
        by_status = snapshot.get("jobs_by_status", {})
        for status in JOB_STATUSES:
            jobs.add_metric([status], float(by_status.get(status, 0)))
        yield jobs
        yield CounterMetricFamily(
            "riptide_job_pages",
            "Documents stored by crawl jobs (rate(): pages/s, over every worker).",
            value=float(snapshot.get("pages_stored", 0)),
        )
        yield CounterMetricFamily(
            "riptide_job_metrics_errors",
            "Scrapes whose crawl-job figures could not be read (job store unreachable).",
            value=float(self.metrics.jobs_scrape_errors),
        )


class ServiceMetrics:
    """The service's own counters and histograms; also the crawler's observer."""

    def __init__(self, extractor: Extractor) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "riptide_http_requests",
            "HTTP requests by route, method and status.",
            ["route", "method", "status"],
            registry=self.registry,
        )
        self.request_seconds = Histogram(
            "riptide_http_request_duration_seconds",
            "HTTP request latency by route and method.",
            ["route", "method"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.extraction_seconds = Histogram(
            "riptide_extraction_duration_seconds",
            "Extraction time by mode, engine and outcome.",
            ["mode", "engine", "outcome"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.fetches = Counter(
            "riptide_fetch",
            "Fetches by outcome (ok, timeout, robots-disallowed, …).",
            ["outcome"],
            registry=self.registry,
        )
        self.cache_lookups = Counter(
            "riptide_cache_requests",
            "Result-cache lookups by result.",
            ["result"],
            registry=self.registry,
        )
        for result in ("hit", "miss"):  # exported at 0 from the start, so rules over them always match
            self.cache_lookups.labels(result)
        self.registry.register(SandboxCollector(extractor))
        #: Crawl-job figures of the last scrape (see ``JobsCollector``).
        self.jobs_snapshot: dict[str, Any] = {}
        self.jobs_scrape_errors = 0
        self.registry.register(JobsCollector(self))

    # -- CrawlObserver ------------------------------------------------------------------------------
    def cache_lookup(self, hit: bool) -> None:
        self.cache_lookups.labels("hit" if hit else "miss").inc()

    def fetch_outcome(self, outcome: str) -> None:
        self.fetches.labels(outcome).inc()

    def extraction(self, mode: str, engine: str, seconds: float, ok: bool) -> None:
        self.extraction_seconds.labels(mode, engine, "ok" if ok else "error").observe(seconds)

    # -- HTTP -------------------------------------------------------------------------------------
    def request(self, route: str, method: str, status: int, seconds: float) -> None:
        self.requests.labels(route, method, str(status)).inc()
        self.request_seconds.labels(route, method).observe(seconds)

    def exposition(self) -> bytes:
        return generate_latest(self.registry)
