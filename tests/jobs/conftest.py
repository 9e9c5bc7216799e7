"""Crawl-job fixtures: the generated 31-page site (``site.py``) and an embedded job runner."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.fetch.conftest import LocalSite
from tests.jobs.cluster import redis, slow_site  # noqa: F401 (fixtures of the distributed tests)
from tests.jobs.site import serve_site

from riptide import Extractor
from riptide.config import Settings
from riptide.crawler import Crawler
from riptide.fetch.client import Fetcher
from riptide.jobs import JobSpec, JobView
from riptide.jobs.embedded import EmbeddedRunner
from riptide.jobs.service import Jobs
from riptide.jobs.sqlite_store import SqliteJobStore
from riptide.jobs.task import PageContext
from riptide.jobs.webhook import Webhooks

#: A job must end well within this (the whole site takes a few seconds).
JOB_TIMEOUT_SECS = 60.0


def job_settings(make_settings: Callable[..., Settings], **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "fetch_allow_loopback": True,
        "fetch_per_host_rate": 1000,
        "fetch_rate_jitter": 0,
        "fetch_per_host_concurrency": 8,
        "fetch_timeout_secs": 10,
        "fetch_retry_backoff_secs": 0.05,
    }
    values.update(overrides)
    return make_settings(**values)


@pytest.fixture
def crawl_site() -> Iterator[LocalSite]:
    site = serve_site(LocalSite())
    yield site
    site.close()


async def collect(jobs: Jobs, job_id: str) -> JobView:
    """Wait for the job to finish; its view with every document (all pages of results)."""
    deadline = time.monotonic() + JOB_TIMEOUT_SECS
    while not (await jobs.view(job_id)).status.finished:
        assert time.monotonic() < deadline, f"job {job_id} did not finish in {JOB_TIMEOUT_SECS} s"
        await asyncio.sleep(0.05)
    view = await jobs.view(job_id)
    while view.next_offset is not None:
        more = await jobs.view(job_id, view.next_offset)
        view.data += more.data
        view.next_offset = more.next_offset
    return view


class EmbeddedJobs:
    """An embedded runner with a fresh SQLite store, over the session's sandbox."""

    def __init__(self, settings: Settings, extractor: Extractor, db: Path) -> None:
        self.settings = settings
        self.extractor = extractor
        self.db = db

    async def run(self, spec: JobSpec, *, until: Callable[[Jobs, str], Any] | None = None) -> JobView:
        """Create the job, wait for it to end (``until`` runs meanwhile) and return it whole."""
        async with self.open() as jobs:
            job_id = await jobs.create(spec)
            if until is not None:
                await until(jobs, job_id)
            return await collect(jobs, job_id)

    def open(self) -> Any:
        from contextlib import asynccontextmanager

        @asynccontextmanager
        async def opened() -> Any:
            fetcher = Fetcher(self.settings)
            store = SqliteJobStore(self.db)
            runner = EmbeddedRunner(self.settings.jobs_embedded_workers)
            jobs = Jobs(self.settings, store, runner, Webhooks(self.settings))
            await runner.start(
                PageContext(store, Crawler(self.extractor, fetcher, None), runner.dispatch, jobs.webhooks)
            )
            try:
                yield jobs
            finally:
                await jobs.aclose()
                await fetcher.aclose()

        return opened()


@pytest.fixture
def embedded(make_settings: Callable[..., Settings], extractor: Extractor, tmp_path: Path) -> EmbeddedJobs:
    return EmbeddedJobs(job_settings(make_settings), extractor, tmp_path / "jobs.sqlite3")
