"""Circuit breaker around the sandbox: stop calling a sandbox that keeps failing.

closed ──(failure_threshold failures in a row)──▶ open ──(recovery_timeout)──▶ half-open
half-open ──(a trial call succeeds)──▶ closed;  half-open ──(a trial call fails)──▶ open

While open, callers are told to use the fallback; half-open admits at most
``half_open_max_calls`` trial calls at a time. Only failures of the sandbox itself count
(traps, instantiation errors) — never a document that broke a limit, so hostile input cannot
open the breaker and push later documents out of the sandbox.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from enum import StrEnum


class BreakerState(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


class CircuitBreaker:
    def __init__(
        self,
        failure_threshold: int,
        recovery_timeout: float,
        half_open_max_calls: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if failure_threshold < 1 or half_open_max_calls < 1 or recovery_timeout <= 0:
            raise ValueError("breaker thresholds must be positive")
        self.failure_threshold = failure_threshold
        self.recovery_timeout = recovery_timeout
        self.half_open_max_calls = half_open_max_calls
        self._clock = clock
        self._lock = threading.Lock()
        self._state = BreakerState.CLOSED
        self._failures = 0
        self._opened_at = 0.0
        self._trials = 0
        #: How many times the breaker has opened (for metrics).

    @property
    def state(self) -> BreakerState:
        with self._lock:
            self._advance()
            return self._state

    def _advance(self) -> None:
        if self._state is BreakerState.OPEN and self._clock() - self._opened_at >= self.recovery_timeout:
            self._state = BreakerState.HALF_OPEN
            self._trials = 0

    def allow(self) -> bool:
        """May a call go to the sandbox now? A True in half-open reserves a trial slot."""
        with self._lock:
            self._advance()
            if self._state is BreakerState.CLOSED:
                return True
            if self._state is BreakerState.HALF_OPEN and self._trials < self.half_open_max_calls:
                self._trials += 1
                return True
            return False

    def record_success(self) -> None:
        with self._lock:
            self._failures = 0
            if self._state is BreakerState.HALF_OPEN:
                self._state = BreakerState.CLOSED
                self._trials = 0

    def record_neutral(self) -> None:
        """A call finished without telling anything about sandbox health (e.g. a limit was hit)."""
        with self._lock:
            if self._state is BreakerState.HALF_OPEN and self._trials > 0:
                self._trials -= 1

    def record_failure(self) -> None:
        with self._lock:
            self._failures += 1
            if self._state is BreakerState.HALF_OPEN or (
                self._state is BreakerState.CLOSED and self._failures >= self.failure_threshold
            ):
                self._open()

    def force_open(self) -> None:
        """Open now (e.g. the component cannot be loaded at all)."""
        with self._lock:
            self._open()

    def _open(self) -> None:
        self._state = BreakerState.OPEN
        self._opened_at = self._clock()
        self._trials = 0
