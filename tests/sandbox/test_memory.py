"""Tests for the tracking memory creator, against the real wasmtime.

They use tiny modules/components written in WAT so the whole file runs in about a second; the
19 MB CPython component was exercised by the spike (see the report in ``memory.py``'s history),
and these cover the same contracts: figures, per-instance limits, release on drop, threads,
AOT round-trip, epoch deadlines, and that host exceptions in callbacks cannot crash the process.
"""

from __future__ import annotations

import gc
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import wasmtime
from wasmtime import Config, Engine, Instance, Module, Store, WasmtimeError
from wasmtime.component import Component, Linker

from riptide.sandbox import memory as memory_mod
from riptide.sandbox.memory import WASM_PAGE_SIZE, MemoryTracker, TrackingMemoryCreator, live_memories

PAGE = WASM_PAGE_SIZE

CORE_WAT = """
(module
  (memory (export "m") 2 1000)
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "spin") (loop $l (br $l)))
  (data (i32.const 8) "riptide"))
"""

# A component whose single core memory starts at 3 pages; `grow` lifts memory.grow.
COMPONENT_WAT = """
(component
  (core module $m
    (memory (export "mem") 3 1000)
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
    (func (export "peek") (param i32) (result i32) (i32.load8_u (local.get 0)))
    (data (i32.const 0) "ok"))
  (core instance $i (instantiate $m))
  (func (export "grow") (param "pages" u32) (result s32) (canon lift (core func $i "grow")))
  (func (export "peek") (param "at" u32) (result u32) (canon lift (core func $i "peek"))))
"""


@pytest.fixture(scope="module")
def tracked() -> Iterator[tuple[TrackingMemoryCreator, Engine]]:
    creator = TrackingMemoryCreator()
    config = Config()
    config.epoch_interruption = True
    creator.install(config)
    yield creator, Engine(config)


@pytest.fixture(scope="module")
def core_module(tracked: tuple[TrackingMemoryCreator, Engine]) -> Module:
    return Module(tracked[1], CORE_WAT)


@pytest.fixture(scope="module")
def component(tracked: tuple[TrackingMemoryCreator, Engine]) -> Component:
    return Component(tracked[1], COMPONENT_WAT)


def _store(engine: Engine) -> Store:
    store = Store(engine)
    store.set_epoch_deadline(1 << 40)
    return store


def _core(
    creator: TrackingMemoryCreator, engine: Engine, module: Module, tracker: MemoryTracker
) -> tuple[Store, dict[str, object]]:
    store = _store(engine)
    with creator.bind(tracker):
        instance = Instance(store, module, [])
    return store, dict(instance.exports(store))


def _comp(
    creator: TrackingMemoryCreator, engine: Engine, component: Component, tracker: MemoryTracker
) -> tuple[Store, wasmtime.component.Func, wasmtime.component.Func]:
    store = _store(engine)
    linker = Linker(engine)
    with creator.bind(tracker):
        instance = linker.instantiate(store, component)
    grow = instance.get_func(store, "grow")
    peek = instance.get_func(store, "peek")
    assert grow is not None and peek is not None
    return store, grow, peek


def test_figures_limit_and_data_segments(
    tracked: tuple[TrackingMemoryCreator, Engine], core_module: Module
) -> None:
    creator, engine = tracked
    tracker = MemoryTracker(limit_bytes=10 * PAGE)
    store, ex = _core(creator, engine, core_module, tracker)
    assert (tracker.pages(), tracker.peak_pages(), tracker.memories) == (2, 2, 1)
    mem = ex["m"]
    assert isinstance(mem, wasmtime.Memory)
    # Data segments are copied in (copy-on-write images are off with a host creator).
    assert bytes(mem.read(store, 8, 15)) == b"riptide"
    assert ex["grow"](store, 3) == 2  # type: ignore[operator]
    assert tracker.pages() == 5 and tracker.grows == 1
    ex["store"](store, 5 * PAGE - 4, 42)  # type: ignore[operator]
    assert ex["load"](store, 5 * PAGE - 4) == 42  # type: ignore[operator]
    with pytest.raises(wasmtime.Trap, match="out of bounds"):
        ex["load"](store, 5 * PAGE)  # type: ignore[operator]
    # Past the limit: memory.grow returns -1, the refusal is counted, nothing changes.
    assert ex["grow"](store, 6) == -1  # type: ignore[operator]
    assert (tracker.pages(), tracker.grow_failures) == (5, 1)
    assert ex["grow"](store, 5) == 5  # type: ignore[operator]  # exactly at the limit is fine
    assert (tracker.pages(), tracker.peak_pages()) == (10, 10)
    assert tracker.snapshot()["grow_failures"] == 1


