"""A guest pushed past its memory or time budget returns resource-limit, and the pool recovers."""

from __future__ import annotations

import pytest

from riptide import Extractor, ResourceLimitError

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
