"""The embedded job store: one SQLite file (WAL), statements on one dedicated thread.

Atomicity comes from SQLite itself: ``admit`` and ``finish`` each run in one ``BEGIN
IMMEDIATE`` transaction, dedup is a PRIMARY KEY / UNIQUE constraint, so processes sharing the
file (the service and a CLI) cannot both admit or store a URL.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from ..discovery import frontier_key
from ..errors import JobStoreError
from .model import Admission, JobCounts, JobSpec, JobStatus, PageOutcome, PageTask

BUSY_TIMEOUT_SECS = 10.0

SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY, spec TEXT NOT NULL, status TEXT NOT NULL,
    created_at REAL NOT NULL, updated_at REAL NOT NULL,
    admitted INTEGER NOT NULL DEFAULT 0, done INTEGER NOT NULL DEFAULT 0,
    completed INTEGER NOT NULL DEFAULT 0, failed INTEGER NOT NULL DEFAULT 0,
    aliases INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS frontier (
    job TEXT NOT NULL, key TEXT NOT NULL, url TEXT NOT NULL, depth INTEGER NOT NULL,
    owner TEXT, done INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (job, key)
);
CREATE INDEX IF NOT EXISTS frontier_pending ON frontier (job, done);
CREATE TABLE IF NOT EXISTS documents (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, job TEXT NOT NULL, key TEXT NOT NULL,
    payload TEXT NOT NULL, UNIQUE (job, key)
);
CREATE TABLE IF NOT EXISTS failures (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, job TEXT NOT NULL, key TEXT NOT NULL,
    payload TEXT NOT NULL, UNIQUE (job, key)
);
"""

T = TypeVar("T")