def test_memory_released_when_store_dropped(
    tracked: tuple[TrackingMemoryCreator, Engine], core_module: Module
) -> None:
    creator, engine = tracked
    gc.collect()
    before = live_memories()
    trackers = []
    for _ in range(200):
        tracker = MemoryTracker()
        store, ex = _core(creator, engine, core_module, tracker)
        ex["grow"](store, 100)  # type: ignore[operator]
        ex["store"](store, 50 * PAGE, 1)  # type: ignore[operator]
        trackers.append(tracker)
        del store, ex
    gc.collect()
    assert live_memories() == before
    assert all(t.current_bytes == 0 and t.peak_pages() == 102 and t.memories == 0 for t in trackers)


def test_component_limits_are_per_instance(
    tracked: tuple[TrackingMemoryCreator, Engine], component: Component
) -> None:
    creator, engine = tracked
    small, large = MemoryTracker(limit_bytes=8 * PAGE), MemoryTracker(limit_bytes=64 * PAGE)
    s_store, s_grow, s_peek = _comp(creator, engine, component, small)
    l_store, l_grow, _ = _comp(creator, engine, component, large)
    assert s_peek(s_store, 1) == ord("k")
    assert (small.pages(), large.pages()) == (3, 3)
    assert s_grow(s_store, 10) == -1
    assert l_grow(l_store, 10) == 3
    assert s_grow(s_store, 5) == 3
    assert (small.pages(), small.grow_failures, large.pages(), large.grow_failures) == (8, 1, 13, 0)


def test_limit_below_initial_size_fails_instantiation_cleanly(
    tracked: tuple[TrackingMemoryCreator, Engine], component: Component
) -> None:
    creator, engine = tracked
    tracker = MemoryTracker(limit_bytes=2 * PAGE)
    with pytest.raises(WasmtimeError, match="below the memory's initial size"):
        _comp(creator, engine, component, tracker)
    assert (tracker.current_bytes, tracker.memories, tracker.grow_failures) == (0, 0, 1)


def test_unbound_instantiation_goes_to_unbound_tracker(
    tracked: tuple[TrackingMemoryCreator, Engine], core_module: Module
) -> None:
    creator, engine = tracked
    store = _store(engine)
    before = creator.unbound.current_bytes
    Instance(store, core_module, [])
    assert creator.unbound.current_bytes == before + 2 * PAGE
    del store
    gc.collect()
    assert creator.unbound.current_bytes == before


def test_concurrent_instantiation_from_threads(
    tracked: tuple[TrackingMemoryCreator, Engine], component: Component
) -> None:
    creator, engine = tracked
    errors: list[BaseException] = []
    results: dict[int, list[tuple[int, int]]] = {}

    def worker(n: int) -> None:
        try:
            out = []
            for _ in range(25):
                tracker = MemoryTracker(limit_bytes=(10 + n) * PAGE)
                store, grow, _ = _comp(creator, engine, component, tracker)
                while grow(store, 1) != -1:
                    pass
                out.append((tracker.pages(), tracker.grow_failures))
            results[n] = out
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    for n in range(4):
        assert results[n] == [(10 + n, 1)] * 25


