"""One guest: a component instance in its own ``Store``, with its limits and memory figures.

Each instance gets a fresh WASI context with no arguments, no environment, no preopened
directories and no sockets: the guest sees a clock and randomness (WASI requires them) and
nothing else of the host. Memory is capped by wasmtime's store limiter, and its figures come
from the guest (see ``memory``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wasmtime import Engine, Store, WasiConfig, WasmtimeError
from wasmtime.component import Component, Linker

from ..errors import ComponentContractError, GuestTrap
from . import packed_call
from .contract import INTERFACE, PACKED_FUNCTION, PACKED_INTERFACE, REQUIRED_FUNCTIONS
from .convert import memory_used_of
from .memory import MemoryTracker, is_allocation_failure

#: Wasmtime's message for a trap raised by an expired epoch deadline.
INTERRUPT_MARKER = "interrupt"
#: Wasmtime's message when the guest overflows its call stack (a nesting limit, not a crash).
STACK_MARKER = "call stack exhausted"


class GuestInstance:
    def __init__(
        self,
        engine: Engine,
        linker: Linker,
        component: Component,
        memory_limit_bytes: int,
        setup_ticks: int,
        make_packed_call: packed_call.CallMaker,
    ) -> None:
        """``make_packed_call`` is shared by one component's instances: it reads the type once."""
        self.memory = MemoryTracker(limit_bytes=memory_limit_bytes)
        self.store = Store(engine)
        self.store.set_wasi(WasiConfig())
        self.store.set_limits(memory_size=memory_limit_bytes)
        self.store.set_epoch_deadline(setup_ticks)
        instance = linker.instantiate(self.store, component)
        interface = instance.get_export_index(self.store, INTERFACE)
        if interface is None:
            raise ComponentContractError(f"instance does not export {INTERFACE}")
        self._funcs: dict[str, Callable[..., Any]] = {}
        for name in REQUIRED_FUNCTIONS:
            index = instance.get_export_index(self.store, name, interface)
            func = instance.get_func(self.store, index) if index is not None else None
            if func is None:
                raise ComponentContractError(f"instance lacks function {name} of {INTERFACE}")
            self._funcs[name] = func
        packed = instance.get_export_index(self.store, PACKED_INTERFACE)
        index = instance.get_export_index(self.store, PACKED_FUNCTION, packed) if packed is not None else None
        if index is not None and (func := instance.get_func(self.store, index)) is not None:
            # optional: the host checks for it once per component; called by hand where it can be
            self._funcs[PACKED_FUNCTION] = make_packed_call(func, self.store)
        self.uses = 0
        #: Set once the instance trapped: a trapped instance is never called again.
        self.broken = False

    def call(self, name: str, *args: Any, deadline_ticks: int) -> Any:
        """Call an export with a fresh deadline; classify any trap and mark the instance broken.

        Records the memory size the guest reports with the result, if it does.
        """
        self.uses += 1
        self.store.set_epoch_deadline(deadline_ticks)
        try:
            result = self._funcs[name](self.store, *args)
        except WasmtimeError as error:
            self.broken = True
            detail = str(error).splitlines()[0] if str(error) else type(error).__name__
            if INTERRUPT_MARKER in str(error):
                raise GuestTrap("timeout", detail) from None
            if STACK_MARKER in str(error):
                raise GuestTrap("stack", detail) from None
            if is_allocation_failure(str(error)):
                raise GuestTrap("memory", detail) from None
            raise GuestTrap("crash", detail) from None
        self.memory.observe(memory_used_of(result))
        return result

    def memory_pages(self) -> int:
        return self.memory.pages()
