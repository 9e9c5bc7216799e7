"""In-process sandbox metrics, readable from Python (``SandboxMetrics.snapshot()``).

Counters only ever grow; gauges are set by their owner. Everything is guarded by one lock:
updates are a handful per extraction, far below any contention worth optimising.
"""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass
from typing import Any


@dataclass
class _Figures:
    # guest memory (64 KiB wasm pages)
    memory_pages: int = 0
    peak_memory_pages: int = 0
    grow_failed_total: int = 0
    # start-up
    cold_start_ms: float = 0.0
    cold_start_source: str = ""
    aot_cache_hits: int = 0
    aot_cache_misses: int = 0
    aot_cache_corrupt_rebuilds: int = 0
    aot_cache_write_failures: int = 0
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

    def get(self, name: str) -> Any:
        with self._lock:
            return getattr(self._figures, name)

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return asdict(self._figures)