def test_serialized_component_round_trip(
    tracked: tuple[TrackingMemoryCreator, Engine], component: Component
) -> None:
    creator, engine = tracked
    restored = Component.deserialize(engine, component.serialize())
    tracker = MemoryTracker(limit_bytes=5 * PAGE)
    store, grow, peek = _comp(creator, engine, restored, tracker)
    assert peek(store, 0) == ord("o")
    assert grow(store, 3) == -1 and grow(store, 2) == 3
    assert (tracker.pages(), tracker.grow_failures) == (5, 1)


def test_artifacts_are_not_interchangeable_with_cow_engines(component: Component) -> None:
    """An AOT cache must key on the creator: wasmtime refuses (cleanly) to mix the two."""
    config = Config()
    config.epoch_interruption = True
    plain = Engine(config)
    with pytest.raises(WasmtimeError, match="CoW"):
        Component.deserialize(plain, component.serialize())


def test_epoch_deadline_still_traps(
    tracked: tuple[TrackingMemoryCreator, Engine], core_module: Module
) -> None:
    creator, engine = tracked
    tracker = MemoryTracker()
    store, ex = _core(creator, engine, core_module, tracker)
    store.set_epoch_deadline(1)
    timer = threading.Timer(0.05, engine.increment_epoch)
    timer.start()
    with pytest.raises(wasmtime.Trap, match="interrupt"):
        ex["spin"](store)  # type: ignore[operator]
    timer.join()
    store.set_epoch_deadline(1 << 40)
    assert ex["grow"](store, 1) == 2  # type: ignore[operator]
    assert tracker.pages() == 3


def test_host_exceptions_in_callbacks_become_errors(
    tracked: tuple[TrackingMemoryCreator, Engine],
    core_module: Module,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    creator, engine = tracked
    tracker = MemoryTracker()
    store, ex = _core(creator, engine, core_module, tracker)

    def boom(*_args: object, **_kwargs: object) -> bool:
        raise RuntimeError("host bug")

    monkeypatch.setattr(MemoryTracker, "_reserve", boom)
    # grow callback raised inside: the guest just sees a failed memory.grow.
    assert ex["grow"](store, 1) == -1  # type: ignore[operator]
    # new_memory callback raised inside: instantiation fails with an error, no abort, no leak.
    gc.collect()
    before = live_memories()
    with pytest.raises(WasmtimeError, match="host bug"):
        _core(creator, engine, core_module, MemoryTracker())
    assert live_memories() == before
    monkeypatch.undo()
    assert ex["grow"](store, 1) == 2  # type: ignore[operator]


def test_install_requires_unbuilt_config() -> None:
    config = Config()
    Engine(config)
    with pytest.raises(ValueError, match="closed"):
        TrackingMemoryCreator().install(config)


def test_bind_nests_and_is_thread_local() -> None:
    creator = TrackingMemoryCreator()
    outer, inner = MemoryTracker(), MemoryTracker()
    seen: list[MemoryTracker] = []
    with creator.bind(outer):
        with creator.bind(inner):
            assert creator._current() is inner
            t = threading.Thread(target=lambda: seen.append(creator._current()))
            t.start()
            t.join()
        assert creator._current() is outer
    assert creator._current() is creator.unbound
    assert seen == [creator.unbound]


def test_interpreter_exit_with_live_stores_is_clean(tmp_path: Path) -> None:
    """Finalizers may run during interpreter shutdown; that must not crash the process."""
    script = textwrap.dedent(
        f"""
        import wasmtime
        from riptide.sandbox.memory import MemoryTracker, TrackingMemoryCreator
        creator = TrackingMemoryCreator()
        config = wasmtime.Config()
        creator.install(config)
        engine = wasmtime.Engine(config)
        module = wasmtime.Module(engine, {CORE_WAT!r})
        stores = []
        for _ in range(5):
            store = wasmtime.Store(engine)
            with creator.bind(MemoryTracker()):
                wasmtime.Instance(store, module, [])
            stores.append(store)
        print("ok")
        """
    )
    src = Path(memory_mod.__file__).parents[2]
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PYTHONPATH": str(src)},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
