"""Sandbox fixtures: a deliberately misbehaving component, and hand-written WAT components."""

from __future__ import annotations

import fcntl
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

from riptide import ExtractionError, Extractor
from riptide.config import Settings
from riptide.sandbox.build import build_variant

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
TEST_COMPONENTS = ROOT / "build" / "test-components"


def guest_variant(extra: str | Sequence[Path], name: str) -> Path:
    """A test component: the real glue with the file ``extra`` (beside this one) appended, or
    the files ``extra`` in order.

    Built like the real component (componentize-py, ~15 s, skipped when up to date), under a
    lock: pytest-xdist's workers may ask for the same variant at once, and a build writes its
    output in place.
    """
    extras = HERE / extra if isinstance(extra, str) else list(extra)
    TEST_COMPONENTS.mkdir(parents=True, exist_ok=True)
    name = name.replace("-", "_")
    with (TEST_COMPONENTS / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return build_variant(extras, name, TEST_COMPONENTS)


#: Appended before every check file: routes a marked input to the check that file registers in
#: ``GUEST_CHECKS``, on both exports the host may call.
CHECK_HOOKS = HERE / "check_hooks_guest_extra.py"
#: The check files, each registering its checks under its own markers (no marker a prefix of
#: another's, no top-level name bound differently by two files: test_guest_checks_bundle.py).
CHECK_FILES = tuple(sorted(HERE.glob("*_check_guest_extra.py")))
#: The one test component holding every check file: building a component (~15 s) and compiling
#: it for wasmtime (~10 s) once per session, not once per check file, saves minutes of the suite.
CHECKS_VARIANT = "guest_checks"


@pytest.fixture(scope="session")
def checks_component(component: Path) -> Path:
    """The real glue, ``CHECK_HOOKS`` and every file of ``CHECK_FILES``, built once."""
    return guest_variant([CHECK_HOOKS, *CHECK_FILES], CHECKS_VARIANT)


@contextmanager
def guest_checker(
    extra: str, checks_component: Path, make_settings: Callable[..., Settings]
) -> Iterator[Extractor]:
    """An extractor of its own on the checks component (``checks_component``), which holds the
    check file ``extra`` among the others; it answers an input marked for that file's check with
    an ``invalid-html`` error whose message is the verdict, read by ``guest_verdict``."""
    assert HERE / extra in CHECK_FILES, f"{extra} is not a *_check_guest_extra.py beside this file"
    with Extractor(make_settings(wasm_component=checks_component), engine="wasm") as checker:
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
