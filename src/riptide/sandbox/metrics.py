"""In-process sandbox metrics, readable from Python (``SandboxMetrics.snapshot()``).

Counters only ever grow; gauges are set by their owner; component loads (cold starts) also go
into a histogram, kept here as bucket counts so the sandbox needs no metrics library. Everything
is guarded by one lock: updates are a handful per extraction, far below any contention worth
optimising.
"""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass
from typing import Any

#: Cold-start histogram bounds (ms): an AOT-cache load takes milliseconds, a compile seconds.
COLD_START_BUCKETS_MS = (1, 2.5, 5, 10, 15, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000)


@dataclass
class _Figures:
    # guest memory (64 KiB wasm pages)
    memory_pages: int = 0
    peak_memory_pages: int = 0
    grow_failed_total: int = 0
    # start-up
    cold_start_ms: float = 0.0
    cold_start_source: str = ""
    #: Whether the last cold start met RIPTIDE_WASM_COLD_START_TARGET_MS (None before any load).
    cold_start_target_met: bool | None = None
    aot_cache_hits: int = 0
    aot_cache_misses: int = 0
    aot_cache_corrupt_rebuilds: int = 0
    aot_cache_write_failures: int = 0
    aot_cache_evictions: int = 0
    #: Start-ups that did not use the AOT cache because another user could write it.
    aot_cache_untrusted: int = 0
    # instances
    instances_created: int = 0
    instances_retired: int = 0
    instance_traps: int = 0
    instantiate_ms_last: float = 0.0
    # calls
    extraction_count: int = 0
    extraction_errors: int = 0
    timeouts: int = 0
    memory_limit_hits: int = 0
    native_fallbacks: int = 0


class SandboxMetrics:
    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self._lock = threading.Lock()
        self._figures = _Figures()
        #: Component loads per bucket of ``COLD_START_BUCKETS_MS``; the last one counts slower loads.
        self._cold_start_counts = [0] * (len(COLD_START_BUCKETS_MS) + 1)
        self._cold_start_sum_ms = 0.0

    def add(self, name: str, amount: int = 1) -> None:
        if not self.enabled:
            return
        with self._lock:
            setattr(self._figures, name, getattr(self._figures, name) + amount)

    def set(self, name: str, value: Any) -> None:
        if not self.enabled:
            return
        with self._lock:
            setattr(self._figures, name, value)

    def observe_memory(self, current_pages: int, instance_peak_pages: int) -> None:
        if not self.enabled:
            return
        with self._lock:
            self._figures.memory_pages = current_pages
            if instance_peak_pages > self._figures.peak_memory_pages:
                self._figures.peak_memory_pages = instance_peak_pages

    def observe_cold_start(self, milliseconds: float, source: str, target_ms: float) -> None:
        """Record one component load: the last figures, and one observation of the histogram."""
        if not self.enabled:
            return
        bucket = next(
            (i for i, bound in enumerate(COLD_START_BUCKETS_MS) if milliseconds <= bound),
            len(COLD_START_BUCKETS_MS),
        )
        with self._lock:
            self._figures.cold_start_ms = milliseconds
            self._figures.cold_start_source = source
            self._figures.cold_start_target_met = milliseconds <= target_ms
            self._cold_start_counts[bucket] += 1
            self._cold_start_sum_ms += milliseconds

    def cold_start_histogram(self) -> tuple[list[tuple[float, int]], float]:
        """(cumulative count per upper bound, ending with ``inf``; sum of milliseconds)."""
        with self._lock:
            counts, total = list(self._cold_start_counts), self._cold_start_sum_ms
        cumulative, running = [], 0
        for bound, count in zip([*COLD_START_BUCKETS_MS, float("inf")], counts, strict=True):
            running += count
            cumulative.append((float(bound), running))
        return cumulative, total

    def get(self, name: str) -> Any:
        with self._lock:
            return getattr(self._figures, name)

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return asdict(self._figures)
