"""A guest pushed past its memory or time budget returns resource-limit, and the pool recovers."""

from __future__ import annotations

import pytest

from riptide import Extractor, ResourceLimitError
from riptide.sandbox.build import c_toolchain

SMALL = (
    "<html><head><title>Small</title></head><body><p>A small page that fits every budget.</p></body></html>"
)


def heavy_page(paragraphs: int) -> str:
    body = "".join(
        f"<div class='c{i}'><p id='p{i}'>Paragraph {i} with <a href='/l{i}'>a link</a>, commas.</p></div>"
        for i in range(paragraphs)
    )
    return f"<html><head><title>Heavy</title></head><body>{body}</body></html>"


def test_time_limit_is_resource_limit_and_pool_recovers(make_settings) -> None:
    settings = make_settings(wasm_timeout_secs=0.05, wasm_max_pool_size=2)
    with Extractor(settings, engine="wasm") as extractor:
        with pytest.raises(ResourceLimitError, match="RIPTIDE_WASM_TIMEOUT_SECS") as caught:
            extractor.extract(heavy_page(40_000), "https://example.com/heavy")
        assert caught.value.engine == "wasm"
        assert extractor.extract(SMALL, "https://example.com/small").title == "Small"
        figures = extractor.metrics.snapshot()
        assert figures["timeouts"] == 1 and figures["instance_traps"] == 1
        assert figures["instances_retired"] >= 1  # the trapped instance was discarded
        assert extractor.breaker.state.value == "closed"  # a limit is the document's fault


def test_memory_limit_is_resource_limit_and_pool_recovers(make_settings) -> None:
    settings = make_settings(wasm_memory_limit_mb=64, wasm_timeout_secs=120)
    with Extractor(settings, engine="wasm") as extractor:
        with pytest.raises(ResourceLimitError, match="memory") as caught:
            extractor.extract(heavy_page(120_000), "https://example.com/huge")
        assert caught.value.engine == "wasm"
        assert extractor.extract(SMALL, "https://example.com/small").title == "Small"
        figures = extractor.metrics.snapshot()
        assert figures["grow_failed_total"] >= 1
        assert figures["peak_memory_pages"] * 65536 <= 64 * 1024 * 1024
        # counted whether the guest trapped or caught its MemoryError and reported the error itself
        assert figures["memory_limit_hits"] == 1


def test_input_too_large_for_the_memory_limit_traps_and_counts_as_a_memory_hit(make_settings) -> None:
    """The guest cannot even hold the input as a Python string: the component runtime traps
    (no MemoryError reaches Python), and the host still reports and counts a memory-limit hit."""
    page = heavy_page(200_000)  # ~18 MB of HTML: the UTF-8 copy plus the str do not fit in 48 MB
    settings = make_settings(wasm_memory_limit_mb=48, max_html_bytes=32 * 1024 * 1024, wasm_timeout_secs=120)
    with Extractor(settings, engine="wasm") as extractor:
        with pytest.raises(ResourceLimitError, match="RIPTIDE_WASM_MEMORY_LIMIT_MB"):
            extractor.extract(page, "https://example.com/huge")
        figures = extractor.metrics.snapshot()
        assert figures["instance_traps"] == 1 and figures["memory_limit_hits"] == 1
        assert extractor.extract(SMALL, "https://example.com/small").title == "Small"


@pytest.mark.skipif(c_toolchain() is None, reason="the C core reads memory.size; no C toolchain here")
def test_guest_reports_its_linear_memory_within_the_limit(make_settings) -> None:
    with Extractor(make_settings(wasm_memory_limit_mb=64), engine="wasm") as extractor:
        doc = extractor.extract(heavy_page(2_000), "https://example.com/")
        assert doc.stats is not None and 16 * 1024 * 1024 < doc.stats.memory_used <= 64 * 1024 * 1024
        figures = extractor.metrics.snapshot()
        assert figures["peak_memory_pages"] * 65536 == doc.stats.memory_used
        assert figures["memory_limit_hits"] == 0


def test_limit_breach_never_falls_back_to_native(make_settings) -> None:
    settings = make_settings(wasm_timeout_secs=0.05, breaker_failure_threshold=1)
    with Extractor(settings, engine="auto") as extractor:
        for _ in range(2):
            with pytest.raises(ResourceLimitError):
                extractor.extract(heavy_page(40_000), "https://example.com/heavy")
        assert extractor.metrics.get("native_fallbacks") == 0
        assert extractor.breaker.state.value == "closed"


def test_oversized_html_is_refused_before_the_sandbox(make_settings) -> None:
    with Extractor(make_settings(max_html_bytes=4096), engine="wasm") as extractor:
        with pytest.raises(ResourceLimitError, match="RIPTIDE_MAX_HTML_BYTES"):
            extractor.extract("<p>" + "x" * 5000 + "</p>", "https://example.com/")
        assert extractor.metrics.get("extraction_count") == 0
