"""Crawl jobs on the embedded runner (no broker): the real sandbox, fetcher and SQLite store,
against the generated 31-page site on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json

from tests.fetch.conftest import LocalSite
from tests.jobs.conftest import EmbeddedJobs
from tests.jobs.site import EXTERNAL, PAGES, expected_urls, page_path

from riptide.jobs import JobSpec, JobStatus, JobView
from riptide.jobs.service import Jobs


def urls_of(view_data: list[dict[str, object]]) -> list[str]:
    return [str(document["url"]) for document in view_data]


def test_full_crawl_finds_every_page_once_and_honours_robots(
    embedded: EmbeddedJobs, crawl_site: LocalSite
) -> None:
    view = asyncio.run(embedded.run(JobSpec(crawl_site.url("/"))))
    found = urls_of(view.data)
    assert sorted(found) == sorted(expected_urls(crawl_site, range(PAGES + 1)))  # each once: /old is /page-3
    assert view.status is JobStatus.COMPLETED
    assert [(e["url"], e["kind"]) for e in view.errors] == [
        (crawl_site.url("/private/secret"), "robots-disallowed")
    ]
    assert (view.counts.total, view.counts.completed, view.counts.failed) == (PAGES + 2, PAGES + 1, 1)
    assert "/private/secret" not in crawl_site.paths() and EXTERNAL not in found
    assert crawl_site.paths().count("/old") == 1 and crawl_site.paths().count("/page-3") <= 2
    titles = {document["url"]: document["title"] for document in view.data}
    assert titles[crawl_site.url("/page-17")] == "Page 17" and titles[crawl_site.url("/")] == "Home"


def test_max_depth_is_a_hard_limit(embedded: EmbeddedJobs, crawl_site: LocalSite) -> None:
    view = asyncio.run(embedded.run(JobSpec(crawl_site.url("/"), max_depth=1, sitemap="skip")))
    assert set(urls_of(view.data)) == expected_urls(crawl_site, range(6))
    assert not any(path.startswith("/page-1") and len(path) > 7 for path in crawl_site.paths())
    zero = asyncio.run(embedded.run(JobSpec(crawl_site.url("/page-2"), max_depth=0)))
    assert urls_of(zero.data) == [crawl_site.url("/page-2")]


def test_limit_is_a_hard_limit(embedded: EmbeddedJobs, crawl_site: LocalSite) -> None:
    view = asyncio.run(embedded.run(JobSpec(crawl_site.url("/"), limit=7, sitemap="skip")))
    assert view.counts.admitted == 7 and len(view.data) + len(view.errors) <= 7
    fetched = {p for p in crawl_site.paths() if p.startswith("/page-") or p in ("/", "/old")}
    assert fetched == {"/", "/old", *(f"/page-{n}" for n in range(1, 6))}  # /page-3 also via /old


def test_include_and_exclude_paths(embedded: EmbeddedJobs, crawl_site: LocalSite) -> None:
    included = asyncio.run(embedded.run(JobSpec(crawl_site.url("/"), include_paths=("^/page-1",))))
    assert set(urls_of(included.data)) == expected_urls(crawl_site, [0, 1, *range(10, 20)])
    excluded = asyncio.run(
        embedded.run(
            JobSpec(crawl_site.url("/"), exclude_paths=("^/page-[12]$",), sitemap="skip", max_depth=2)
        )
    )
    assert set(urls_of(excluded.data)) == expected_urls(crawl_site, [0, 3, 4, 5, *range(16, 31)])


def test_sitemap_only_follows_no_links(embedded: EmbeddedJobs, crawl_site: LocalSite) -> None:
    view = asyncio.run(embedded.run(JobSpec(crawl_site.url("/page-7"), sitemap="only", limit=100)))
    assert set(urls_of(view.data)) == expected_urls(crawl_site, range(PAGES + 1))
    assert "/private/secret" not in crawl_site.paths() and "/old" not in crawl_site.paths()


def test_cancel_stops_new_work(embedded: EmbeddedJobs, crawl_site: LocalSite) -> None:
    for number in range(PAGES + 1):
        crawl_site.routes[page_path(number)].delay = 0.3

    async def cancel_after_first_page(jobs: Jobs, job_id: str) -> None:
        while (await jobs.store.counts(job_id)).completed < 1:
            await asyncio.sleep(0.02)
        assert await jobs.cancel(job_id) is JobStatus.CANCELLED

    view = asyncio.run(
        embedded.run(JobSpec(crawl_site.url("/"), sitemap="skip"), until=cancel_after_first_page)
    )
    assert view.status is JobStatus.CANCELLED
    fetched = len([p for p in crawl_site.paths() if p.startswith("/page-")])
    assert fetched <= embedded.settings.jobs_embedded_workers + 1 and len(view.data) < 8


def test_a_restarted_runner_resumes_unfinished_jobs(embedded: EmbeddedJobs, crawl_site: LocalSite) -> None:
    for number in range(PAGES + 1):
        crawl_site.routes[page_path(number)].delay = 0.1

    async def first_run() -> str:
        async with embedded.open() as jobs:
            job_id = await jobs.create(JobSpec(crawl_site.url("/"), sitemap="skip"))
            while (await jobs.store.counts(job_id)).completed < 3:
                await asyncio.sleep(0.02)
            return job_id  # the runner stops here with pages queued and in flight

    async def second_run(job_id: str) -> list[str]:
        from tests.jobs.conftest import collect

        async with embedded.open() as jobs:
            return urls_of((await collect(jobs, job_id)).data)

    job_id = asyncio.run(first_run())
    found = asyncio.run(second_run(job_id))
    assert sorted(found) == sorted(expected_urls(crawl_site, range(PAGES + 1)))


def test_a_stored_job_this_version_refuses_fails_at_its_start_and_is_not_resumed(
    embedded: EmbeddedJobs, crawl_site: LocalSite
) -> None:
    """A job stored when path patterns ran on Python's re may hold one RE2 refuses (a lookahead):
    its every page failed at every start, so it never ended and came back at each restart."""
    import sqlite3

    for number in range(PAGES + 1):
        crawl_site.routes[page_path(number)].delay = 0.1

    async def first_run() -> str:
        async with embedded.open() as jobs:
            job_id = await jobs.create(JobSpec(crawl_site.url("/"), sitemap="skip", include_paths=("/",)))
            while (await jobs.store.counts(job_id)).completed < 1:
                await asyncio.sleep(0.02)
            return job_id  # stopped with pages queued

    async def second_run(job_id: str) -> tuple[JobView, list[str]]:
        from tests.jobs.conftest import collect

        async with embedded.open() as jobs:
            view = await collect(jobs, job_id)
            return view, await jobs.store.unfinished_jobs()

    job_id = asyncio.run(first_run())
    with sqlite3.connect(embedded.db) as db:  # as a version before RE2 stored it
        (text,) = db.execute("SELECT spec FROM jobs WHERE id = ?", (job_id,)).fetchone()
        spec = json.loads(text)
        spec["include_paths"] = ["/(?=page)"]
        db.execute("UPDATE jobs SET spec = ? WHERE id = ?", (json.dumps(spec), job_id))
    view, unfinished = asyncio.run(second_run(job_id))
    assert view.status == JobStatus.FAILED
    assert unfinished == []
    refusal = [error for error in view.errors if error["kind"] == "invalid-request"]
    assert len(refusal) == 1 and "'/(?=page)' is not a regex RE2 can run" in refusal[0]["message"]
    assert refusal[0]["url"] == crawl_site.url("/")


def test_webhook_gets_each_page_and_the_end(embedded: EmbeddedJobs, crawl_site: LocalSite) -> None:
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    events: list[dict[str, object]] = []

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            events.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    receiver = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    hook = f"http://127.0.0.1:{receiver.server_address[1]}/hook"
    try:
        view = asyncio.run(
            embedded.run(JobSpec(crawl_site.url("/"), max_depth=1, sitemap="skip", webhook=hook))
        )
    finally:
        receiver.shutdown()
    pages = [event for event in events if event["type"] == "crawl.page"]
    assert len(pages) == len(view.data) + len(view.errors) == 7  # 6 pages, /private/secret's error
    assert events[-1] == {"type": "crawl.completed", "id": view.id, "total": 7, "completed": 6, "failed": 1}
