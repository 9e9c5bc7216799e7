"""The version is written once, and cached results are keyed on the component that made them."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import pytest

import riptide
from riptide import Extractor
from riptide.cache import cache_key
from riptide.engine import ENGINE_NAME, ENGINE_VERSION

URL = "https://example.com/post"


def test_component_reports_the_one_version(extractor: Extractor) -> None:
    assert extractor.sandbox is not None
    assert extractor.sandbox.info()["version"] == ENGINE_VERSION == riptide.__version__
    assert extractor.sandbox.health_check()["trek_version"] == f"{ENGINE_NAME} {ENGINE_VERSION}"


def test_two_component_files_give_different_cache_keys(
    make_settings, extractor: Extractor, chaos_component: Path, component: Path
) -> None:
    # The chaos component is the real glue plus test hooks: same reported version, other bytes.
    with Extractor(make_settings(wasm_component=chaos_component), engine="wasm") as other:
        identities = {extractor.identity, other.identity}
    assert identities == {
        f"riptide-extractor {ENGINE_VERSION} sha256:{hashlib.sha256(path.read_bytes()).hexdigest()}"
        for path in (component, chaos_component)
    }
    keys = {cache_key(URL, "article", (), identity) for identity in identities}
    assert len(keys) == 2


def test_native_identity_is_the_engine_version() -> None:
    with Extractor(engine="native") as native:
        assert native.identity == f"native {ENGINE_NAME} {ENGINE_VERSION}"
    assert cache_key(URL, "article", (), native.identity) != cache_key(URL, "article", (), ENGINE_VERSION)


@pytest.mark.parametrize(("target_ms", "met"), [(0.001, False), (600_000, True)])
def test_cold_start_is_compared_with_the_target(make_settings, caplog, target_ms: float, met: bool) -> None:
    settings = make_settings(wasm_initial_pool_size=0, wasm_cold_start_target_ms=target_ms)
    with caplog.at_level(logging.INFO, logger="riptide.sandbox.host"), Extractor(settings) as extractor:
        health = extractor.health()
        buckets, total = extractor.metrics.cold_start_histogram()
    assert health["cold_start_target_ms"] == target_ms and health["cold_start_target_met"] is met
    assert buckets[-1] == (float("inf"), 1) and total == health["cold_start_ms"] > 0
    assert all(count == (1 if bound >= total else 0) for bound, count in buckets)  # in its own bucket
    warned = [r.getMessage() for r in caplog.records if "RIPTIDE_WASM_COLD_START_TARGET_MS" in r.getMessage()]
    assert len(warned) == (0 if met else 1)
