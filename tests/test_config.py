"""Configuration is read from RIPTIDE_* variables and validated with messages that name them."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

import riptide
from riptide import ConfigError
from riptide.config import UnknownSettingWarning, default_cache_dir, known_variables, load_settings

GUIDE_ENV = Path(__file__).parent / "fixtures" / "guide" / "wasm.env"


def guide_variables() -> dict[str, str]:
    """The Rust guide's block as a shell reads it: ``NAME=value``, then a comment."""
    pairs = (line.split("#")[0].strip().split("=", 1) for line in GUIDE_ENV.read_text().splitlines())
    return {pair[0]: pair[1] for pair in pairs if len(pair) == 2}


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
        ("RIPTIDE_WASM_MEMORY_PRESSURE_THRESHOLD", "150", "or a percentage (1 < x <= 100, e.g. 80)"),
        ("RIPTIDE_WASM_MEMORY_PRESSURE_THRESHOLD", "0", "a share (0 < x <= 1, e.g. 0.8)"),
        ("RIPTIDE_WASM_MEMORY_PRESSURE_THRESHOLD", "-80", "a share (0 < x <= 1, e.g. 0.8)"),
        ("RIPTIDE_WASM_COLD_START_TARGET_MS", "0", "greater than 0"),
        ("RIPTIDE_WASM_AGGRESSIVE_GC", "sometimes", "valid boolean"),
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


@pytest.mark.parametrize(
    ("given", "share"), [("0.8", 0.8), ("80", 0.8), ("1", 1.0), ("100", 1.0), ("1.5", 0.015), ("0.05", 0.05)]
)
def test_memory_pressure_threshold_is_a_share_or_a_percentage(monkeypatch, given: str, share: float) -> None:
    monkeypatch.setenv("RIPTIDE_WASM_MEMORY_PRESSURE_THRESHOLD", given)
    assert load_settings().wasm_memory_pressure_threshold == pytest.approx(share)


def test_the_guides_block_is_read_as_written_and_draws_no_warning(monkeypatch) -> None:
    variables = guide_variables()
    assert len(variables) == 10 and set(variables) <= known_variables()
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    with warnings.catch_warnings():
        warnings.simplefilter("error", UnknownSettingWarning)
        settings = load_settings()
    assert settings.wasm_memory_pressure_threshold == 0.8 and settings.wasm_cold_start_target_ms == 15
    assert settings.wasm_max_pool_size == 8 and settings.wasm_initial_pool_size == 2
    assert settings.wasm_aggressive_gc is False  # the guide's troubleshooting switch, off by default


def test_unknown_variable_warns_once_naming_the_closest_setting(monkeypatch) -> None:
    monkeypatch.setenv("RIPTIDE_WASM_AGRESSIVE_GC", "true")  # one "g"
    monkeypatch.setenv("RIPTIDE_WASM_AGGRESSIVE_GC", "true")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        for _ in range(3):
            settings = load_settings()
    messages = [str(w.message) for w in caught if issubclass(w.category, UnknownSettingWarning)]
    assert messages == [
        "RIPTIDE_WASM_AGRESSIVE_GC is not a RipTide setting and is ignored; "
        "did you mean RIPTIDE_WASM_AGGRESSIVE_GC?"
    ]
    assert settings.wasm_aggressive_gc is True


def test_default_user_agent_carries_the_one_version() -> None:
    assert load_settings().user_agent == f"RipTide/{riptide.__version__} (content extraction)"
