"""The embedded runner: with no broker, the process that creates jobs runs their pages itself,
on ``RIPTIDE_JOBS_EMBEDDED_WORKERS`` asyncio workers over one FIFO queue (so the frontier is
crawled breadth-first). State is in the job store (SQLite), so ``start`` resumes the unfinished
jobs a previous process left: every admitted URL not finished yet is queued again.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from .model import PageTask
from .store import JobStore
from .task import PageContext, run_page

logger = logging.getLogger(__name__)

#: Tries of a page whose task failed outside the page (the job store, a bug) before it is left
#: for the next start to resume.
MAX_TASK_ATTEMPTS = 3
RETRY_DELAY_SECS = 1.0


class EmbeddedRunner:
    name = "embedded"

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._queue: asyncio.Queue[tuple[PageTask, int]] = asyncio.Queue()
        self._tasks: list[asyncio.Task[None]] = []
        self._context: PageContext | None = None
        self.pages_run = 0

    async def start(self, context: PageContext, *, resume: bool = True) -> None:
        self._context = context
        self._tasks = [asyncio.create_task(self._work()) for _ in range(self.workers)]
        if resume:
            await self._resume(context.store)

    async def _resume(self, store: JobStore) -> None:
        for job_id in await store.unfinished_jobs():
            pending = await store.pending(job_id)
            if pending:
                logger.info("resuming crawl job %s: %d pages", job_id, len(pending))
                await self.dispatch(pending)

    async def dispatch(self, tasks: list[PageTask]) -> None:
        for task in tasks:
            self._queue.put_nowait((task, 1))

    async def join(self) -> None:
        """Until every queued page (and every page those queued) has run."""
        await self._queue.join()

    async def _work(self) -> None:
        assert self._context is not None
        while True:
            task, attempt = await self._queue.get()
            try:
                await run_page(self._context, task)
                self.pages_run += 1
            except Exception as error:  # the store or a bug; the page stays pending in the store
                if attempt < MAX_TASK_ATTEMPTS:
                    logger.warning("page %s of job %s failed (%s); retrying", task.url, task.job_id, error)
                    await asyncio.sleep(RETRY_DELAY_SECS * attempt)
                    self._queue.put_nowait((task, attempt + 1))  # before task_done: join() keeps waiting
                else:
                    logger.error("page %s of job %s failed %d times: %s; it resumes at the next start",
                                 task.url, task.job_id, attempt, error)  # fmt: skip
            finally:
                self._queue.task_done()

    async def queue_depth(self) -> int:
        return self._queue.qsize()

    async def worker_count(self) -> int:
        return self.workers

    async def health(self) -> dict[str, Any]:
        return {"status": "healthy", "backend": self.name, "workers": self.workers, "error": None}

    async def aclose(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
