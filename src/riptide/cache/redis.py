"""The shared result cache: Redis, used when ``RIPTIDE_REDIS_URL`` is set.

Entries are plain string keys (``namespace`` + ``CacheKey.value``) holding codec payloads, set
with ``SET ... PX`` so Redis expires them itself, to the millisecond. Redis reports no
"expired" events to a reader, so the ``expired`` counter stays 0 here: expired entries count as
misses.

Redis going away must not fail requests: every command error is counted and turned into a miss
or a no-op. After a connection error or timeout, commands are not even tried for
``retry_after_secs`` (counted as ``skipped`` misses), so a dead or black-holed server costs
each request nothing instead of a connect timeout. ``health()`` always probes the server and,
when it answers, ends that pause at once. Timeouts are short (a cache that answers slowly is
worse than none) and the client retries a command once, immediately, which is what a pooled
connection broken by a server restart needs.
"""

from __future__ import annotations

import logging
import time
from urllib.parse import urlsplit, urlunsplit

from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

from ..models import ExtractedDoc
from . import codec
from .base import HEALTHY, UNHEALTHY, CacheCounters, decode_counted
from .keys import KEY_PREFIX, CacheKey

logger = logging.getLogger(__name__)

DEFAULT_TTL_SECS = 86_400.0
CONNECT_TIMEOUT_SECS = 1.0
COMMAND_TIMEOUT_SECS = 1.0
RETRY_AFTER_SECS = 1.0
#: Connections per cache; more concurrent commands wait (up to the command timeout) for one.
#: redis-py's default pool instead fails commands beyond 100 connections.
MAX_CONNECTIONS = 64
#: Keys deleted per UNLINK (and asked for per SCAN) by ``clear()``.
CLEAR_BATCH = 500
#: Characters with a meaning in SCAN MATCH patterns, escaped in the namespace.
_GLOB_SPECIAL = "\\*?[]"
#: Failures that mean "the server is unreachable", as opposed to a refused command.
_UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


class RedisResultCache:
    """``ResultCache`` over Redis; see the module docstring for the guarantees."""

    name = "redis"

    def __init__(
        self,
        url: str,
        default_ttl: float = DEFAULT_TTL_SECS,
        *,
        namespace: str = "",
        connect_timeout_secs: float = CONNECT_TIMEOUT_SECS,
        command_timeout_secs: float = COMMAND_TIMEOUT_SECS,
        retry_after_secs: float = RETRY_AFTER_SECS,
        max_connections: int = MAX_CONNECTIONS,
    ) -> None:
        """No connection is made here. ``url`` is a redis:// (or rediss://, unix://) URL;
        ``namespace`` is prepended to every key, so several deployments (or tests) can share a
        database. At most ``max_connections`` commands run at once; the others wait for a
        connection. Raises ``ValueError`` for a URL the client cannot use."""
        self.url = url
        self.default_ttl = default_ttl
        self.namespace = namespace
        self._retry_after_secs = retry_after_secs
        pool = BlockingConnectionPool.from_url(
            url,
            max_connections=max_connections,
            timeout=command_timeout_secs,  # waiting for a free connection, when all are busy
            socket_connect_timeout=connect_timeout_secs,
            socket_timeout=command_timeout_secs,
            retry=Retry(NoBackoff(), 1),
        )
        self._client = Redis(connection_pool=pool)
        self._counters = CacheCounters("skipped")
        self._skip_until = 0.0  # time.monotonic() before which commands are not tried
        self._last_error: str | None = None

    # -- ResultCache ------------------------------------------------------------------------------

    async def get(self, key: CacheKey) -> ExtractedDoc | None:
        payload: bytes | str | None = None
        if self._available():
            try:
                payload = await self._client.get(self._name(key))
            except (RedisError, OSError) as error:
                self._failed("GET", error)
        if not isinstance(payload, bytes):  # None; never str, since responses are not decoded
            self._counters.add("misses")
            return None
        return decode_counted(payload, self._counters)

    async def put(self, key: CacheKey, doc: ExtractedDoc, ttl: float | None = None) -> None:
        ttl = self.default_ttl if ttl is None else ttl
        if ttl <= 0 or not self._available():
            return
        try:
            await self._client.set(self._name(key), codec.encode(doc), px=max(1, round(ttl * 1000)))
            self._counters.add("writes")
        except (RedisError, OSError) as error:
            self._failed("SET", error)

    async def delete(self, key: CacheKey) -> None:
        if not self._available():
            return
        try:
            await self._client.unlink(self._name(key))
        except (RedisError, OSError) as error:
            self._failed("UNLINK", error)

    async def clear(self) -> None:
        """Delete the keys of this namespace (SCAN + UNLINK in batches; other keys are kept)."""
        if not self._available():
            return
        pattern = _glob_escape(self.namespace) + KEY_PREFIX + "*"
        try:
            batch: list[bytes] = []
            async for name in self._client.scan_iter(match=pattern, count=CLEAR_BATCH):
                batch.append(name)
                if len(batch) >= CLEAR_BATCH:
                    await self._client.unlink(*batch)
                    batch.clear()
            if batch:
                await self._client.unlink(*batch)
        except (RedisError, OSError) as error:
            self._failed("clear", error)

    async def health(self) -> dict[str, object]:
        """PING and DBSIZE now. ``entries`` is None: counting our keys would mean a full SCAN;
        ``dbsize`` is every key in the database, RipTide's or not."""
        report: dict[str, object] = {"backend": self.name, "url": redacted_url(self.url), "entries": None}
        started = time.perf_counter()
        try:
            await self._client.ping()
            report["latency_ms"] = round((time.perf_counter() - started) * 1000, 3)
            report["dbsize"] = await self._client.dbsize()
            self._skip_until = 0.0
            report.update(status=HEALTHY, error=None)
        except (RedisError, OSError) as error:
            self._failed("health check", error)
            report.update(status=UNHEALTHY, error=self._last_error)
        report.update(last_error=self._last_error, stats=self.stats())
        return report

    def stats(self) -> dict[str, int]:
        return self._counters.snapshot()

    async def aclose(self) -> None:
        try:
            await self._client.aclose(close_connection_pool=True)
        except (RedisError, OSError) as error:  # closing a dead connection can itself fail
            self._failed("close", error)

    # -- helpers --------------------------------------------------------------------------------------

    def _name(self, key: CacheKey) -> str:
        return self.namespace + key.value

    def _available(self) -> bool:
        """False (and counted) while pausing after the server was unreachable."""
        if time.monotonic() < self._skip_until:
            self._counters.add("skipped")
            return False
        return True

    def _failed(self, action: str, error: BaseException) -> None:
        self._counters.add("errors")
        message = f"{action} {redacted_url(self.url)}: {type(error).__name__}: {error}"
        if message != self._last_error:
            logger.warning("result cache: %s", message)
        self._last_error = message
        if isinstance(error, _UNREACHABLE):
            self._skip_until = time.monotonic() + self._retry_after_secs


def _glob_escape(text: str) -> str:
    return "".join("\\" + char if char in _GLOB_SPECIAL else char for char in text)


def redacted_url(url: str) -> str:
    """``url`` without its password, for health reports and logs."""
    try:
        parts = urlsplit(url)
        if parts.password is None:
            return url
        netloc = parts.netloc.rpartition("@")[2]
        user = f"{parts.username}:***@" if parts.username else ":***@"
        return urlunsplit(parts._replace(netloc=user + netloc))
    except ValueError:
        return "<unparseable redis url>"
