"""Crawl jobs: one task function (``task.run_page``), two ways to run it.

- embedded (no broker): ``EmbeddedRunner``, an asyncio pool inside ``riptide serve`` or
  ``riptide crawl --follow``, with jobs in SQLite (``SqliteJobStore``);
- scale-out (``RIPTIDE_REDIS_URL``): Celery on Redis (``celery_app``, ``tasks``, ``riptide
  worker``), with jobs in Redis (``RedisJobStore``).

``open_jobs(settings, crawler)`` picks one; ``Jobs`` creates, shows and cancels jobs.
"""

from .model import JobCounts, JobSpec, JobStatus, JobView, PageTask
from .service import Jobs, open_jobs
from .store import JobStore, open_job_store

__all__ = [
    "JobCounts",
    "JobSpec",
    "JobStatus",
    "JobStore",
    "JobView",
    "Jobs",
    "PageTask",
    "open_job_store",
    "open_jobs",
]
