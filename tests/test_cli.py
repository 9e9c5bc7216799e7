"""The `riptide` command as a shell user runs it: real process, real sandbox, real local HTTP server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import PAGES, ROOT, local_site

RIPTIDE = Path(sys.executable).parent / "riptide"
ARTICLE = PAGES / "news_article.html"


@pytest.fixture(scope="module")
def run(session_cache: Path):  # type: ignore[no-untyped-def]
    env = {**os.environ, "RIPTIDE_WASM_CACHE_DIR": str(session_cache), "RIPTIDE_WASM_INITIAL_POOL_SIZE": "1"}

    def invoke(*args: str, stdin: bytes | None = None, **extra_env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(RIPTIDE), *args],
            input=stdin.decode("utf-8", "replace") if stdin is not None else None,
            capture_output=True,
            text=True,
            env={**env, **extra_env},
            timeout=120,
            cwd=ROOT,
        )

    return invoke


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    routes = {
        "/story": (200, "text/html; charset=utf-8", ARTICLE.read_bytes()),
        "/image.png": (200, "image/png", b"\x89PNG\r\n\x1a\n" + bytes(100)),
        "/gone": (410, "text/html", b"<p>gone</p>"),
        "/to-data": (302, "text/html", b"data:text/html,<p>hi</p>"),
    }
    with local_site(routes) as base:
        yield base


def test_extract_file_prints_json_with_every_field(run) -> None:
    done = run("extract", str(ARTICLE), "--url", "https://courier.example/story", "--engine", "wasm")
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert doc["engine"] == "wasm" and doc["title"] == "Harbour Tunnel Reopens After Two-Year Refit"
    for field in (
        "url",
        "title",
        "byline",
        "published_iso",
        "markdown",
        "text",
        "links",
        "media",
        "language",
        "reading_time",
        "quality_score",
        "word_count",
        "categories",
        "site_name",
        "description",
    ):
        assert field in doc
    assert "stats" not in doc


def test_markdown_format_and_stats_on_stderr(run) -> None:
    done = run("extract", str(ARTICLE), "--format", "markdown", "--stats")
    assert done.returncode == 0, done.stderr
    assert done.stdout.lstrip().startswith(("#", "!", "*")) or done.stdout.strip()
    assert "engine=wasm" in done.stderr and "nodes=" in done.stderr


def test_stdin_source_with_metadata_mode(run) -> None:
    done = run("extract", "-", "--mode", "metadata", "--format", "json", stdin=ARTICLE.read_bytes())
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert doc["site_name"] == "The Coastal Courier" and doc["markdown"] == ""


def test_custom_mode_with_repeatable_selectors(run) -> None:
    done = run(
        "extract",
        str(ARTICLE),
        "--mode",
        "custom",
        "--selector",
        "h1",
        "--selector",
        "table",
        "--format",
        "text",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Harbour Tunnel Reopens After Two-Year Refit")


def test_native_engine_option(run) -> None:
    done = run("extract", str(ARTICLE), "--engine", "native")
    assert done.returncode == 0 and json.loads(done.stdout)["engine"] == "native"


def test_url_source_is_fetched_from_a_local_server(run, site: str) -> None:
    done = run("extract", f"{site}/story", "--format", "json")
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert doc["url"] == f"{site}/story" and doc["byline"] == "Mara Lindqvist"


def test_non_html_url_exits_3_with_content_type_message(run, site: str) -> None:
    done = run("extract", f"{site}/image.png")
    assert done.returncode == 3 and "unsupported content type 'image/png'" in done.stderr


def test_http_error_exits_3(run, site: str) -> None:
    done = run("extract", f"{site}/gone")
    assert done.returncode == 3 and "HTTP 410" in done.stderr


def test_unreachable_host_exits_3(run) -> None:
    done = run("extract", "http://127.0.0.1:9/nothing-listens-here")
    assert done.returncode == 3 and "could not fetch" in done.stderr


def test_missing_file_exits_2(run) -> None:
    done = run("extract", "no/such/page.html")
    assert done.returncode == 2 and "no such file" in done.stderr


def test_a_fifo_or_device_is_refused_not_read(run, tmp_path: Path) -> None:
    """Neither waits for a writer nor reads an endless device (both hung or ran out of memory)."""
    fifo = tmp_path / "page.html"
    os.mkfifo(fifo)
    for source in (str(fifo), "/dev/zero"):
        done = run("extract", source)
        assert done.returncode == 2 and f"not a regular file: {source}" in done.stderr


def test_endless_standard_input_is_read_only_up_to_the_limit(run) -> None:
    """``riptide extract - < /dev/zero`` read until memory ran out; now one byte past the limit."""
    env = {**os.environ, "RIPTIDE_MAX_HTML_BYTES": "4096"}
    with open("/dev/zero", "rb") as endless:
        done = subprocess.run(
            [str(RIPTIDE), "extract", "-"], stdin=endless, capture_output=True, text=True, env=env, timeout=60
        )
    assert done.returncode == 1
    assert "resource-limit: HTML is larger than the 4,096-byte limit (RIPTIDE_MAX_HTML_BYTES)" in done.stderr


def test_empty_file_exits_1_with_the_error_kind(run, tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_text("")
    done = run("extract", str(empty))
    assert done.returncode == 1 and "invalid-html: empty HTML" in done.stderr


def test_custom_mode_without_selector_is_a_usage_error(run) -> None:
    done = run("extract", str(ARTICLE), "--mode", "custom")
    assert done.returncode == 2 and "--selector" in done.stderr


def test_bad_option_value_is_a_usage_error(run) -> None:
    done = run("extract", str(ARTICLE), "--mode", "everything")
    assert done.returncode == 2 and "everything" in done.stderr


def test_bad_configuration_exits_4_naming_the_variable(run) -> None:
    done = run("extract", str(ARTICLE), RIPTIDE_WASM_TIMEOUT_SECS="-3")
    assert done.returncode == 4 and "RIPTIDE_WASM_TIMEOUT_SECS" in done.stderr


def test_missing_component_with_wasm_engine_exits_4(run, tmp_path: Path) -> None:
    done = run(
        "extract", str(ARTICLE), "--engine", "wasm", RIPTIDE_WASM_COMPONENT=str(tmp_path / "none.wasm")
    )
    assert done.returncode == 4 and "none.wasm" in done.stderr


def test_health_reports_component_and_metrics(run) -> None:
    done = run("health")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["status"] == "healthy" and report["circuit_breaker_state"] == "closed"
    assert report["component_info"]["name"] == "riptide-extractor"
    assert report["component_health"]["trek_version"].startswith("trek")
    assert report["metrics"]["cold_start_source"] == "aot-cache"


RELATIVE_PAGE = """<html><head><title>Notes on tides</title>{head}</head><body><article>
<h1>Notes on tides</h1>
<p>Tides rise and fall twice a day along most coasts, and the <a href="/charts/2024">tide charts</a>
say when. The moon pulls the water; the sun adds its smaller share.</p>
<p><img src="images/bay.jpg" alt="The bay at low tide"> Low tide leaves the bay almost dry, and the
walk to the island takes twenty minutes across the sand.</p>
</article></body></html>"""


def test_file_without_url_keeps_relative_links_and_says_so(run, tmp_path: Path) -> None:
    page = tmp_path / "tides.html"
    page.write_text(RELATIVE_PAGE.format(head=""))
    done = run("extract", str(page))
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert doc["url"] == "" and [link["url"] for link in doc["links"]] == ["/charts/2024"]
    assert [item["url"] for item in doc["media"]] == ["images/bay.jpg"]
    assert "relative links kept as written" in done.stderr and "--url" in done.stderr


def test_file_without_url_resolves_against_its_canonical_link(run, tmp_path: Path) -> None:
    page = tmp_path / "tides.html"
    page.write_text(
        RELATIVE_PAGE.format(head='<link rel="canonical" href="https://coast.example/notes/tides">')
    )
    done = run("extract", str(page), "--format", "markdown")
    assert done.returncode == 0, done.stderr
    assert "(https://coast.example/charts/2024)" in done.stdout
    assert "resolved against https://coast.example/notes/tides" in done.stderr


def test_invalid_page_url_exits_1_with_invalid_html(run) -> None:
    done = run("extract", "-", "--url", "not a url", stdin=ARTICLE.read_bytes())
    assert done.returncode == 1
    assert "riptide: error: invalid-html: invalid page URL 'not a url'" in done.stderr


def test_a_redirect_to_an_unfetchable_url_exits_3_without_a_traceback(run, site: str) -> None:
    done = run("extract", f"{site}/to-data")
    assert done.returncode == 3 and "Traceback" not in done.stderr
    assert "redirected to a URL that cannot be fetched" in done.stderr
