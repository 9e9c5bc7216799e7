"""Wall-time limits via wasmtime epochs.

A daemon thread increments the engine's epoch every ``tick`` seconds; each call sets its store
deadline to ``timeout / tick`` ticks ahead, so a guest that runs too long traps with an
interrupt within one tick of its deadline. One thread serves every store of an engine, and
checking an epoch costs compiled code a load and a compare — far cheaper than fuel.
"""

from __future__ import annotations

import math
import threading

from wasmtime import Engine


class EpochTicker:
    def __init__(self, engine: Engine, tick_seconds: float) -> None:
        self.engine = engine
        self.tick_seconds = tick_seconds
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="riptide-epoch-ticker", daemon=True)

    def ticks_for(self, timeout_seconds: float) -> int:
        """Deadline in ticks for a timeout (at least one tick, rounded up)."""
        return max(1, math.ceil(timeout_seconds / self.tick_seconds))

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=1.0)

    def _run(self) -> None:
        while not self._stop.wait(self.tick_seconds):
            self.engine.increment_epoch()
