"""`riptide crawl --follow`, `riptide crawl -i` and `riptide map` as a shell user runs them."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from tests.api.conftest import RIPTIDE
from tests.fetch.conftest import LocalSite
from tests.jobs.site import PAGES, expected_urls


def riptide(session_cache: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "RIPTIDE_WASM_CACHE_DIR": str(session_cache),
        "RIPTIDE_FETCH_ALLOW_LOOPBACK": "true",
        "RIPTIDE_FETCH_PER_HOST_RATE": "1000",
        "RIPTIDE_WASM_INITIAL_POOL_SIZE": "1",
    }
    env.pop("RIPTIDE_REDIS_URL", None)
    return subprocess.run(
        [str(RIPTIDE), *args], input=stdin, capture_output=True, text=True, env=env, timeout=120
    )


def test_crawl_follow_writes_a_line_per_page(session_cache: Path, crawl_site: LocalSite) -> None:
    done = riptide(session_cache, "crawl", crawl_site.url("/"), "--follow", "--max-depth", "1", "--progress")
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    pages = [line["url"] for line in lines if line.get("document")]
    assert sorted(pages) == sorted(expected_urls(crawl_site, range(PAGES + 1)))  # the sitemap lists all
    assert [line["error"]["type"] for line in lines if line.get("error")] == ["robots-disallowed"]
    assert "crawling" in done.stderr


def test_crawl_follow_include_and_limit(session_cache: Path, crawl_site: LocalSite) -> None:
    args = ["crawl", crawl_site.url("/"), "--follow", "--include", "^/page-2", "--limit", "4"]
    done = riptide(session_cache, *args)
    assert done.returncode == 0, done.stderr
    pages = [json.loads(line)["url"] for line in done.stdout.splitlines()]
    assert len(pages) == 4 and all(url == crawl_site.url("/") or "/page-2" in url for url in pages)
    bad = riptide(session_cache, "crawl", crawl_site.url("/"), "--follow", "--include", "(")
    assert bad.returncode == 2 and "not a regex" in bad.stderr


def test_crawl_reads_urls_from_stdin(session_cache: Path, crawl_site: LocalSite) -> None:
    listing = f"# pages\n{crawl_site.url('/page-1')}\n\n{crawl_site.url('/page-2')}\n"
    done = riptide(session_cache, "crawl", "-i", "-", "--no-cache", stdin=listing)
    assert done.returncode == 0, done.stderr
    titles = sorted(json.loads(line)["document"]["title"] for line in done.stdout.splitlines())
    assert titles == ["Page 1", "Page 2"]
    assert riptide(session_cache, "crawl").returncode == 2


def test_map_prints_the_sites_urls(session_cache: Path, crawl_site: LocalSite) -> None:
    done = riptide(session_cache, "map", crawl_site.url("/"), "--search", "page-1")
    assert done.returncode == 0, done.stderr
    assert set(done.stdout.split()) == expected_urls(crawl_site, [1, *range(10, 20)])


def test_worker_without_redis_explains_what_it_needs(session_cache: Path) -> None:
    done = riptide(session_cache, "worker")
    assert done.returncode == 4 and "RIPTIDE_REDIS_URL" in done.stderr
