"""Configuration is read from RIPTIDE_* variables and validated with messages that name them."""

from __future__ import annotations

import math
import warnings
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

import pydantic
import pytest

import riptide
from riptide import ConfigError
from riptide.config import (
    Settings,
    UnknownSettingWarning,
    default_cache_dir,
    known_variables,
    load_settings,
    setting_declarations,
    variable_name,
)

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


# Strings a deployment might write, per type: pydantic's lax mode read RIPTIDE_* variables until
# the settings left pydantic (for start-up time), and must still read them the same way.
ENVIRONMENT_STRINGS: dict[type, list[str]] = {
    int: [
        "0",
        "1",
        "3",
        " 3",
        "3 ",
        "\t7\n",
        "03",
        "+3",
        "-0",
        "-1",
        "3.0",
        "3.00",
        "3.5",
        "3.",
        ".0",
        "1_000",
        "1__0",
        "_1",
        "1_",
        "0x10",
        "1e3",
        "\u0663",
        "",
        "  ",
        "10 000",
        "31",
        "32",
        "1024",
        "1025",
        "4096",
        "4097",
        "1023.0",
        "99999999999999999999",
        "1_0.0",
    ],
    float: [
        "0",
        "0.0",
        "-0",
        "1",
        "2.5",
        " 2",
        "1_000.5",
        "inf",
        "-inf",
        "nan",
        "NaN",
        "Infinity",
        "1e3",
        ".5",
        "5.",
        "\u0663",
        "0x1",
        "",
        " 1e-3 ",
        "1_0",
        "+1",
        "600",
        "600.0001",
        "3600",
        "-1",
        "1e309",
        "80",
        "100",
        "100.5",
        "1.5",
        "0.05",
        "true",
    ],
    bool: [
        "yes",
        "YES",
        " yes",
        "Yes ",
        "on",
        "oN",
        "off",
        "t",
        "f",
        "y",
        "n",
        "1",
        "0",
        "true",
        "False",
        "TRUE",
        "2",
        "",
        "1.0",
        "none",
    ],
    str: ["", " ", "x", "10/s", "10/s\n", "1.5/m", "2.h", "/s", "10/d", "None", "redis://h:6379/0"],
    Path: ["", ".", "/x", "~/x", " a"],
}


def reference_model() -> type[pydantic.BaseModel]:
    """The settings as the pydantic model they were, built from the same declarations."""
    definitions: dict[str, Any] = {}
    for name, (kind, optional, rule) in setting_declarations().items():
        hint: Any = kind | None if optional else kind
        if rule.adjust is not None:
            hint = Annotated[hint, pydantic.AfterValidator(rule.adjust)]
        constraints = {
            "ge": rule.ge,
            "gt": rule.gt,
            "le": rule.le,
            "lt": rule.lt,
            "min_length": rule.min_length,
        }
        if rule.pattern is not None:
            constraints["pattern"] = f"^(?:{rule.pattern})$"
        default = getattr(Settings(), name)
        definitions[name] = (
            hint,
            pydantic.Field(default, **{k: v for k, v in constraints.items() if v is not None}),
        )
    return pydantic.create_model("ReferenceSettings", **definitions)


def read_by(make: Any, failure: type[Exception], name: str, text: str) -> tuple[str, Any]:
    # the pool sizes are checked against each other: give the other one room
    room = {
        "wasm_initial_pool_size": {"wasm_max_pool_size": 1024},
        "wasm_max_pool_size": {"wasm_initial_pool_size": 0},
    }
    try:
        value = getattr(make(**{name: text, **room.get(name, {})}), name)
    except failure:
        return ("refused", None)
    return ("nan", None) if isinstance(value, float) and math.isnan(value) else ("read", value)


def test_environment_strings_read_as_pydantic_read_them() -> None:
    reference = reference_model()
    differences, compared = [], 0
    for name, (kind, _optional, _rule) in setting_declarations().items():
        for text in ENVIRONMENT_STRINGS[kind]:
            ours = read_by(Settings, ConfigError, name, text)
            theirs = read_by(reference, pydantic.ValidationError, name, text)
            compared += 1
            if ours != theirs or type(ours[1]) is not type(theirs[1]):
                differences.append(f"{name}={text!r}: ours {ours}, pydantic {theirs}")
    assert not differences, "\n".join(differences)
    assert compared > 1000
    assert vars(reference()) == vars(Settings())  # and the defaults are the same values


def test_values_given_in_python_are_checked_too() -> None:
    settings = Settings(wasm_timeout_secs=5, wasm_component="/tmp/x.wasm")
    assert settings.wasm_timeout_secs == 5.0 and type(settings.wasm_timeout_secs) is float
    assert settings.wasm_component == Path("/tmp/x.wasm")
    with pytest.raises(
        ConfigError, match=r"RIPTIDE_WASM_MAX_POOL_SIZE: must be of type int, not bool \(got True\)"
    ):
        Settings(wasm_max_pool_size=True)
    with pytest.raises(ConfigError) as caught:
        replace(settings, wasm_memory_limit_mb=8, fetch_http2="maybe", user_agent="")
    assert str(caught.value).splitlines()[1:] == [  # every problem, in declaration order
        "  RIPTIDE_WASM_MEMORY_LIMIT_MB: must be greater than or equal to 32 (got 8)",
        "  RIPTIDE_USER_AGENT: must have at least 1 character(s) (got '')",
        "  RIPTIDE_FETCH_HTTP2: must be a valid boolean (true/false, yes/no, on/off, 1/0) (got 'maybe')",
    ]
    with pytest.raises(TypeError, match="wasm_max_pool_sise"):
        load_settings(wasm_max_pool_sise=3)  # a misspelt override is a programming error


def test_settings_are_frozen() -> None:
    with pytest.raises(AttributeError):
        load_settings().wasm_max_pool_size = 3  # type: ignore[misc]


README = Path(__file__).parents[1] / "README.md"


def readme_settings_table() -> dict[str, str]:
    """The README's settings table as variable -> default cell."""
    rows = {}
    for line in README.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("`RIPTIDE_") and cells[0].endswith("`"):
            rows[cells[0].strip("`")] = cells[1]
    return rows


def test_readme_table_lists_every_setting_with_its_default() -> None:
    """The table is written by hand; this is what keeps it from drifting from ``Settings``."""
    table = readme_settings_table()
    assert set(table) == known_variables()
    defaults = Settings()
    for name in setting_declarations():
        shown, default = table[variable_name(name)], getattr(defaults, name)
        if shown in ("true", "false"):
            assert shown == str(default).lower(), name
        elif shown.replace(".", "", 1).isdigit():
            assert float(shown) == default, name
        elif shown.endswith(" MiB"):
            assert int(shown.removesuffix(" MiB")) * 1024 * 1024 == default, name
        elif shown == "—":
            assert default is None, name
