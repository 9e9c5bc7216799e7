"""The parts a running service holds, built once at start-up and closed at shutdown."""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from .. import __version__
from ..cache import ResultCache, open_cache
from ..config import Settings
from ..crawler import Crawler
from ..errors import RipTideError
from ..extractor import Extractor
from ..fetch.client import Fetcher
from ..jobs import Jobs, open_jobs
from .metrics import ServiceMetrics

logger = logging.getLogger(__name__)

#: The probe document used to validate custom-mode selectors inside the sandbox.
SELECTOR_PROBE = "<html><head><title>probe</title></head><body><p>probe</p></body></html>"
#: How long a component health check is reused by /healthz (a check is a guest call).
HEALTH_CHECK_TTL_SECS = 5.0


@dataclass
class Service:
    settings: Settings
    extractor: Extractor
    fetcher: Fetcher
    cache: ResultCache | None
    metrics: ServiceMetrics
    crawler: Crawler
    jobs: Jobs
    started: float = field(default_factory=time.monotonic)
    _component_health: dict[str, Any] = field(default_factory=dict)
    _component_checked: float = 0.0

    @classmethod
    async def open(cls, settings: Settings) -> Service:
        extractor = Extractor(settings)
        _ = extractor.identity  # asks the component once now, not on the event loop (cache keys use it)
        metrics = ServiceMetrics(extractor)
        fetcher = Fetcher(settings)
        cache = open_cache(settings) if settings.cache_enabled else None
        crawler = Crawler(extractor, fetcher, cache, observer=metrics)
        jobs = await open_jobs(settings, crawler)
        return cls(settings, extractor, fetcher, cache, metrics, crawler, jobs)

    async def close(self) -> None:
        await self.jobs.aclose()
        await self.fetcher.aclose()
        if self.cache is not None:
            await self.cache.aclose()
        self.extractor.close()

    async def exposition(self) -> bytes:
        """The metrics text, with the crawl-job figures read from the job store and queue now."""
        try:
            self.metrics.jobs_snapshot = await self.jobs.metrics()
        except RipTideError as error:  # an unreachable store must not break the scrape
            self.metrics.jobs_snapshot = {}
            self.metrics.jobs_scrape_errors += 1
            logger.warning("crawl-job metrics unavailable: %s", error)
        return self.metrics.exposition()

    async def validate_selectors(self, selectors: list[str]) -> None:
        """Compile the selectors where they will run: in the sandbox, on a tiny probe page.

        Raises the sandbox's ``ParseError``/``UnsupportedModeError`` naming the bad selector,
        so a request with a broken selector is refused before any URL is fetched.
        """
        await self.extractor.aextract(SELECTOR_PROBE, "http://probe.invalid/", "custom", selectors)

    # -- health -----------------------------------------------------------------------------------
    async def health(self) -> dict[str, Any]:
        extractor = await self._extractor_health()
        cache = await self.cache.health() if self.cache is not None else {"status": "disabled"}
        fetcher = {"status": "healthy", "outcomes": self.fetcher.stats()}
        jobs = await self.jobs.health()
        statuses = [extractor["status"], cache["status"], jobs["status"]]
        if extractor["status"] == "unhealthy":
            overall = "unhealthy"
        elif any(status not in ("healthy", "disabled") for status in statuses):
            overall = "degraded"
        else:
            overall = "healthy"
        return {
            "status": overall,
            "version": __version__,
            "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
            "uptime_seconds": round(time.monotonic() - self.started, 3),
            "components": {"wasm_extractor": extractor, "fetcher": fetcher, "cache": cache, "jobs": jobs},
        }

    async def _extractor_health(self) -> dict[str, Any]:
        summary = self.extractor.health()
        figures = summary["metrics"]
        host = self.extractor.sandbox
        component: dict[str, Any] = {}
        if host is not None:
            if time.monotonic() - self._component_checked > HEALTH_CHECK_TTL_SECS:
                try:
                    self._component_health = await asyncio.to_thread(host.health_check)
                except Exception as error:  # a failing check is reported as unhealthy, not raised
                    self._component_health = {"status": "unhealthy", "error": str(error)}
                self._component_health["checked_at"] = datetime.now(UTC).isoformat(timespec="seconds")
                self._component_checked = time.monotonic()
            component = self._component_health
        status = summary["status"]
        if component.get("status") == "unhealthy" and status == "healthy":
            status = "degraded"
        return {
            "status": status,
            "version": component.get("version"),
            "engine_version": component.get("trek_version"),
            "trek_version": component.get("trek_version"),  # the Rust guide's name for engine_version
            "memory_usage_mb": round(figures["memory_pages"] * 65536 / 1024 / 1024, 2),
            "extraction_count": figures["extraction_count"],
            "pool_size": summary.get("pool_size", 0),
            "active_instances": summary.get("active_instances", 0),
            "circuit_breaker_state": summary["circuit_breaker_state"],
            "last_health_check": component.get("checked_at"),
            "sandbox_error": summary["sandbox_error"],
            "native_fallbacks": figures["native_fallbacks"],
            "cold_start_ms": summary["cold_start_ms"],
            "cold_start_target_ms": summary["cold_start_target_ms"],
            "cold_start_target_met": summary["cold_start_target_met"],
        }
