"""`riptide crawl` as a shell user runs it, against the real local fixture site."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.api.conftest import Site

RIPTIDE = Path(sys.executable).parent / "riptide"


def crawl(session_cache: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "RIPTIDE_WASM_CACHE_DIR": str(session_cache),
        "RIPTIDE_FETCH_ALLOW_LOOPBACK": "true",
        "RIPTIDE_FETCH_PER_HOST_RATE": "200",
        "RIPTIDE_WASM_INITIAL_POOL_SIZE": "1",
    }
    return subprocess.run(
        [str(RIPTIDE), "crawl", *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_ndjson_output_has_a_line_per_url(session_cache: Path, site: Site) -> None:
    urls = [site.url("/news"), site.url("/missing")]
    done = crawl(session_cache, *urls, "--no-cache")
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert sorted(line["url"] for line in lines) == sorted(urls)
    by_url = {line["url"]: line for line in lines}
    assert by_url[site.url("/news")]["document"]["title"] == "Harbour Tunnel Reopens After Two-Year Refit"
    assert by_url[site.url("/missing")]["error"]["type"] == "http-status"


def test_json_output_keeps_input_order_and_progress_goes_to_stderr(session_cache: Path, site: Site) -> None:
    urls = [site.url("/blog"), site.url("/docs"), site.url("/news")]
    done = crawl(session_cache, *urls, "--format", "json", "--progress", "--no-cache")
    assert done.returncode == 0, done.stderr
    assert [item["url"] for item in json.loads(done.stdout)] == urls
    assert "crawling" in done.stderr


def test_every_url_failing_exits_3(session_cache: Path, site: Site) -> None:
    done = crawl(session_cache, site.url("/missing"), "ftp://example.com/file")
    assert done.returncode == 3
    assert all(json.loads(line)["error"] for line in done.stdout.splitlines())


def test_loopback_is_refused_by_default(session_cache: Path, site: Site) -> None:
    env = {**os.environ, "RIPTIDE_WASM_CACHE_DIR": str(session_cache)}
    env.pop("RIPTIDE_FETCH_ALLOW_LOOPBACK", None)
    done = subprocess.run(
        [str(RIPTIDE), "crawl", site.url("/news"), "--no-cache"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 3 and json.loads(done.stdout)["error"]["type"] == "blocked-address"


def test_max_pages_merges_a_multi_page_article(session_cache: Path, site: Site) -> None:
    done = crawl(session_cache, site.url("/story"), "--max-pages", "3", "--no-cache")
    assert done.returncode == 0, done.stderr
    (line,) = [json.loads(text) for text in done.stdout.splitlines()]
    assert len(line["document"]["pages"]) == 3 and "Breakthrough came" in line["document"]["text"]
    wrong_mode = crawl(session_cache, site.url("/story"), "--max-pages", "3", "--mode", "full")
    assert wrong_mode.returncode == 2 and "--max-pages applies to --mode article only" in wrong_mode.stderr
