"""The Celery app of RipTide's workers: configuration, task modules and per-process resources.

One app for every distributed task. Task modules are listed in ``TASK_MODULES`` (imported by
each worker) and register their tasks on ``app`` with ``@app.task(name="riptide.…")``; to add
one, write ``riptide/<package>/tasks.py`` that way, add its module path to ``TASK_MODULES`` and
route its queue in ``QUEUES`` (``riptide worker`` consumes every queue listed there).

Celery's own mechanisms carry the guarantees (configured in ``configure``):

- ``task_acks_late`` + ``task_reject_on_worker_lost``: a message is acknowledged only after its
  task ran, and a task whose worker process died is requeued;
- the Redis transport's ``visibility_timeout`` (``RIPTIDE_JOBS_VISIBILITY_TIMEOUT_SECS``): a
  message not acknowledged in time — its whole worker was lost — is delivered again, looked for
  every ``RIPTIDE_JOBS_RESTORE_INTERVAL_SECS``;
- ``worker_prefetch_multiplier=1``: a worker holds one message per process, so losing it
  delays little work;
- per-task ``rate_limit``, ``max_retries`` and ``retry_backoff_max`` from the settings, through
  ``task_annotations``;
- ``worker_process_init``: each worker process builds its ``WorkerResources`` (a warm sandbox
  pool, a fetcher, the job store, an event loop) once, and every task in it reuses them.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import threading
from dataclasses import dataclass
from typing import Any

from celery import Celery, signals

from ..config import Settings, load_settings
from ..crawler import Crawler
from ..extractor import Extractor
from ..fetch.client import Fetcher
from .store import JobStore, open_job_store
from .webhook import Webhooks

logger = logging.getLogger(__name__)

#: Modules whose tasks every worker registers.
TASK_MODULES = ["riptide.jobs.tasks", "riptide.batch.tasks"]
#: The queue of crawl-job pages (a task module with its own queue adds it here).
PAGE_QUEUE = "riptide.pages"
#: The queue of ``riptide batch --distributed`` chunks.
BATCH_QUEUE = "riptide.batch"
QUEUES = [PAGE_QUEUE, BATCH_QUEUE]
#: Heartbeat keys of live workers (``riptide:workers:<node>``), counted for ``/metrics``.
WORKER_KEY_PREFIX = "riptide:workers:"
HEARTBEAT_SECS = 10
HEARTBEAT_TTL_SECS = 30

app = Celery("riptide")


def configure(settings: Settings) -> Celery:
    """Point ``app`` at ``RIPTIDE_REDIS_URL`` with the delivery guarantees above; idempotent."""
    app.conf.update(
        broker_url=settings.redis_url,
        broker_connection_retry_on_startup=True,
        broker_transport_options={
            "visibility_timeout": settings.jobs_visibility_timeout_secs,
            "unacked_restore_interval": settings.jobs_restore_interval_secs,
            "unacked_restore_throttle": 1,
        },
        include=TASK_MODULES,
        task_default_queue=PAGE_QUEUE,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_ignore_result=True,
        task_serializer="json",
        accept_content=["json"],
        worker_prefetch_multiplier=1,
        worker_hijack_root_logger=False,
        task_annotations={
            "riptide.page": {
                "rate_limit": settings.jobs_task_rate_limit,
                "max_retries": settings.jobs_task_max_retries,
                "retry_backoff_max": settings.jobs_retry_backoff_max_secs,
            }
        },
    )
    return app


@dataclass
class WorkerResources:
    """What one worker process keeps across tasks; ``run`` runs a coroutine on its loop."""

    settings: Settings
    loop: asyncio.AbstractEventLoop
    extractor: Extractor
    fetcher: Fetcher
    store: JobStore
    crawler: Crawler
    webhooks: Webhooks

    @classmethod
    def build(cls, settings: Settings) -> WorkerResources:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        extractor = Extractor(settings)
        fetcher = Fetcher(settings)
        crawler = Crawler(extractor, fetcher, None)
        return cls(settings, loop, extractor, fetcher, open_job_store(settings), crawler, Webhooks(settings))

    def run(self, coroutine: Any) -> Any:
        return self.loop.run_until_complete(coroutine)

    def close(self) -> None:
        self.run(self.fetcher.aclose())
        self.run(self.webhooks.aclose())
        self.run(self.store.aclose())
        self.extractor.close()
        self.loop.close()


_resources: WorkerResources | None = None


def resources() -> WorkerResources:
    """This process's ``WorkerResources`` (built on first use outside a prefork child)."""
    global _resources
    if _resources is None:
        _resources = WorkerResources.build(load_settings())
    return _resources


def _warm_up(**_: Any) -> None:
    """Each pool process starts its sandbox pool before its first task."""
    resources()


def _close(**_: Any) -> None:
    global _resources
    if _resources is not None:
        _resources.close()
        _resources = None


# -- worker heartbeats (for the worker count in /metrics) ----------------------------------------------
def node_name() -> str:
    return f"riptide-{os.getpid()}@{socket.gethostname()}"


def _start_heartbeat(sender: Any = None, **_: Any) -> None:
    import redis

    url = app.conf.broker_url
    key = WORKER_KEY_PREFIX + (getattr(sender, "hostname", None) or node_name())

    def beat() -> None:
        client = redis.Redis.from_url(url, socket_timeout=5)
        while True:
            try:
                client.set(key, "1", ex=HEARTBEAT_TTL_SECS)
            except redis.RedisError as error:
                logger.warning("worker heartbeat failed: %s", error)
            threading.Event().wait(HEARTBEAT_SECS)

    threading.Thread(target=beat, name="riptide-heartbeat", daemon=True).start()


signals.worker_process_init.connect(_warm_up)
signals.worker_process_shutdown.connect(_close)
signals.worker_ready.connect(_start_heartbeat)