class SqliteJobStore:
    """``JobStore`` over a SQLite file (see the module docstring)."""

    name = "sqlite"

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="riptide-jobs-sqlite")
        self._connection: sqlite3.Connection | None = None  # touched on the worker thread only

    # -- plumbing -----------------------------------------------------------------------------------
    async def _run(self, work: Callable[[sqlite3.Connection], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._executor, self._call, work)

    def _call(self, work: Callable[[sqlite3.Connection], T]) -> T:
        try:
            return work(self._open())
        except (sqlite3.Error, OSError) as error:
            raise JobStoreError(f"the job store {self.path} failed: {error}") from None

    def _open(self) -> sqlite3.Connection:
        if self._connection is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECS, isolation_level=None)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.executescript(SCHEMA)
            self._connection = connection
        return self._connection

    @staticmethod
    @contextmanager
    def _transaction(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    # -- JobStore -----------------------------------------------------------------------------------
    async def create(self, job_id: str, spec: JobSpec) -> None:
        now = time.time()
        await self._run(
            lambda db: db.execute(
                "INSERT INTO jobs (id, spec, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                (job_id, spec.to_json(), JobStatus.QUEUED.value, now, now),
            )
        )

    async def spec(self, job_id: str) -> JobSpec | None:
        row = await self._run(
            lambda db: db.execute("SELECT spec FROM jobs WHERE id = ?", (job_id,)).fetchone()
        )
        return JobSpec.from_json(row[0]) if row else None

    async def status(self, job_id: str) -> JobStatus | None:
        row = await self._run(
            lambda db: db.execute("SELECT status FROM jobs WHERE id = ?", (job_id,)).fetchone()
        )
        return JobStatus(row[0]) if row else None

    async def transition(self, job_id: str, to: JobStatus, allowed_from: tuple[JobStatus, ...]) -> bool:
        marks = ",".join("?" for _ in allowed_from)

        def change(db: sqlite3.Connection) -> bool:
            cursor = db.execute(
                f"UPDATE jobs SET status = ?, updated_at = ? WHERE id = ? AND status IN ({marks})",
                (to.value, time.time(), job_id, *(state.value for state in allowed_from)),
            )
            return cursor.rowcount > 0

        return await self._run(change)

    async def admit(self, job_id: str, url: str, depth: int, owner: str | None, limit: int) -> Admission:
        key = frontier_key(url)

        def admit(db: sqlite3.Connection) -> Admission:
            with self._transaction(db):
                row = db.execute(
                    "SELECT owner FROM frontier WHERE job = ? AND key = ?", (job_id, key)
                ).fetchone()
                if row is not None:
                    return Admission(new=False, owner=row[0])
                (admitted,) = db.execute("SELECT admitted FROM jobs WHERE id = ?", (job_id,)).fetchone()
                if admitted >= limit:
                    return Admission(new=False, owner=None, full=True)
                db.execute(
                    "INSERT INTO frontier (job, key, url, depth, owner) VALUES (?, ?, ?, ?, ?)",
                    (job_id, key, url, depth, owner),
                )
                db.execute("UPDATE jobs SET admitted = admitted + 1 WHERE id = ?", (job_id,))
                return Admission(new=True, owner=owner)

        return await self._run(admit)

    async def finish(self, job_id: str, outcome: PageOutcome) -> str | None:
        key = frontier_key(outcome.url)

        def finish(db: sqlite3.Connection) -> str | None:
            with self._transaction(db):
                marked = db.execute(
                    "UPDATE frontier SET done = 1 WHERE job = ? AND key = ? AND done = 0", (job_id, key)
                )
                if marked.rowcount == 0:
                    return None
                column = "aliases"
                if outcome.document is not None:
                    stored = db.execute(
                        "INSERT OR IGNORE INTO documents (job, key, payload) VALUES (?, ?, ?)",
                        (job_id, outcome.key, json.dumps(outcome.document)),
                    )
                    column = "completed" if stored.rowcount else "aliases"
                elif outcome.error is not None:
                    db.execute(
                        "INSERT OR IGNORE INTO failures (job, key, payload) VALUES (?, ?, ?)",
                        (job_id, key, json.dumps(outcome.error)),
                    )
                    column = "failed"
                db.execute(
                    f"UPDATE jobs SET done = done + 1, {column} = {column} + 1, updated_at = ? WHERE id = ?",
                    (time.time(), job_id),
                )
                return column

        return await self._run(finish)

    async def is_done(self, job_id: str, url: str) -> bool:
        key = frontier_key(url)
        row = await self._run(
            lambda db: db.execute(
                "SELECT done FROM frontier WHERE job = ? AND key = ?", (job_id, key)
            ).fetchone()
        )
        return bool(row and row[0])

    async def note_error(self, job_id: str, error: dict[str, Any]) -> None:
        await self._run(
            lambda db: db.execute(
                "INSERT OR IGNORE INTO failures (job, key, payload) VALUES (?, ?, ?)",
                (job_id, "note:" + str(error.get("url", "")), json.dumps(error)),
            )
        )

    async def counts(self, job_id: str) -> JobCounts:
        row = await self._run(
            lambda db: db.execute(
                "SELECT admitted, done, completed, failed, aliases FROM jobs WHERE id = ?", (job_id,)
            ).fetchone()
        )
        return JobCounts(*row) if row else JobCounts()

    async def documents(self, job_id: str, offset: int, count: int) -> list[dict[str, Any]]:
        rows = await self._run(
            lambda db: db.execute(
                "SELECT payload FROM documents WHERE job = ? ORDER BY seq LIMIT ? OFFSET ?",
                (job_id, count, offset),
            ).fetchall()
        )
        return [json.loads(payload) for (payload,) in rows]

    async def errors(self, job_id: str) -> list[dict[str, Any]]:
        rows = await self._run(
            lambda db: db.execute(
                "SELECT payload FROM failures WHERE job = ? ORDER BY seq", (job_id,)
            ).fetchall()
        )
        return [json.loads(payload) for (payload,) in rows]

    async def pending(self, job_id: str) -> list[PageTask]:
        rows = await self._run(
            lambda db: db.execute(
                "SELECT url, depth FROM frontier WHERE job = ? AND done = 0 ORDER BY rowid", (job_id,)
            ).fetchall()
        )
        return [PageTask(job_id, url, depth) for url, depth in rows]

    async def unfinished_jobs(self) -> list[str]:
        rows = await self._run(
            lambda db: db.execute(
                "SELECT id FROM jobs WHERE status IN (?, ?) ORDER BY created_at",
                (JobStatus.QUEUED.value, JobStatus.RUNNING.value),
            ).fetchall()
        )
        return [job_id for (job_id,) in rows]

    async def jobs_by_status(self) -> dict[str, int]:
        rows = await self._run(
            lambda db: db.execute("SELECT status, COUNT(*) FROM jobs GROUP BY status").fetchall()
        )
        return {status: count for status, count in rows}

    async def pages_stored(self) -> int:
        (count,) = await self._run(lambda db: db.execute("SELECT COUNT(*) FROM documents").fetchone())
        return int(count)

    async def health(self) -> dict[str, Any]:
        try:
            await self._run(lambda db: db.execute("SELECT 1").fetchone())
        except JobStoreError as error:
            return {
                "status": "unhealthy",
                "backend": self.name,
                "path": str(self.path),
                "error": error.message,
            }
        return {"status": "healthy", "backend": self.name, "path": str(self.path), "error": None}

    async def aclose(self) -> None:
        def close(_: object = None) -> None:
            if self._connection is not None:
                self._connection.close()
                self._connection = None

        await asyncio.get_running_loop().run_in_executor(self._executor, close)
        self._executor.shutdown(wait=True)
