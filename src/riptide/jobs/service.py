"""Crawl jobs as the API and the CLI use them: create, look at, cancel; and the runner behind them.

``open_jobs(settings)`` picks the runner the way the issue asks: Celery when
``RIPTIDE_REDIS_URL`` is set (jobs then live in Redis and workers run them), else the embedded
pool of this process (jobs in SQLite). Creating a job admits its start URL and dispatches it;
``run_page`` does the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from ..config import Settings
from ..crawler import Crawler
from ..errors import RequestError
from .embedded import EmbeddedRunner
from .model import JobSpec, JobStatus, JobView, PageTask, new_job_id
from .store import JobStore, open_job_store
from .task import PageContext
from .webhook import Webhooks


class JobRunner(Protocol):
    name: str

    async def dispatch(self, tasks: list[PageTask]) -> None: ...

    async def queue_depth(self) -> int: ...

    async def worker_count(self) -> int: ...

    async def health(self) -> dict[str, Any]: ...

    async def aclose(self) -> None: ...


@dataclass
class Jobs:
    settings: Settings
    store: JobStore
    runner: JobRunner
    webhooks: Webhooks

    async def create(self, spec: JobSpec) -> str:
        """Store the job, admit its start URL and dispatch it; the job's id."""
        _ = spec.scope  # compiles include/exclude patterns: a bad regex is refused before anything is stored
        job_id = new_job_id()
        await self.store.create(job_id, spec)
        await self.store.admit(job_id, spec.url, 0, None, spec.limit)
        await self.runner.dispatch([PageTask(job_id, spec.url, 0)])
        return job_id

    async def view(self, job_id: str, offset: int = 0) -> JobView:
        spec, status = await self.store.spec(job_id), await self.store.status(job_id)
        if spec is None or status is None:
            raise RequestError("not-found", f"no crawl job {job_id!r}")
        size = self.settings.jobs_page_size
        counts = await self.store.counts(job_id)
        data = await self.store.documents(job_id, offset, size)
        more = offset + len(data) < counts.completed
        errors = await self.store.errors(job_id)
        return JobView(job_id, spec, status, counts, data, errors, offset + len(data) if more else None)

    async def cancel(self, job_id: str) -> JobStatus:
        """Cancel a queued or running job (its pages stop being worked on); its status afterwards."""
        unfinished = (JobStatus.QUEUED, JobStatus.RUNNING)
        if not await self.store.transition(job_id, JobStatus.CANCELLED, unfinished):
            status = await self.store.status(job_id)
            if status is None:
                raise RequestError("not-found", f"no crawl job {job_id!r}")
            return status
        return JobStatus.CANCELLED

    async def metrics(self) -> dict[str, Any]:
        return {
            "queue_depth": await self.runner.queue_depth(),
            "workers": await self.runner.worker_count(),
            "jobs_by_status": await self.store.jobs_by_status(),
            "pages_stored": await self.store.pages_stored(),
        }

    async def health(self) -> dict[str, Any]:
        broker = await self.runner.health()
        store = await self.store.health()
        status = "healthy" if broker["status"] == store["status"] == "healthy" else "unhealthy"
        return {"status": status, "runner": broker, "store": store}

    async def aclose(self) -> None:
        await self.runner.aclose()
        await self.webhooks.aclose()
        await self.store.aclose()


async def open_jobs(settings: Settings, crawler: Crawler | None, *, resume: bool = True) -> Jobs:
    """Jobs on Celery (``RIPTIDE_REDIS_URL``) or on an embedded pool running with ``crawler``."""
    store = open_job_store(settings)
    webhooks = Webhooks(settings)
    runner: JobRunner
    if settings.redis_url:
        from .celery_runner import CeleryRunner

        runner = CeleryRunner(settings)
    else:
        if crawler is None:
            raise ValueError("the embedded runner needs a crawler")
        embedded = EmbeddedRunner(settings.jobs_embedded_workers)
        await embedded.start(PageContext(store, crawler, embedded.dispatch, webhooks), resume=resume)
        runner = embedded
    return Jobs(settings, store, runner, webhooks)
