"""A real broker and real workers for the distributed tests (crawl jobs and ``riptide batch
--distributed``): a redis-server from ``scripts/redis-for-tests`` and ``riptide worker`` processes
on 127.0.0.1, each in a process group of its own so that a test can lose a whole machine."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import redis as redis_client
from tests.api.conftest import RIPTIDE
from tests.cache.helpers import RedisServer, start_redis, stop_redis
from tests.conftest import ROOT
from tests.fetch.conftest import LocalSite
from tests.jobs.site import serve_site

from riptide.jobs.celery_app import WORKER_KEY_PREFIX

#: Page delay of ``slow_site``: keeps pages in flight long enough to lose a worker in the middle.
PAGE_DELAY_SECS = 0.25
#: Workers start in a few seconds (the AOT cache is the session's); a loaded machine is slower.
WORKERS_UP_WITHIN_SECS = 90


@pytest.fixture(scope="module")
def redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """A redis-server of the module's own (a test may stall it or lose its workers)."""
    server = start_redis(tmp_path_factory.mktemp("redis-jobs") / "redis.env")
    yield server
    stop_redis(server)


@pytest.fixture(scope="module")
def slow_site() -> Iterator[LocalSite]:
    """The crawl-job test site (``site.py``), answering each page after ``PAGE_DELAY_SECS``."""
    site = serve_site(LocalSite(), delay=PAGE_DELAY_SECS)
    yield site
    site.close()


def cluster_environment(redis: RedisServer, session_cache: Path) -> dict[str, str]:
    """Settings of every process of a test cluster: the broker, the session's AOT cache, fetching
    allowed on loopback at full speed, and a lost worker's tasks delivered again after 4 s."""
    return {
        **os.environ,
        "RIPTIDE_REDIS_URL": redis.url,
        "RIPTIDE_WASM_CACHE_DIR": str(session_cache),
        "RIPTIDE_WASM_INITIAL_POOL_SIZE": "1",
        "RIPTIDE_FETCH_ALLOW_LOOPBACK": "true",
        "RIPTIDE_FETCH_PER_HOST_RATE": "1000",
        "RIPTIDE_FETCH_RATE_JITTER": "0",
        "RIPTIDE_FETCH_PER_HOST_CONCURRENCY": "8",
        "RIPTIDE_JOBS_VISIBILITY_TIMEOUT_SECS": "4",
        "RIPTIDE_JOBS_RESTORE_INTERVAL_SECS": "1",
    }


def wait_until(check: Any, within: float, what: str) -> None:
    deadline = time.monotonic() + within
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} within {within} s", pytrace=False)
        time.sleep(0.1)


Worker = tuple[subprocess.Popen[bytes], Path]


@contextmanager
def running_workers(env: dict[str, str], logs: Path, count: int = 2) -> Iterator[list[Worker]]:
    """``count`` ``riptide worker --concurrency 1`` processes, each logging to ``logs/worker-N.log``;
    yielded once each has announced itself (its heartbeat key), stopped with SIGTERM afterwards."""
    workers: list[Worker] = []
    for number in range(1, count + 1):
        log = logs / f"worker-{number}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                [str(RIPTIDE), "worker", "--concurrency", "1"],
                env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        workers.append((process, log))
    broker = redis_client.Redis.from_url(env["RIPTIDE_REDIS_URL"])
    try:
        alive = lambda: len(list(broker.scan_iter(match=WORKER_KEY_PREFIX + "*"))) >= count  # noqa: E731
        wait_until(alive, WORKERS_UP_WITHIN_SECS, f"{count} riptide workers did not come up")
        yield workers
    finally:
        broker.close()
        for process, _log in workers:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=30)


def lose(worker: Worker) -> None:
    """SIGKILL the worker with its pool processes: a lost machine."""
    process, _log = worker
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
