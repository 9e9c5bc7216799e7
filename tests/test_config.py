"""Configuration is read from RIPTIDE_* variables and validated with messages that name them."""

from __future__ import annotations

from pathlib import Path

import pytest

from riptide import ConfigError
from riptide.config import default_cache_dir, load_settings


def test_defaults_are_the_documented_ones(monkeypatch) -> None:
    for name in ("RIPTIDE_WASM_MAX_POOL_SIZE", "RIPTIDE_WASM_TIMEOUT_SECS", "RIPTIDE_WASM_MEMORY_LIMIT_MB"):
        monkeypatch.delenv(name, raising=False)
    settings = load_settings()
    assert settings.wasm_max_pool_size == 8 and settings.wasm_initial_pool_size == 2
    assert settings.wasm_timeout_secs == 30 and settings.wasm_memory_limit_mb == 256
    assert settings.wasm_enable_aot_cache and settings.wasm_enable_reuse and settings.wasm_enable_metrics


def test_environment_variables_are_read(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("RIPTIDE_WASM_MAX_POOL_SIZE", "3")
    monkeypatch.setenv("RIPTIDE_WASM_ENABLE_SIMD", "false")
    monkeypatch.setenv("RIPTIDE_WASM_CACHE_DIR", str(tmp_path))
    settings = load_settings()
    assert settings.wasm_max_pool_size == 3 and settings.wasm_enable_simd is False
    assert settings.cache_dir == tmp_path


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("RIPTIDE_WASM_MAX_POOL_SIZE", "0", "greater than or equal to 1"),
        ("RIPTIDE_WASM_TIMEOUT_SECS", "soon", "valid number"),
        ("RIPTIDE_WASM_MEMORY_LIMIT_MB", "8", "greater than or equal to 32"),
        ("RIPTIDE_WASM_ENABLE_REUSE", "maybe", "valid boolean"),
        ("RIPTIDE_WASM_MEMORY_PRESSURE_THRESHOLD", "1.5", "less than or equal to 1"),
        ("RIPTIDE_BREAKER_FAILURE_THRESHOLD", "-1", "greater than or equal to 1"),
    ],
)
def test_bad_value_is_config_error_naming_variable_and_value(
    monkeypatch, name: str, value: str, message: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    text = str(caught.value)
    assert name in text and repr(value) in text and message in text


def test_initial_pool_larger_than_max_is_refused(monkeypatch) -> None:
    monkeypatch.setenv("RIPTIDE_WASM_MAX_POOL_SIZE", "2")
    monkeypatch.setenv("RIPTIDE_WASM_INITIAL_POOL_SIZE", "4")
    with pytest.raises(ConfigError, match=r"RIPTIDE_WASM_INITIAL_POOL_SIZE \(4\) must not exceed"):
        load_settings()


def test_cache_dir_follows_xdg(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_cache_dir() == tmp_path / "riptide"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # the spec says: ignore relative paths
    assert default_cache_dir() == Path.home() / ".cache" / "riptide"
