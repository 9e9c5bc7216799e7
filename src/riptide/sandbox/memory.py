"""Guest linear memory: the limit wasmtime enforces, and the figures the guest reports.

The limit is wasmtime's own: ``Store.set_limits(memory_size=limit)`` makes its allocator refuse
any ``memory.grow`` past ``limit`` bytes (the guest sees -1). Wasmtime's default allocator then
maps each new instance's initial heap copy-on-write from the compiled image, so creating an
instance takes ~0.6 ms and an idle instance costs almost no RSS. (Until 2026-12-03 a host memory
creator allocated the memories to count every grow; wasmtime requires copy-on-write off for it,
so every instance copied the ~14 MB initial heap: 8-15 ms and ~12 MB RSS each.)

Figures: wasmtime's Python API exposes no component instance's core memories, so the guest
reports its linear-memory size after each extraction in ``extraction-stats.memory-used``, the
WIT field meant for it (the bundled component reads ``memory.size`` in its C core; without the
C core, or from a component that reports 0, the figures stay unknown, i.e. 0, and instances are
retired by ``max_uses`` alone).

Breaches: a refused grow reaches the guest as a failed allocation. CPython raises
``MemoryError``, which the bundled guest reports as ``resource-limit`` with
``errors.MEMORY_EXHAUSTED``; where an allocation cannot fail softly (the component runtime
turning the input string into a Python object, a Rust allocation) the guest traps instead, and
``is_allocation_failure`` recognises those traps by their backtrace. Either way the breach is
counted once per call.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["WASM_PAGE_SIZE", "MemoryTracker", "is_allocation_failure"]

WASM_PAGE_SIZE = 65536
"""Bytes in one WebAssembly page; figures in pages are ``bytes // WASM_PAGE_SIZE``."""

#: Backtrace frames of a guest that trapped because an allocation failed: pyo3 found NULL where
#: the component runtime asked CPython for an object (the only way that fails on values wasmtime
#: already validated is running out of memory) and Rust's allocation-failure handler.
ALLOCATION_FAILURE_FRAMES = ("pyo3::instance::panic_on_null", "handle_alloc_error", "rust_oom")


def is_allocation_failure(trap_message: str) -> bool:
    """Whether a guest trap's message shows it died of a failed allocation (a memory-limit hit)."""
    return any(frame in trap_message for frame in ALLOCATION_FAILURE_FRAMES)


@dataclass
class MemoryTracker:
    """One instance's memory figures, as the guest reported them.

    An instance serves one call at a time, so only its holder writes these; readers (metrics)
    see whole integers. ``peak_bytes`` never decreases (wasm memory never shrinks, and the
    figure is the instance's high-water mark).
    """

    limit_bytes: int
    current_bytes: int = 0
    peak_bytes: int = 0

    def observe(self, used_bytes: int) -> None:
        """Record the size the guest reported after a call (0: it did not say)."""
        if used_bytes > 0:
            self.current_bytes = used_bytes
            self.peak_bytes = max(self.peak_bytes, used_bytes)

    def pages(self) -> int:
        """Current size in 64 KiB wasm pages."""
        return self.current_bytes // WASM_PAGE_SIZE

    def peak_pages(self) -> int:
        """High-water mark in 64 KiB wasm pages."""
        return self.peak_bytes // WASM_PAGE_SIZE
