"""The native fallback's worker process (``python -m riptide.fallback_worker FD MEMORY CPU``).

Started by ``riptide.fallback``: it caps its own address space, then extracts each request that
arrives on the socket FD, with a CPU-time limit per document, until the parent hangs up. Replies
are ``("ok", (extraction, stats))`` or ``("error", (kind, message))``.
"""

from __future__ import annotations

import resource
import sys
from multiprocessing.connection import Connection
from typing import Any

from riptide.engine import pipeline
from riptide.engine.modes import Mode
from riptide.errors import ExtractionError


def _address_space_bytes() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def serve(conn: Connection, memory_limit_bytes: int, cpu_limit_secs: float) -> None:
    """The worker: extract each request under the limits until the parent hangs up."""
    budget = _address_space_bytes() + memory_limit_bytes
    resource.setrlimit(resource.RLIMIT_AS, (budget, budget))
    _, cpu_hard = resource.getrlimit(resource.RLIMIT_CPU)
    while True:
        try:
            html, url, mode, selectors = conn.recv()
        except EOFError:
            return
        used = resource.getrusage(resource.RUSAGE_SELF)
        soft = int(used.ru_utime + used.ru_stime + cpu_limit_secs) + 1
        if cpu_hard != resource.RLIM_INFINITY:
            soft = min(soft, cpu_hard)
        resource.setrlimit(resource.RLIMIT_CPU, (soft, cpu_hard))
        try:
            reply: tuple[str, Any] = ("ok", pipeline.extract_with_stats(html, url, Mode.of(mode, selectors)))
        except ExtractionError as error:
            reply = ("error", (error.kind, error.message))
        except MemoryError:
            limit = f"{memory_limit_bytes // 2**20} MB memory limit (RIPTIDE_WASM_MEMORY_LIMIT_MB)"
            reply = ("error", ("resource-limit", f"the document exhausted the native fallback's {limit}"))
        except RecursionError:
            reply = ("error", ("resource-limit", "the document is nested too deeply to process"))
        except Exception as error:  # an engine bug: reported, not raised in the worker
            reply = ("error", ("internal-error", f"{type(error).__name__}: {error}"))
        conn.send(reply)


if __name__ == "__main__":
    fd, memory_limit, cpu_limit = sys.argv[1:4]
    serve(Connection(int(fd)), int(memory_limit), float(cpu_limit))
