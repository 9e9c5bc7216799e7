"""Compiled code is cached on disk, reused, and rebuilt when stale or corrupt."""

from __future__ import annotations

from pathlib import Path

from riptide import Extractor
from riptide.sandbox.aot_cache import CHECKSUM_SUFFIX, ENTRY_SUFFIX

HTML = "<html><head><title>Cache</title></head><body><p>Cached compiled code works.</p></body></html>"


def _entries(cache: Path) -> list[Path]:
    return sorted((cache / "aot").glob(f"*{ENTRY_SUFFIX}"))


def test_cold_start_compiles_and_warm_start_hits_the_cache(make_settings, tmp_path: Path) -> None:
    settings = make_settings(wasm_cache_dir=tmp_path, wasm_initial_pool_size=0)
    with Extractor(settings, engine="wasm") as cold:
        cold_figures = cold.metrics.snapshot()
        assert cold.extract(HTML, "https://example.com/").title == "Cache"
    assert cold_figures["aot_cache_misses"] == 1 and cold_figures["aot_cache_hits"] == 0
    assert cold_figures["cold_start_source"] == "compile"
    assert len(_entries(tmp_path)) == 1

    with Extractor(settings, engine="wasm") as warm:
        warm_figures = warm.metrics.snapshot()
        assert warm.extract(HTML, "https://example.com/").title == "Cache"
    assert warm_figures["aot_cache_hits"] == 1 and warm_figures["aot_cache_misses"] == 0
    assert warm_figures["cold_start_source"] == "aot-cache"
    assert warm_figures["cold_start_ms"] < cold_figures["cold_start_ms"]


def test_corrupt_entry_is_detected_and_rebuilt(make_settings, tmp_path: Path) -> None:
    settings = make_settings(wasm_cache_dir=tmp_path, wasm_initial_pool_size=0)
    Extractor(settings, engine="wasm").close()
    entry = _entries(tmp_path)[0]
    data = bytearray(entry.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 64] = bytes(64)  # flip code bytes: header checks alone would not notice
    entry.write_bytes(bytes(data))

    with Extractor(settings, engine="wasm") as rebuilt:
        figures = rebuilt.metrics.snapshot()
        assert rebuilt.extract(HTML, "https://example.com/").title == "Cache"
    assert figures["aot_cache_corrupt_rebuilds"] == 1 and figures["aot_cache_misses"] == 1
    assert _entries(tmp_path)[0].read_bytes() != bytes(data)


def test_truncated_entry_and_missing_checksum_are_rebuilt(make_settings, tmp_path: Path) -> None:
    settings = make_settings(wasm_cache_dir=tmp_path, wasm_initial_pool_size=0)
    Extractor(settings, engine="wasm").close()
    entry = _entries(tmp_path)[0]
    entry.write_bytes(entry.read_bytes()[:1000])
    entry.with_suffix(CHECKSUM_SUFFIX).unlink()
    with Extractor(settings, engine="wasm") as rebuilt:
        assert rebuilt.metrics.get("aot_cache_corrupt_rebuilds") == 1
        assert rebuilt.extract(HTML, "https://example.com/").engine == "wasm"


def test_changed_engine_settings_get_their_own_entry(make_settings, tmp_path: Path) -> None:
    Extractor(make_settings(wasm_cache_dir=tmp_path, wasm_initial_pool_size=0), engine="wasm").close()
    Extractor(
        make_settings(wasm_cache_dir=tmp_path, wasm_initial_pool_size=0, wasm_enable_simd=False),
        engine="wasm",
    ).close()
    assert len(_entries(tmp_path)) == 2


def test_unwritable_cache_still_starts_and_counts_the_failure(make_settings, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache directory should be")
    with Extractor(
        make_settings(wasm_cache_dir=blocker, wasm_initial_pool_size=0), engine="wasm"
    ) as extractor:
        assert extractor.metrics.get("aot_cache_write_failures") == 1
        assert extractor.extract(HTML, "https://example.com/").engine == "wasm"
