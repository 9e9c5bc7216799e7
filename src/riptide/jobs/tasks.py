"""Celery tasks of crawl jobs: ``riptide.page`` runs ``task.run_page`` in a worker process."""

from __future__ import annotations

from typing import Any

from ..errors import FetchError
from .celery_app import app, resources
from .model import PageTask
from .task import PageContext, run_page


def _page(self: Any, job_id: str, url: str, depth: int) -> None:
    """One page of a crawl job; a transient fetch error is retried with backoff (``max_retries``)."""
    from .celery_runner import CeleryRunner

    worker = resources()
    context = PageContext(worker.store, worker.crawler, CeleryRunner.publish, worker.webhooks)
    final = self.request.retries >= self.max_retries
    worker.run(run_page(context, PageTask(job_id, url, depth), final_attempt=final))


page = app.task(
    name="riptide.page", bind=True, autoretry_for=(FetchError,), retry_backoff=True, retry_jitter=True
)(_page)
