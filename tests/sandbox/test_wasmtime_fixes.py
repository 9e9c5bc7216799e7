"""Lifting guest results leaks no native memory (wasmtime-py 50 leaked a box per option/variant)."""

from __future__ import annotations

import ctypes
import gc

from tests.conftest import page

from riptide import Extractor
from riptide.sandbox import wasmtime_fixes

CALLS = 500
#: Allowed growth of the host's malloc'd bytes per call; the leak was ~200 (metadata) to ~700 (article).
MAX_BYTES_PER_CALL = 16


class _MallInfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in "arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks fordblks keepcost".split()
    ]


def malloc_in_use() -> int:
    """Bytes handed out by glibc's malloc in the calling thread's arena (Debian: always glibc)."""
    libc = ctypes.CDLL("libc.so.6")
    libc.mallinfo2.restype = _MallInfo2
    gc.collect()
    return int(libc.mallinfo2().uordblks)


def test_fix_is_installed_for_the_pinned_wasmtime(extractor) -> None:
    assert extractor.sandbox is not None  # a SandboxHost exists, so the fix is in
    assert wasmtime_fixes.installed()


def test_repeated_extractions_leave_host_malloc_flat(make_settings) -> None:
    html = page("news_article.html")
    settings = make_settings(wasm_max_pool_size=1, wasm_initial_pool_size=1, wasm_max_instance_uses=10**6)
    with Extractor(settings, engine="wasm") as extractor:
        for mode in ("metadata", "article"):
            for _ in range(20):  # warm-up: caches and first-use allocations
                extractor.extract(html, "https://example.com/", mode=mode)
            before = malloc_in_use()
            for _ in range(CALLS):
                extractor.extract(html, "https://example.com/", mode=mode)
            growth = (malloc_in_use() - before) / CALLS
            assert growth < MAX_BYTES_PER_CALL, f"{mode}: host malloc grew {growth:.0f} bytes per call"
