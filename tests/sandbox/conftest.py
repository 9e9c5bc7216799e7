"""Sandbox fixtures: a deliberately misbehaving component, and hand-written WAT components."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from riptide import ExtractionError, Extractor
from riptide.config import Settings
from riptide.sandbox.build import build_variant

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
TEST_COMPONENTS = ROOT / "build" / "test-components"


def guest_variant(extra: str, name: str) -> Path:
    """A test component: the real glue with the file ``extra`` (beside this one) appended.

    Built like the real component (componentize-py, ~10 s, skipped when up to date).
    """
    return build_variant(HERE / extra, name.replace("-", "_"), TEST_COMPONENTS)


#: Appended before every check file: routes a marked input to the check that file registers in
#: ``GUEST_CHECKS``, on both exports the host may call.
CHECK_HOOKS = HERE / "check_hooks_guest_extra.py"


@contextmanager
def guest_checker(extra: str, name: str, make_settings: Callable[..., Settings]) -> Iterator[Extractor]:
    """An extractor on a check variant: the real glue, ``CHECK_HOOKS`` and the check file
    ``extra``; it answers a marked input with an ``invalid-html`` error whose message is the
    verdict, read by ``guest_verdict``."""
    component = build_variant([CHECK_HOOKS, HERE / extra], name.replace("-", "_"), TEST_COMPONENTS)
    with Extractor(make_settings(wasm_component=component), engine="wasm") as checker:
        yield checker


def guest_verdict(checker: Extractor, marker: str, html: str, equal: str) -> str | None:
    """None when the check variant answered ``marker + html`` with the verdict ``equal``, else
    what it answered (the host reads an error without building a result)."""
    with pytest.raises(ExtractionError) as answer:
        checker.extract(marker + html, "https://example.com/guest-check")
    verdict = (answer.value.kind, answer.value.message)
    return None if verdict == ("invalid-html", equal) else f"{verdict[0]}: {verdict[1]}"


@pytest.fixture(scope="session")
def chaos_component(component: Path) -> Path:
    """The real glue plus a subclass that traps or probes the host on marker inputs."""
    return guest_variant("chaos_guest_extra.py", "chaos")


#: Exports the interface but only one function (a core function lifted as `extract`).
PARTIAL_COMPONENT_WAT = """
(component
  (core module $m (func (export "f")))
  (core instance $i (instantiate $m))
  (func $f (canon lift (core func $i "f")))
  (instance $x (export "extract" (func $f)))
  (export "riptide:extractor/extractor@0.3.0" (instance $x)))
"""
EMPTY_COMPONENT_WAT = "(component)"


@pytest.fixture
def wat_component(tmp_path: Path):  # type: ignore[no-untyped-def]
    from wasmtime import wat2wasm

    def write(wat: str) -> Path:
        path = tmp_path / "component.wasm"
        path.write_bytes(wat2wasm(wat))
        return path

    return write
