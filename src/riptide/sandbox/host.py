"""The sandbox host: load the component, keep a pool of limited instances, run extractions.

This is the only module that puts the pieces together (engine config → AOT cache → contract
check → linker with WASI → epoch ticker → pool). It knows nothing about HTML: documents go in
as strings and come back as engine records or errors.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from pathlib import Path
from typing import Any

from wasmtime import Config, Engine, WasmtimeError
from wasmtime.component import Component, Linker

from ..config import Settings
from ..engine.result import Extraction, Stats
from ..errors import (
    MEMORY_EXHAUSTED,
    ComponentLoadError,
    ExtractionError,
    GuestTrap,
    ResourceLimitError,
    RipTideError,
    SandboxError,
    extraction_error,
)
from . import packed_call, type_cache, wasmtime_fixes
from .aot_cache import WASMTIME_VERSION, AotCache
from .contract import PACKED_FUNCTION, check_exports, exports_packed
from .convert import error_of, extraction_with_stats_of, mode_value, record_dict
from .epoch import EpochTicker
from .instance import GuestInstance
from .locations import DEFAULT_OUTPUT
from .metrics import SandboxMetrics
from .pool import InstancePool
from .utf8 import Utf8Text

#: Time allowed to instantiate a guest (CPython start-up inside the component).
SETUP_TIMEOUT_SECS = 30.0

logger = logging.getLogger(__name__)


def component_path(settings: Settings) -> Path:
    return settings.wasm_component or DEFAULT_OUTPUT


class SandboxHost:
    """Runs extractions in pooled, limited component instances. Thread-safe."""

    def __init__(self, settings: Settings, metrics: SandboxMetrics | None = None) -> None:
        wasmtime_fixes.apply()  # wasmtime-py's value-lifting leak (see the module)
        type_cache.apply()  # memoised type introspection (see the module)
        self.settings = settings
        self.metrics = metrics or SandboxMetrics(enabled=settings.wasm_enable_metrics)
        self.path = component_path(settings)
        self.memory_limit_bytes = settings.wasm_memory_limit_mb * 1024 * 1024
        config = Config()
        config.epoch_interruption = True
        config.wasm_simd = settings.wasm_enable_simd
        if not settings.wasm_enable_simd:
            config.wasm_relaxed_simd = False  # wasmtime refuses relaxed SIMD without SIMD (it aborts)
        self.engine = Engine(config)
        self.engine_settings = f"simd={settings.wasm_enable_simd};epoch=1"
        #: SHA-256 (hex) of the component file, set when it is loaded.
        self.component_sha256 = ""
        self._identity: str | None = None
        self._identity_lock = threading.Lock()
        self.component = self._load_component()
        check_exports(self.component, self.engine, str(self.path))
        #: Whether extractions use the component's ``packed`` fast path (see ``wit/extractor.wit``).
        self.packed = exports_packed(self.component)
        self._packed_calls = packed_call.CallMaker()  # one component: its type is read once
        self.linker = Linker(self.engine)
        self.linker.add_wasip2()
        self.ticker = EpochTicker(self.engine, settings.wasm_epoch_tick_ms / 1000)
        self.ticker.start()
        self.pool = InstancePool(
            factory=self._new_instance,
            max_size=settings.wasm_max_pool_size,
            reuse=settings.wasm_enable_reuse,
            max_uses=settings.wasm_max_instance_uses,
            memory_retire_bytes=int(self.memory_limit_bytes * settings.wasm_memory_pressure_threshold),
            metrics=self.metrics,
            max_idle=settings.wasm_initial_pool_size if settings.wasm_aggressive_gc else None,
        )
        try:
            self.pool.warm(settings.wasm_initial_pool_size)
        except (WasmtimeError, SandboxError) as error:
            self.close()
            raise ComponentLoadError(f"component {self.path} could not be instantiated: {error}") from error

    # -- start-up ---------------------------------------------------------------------------------
    def _load_component(self) -> Component:
        if not self.path.is_file():
            raise ComponentLoadError(
                f"extractor component not found at {self.path}; run scripts/setup to build it, "
                "or point RIPTIDE_WASM_COMPONENT at a .wasm component"
            )
        try:
            started = time.perf_counter()
            if self.settings.wasm_enable_aot_cache:
                cache = AotCache(self.settings.cache_dir / "aot")
                component, outcome = cache.load_or_compile(self.engine, self.path, self.engine_settings)
                self.metrics.add("aot_cache_hits" if outcome.hit else "aot_cache_misses")
                if outcome.rebuilt_corrupt:
                    self.metrics.add("aot_cache_corrupt_rebuilds")
                if not outcome.stored:
                    self.metrics.add("aot_cache_write_failures")
                self.metrics.add("aot_cache_evictions", outcome.evicted)
                if outcome.untrusted:
                    self.metrics.add("aot_cache_untrusted")
                    logger.warning(
                        "AOT cache not used, compiled code is not loaded from it: %s", outcome.untrusted
                    )
                source, milliseconds = ("aot-cache" if outcome.hit else "compile"), outcome.milliseconds
                self.component_sha256 = outcome.component_sha256
            else:
                data = self.path.read_bytes()
                component = Component(self.engine, data)
                source, milliseconds = "compile", (time.perf_counter() - started) * 1000
                self.component_sha256 = hashlib.sha256(data).hexdigest()
        except (OSError, WasmtimeError) as error:
            raise ComponentLoadError(f"could not load component {self.path}: {error}") from error
        self._observe_cold_start(round(milliseconds, 3), source)
        return component

    def _observe_cold_start(self, milliseconds: float, source: str) -> None:
        target = self.settings.wasm_cold_start_target_ms
        self.metrics.observe_cold_start(milliseconds, source, target)
        if milliseconds > target:
            # A compile means the AOT cache missed: worth a warning. A slow load from the cache is
            # reported (health, metrics, alert) and logged at info level, so that a CLI run on a
            # slow disk does not print a warning every time.
            compiled = source == "compile"
            hint = " (compiled: the AOT cache missed; keep RIPTIDE_WASM_CACHE_DIR writable and persistent)"
            logger.log(
                logging.WARNING if compiled else logging.INFO,
                "loading component %s took %.1f ms from %s, above the %g ms target "
                "(RIPTIDE_WASM_COLD_START_TARGET_MS)%s",
                self.path,
                milliseconds,
                source,
                target,
                hint if compiled else "",
            )

    def _new_instance(self) -> GuestInstance:
        started = time.perf_counter()
        instance = GuestInstance(
            self.engine,
            self.linker,
            self.component,
            self.memory_limit_bytes,
            self.ticker.ticks_for(SETUP_TIMEOUT_SECS),
            self._packed_calls,
        )
        self.metrics.set("instantiate_ms_last", round((time.perf_counter() - started) * 1000, 3))
        return instance

    # -- calls ------------------------------------------------------------------------------------
    def extract(
        self, html: str | Utf8Text, url: str, mode: str, selectors: tuple[str, ...] = ()
    ) -> tuple[Extraction, Stats]:
        """Extract in the sandbox; ``html`` as a ``Utf8Text`` when the caller has encoded it already.

        Raises the matching ``ExtractionError`` for a guest-reported error or a broken limit
        (``ResourceLimitError``), and ``GuestTrap`` when the guest itself crashed.
        """
        mode_arg = mode_value(mode, selectors)
        if self.packed:  # the packed call takes the encoded bytes as they are (``packed_call``)
            value = self._call(PACKED_FUNCTION, html, url, mode_arg)
        else:
            text = html.text if isinstance(html, Utf8Text) else html
            value = self._call("extract-with-stats", text, url, mode_arg)
        failure = error_of(value)
        try:
            if failure is not None:
                raise extraction_error(*failure, engine="wasm")
            records = extraction_with_stats_of(value)  # InternalError for malformed packed lists
        except ExtractionError:
            self.metrics.add("extraction_errors")
            raise
        self.metrics.add("extraction_count")
        return records

    def health_check(self) -> dict[str, Any]:
        return record_dict(self._call("health-check"))

    def info(self) -> dict[str, Any]:
        return record_dict(self._call("get-info"))

    @property
    def identity(self) -> str:
        """What the results depend on: the component's name and reported version plus its hash.

        Two component files never share an identity, even when they report the same version.
        Asked of the guest once (``get-info``), on first use.
        """
        with self._identity_lock:
            if self._identity is None:
                try:
                    info = self.info()
                except (SandboxError, ExtractionError) as error:  # the hash alone still tells files apart
                    logger.warning("component %s did not answer get-info: %s", self.path, error)
                    return f"component sha256:{self.component_sha256}"
                self._identity = f"{info['name']} {info['version']} sha256:{self.component_sha256}"
            return self._identity

    def _call(self, name: str, *args: Any) -> Any:
        """Call an export on a pooled instance, and fold what it says of its memory into the metrics."""
        deadline = self.ticker.ticks_for(self.settings.wasm_timeout_secs)
        with self.pool.acquire() as instance:
            try:
                result = instance.call(name, *args, deadline_ticks=deadline)
            except GuestTrap as trap:
                self.metrics.add("instance_traps")
                if trap.reason == "memory":
                    self._count_memory_limit_hit()
                self._observe(instance)
                raise self._trap_error(trap) from None
            if error_of(result) == ("resource-limit", MEMORY_EXHAUSTED):
                # The guest answered, but only after a grow was refused: it caught the MemoryError
                # and reported resource-limit. That is a memory-limit hit like a trap is.
                self._count_memory_limit_hit()
            self._observe(instance)
            return result

    def _trap_error(self, trap: GuestTrap) -> RipTideError:
        if trap.reason == "timeout":
            self.metrics.add("timeouts")
            return ResourceLimitError(
                f"extraction exceeded the {self.settings.wasm_timeout_secs:g} s time limit "
                "(RIPTIDE_WASM_TIMEOUT_SECS)",
                engine="wasm",
            )
        if trap.reason == "memory":
            return ResourceLimitError(
                f"extraction exceeded the {self.settings.wasm_memory_limit_mb} MB memory limit "
                "(RIPTIDE_WASM_MEMORY_LIMIT_MB)",
                engine="wasm",
            )
        if trap.reason == "stack":
            return ResourceLimitError(
                "the document is nested too deeply for the sandbox's call stack", engine="wasm"
            )
        return trap

    def _count_memory_limit_hit(self) -> None:
        """One call reached the memory limit: at least one of its ``memory.grow`` was refused."""
        self.metrics.add("memory_limit_hits")
        self.metrics.add("grow_failed_total")

    def _observe(self, instance: GuestInstance) -> None:
        """Fold one instance's memory figures into the sandbox metrics after a call."""
        self.metrics.observe_memory(
            current_pages=self.pool.memory_pages() + instance.memory_pages(),
            instance_peak_pages=instance.memory.peak_pages(),
        )

    def close(self) -> None:
        """Drop every instance and stop the ticker; calls after this raise ``SandboxError``."""
        pool = getattr(self, "pool", None)
        if pool is not None:
            pool.close()
        ticker = getattr(self, "ticker", None)
        if ticker is not None:
            ticker.stop()

    @property
    def wasmtime_version(self) -> str:
        return WASMTIME_VERSION
