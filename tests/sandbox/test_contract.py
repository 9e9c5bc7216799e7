"""The host's contract checks agree with the WIT file and refuse mismatching components."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.sandbox.conftest import EMPTY_COMPONENT_WAT, PARTIAL_COMPONENT_WAT
from wasmtime import Engine
from wasmtime.component import Component

from riptide import ComponentContractError, ComponentLoadError, Extractor
from riptide.sandbox.contract import INTERFACE, PACKED_FUNCTION, REQUIRED_FUNCTIONS, exports_packed

ROOT = Path(__file__).resolve().parents[2]
WIT = ROOT / "wit" / "extractor.wit"
HOST = ROOT / "src" / "riptide" / "sandbox" / "host.py"


def wit_functions() -> list[str]:
    text = WIT.read_text()
    start = text.index("interface extractor")
    end = text.find("\ninterface ", start)  # the optional `packed` interface follows
    body = text[start : end if end > 0 else len(text)]
    return re.findall(r"^\s*([a-z][a-z0-9-]*)\s*:\s*func\b", body, flags=re.M)


def test_wit_declares_package_and_interface_the_host_looks_for() -> None:
    text = WIT.read_text()
    package = re.search(r"^package ([\w:-]+)@([\d.]+);", text, flags=re.M)
    assert package is not None
    assert f"{package.group(1)}/extractor@{package.group(2)}" == INTERFACE


def test_host_requires_wit_functions_only() -> None:
    assert set(REQUIRED_FUNCTIONS) <= set(wit_functions())


def test_host_requires_exactly_the_functions_it_calls() -> None:
    """A drop-in component needs what the host calls, and the host calls nothing it did not check."""
    source = HOST.read_text()
    called = set(re.findall(r'_call(?:_measured)?\(\s*"([a-z-]+)"', source))
    assert called == set(REQUIRED_FUNCTIONS)


def test_built_component_exports_every_wit_function(component: Path) -> None:
    engine = Engine()
    built = Component(engine, component.read_bytes())
    interface = built.get_export_index(INTERFACE)
    assert interface is not None
    missing = [name for name in wit_functions() if built.get_export_index(name, interface) is None]
    assert missing == []


def test_the_bundled_component_offers_the_packed_fast_path_and_others_need_not(
    component: Path, wat_component
) -> None:
    engine = Engine()
    assert f"{PACKED_FUNCTION}: func(" in WIT.read_text()
    assert exports_packed(Component(engine, component.read_bytes()))
    assert not exports_packed(Component(engine, wat_component(PARTIAL_COMPONENT_WAT).read_bytes()))


def test_component_missing_functions_is_refused_naming_them(make_settings, wat_component) -> None:
    path = wat_component(PARTIAL_COMPONENT_WAT)
    with pytest.raises(ComponentContractError) as caught:
        Extractor(make_settings(wasm_component=path), engine="wasm")
    message = str(caught.value)
    assert "extract-with-stats" in message and "health-check" in message and "get-info" in message
    assert "get-modes" not in message  # the host never calls it, so it is not required


def test_component_without_the_interface_is_refused(make_settings, wat_component) -> None:
    path = wat_component(EMPTY_COMPONENT_WAT)
    with pytest.raises(ComponentContractError, match="does not export interface riptide:extractor/extractor"):
        Extractor(make_settings(wasm_component=path), engine="wasm")


def test_missing_component_file_names_path_and_fix(make_settings, tmp_path: Path) -> None:
    missing = tmp_path / "nope.wasm"
    with pytest.raises(ComponentLoadError) as caught:
        Extractor(make_settings(wasm_component=missing), engine="wasm")
    assert str(missing) in str(caught.value) and "scripts/setup" in str(caught.value)


def test_garbage_component_file_is_a_load_error(make_settings, tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.wasm"
    garbage.write_bytes(b"\x00asm this is not a component")
    with pytest.raises(ComponentLoadError, match="could not load component"):
        Extractor(make_settings(wasm_component=garbage), engine="wasm")
