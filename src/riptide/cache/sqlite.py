"""The embedded result cache: one SQLite file in the cache directory, no server needed.

Layout: one table ``results(key PRIMARY KEY, expires_at, payload BLOB, created_at)`` plus an
index on ``expires_at``, in WAL mode so readers never wait for the writer. Times are Unix
seconds (wall clock), because several processes share the file.

- **Threads and processes.** Every statement runs on one dedicated worker thread that owns the
  connection, so the event loop never blocks on disk and statements of one process never race.
  Other processes (more API workers, the CLI) use the same file; SQLite's locking plus a busy
  timeout serialises their writes.
- **Expiry.** A read that finds an expired row deletes it and reports a miss. Writes purge
  expired rows at most every ``purge_interval_secs``, at most ``purge_batch`` rows per write, so
  no request pays for a large backlog at once.
- **Corruption.** At open, SQLite refusing the file or ``PRAGMA quick_check`` (files up to
  ``QUICK_CHECK_MAX_BYTES``) detects a corrupt database; so does any statement failing with
  SQLITE_CORRUPT/NOTADB later. The file is
  moved aside to ``<name>.corrupt`` (replacing an older one), a fresh database is created, and
  ``corrupt_recoveries`` counts it.
- **Unusable directory.** When the directory cannot be created or the file cannot be opened or
  written, get/put degrade to misses/no-ops, ``errors`` counts each, and ``health()`` reports
  ``unhealthy`` with the reason. Opening is retried at most every ``reopen_interval_secs``.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from ..models import ExtractedDoc
from . import codec
from .base import HEALTHY, UNHEALTHY, CacheCounters, decode_counted
from .keys import CacheKey

logger = logging.getLogger(__name__)

DEFAULT_TTL_SECS = 86_400.0
#: How long a statement waits for another process's write lock before failing (then: a miss).
BUSY_TIMEOUT_SECS = 5.0
PURGE_INTERVAL_SECS = 60.0
PURGE_BATCH = 500
REOPEN_INTERVAL_SECS = 30.0
#: ``quick_check`` reads the whole file (~12 ms per MB measured): larger files skip it at open and
#: rely on SQLite reporting damage when a statement meets it (handled the same way).
QUICK_CHECK_MAX_BYTES = 32 * 1024 * 1024
#: Where a corrupt database is moved (name suffix), so it can be inspected but never reused.
CORRUPT_SUFFIX = ".corrupt"
#: SQLite error names that mean "this file is damaged", as opposed to locked, full or unwritable.
CORRUPTION_ERRORS = frozenset({"SQLITE_CORRUPT", "SQLITE_NOTADB"})

SCHEMA = """
CREATE TABLE IF NOT EXISTS results (
    key TEXT PRIMARY KEY,
    expires_at REAL NOT NULL,
    payload BLOB NOT NULL,
    created_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS results_expires_at ON results (expires_at);
"""

T = TypeVar("T")


class CorruptDatabaseError(sqlite3.DatabaseError):
    """``quick_check`` found damage that SQLite did not report as an error by itself."""


class SqliteResultCache:
    """``ResultCache`` over a SQLite file; see the module docstring for the guarantees."""

    name = "sqlite"

    def __init__(
        self,
        path: Path,
        default_ttl: float = DEFAULT_TTL_SECS,
        *,
        busy_timeout_secs: float = BUSY_TIMEOUT_SECS,
        purge_interval_secs: float = PURGE_INTERVAL_SECS,
        purge_batch: int = PURGE_BATCH,
        reopen_interval_secs: float = REOPEN_INTERVAL_SECS,
    ) -> None:
        """Nothing is opened here: the file is created or checked on first use, on the worker."""
        self.path = Path(path)
        self.default_ttl = default_ttl
        self._busy_timeout_secs = busy_timeout_secs
        self._purge_interval_secs = purge_interval_secs
        self._purge_batch = purge_batch
        self._reopen_interval_secs = reopen_interval_secs
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="riptide-cache-sqlite")
        self._counters = CacheCounters("corrupt_recoveries", "purged")
        # Touched only on the worker thread:
        self._connection: sqlite3.Connection | None = None
        self._next_open_at = 0.0  # time.monotonic() before which opening is not retried
        self._next_purge_at = 0.0
        self._last_error: str | None = None

    # -- ResultCache ------------------------------------------------------------------------------

    async def get(self, key: CacheKey) -> ExtractedDoc | None:
        payload = await self._run(self._read, key.value)
        if payload is None:
            self._counters.add("misses")
            return None
        return decode_counted(payload, self._counters)

    async def put(self, key: CacheKey, doc: ExtractedDoc, ttl: float | None = None) -> None:
        ttl = self.default_ttl if ttl is None else ttl
        if ttl <= 0:
            return
        await self._run(self._write, key.value, codec.encode(doc), ttl)

    async def delete(self, key: CacheKey) -> None:
        await self._run(self._execute, "DELETE FROM results WHERE key = ?", (key.value,))

    async def clear(self) -> None:
        await self._run(self._execute, "DELETE FROM results", ())

    async def health(self) -> dict[str, object]:
        entries, error = await self._run(self._probe)
        return {
            "status": HEALTHY if error is None else UNHEALTHY,
            "backend": self.name,
            "path": str(self.path),
            "entries": entries,
            "error": error,
            "last_error": self._last_error,
            "stats": self.stats(),
        }

    def stats(self) -> dict[str, int]:
        return self._counters.snapshot()

    async def aclose(self) -> None:
        await self._run(self._close)
        self._executor.shutdown(wait=True)

    # -- worker-thread side -------------------------------------------------------------------------

    async def _run(self, function: Callable[..., T], *args: object) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._executor, function, *args)

    def _read(self, key: str) -> bytes | None:
        """The payload stored under ``key`` if present and fresh; an expired row is deleted."""
        connection = self._usable_connection()
        if connection is None:
            return None
        now = time.time()
        try:
            row = connection.execute(
                "SELECT expires_at, payload FROM results WHERE key = ?", (key,)
            ).fetchone()
            if row is None:
                return None
            if row[0] <= now:
                connection.execute("DELETE FROM results WHERE key = ? AND expires_at <= ?", (key, now))
                self._counters.add("expired")
                return None
            return bytes(row[1])
        except sqlite3.Error as error:
            self._failed("read", error)
            return None

    def _write(self, key: str, payload: bytes, ttl: float) -> None:
        connection = self._usable_connection()
        if connection is None:
            return
        now = time.time()
        try:
            connection.execute(
                "INSERT OR REPLACE INTO results (key, expires_at, payload, created_at) VALUES (?, ?, ?, ?)",
                (key, now + ttl, payload, now),
            )
            self._counters.add("writes")
            if now >= self._next_purge_at:
                self._purge_expired(connection, now)
        except sqlite3.Error as error:
            self._failed("write", error)

    def _purge_expired(self, connection: sqlite3.Connection, now: float) -> None:
        """Delete up to ``purge_batch`` expired rows; come back on the next write if there are more."""
        deleted = connection.execute(
            "DELETE FROM results WHERE rowid IN (SELECT rowid FROM results WHERE expires_at <= ? LIMIT ?)",
            (now, self._purge_batch),
        ).rowcount
        self._counters.add("purged", deleted)
        self._next_purge_at = now if deleted >= self._purge_batch else now + self._purge_interval_secs

    def _execute(self, statement: str, parameters: tuple[object, ...]) -> None:
        connection = self._usable_connection()
        if connection is None:
            return
        try:
            connection.execute(statement, parameters)
        except sqlite3.Error as error:
            self._failed("write", error)

    def _probe(self) -> tuple[int | None, str | None]:
        """(fresh entries, None) when the database answers, else (None, why not); opens if needed."""
        self._next_open_at = 0.0  # health checks always try, whatever the back-off says
        connection = self._usable_connection()
        if connection is None:
            return None, self._last_error
        try:
            row = connection.execute("SELECT count(*) FROM results WHERE expires_at > ?", (time.time(),))
            return int(row.fetchone()[0]), None
        except sqlite3.Error as error:
            self._failed("probe", error)
            return None, self._last_error

    def _close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    # -- opening, failures and recovery ----------------------------------------------------------------

    def _usable_connection(self) -> sqlite3.Connection | None:
        """The open connection, opening (and if need be recovering) the database first.

        None, with the failure counted, when it cannot be opened; then no new attempt is made
        for ``reopen_interval_secs``, so a broken directory costs one counter per request.
        """
        if self._connection is not None:
            return self._connection
        if time.monotonic() < self._next_open_at:
            self._counters.add("errors")
            return None
        try:
            self._connection = self._open()
        except (OSError, sqlite3.Error) as error:
            self._next_open_at = time.monotonic() + self._reopen_interval_secs
            self._failed("open", error)
        return self._connection

    def _open(self) -> sqlite3.Connection:
        """Open, check and set up the database; move a corrupt file aside and start afresh."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            return self._connect_checked()
        except sqlite3.DatabaseError as error:
            if not _is_corruption(error):
                raise
            self._move_aside(error)
            return self._connect_checked()

    def _connect_checked(self) -> sqlite3.Connection:
        size = self.path.stat().st_size if self.path.exists() else 0
        connection = sqlite3.connect(self.path, timeout=self._busy_timeout_secs, isolation_level=None)
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()  # NOTADB shows here
            if size <= QUICK_CHECK_MAX_BYTES:
                result = connection.execute("PRAGMA quick_check").fetchone()[0]
                if result != "ok":
                    raise CorruptDatabaseError(f"quick_check: {result}")
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = NORMAL")
            connection.executescript(SCHEMA)
        except BaseException:
            connection.close()
            raise
        return connection

    def _move_aside(self, error: sqlite3.DatabaseError) -> None:
        """Replace a corrupt database by nothing, keeping it as ``<name>.corrupt`` for inspection."""
        logger.warning(
            "result cache %s is corrupt (%s); moving it aside and starting afresh", self.path, error
        )
        self._close()
        os.replace(self.path, self.path.with_name(self.path.name + CORRUPT_SUFFIX))
        for suffix in ("-wal", "-shm"):  # a stale WAL must never be applied to the new file
            self.path.with_name(self.path.name + suffix).unlink(missing_ok=True)
        self._counters.add("corrupt_recoveries")

    def _failed(self, action: str, error: BaseException) -> None:
        """Count and remember a failure; after corruption, the next use recovers the file."""
        self._counters.add("errors")
        message = f"{action} {self.path}: {type(error).__name__}: {error}"
        if message != self._last_error:
            logger.warning("result cache: %s", message)
        self._last_error = message
        if (
            isinstance(error, sqlite3.DatabaseError)
            and _is_corruption(error)
            and self._connection is not None
        ):
            try:
                self._move_aside(error)
            except OSError as move_error:
                self._counters.add("errors")
                self._last_error = f"moving corrupt {self.path} aside: {move_error}"


def _is_corruption(error: sqlite3.DatabaseError) -> bool:
    if isinstance(error, CorruptDatabaseError):
        return True
    name = getattr(error, "sqlite_errorname", "")
    return name in CORRUPTION_ERRORS or (
        not isinstance(error, sqlite3.OperationalError) and "malformed" in str(error)
    )
