"""Scale-out: a real redis-server, `riptide serve` and two `riptide worker` processes on 127.0.0.1.

One worker is SIGKILLed (with its pool processes: the whole machine is lost) after it has started
work; the job still completes with every page stored exactly once, well within 60 s.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from tests.api.conftest import RIPTIDE, _free_port
from tests.cache.helpers import RedisServer
from tests.conftest import ROOT
from tests.fetch.conftest import LocalSite
from tests.jobs.cluster import Worker, cluster_environment, lose, running_workers, wait_until
from tests.jobs.site import PAGES, expected_urls, page_path

DONE_WITHIN_SECS = 60.0
#: How long Redis stops answering in the outage test.
REDIS_OUTAGE_SECS = 3.0


class Cluster:
    def __init__(self, base: str, workers: list[Worker]) -> None:
        self.base = base
        self.workers = workers

    def post(self, path: str, body: dict[str, Any]) -> httpx.Response:
        return httpx.post(self.base + path, json=body, timeout=30)

    def job(self, url: str) -> dict[str, Any]:
        body: dict[str, Any] = httpx.get(
            url if url.startswith("http") else self.base + url, timeout=30
        ).json()
        return body


@pytest.fixture(scope="module")
def cluster(
    redis: RedisServer, session_cache: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Cluster]:
    env = cluster_environment(redis, session_cache)
    port = _free_port()
    serve = subprocess.Popen(
        [str(RIPTIDE), "serve", "--port", str(port), "--log-level", "warning"], env=env, cwd=ROOT
    )
    base = f"http://127.0.0.1:{port}"

    def workers_ready() -> bool:
        try:
            metrics = httpx.get(base + "/metrics", timeout=2).text
        except httpx.HTTPError:
            return False
        return "riptide_job_workers 2.0" in metrics

    try:
        with running_workers(env, tmp_path_factory.mktemp("workers")) as workers:
            wait_until(workers_ready, 90, "riptide serve and two workers did not come up")
            yield Cluster(base, workers)
    finally:
        serve.terminate()
        serve.wait(timeout=30)


def _all_documents(cluster: Cluster, job: dict[str, Any]) -> list[dict[str, Any]]:
    documents = list(job["data"])
    while job["next"]:
        job = cluster.job(job["next"])
        documents += job["data"]
    return documents


def test_job_survives_a_sigkilled_worker_with_every_page_once(cluster: Cluster, slow_site: LocalSite) -> None:
    started = time.monotonic()
    created = cluster.post("/v1/crawl", {"url": slow_site.url("/")})
    assert created.status_code == 202, created.text
    job_url = created.json()["url"]
    _victim, victim_log = cluster.workers[0]
    wait_until(lambda: b"riptide.page" in victim_log.read_bytes(), 30, "the first worker received no page")
    wait_until(lambda: cluster.job(job_url)["completed"] >= 2, 30, "no pages were stored")
    lose(cluster.workers[0])
    wait_until(
        lambda: cluster.job(job_url)["status"] == "completed", DONE_WITHIN_SECS, "the job did not complete"
    )
    elapsed = time.monotonic() - started
    job = cluster.job(job_url)
    urls = [document["url"] for document in _all_documents(cluster, job)]
    assert sorted(urls) == sorted(expected_urls(slow_site, range(PAGES + 1)))  # 31 pages, each once
    assert (job["total"], job["completed"], job["failed"]) == (PAGES + 2, PAGES + 1, 1)
    assert [error["kind"] for error in job["errors"]] == ["robots-disallowed"]
    assert elapsed < DONE_WITHIN_SECS
    print(f"31 pages with a worker SIGKILLed mid-job: {elapsed:.1f} s")


def test_cancelling_stops_new_work(cluster: Cluster, slow_site: LocalSite) -> None:
    created = cluster.post("/v1/crawl", {"url": slow_site.url("/page-1"), "sitemap": "skip", "max_depth": 1})
    job_url = created.json()["url"]
    cancelled = httpx.delete(cluster.base + job_url, timeout=30)
    assert cancelled.json()["status"] == "cancelled"
    time.sleep(2)
    job = cluster.job(job_url)
    assert job["status"] == "cancelled" and job["completed"] == 0
    assert httpx.delete(cluster.base + "/v1/crawl/nope", timeout=30).status_code == 404


def test_map_finds_the_sitemap_and_the_links(cluster: Cluster, slow_site: LocalSite) -> None:
    found = cluster.post("/v1/map", {"url": slow_site.url("/"), "limit": 100})
    assert found.status_code == 200, found.text
    links = found.json()["links"]
    assert set(links) == expected_urls(slow_site, range(PAGES + 1)) | {slow_site.url("/old")}
    searched = cluster.post("/v1/map", {"url": slow_site.url("/"), "search": "PAGE-2"}).json()["links"]
    assert set(searched) == {slow_site.url(page_path(n)) for n in (2, *range(20, 30))}


def test_metrics_and_health_show_the_broker(cluster: Cluster) -> None:
    health = httpx.get(cluster.base + "/healthz", timeout=30).json()
    assert health["components"]["jobs"]["runner"]["backend"] == "celery"
    assert health["components"]["jobs"]["store"]["backend"] == "redis"
    metrics = httpx.get(cluster.base + "/metrics", timeout=30).text
    assert 'riptide_jobs{status="completed"} 1.0' in metrics
    assert "riptide_job_pages_total 31.0" in metrics and "riptide_job_queue_depth" in metrics


def test_job_survives_a_short_redis_outage(
    cluster: Cluster, slow_site: LocalSite, redis: RedisServer
) -> None:
    """Redis stops answering for a few seconds mid-job and comes back: every page is stored once.

    SIGSTOP is a stalled or partitioned server that keeps its data; workers and the API reconnect.
    Runs last: the metrics test above counts one completed job.
    """
    created = cluster.post("/v1/crawl", {"url": slow_site.url("/"), "sitemap": "skip"})
    assert created.status_code == 202, created.text
    job_url = created.json()["url"]
    wait_until(lambda: cluster.job(job_url)["completed"] >= 2, 30, "no pages were stored")
    os.kill(redis.pid, signal.SIGSTOP)
    try:
        time.sleep(REDIS_OUTAGE_SECS)
    finally:
        os.kill(redis.pid, signal.SIGCONT)
    wait_until(
        lambda: cluster.job(job_url)["status"] == "completed", DONE_WITHIN_SECS, "the job did not complete"
    )
    job = cluster.job(job_url)
    urls = [document["url"] for document in _all_documents(cluster, job)]
    assert sorted(urls) == sorted(expected_urls(slow_site, range(PAGES + 1)))  # 31 pages, each once
    assert job["completed"] == PAGES + 1
