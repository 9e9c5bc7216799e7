"""The interface every result cache implements, and the counters they all keep.

The cache sits on the request path of the HTTP service, so its contract is "never make a
request fail": every backend turns its own failures (a full disk, a corrupt file, Redis going
away, a payload from another RipTide version) into a miss or a no-op, counts it in ``stats()``
and reports it in ``health()``. Only programming errors (wrong argument types) raise.
"""

from __future__ import annotations

import threading
from typing import Protocol, runtime_checkable

from ..models import ExtractedDoc
from . import codec
from .keys import CacheKey

HEALTHY = "healthy"
UNHEALTHY = "unhealthy"

#: The counters every backend reports; backends may add their own.
#:   hits, misses  -- lookups that returned a document / returned None (for whatever reason)
#:   writes        -- documents stored
#:   errors        -- backend failures (I/O, connection, corrupt payloads), each also a miss or no-op
#:   expired       -- lookups that found an entry past its TTL
#:   incompatible  -- lookups that found an entry in another payload format version
COMMON_COUNTERS = ("hits", "misses", "writes", "errors", "expired", "incompatible")


@runtime_checkable
class ResultCache(Protocol):
    """An async store of ``ExtractedDoc`` by ``CacheKey`` with a TTL.

    Use one instance from one event loop (Redis connections belong to the loop that opened
    them) and ``aclose()`` it when done. Nothing here raises on backend failure.
    """

    #: "sqlite" or "redis".
    name: str

    async def get(self, key: CacheKey) -> ExtractedDoc | None:
        """The cached document, or None when missing, expired, unreadable or the backend is down."""
        ...

    async def put(self, key: CacheKey, doc: ExtractedDoc, ttl: float | None = None) -> None:
        """Store ``doc`` for ``ttl`` seconds (default: the backend's; ``ttl <= 0`` stores nothing)."""
        ...

    async def delete(self, key: CacheKey) -> None:
        """Forget ``key`` (no-op when absent)."""
        ...

    async def clear(self) -> None:
        """Forget every RipTide entry of this cache (and nothing else)."""
        ...

    async def health(self) -> dict[str, object]:
        """Probe the backend now: ``status``, ``backend``, ``entries``, ``error``, ``stats`` and more."""
        ...

    def stats(self) -> dict[str, int]:
        """A snapshot of the counters (``COMMON_COUNTERS`` plus backend-specific ones)."""
        ...

    async def aclose(self) -> None:
        """Release connections and threads; the cache must not be used afterwards."""
        ...


class CacheCounters:
    """Thread-safe counters (the SQLite backend counts from its worker thread)."""

    def __init__(self, *extra: str) -> None:
        self._lock = threading.Lock()
        self._values = dict.fromkeys((*COMMON_COUNTERS, *extra), 0)

    def add(self, name: str, amount: int = 1) -> None:
        with self._lock:
            self._values[name] += amount

    def snapshot(self) -> dict[str, int]:
        with self._lock:
            return dict(self._values)


def decode_counted(payload: bytes, counters: CacheCounters) -> ExtractedDoc | None:
    """Decode a stored payload for ``get``, counting the hit or why it is a miss."""
    try:
        doc = codec.decode(payload)
    except codec.IncompatibleFormatError:
        counters.add("incompatible")
        counters.add("misses")
        return None
    except codec.CorruptPayloadError:
        counters.add("errors")
        counters.add("misses")
        return None
    counters.add("hits")
    return doc
