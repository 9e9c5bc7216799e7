"""Where crawl jobs live: the interface both stores implement, and choosing one.

SQLite (``sqlite_store``, the embedded default: one file beside the result cache) and Redis
(``redis_store``, with ``RIPTIDE_REDIS_URL``: shared by the API and every worker). Both give the
guarantees the task function relies on, each atomically in one transaction or Lua script:

- ``admit``: a URL enters a job's frontier at most once (SQLite PRIMARY KEY / Redis HSETNX in a
  script), and never beyond the job's ``limit``: two workers never both dispatch a URL;
- ``finish``: a frontier URL is finished at most once, and a document is stored at most once per
  (job, frontier key of its own URL): a redelivered page never adds a second copy;
- ``transition``: a status changes only from the states given (cancel never becomes complete).

Store failures raise ``JobStoreError``.
"""

from __future__ import annotations

from typing import Any, Protocol

from ..config import Settings
from .model import Admission, JobCounts, JobSpec, JobStatus, PageOutcome, PageTask


class JobStore(Protocol):
    #: "sqlite" or "redis".
    name: str

    async def create(self, job_id: str, spec: JobSpec) -> None: ...

    async def spec(self, job_id: str) -> JobSpec | None:
        """The job's request, or None for an unknown job."""
        ...

    async def status(self, job_id: str) -> JobStatus | None: ...

    async def transition(self, job_id: str, to: JobStatus, allowed_from: tuple[JobStatus, ...]) -> bool:
        """Set the status if it is one of ``allowed_from``; whether it changed."""
        ...

    async def admit(self, job_id: str, url: str, depth: int, owner: str | None, limit: int) -> Admission:
        """Add ``url`` (at ``depth``, found by ``owner``, a frontier key) to the frontier."""
        ...

    async def finish(self, job_id: str, outcome: PageOutcome) -> str | None:
        """Record how a frontier URL ended: the count it went to ("completed", "failed", or
        "aliases" when its document was already stored), or None (nothing changed) if it had."""
        ...

    async def is_done(self, job_id: str, url: str) -> bool:
        """Whether ``url``'s frontier entry is finished (a redelivered task then does nothing)."""
        ...

    async def note_error(self, job_id: str, error: dict[str, Any]) -> None:
        """Add a problem that is no frontier URL's (a sitemap that could not be read), once per URL."""
        ...

    async def counts(self, job_id: str) -> JobCounts: ...

    async def documents(self, job_id: str, offset: int, count: int) -> list[dict[str, Any]]:
        """Stored documents in the order they were stored."""
        ...

    async def errors(self, job_id: str) -> list[dict[str, Any]]: ...

    async def pending(self, job_id: str) -> list[PageTask]:
        """Admitted URLs not finished yet (to resume a job after a restart)."""
        ...

    async def unfinished_jobs(self) -> list[str]:
        """Jobs queued or running."""
        ...

    async def jobs_by_status(self) -> dict[str, int]: ...

    async def pages_stored(self) -> int:
        """Documents stored by every job so far (a counter: its rate is pages/s)."""
        ...

    async def health(self) -> dict[str, Any]: ...

    async def aclose(self) -> None: ...


def open_job_store(settings: Settings) -> JobStore:
    """Redis at ``RIPTIDE_REDIS_URL`` when set, else SQLite at ``settings.jobs_db``."""
    if settings.redis_url:
        from .redis_store import RedisJobStore

        return RedisJobStore(settings.redis_url)
    from .sqlite_store import SqliteJobStore

    return SqliteJobStore(settings.jobs_db)
