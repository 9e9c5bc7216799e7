"""A pool of warm guest instances.

Why pool: instantiating costs ~0.6 ms and a first call warms the guest's import caches, so a
served instance is reused — unless it is broken (it trapped), worn (``max_uses`` reached) or
bloated (its linear memory passed ``memory_retire_bytes``; wasm memory never shrinks, so the
only way to give it back is to drop the instance). With ``max_idle`` set
(``RIPTIDE_WASM_AGGRESSIVE_GC``), an instance returned while that many already wait idle is
dropped too, so the pool shrinks back to its warm size after a burst and gives the burst's
memory back. A semaphore bounds the instances alive at once; callers beyond it wait for a free
slot, up to ``acquire``'s timeout.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from ..errors import PoolExhaustedError, SandboxError
from .instance import GuestInstance
from .metrics import SandboxMetrics


class InstancePool:
    def __init__(
        self,
        factory: Callable[[], GuestInstance],
        max_size: int,
        reuse: bool,
        max_uses: int,
        memory_retire_bytes: int,
        metrics: SandboxMetrics,
        max_idle: int | None = None,
    ) -> None:
        self._factory = factory
        self.max_size = max_size
        self.reuse = reuse
        self.max_uses = max_uses
        self.memory_retire_bytes = memory_retire_bytes
        #: Most idle instances kept (None: no bound beyond ``max_size``).
        self.max_idle = max_idle
        self._metrics = metrics
        self._slots = threading.BoundedSemaphore(max_size)
        self._lock = threading.Lock()
        self._idle: list[GuestInstance] = []
        self._active = 0
        self._closed = False

    # -- figures ----------------------------------------------------------------------------------
    @property
    def idle(self) -> int:
        with self._lock:
            return len(self._idle)

    @property
    def active(self) -> int:
        with self._lock:
            return self._active

    @property
    def size(self) -> int:
        """Instances alive: idle plus in use."""
        with self._lock:
            return len(self._idle) + self._active

    def memory_pages(self) -> int:
        """Linear-memory pages of the idle instances (in-use ones report when released)."""
        with self._lock:
            return sum(instance.memory_pages() for instance in self._idle)

    # -- life cycle -------------------------------------------------------------------------------
    def warm(self, count: int) -> None:
        """Create up to ``count`` idle instances now, so the first calls don't pay for them."""
        for _ in range(min(count, self.max_size)):
            instance = self._create()
            with self._lock:
                self._idle.append(instance)

    def _create(self) -> GuestInstance:
        instance = self._factory()
        self._metrics.add("instances_created")
        return instance

    @contextmanager
    def acquire(self, timeout: float | None = None) -> Iterator[GuestInstance]:
        """Lend an instance for one call; it is returned, or retired, when the block exits."""
        if not self._slots.acquire(timeout=timeout):
            raise PoolExhaustedError(f"no sandbox instance became free within {timeout} s")
        with self._lock:
            if self._closed:
                self._slots.release()
                raise SandboxError("the sandbox has been closed")
            instance: GuestInstance | None = self._idle.pop() if self._idle else None
            self._active += 1
        try:
            if instance is None:
                instance = self._create()
            yield instance
        finally:
            with self._lock:
                self._active -= 1
                if instance is not None and self._keep(instance):
                    self._idle.append(instance)
                elif instance is not None:
                    self._metrics.add("instances_retired")
            self._slots.release()

    def _keep(self, instance: GuestInstance) -> bool:
        if self._closed or not self.reuse or instance.broken:
            return False
        if self.max_idle is not None and len(self._idle) >= self.max_idle:
            return False
        if instance.uses >= self.max_uses:
            return False
        return instance.memory.current_bytes < self.memory_retire_bytes

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._idle.clear()
