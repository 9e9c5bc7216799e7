"""The native fallback, contained: the engine in child processes under memory, CPU and time limits.

While the sandbox is unavailable (its breaker is open, or the component cannot be loaded),
documents are still extracted natively, but never in the host process: there a hostile document
took 20 s and 322 MB RSS, with nothing to stop it. Each worker (a fresh interpreter running
``fallback_worker``, sharing nothing with the host) runs the engine under the sandbox's budgets:

- memory: ``RLIMIT_AS`` at the worker's start-up size plus ``RIPTIDE_WASM_MEMORY_LIMIT_MB``;
- CPU: ``RLIMIT_CPU`` at ``RIPTIDE_WASM_TIMEOUT_SECS`` more than the worker has used so far;
- wall time: the parent waits ``RIPTIDE_WASM_TIMEOUT_SECS`` (plus a second's grace), then kills it.

A document that breaks a limit gets ``ResourceLimitError`` and its worker is replaced; workers are
started on first use and reused (``Extractor(engine="native")`` is different: a caller's explicit
choice to run the engine in-process).
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from .engine.modes import Mode
from .engine.result import Extraction, Stats
from .errors import ExtractionError, InternalError, ResourceLimitError, SandboxError, extraction_error

#: Extra wall time a worker gets over the limit before it is killed (its CPU limit fires first).
GRACE_SECS = 1.0


@dataclass
class _Worker:
    process: subprocess.Popen[bytes]
    conn: Connection

    @classmethod
    def start(cls, memory_limit_bytes: int, cpu_limit_secs: float) -> _Worker:
        """A fresh interpreter running ``fallback_worker`` (no fork: it inherits nothing of the host)."""
        ours, theirs = socket.socketpair()
        with theirs:
            command = [sys.executable, "-m", "riptide.fallback_worker", str(theirs.fileno())]
            command += [str(memory_limit_bytes), str(cpu_limit_secs)]
            process = subprocess.Popen(command, pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL)
        return cls(process, Connection(ours.detach()))

    def stop(self) -> None:
        self.conn.close()
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=5)


class ContainedEngine:
    """Runs the engine in limited worker processes; thread-safe, at most ``max_workers`` at once."""

    def __init__(self, memory_limit_mb: int, timeout_secs: float, max_workers: int) -> None:
        self.memory_limit_bytes = memory_limit_mb * 1024 * 1024
        self.timeout_secs = timeout_secs
        self._slots = threading.BoundedSemaphore(max_workers)
        self._lock = threading.Lock()
        self._idle: list[_Worker] = []
        self._closed = False
        #: Worker processes started so far (a worker is replaced after a limit breach or crash).
        self.workers_started = 0

    def extract(self, html: str, url: str, mode: Mode) -> tuple[Extraction, Stats]:
        """Extract in a worker; raises the document's ``ExtractionError`` (``ResourceLimitError``
        for a broken limit), or ``SandboxError`` once closed."""
        with self._slots:
            worker = self._take()
            try:
                status, payload = self._ask(worker, (html, url, mode.name, mode.selectors))
            except BaseException:
                worker.stop()
                raise
            if status == "error" and payload[0] == "resource-limit":
                worker.stop()  # a worker that ran out of memory is not trusted with the next document
            else:
                self._give_back(worker)
        if status == "ok":
            extraction, stats = payload
            return extraction, stats
        kind, message = payload
        raise extraction_error(kind, message, engine="native")

    def _ask(self, worker: _Worker, request: tuple[Any, ...]) -> tuple[str, Any]:
        worker.conn.send(request)
        if not worker.conn.poll(self.timeout_secs + GRACE_SECS):
            raise self._over_time()
        try:
            reply: tuple[str, Any] = worker.conn.recv()
        except (EOFError, OSError):  # the worker died: a limit (SIGXCPU, or out of memory) or a crash
            raise self._died(worker.process.wait(timeout=5)) from None
        return reply

    def _over_time(self) -> ResourceLimitError:
        return ResourceLimitError(
            f"extraction exceeded the {self.timeout_secs:g} s time limit (RIPTIDE_WASM_TIMEOUT_SECS) "
            "in the native fallback",
            engine="native",
        )

    def _died(self, exitcode: int | None) -> ExtractionError:
        if exitcode == -signal.SIGXCPU:
            return self._over_time()
        if exitcode in (-signal.SIGKILL, -signal.SIGSEGV, -signal.SIGABRT, 1):
            return ResourceLimitError(
                f"the document exhausted the native fallback's {self.memory_limit_bytes // 2**20} MB memory "
                f"limit (RIPTIDE_WASM_MEMORY_LIMIT_MB; worker exit code {exitcode})",
                engine="native",
            )
        return InternalError(f"the native fallback's worker died (exit code {exitcode})", engine="native")

    def _take(self) -> _Worker:
        with self._lock:
            if self._closed:
                raise SandboxError("the native fallback has been closed")
            if self._idle:
                return self._idle.pop()
            self.workers_started += 1
        return _Worker.start(self.memory_limit_bytes, self.timeout_secs)

    def _give_back(self, worker: _Worker) -> None:
        with self._lock:
            if not self._closed:
                self._idle.append(worker)
                return
        worker.stop()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.stop()
