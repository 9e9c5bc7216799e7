"""``Extractor``: the public entry point that chooses the sandbox or the native fallback.

The sandbox is the default path. The breaker decides when it is skipped: while it is open, or
when the component cannot be loaded at all, documents are extracted by the same engine in limited
worker processes (``fallback``: never in this one) and the result says ``engine="native"``. A
document that breaks a sandbox limit or crashes a guest is never retried natively — it gets an
error — so hostile input cannot escape the sandbox by failing inside it.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from contextlib import nullcontext
from functools import partial
from typing import TYPE_CHECKING, Any, Literal
from weakref import WeakKeyDictionary

from .charset import decode_html
from .config import Settings, load_settings
from .engine import ENGINE_NAME, ENGINE_VERSION
from .engine.modes import ExtractionMode, Mode
from .errors import (
    ExtractionError,
    GuestTrap,
    InternalError,
    InvalidHtmlError,
    ResourceLimitError,
    SandboxError,
)
from .models import ExtractedDoc
from .sandbox.breaker import BreakerState, CircuitBreaker
from .sandbox.metrics import SandboxMetrics
from .sandbox.utf8 import Utf8Text

if TYPE_CHECKING:  # imported when first used, so a one-document CLI run never pays for them
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from .fallback import ContainedEngine
    from .sandbox.host import SandboxHost

EngineChoice = Literal["auto", "wasm", "native"]
#: Documents at least this long (characters) are heavy: they take the heavy lane (``Extractor``).
#: A normal article is 20–200 KB; extraction cost grows with size, so a 1 MB page costs seconds.
HEAVY_DOCUMENT_CHARS = 512 * 1024


def html_too_large(limit: int, what: str = "HTML") -> ResourceLimitError:
    """The error for a document (``what``: a file's name, say) over ``RIPTIDE_MAX_HTML_BYTES``,
    wherever it is found so."""
    return ResourceLimitError(
        f"{what} is larger than the {limit:,}-byte limit (RIPTIDE_MAX_HTML_BYTES); "
        "raise the limit or extract a smaller document"
    )


class Extractor:
    """Extracts documents; thread-safe, and shareable by many threads and tasks.

    ``engine="auto"`` (default) uses the sandbox and falls back to the native engine, in limited
    worker processes, while the sandbox is unavailable (if ``RIPTIDE_ENABLE_NATIVE_FALLBACK``);
    ``"wasm"`` never falls back and raises ``SandboxError`` instead; ``"native"`` never starts the
    sandbox and runs the engine in this process, without limits: for trusted input only.
    """

    def __init__(self, settings: Settings | None = None, engine: EngineChoice = "auto") -> None:
        if engine not in ("auto", "wasm", "native"):
            raise ValueError(f"engine must be 'auto', 'wasm' or 'native', not {engine!r}")
        self.settings = settings or load_settings()
        self.engine_choice: EngineChoice = engine
        self.metrics = SandboxMetrics(enabled=self.settings.wasm_enable_metrics)
        self.breaker = CircuitBreaker(
            self.settings.breaker_failure_threshold,
            self.settings.breaker_recovery_timeout_secs,
            self.settings.breaker_half_open_max_calls,
        )
        self._host: SandboxHost | None = None
        self._host_error: SandboxError | None = None
        self._host_lock = threading.Lock()
        self._executor: ThreadPoolExecutor | None = None
        self._closed = False
        self._fallback_engine: ContainedEngine | None = None
        #: Heavy documents (``HEAVY_DOCUMENT_CHARS``) share a quarter of the pool, so a burst of
        #: them cannot take every instance (and core) from ordinary pages.
        self._heavy_lane_size = max(1, self.settings.wasm_max_pool_size // 4)
        self._heavy_lane = threading.BoundedSemaphore(self._heavy_lane_size)
        self._async_heavy_lanes: WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
            WeakKeyDictionary()
        )
        if engine != "native":
            self._start_sandbox()

    # -- the sandbox's life cycle -------------------------------------------------------------------
    def _start_sandbox(self) -> SandboxHost | None:
        with self._host_lock:
            if self._host is None:
                from .sandbox.host import SandboxHost

                try:
                    self._host = SandboxHost(self.settings, self.metrics)
                    self._host_error = None
                except SandboxError as error:
                    self._host_error = error
                    self.breaker.force_open()
                    if self.engine_choice == "wasm":
                        raise
            return self._host

    @property
    def sandbox(self) -> SandboxHost | None:
        """The running sandbox host, or None (native-only, or it failed to load)."""
        return self._host

    @property
    def identity(self) -> str:
        """What extracted documents depend on, for keying cached results.

        The component's name, reported version and SHA-256 while the sandbox runs (so swapping
        ``RIPTIDE_WASM_COMPONENT`` never serves the old component's results); the native engine's
        name and version otherwise.
        """
        host = self._host
        if host is None:
            return f"native {ENGINE_NAME} {ENGINE_VERSION}"
        return host.identity

    # -- extraction -------------------------------------------------------------------------------
    def extract(
        self,
        html: str | bytes,
        url: str,
        mode: ExtractionMode | str = ExtractionMode.ARTICLE,
        selectors: Sequence[str] | None = None,
    ) -> ExtractedDoc:
        """Extract ``html`` located at ``url`` ("" when unknown).

        Raises ``ExtractionError`` subclasses for the document, ``SandboxError`` when no sandbox
        can serve it (and no fallback is allowed) or after ``close()``.
        """
        self._check_open()
        text = decode_html(html) if isinstance(html, (bytes, bytearray)) else html
        engine_mode = self._mode(mode, selectors)
        self._check_size(text)
        document, url = _without_lone_surrogates(text, url)
        if self.engine_choice == "native":
            return self._native(document.text, url, engine_mode)
        with self._heavy_lane if len(text) >= HEAVY_DOCUMENT_CHARS else nullcontext():
            return self._sandboxed(document, url, engine_mode)

    async def aextract(
        self,
        html: str | bytes,
        url: str,
        mode: ExtractionMode | str = ExtractionMode.ARTICLE,
        selectors: Sequence[str] | None = None,
    ) -> ExtractedDoc:
        """``extract`` for asyncio: runs in a thread pool (sandbox calls release the GIL).

        A heavy document waits for its lane here, in the event loop, so that waiting heavy
        documents never hold the threads that light ones need.
        """
        import asyncio

        self._check_open()
        loop = asyncio.get_running_loop()
        call = partial(self.extract, html, url, mode, selectors)
        if len(html) < HEAVY_DOCUMENT_CHARS:
            return await loop.run_in_executor(self._pool(), call)
        gate = self._async_heavy_lanes.get(loop)
        if gate is None:  # one per event loop (a semaphore belongs to the loop it first waits in)
            gate = self._async_heavy_lanes[loop] = asyncio.Semaphore(self._heavy_lane_size)
        async with gate:
            return await loop.run_in_executor(self._pool(), call)

    def _check_open(self) -> None:
        if self._closed:
            raise SandboxError("this Extractor is closed; create a new one to extract more documents")

    def _pool(self) -> ThreadPoolExecutor:
        with self._host_lock:
            if self._executor is None:
                from concurrent.futures import ThreadPoolExecutor

                self._executor = ThreadPoolExecutor(
                    max_workers=self.settings.wasm_max_pool_size, thread_name_prefix="riptide-extract"
                )
            return self._executor

    def _mode(self, mode: ExtractionMode | str, selectors: Sequence[str] | None) -> Mode:
        if isinstance(selectors, str):
            selectors = [selectors]
        return Mode.of(mode, tuple(selectors or ()))

    def _check_size(self, html: str) -> None:
        limit = self.settings.max_html_bytes
        if len(html) > limit or (
            len(html) * 4 > limit and len(html.encode("utf-8", "surrogatepass")) > limit
        ):
            raise html_too_large(limit)

    def _sandboxed(self, document: Utf8Text, url: str, mode: Mode) -> ExtractedDoc:
        host = self._host
        html = document.text
        if host is None or not self.breaker.allow():
            return self._fallback(html, url, mode)
        try:
            extraction, stats = host.extract(document, url, mode.name, mode.selectors)
        except ResourceLimitError:
            self.breaker.record_neutral()
            raise
        except ExtractionError:
            self.breaker.record_success()  # the guest answered: the sandbox is healthy
            raise
        except GuestTrap as crash:
            # The sandbox failed, but this document may be why: it is never retried natively
            # (hostile input must not escape the sandbox by crashing it). Later documents fall
            # back once the breaker opens.
            self.breaker.record_failure()
            raise InternalError(crash.message, engine="wasm") from None
        except SandboxError:
            if self._closed:  # closed while this call waited: not a sandbox failure, and no fallback
                raise
            # Failures before the document reached a guest (e.g. instantiation): safe to fall back.
            self.breaker.record_failure()
            if not self._fallback_allowed():
                raise
            return self._contained(html, url, mode)
        self.breaker.record_success()
        return ExtractedDoc.of(extraction, "wasm", stats)

    def _fallback_allowed(self) -> bool:
        return self.engine_choice == "auto" and self.settings.enable_native_fallback

    def _fallback(self, html: str, url: str, mode: Mode) -> ExtractedDoc:
        if not self._fallback_allowed():
            reason = self._host_error or SandboxError(
                f"the sandbox circuit breaker is {self.breaker.state.value}"
            )
            raise reason
        return self._contained(html, url, mode)

    def _contained(self, html: str, url: str, mode: Mode) -> ExtractedDoc:
        """The fallback: the engine in a limited worker process, never in this one (``fallback``)."""
        with self._host_lock:
            if self._fallback_engine is None:
                from .fallback import ContainedEngine

                self._fallback_engine = ContainedEngine(
                    self.settings.wasm_memory_limit_mb,
                    self.settings.wasm_timeout_secs,
                    self.settings.wasm_max_pool_size,
                )
            engine = self._fallback_engine
        self.metrics.add("native_fallbacks")
        extraction, stats = engine.extract(html, url, mode)
        return ExtractedDoc.of(extraction, "native", stats)

    def _native(self, html: str, url: str, mode: Mode) -> ExtractedDoc:
        try:
            from .engine import pipeline  # the in-process engine, imported only when asked for

            extraction, stats = pipeline.extract_with_stats(html, url, mode)
        except ExtractionError as error:
            error.engine = "native"
            raise
        except (RecursionError, MemoryError) as error:
            raise ResourceLimitError(
                f"document too complex for the native engine: {type(error).__name__}", engine="native"
            ) from None
        except Exception as error:  # an engine bug: same contract as the guest's internal-error
            raise InternalError(f"{type(error).__name__}: {error}", engine="native") from error
        return ExtractedDoc.of(extraction, "native", stats)

    # -- health -----------------------------------------------------------------------------------
    def health(self) -> dict[str, Any]:
        """Sandbox health and figures, for ``/healthz`` and the CLI."""
        host = self._host
        state = self.breaker.state
        figures = self.metrics.snapshot()
        health: dict[str, Any] = {
            "status": "healthy"
            if host is not None and state is BreakerState.CLOSED
            else ("degraded" if self._fallback_allowed() or self.engine_choice == "native" else "unhealthy"),
            "engine": self.engine_choice,
            "circuit_breaker_state": state.value,
            "sandbox_error": str(self._host_error) if self._host_error else None,
            "cold_start_ms": figures["cold_start_ms"],
            "cold_start_target_ms": self.settings.wasm_cold_start_target_ms,
            "cold_start_target_met": figures["cold_start_target_met"],
            "metrics": figures,
        }
        if host is not None:
            health.update(
                component=str(host.path),
                pool_size=host.pool.size,
                active_instances=host.pool.active,
                idle_instances=host.pool.idle,
                wasmtime_version=host.wasmtime_version,
            )
        return health

    def close(self) -> None:
        """Stop the sandbox; later calls (and calls still waiting for an instance) raise ``SandboxError``."""
        self._closed = True
        if self._fallback_engine is not None:
            self._fallback_engine.close()
        if self._host is not None:
            self._host.close()
        if self._executor is not None:
            self._executor.shutdown(wait=False)

    def __enter__(self) -> Extractor:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


#: UTF-16 surrogates: a Python str can hold them unpaired (from JSON "\ud800" escapes or
#: surrogateescape'd bytes), but no UTF-8 text can, so they cannot cross into the component.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_lone_surrogates(html: str, url: str) -> tuple[Utf8Text, str]:
    """``html`` with unpaired surrogates replaced by U+FFFD, as a decoder would, and encoded; a URL
    with one is refused.

    The encoding is the check: it fails only on a surrogate, and its bytes are the ones the
    sandbox hands the component (``Utf8Text``), so a page is encoded once per call, not twice.
    """
    if _holds_surrogate(url):
        raise InvalidHtmlError(
            f"invalid page URL {url!r}: it contains an unpaired UTF-16 surrogate, which no URL can hold"
        )
    try:
        return Utf8Text(html), url
    except UnicodeEncodeError:
        return Utf8Text(_LONE_SURROGATE.sub("\ufffd", html)), url


def _holds_surrogate(text: str) -> bool:
    """Whether ``text`` holds a UTF-16 surrogate: the only code points UTF-8 cannot encode.

    Asked of every page URL (a page's own check is its encoding, ``Utf8Text``): ``isascii``
    answers at once for ASCII text, and encoding takes half the time of a ``_LONE_SURROGATE``
    search on the others (measured on corpus pages: 0.15 against 0.3 ms).
    """
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


_default: Extractor | None = None
_default_lock = threading.Lock()


def extract(
    html: str | bytes,
    url: str,
    mode: ExtractionMode | str = ExtractionMode.ARTICLE,
    selectors: Sequence[str] | None = None,
) -> ExtractedDoc:
    """One call for scripts: extract with a process-wide ``Extractor`` created on first use."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Extractor()
    return _default.extract(html, url, mode, selectors)
