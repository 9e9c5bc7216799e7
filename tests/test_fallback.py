"""The native fallback runs in limited worker processes: hostile input never runs unbounded in the host."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from tests.sandbox.test_limits import SMALL, heavy_page

from riptide import Extractor, ResourceLimitError


@pytest.fixture
def without_sandbox(make_settings, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Settings whose component is missing: every document takes the fallback."""

    def settings(**overrides: object):  # type: ignore[no-untyped-def]
        return make_settings(wasm_component=tmp_path / "absent.wasm", **overrides)

    return settings


def test_fallback_extracts_in_a_worker_and_reuses_it(without_sandbox) -> None:
    with Extractor(without_sandbox()) as extractor:
        for _ in range(3):
            doc = extractor.extract(SMALL, "https://example.com/small")
            assert doc.engine == "native" and doc.title == "Small"
        assert extractor._fallback_engine is not None and extractor._fallback_engine.workers_started == 1
        assert extractor.metrics.get("native_fallbacks") == 3


def test_fallback_has_the_sandbox_memory_limit(without_sandbox) -> None:
    """In the host process this page extracts (~hundreds of MB); in a 64 MB worker it is refused."""
    with Extractor(without_sandbox(wasm_memory_limit_mb=64, wasm_timeout_secs=60)) as extractor:
        with pytest.raises(ResourceLimitError, match="memory") as caught:
            extractor.extract(heavy_page(120_000), "https://example.com/huge")
        assert caught.value.engine == "native"
        assert extractor.extract(SMALL, "https://example.com/small").title == "Small"  # a new worker
        assert extractor._fallback_engine is not None and extractor._fallback_engine.workers_started == 2


def test_fallback_has_the_sandbox_time_limit(without_sandbox) -> None:
    with Extractor(without_sandbox(wasm_memory_limit_mb=4096, wasm_timeout_secs=0.5)) as extractor:
        started = time.monotonic()
        with pytest.raises(ResourceLimitError, match="RIPTIDE_WASM_TIMEOUT_SECS"):
            extractor.extract(heavy_page(150_000), "https://example.com/heavy")
        assert time.monotonic() - started < 20  # unbounded, it runs for many seconds on this machine
        assert extractor.extract(SMALL, "https://example.com/small").engine == "native"


def test_closing_the_extractor_stops_its_workers(without_sandbox) -> None:
    extractor = Extractor(without_sandbox())
    extractor.extract(SMALL, "https://example.com/small")
    engine = extractor._fallback_engine
    assert engine is not None
    workers = list(engine._idle)
    extractor.close()
    assert workers and all(worker.process.poll() is not None for worker in workers)
