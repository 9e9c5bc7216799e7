"""The HTTP API end to end: a real `riptide serve` process fetching from a real local site."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import yaml  # type: ignore[import-untyped]
from tests.api.conftest import Server, Site

from riptide.api.schemas import HealthOut

ROOT = Path(__file__).resolve().parents[2]


def post(server: Server, path: str, body: object, **kwargs: object) -> httpx.Response:
    return httpx.post(server.url(path), json=body, timeout=60, **kwargs)  # type: ignore[arg-type]


def test_crawl_returns_documents_in_request_order_and_isolates_failures(server: Server, site: Site) -> None:
    urls = [
        site.url("/news"),
        site.url("/missing"),
        "ftp://example.com/x",
        site.url("/blog"),
        site.url("/image.png"),
    ]
    response = post(server, "/crawl", {"urls": urls, "options": {"cache_mode": "bypass"}})
    assert response.status_code == 200
    body = response.json()
    assert [r["url"] for r in body["results"]] == urls
    assert body["total_urls"] == 5 and body["successful"] == 2 and body["failed"] == 3
    news, missing, ftp, blog, image = body["results"]
    assert news["document"]["title"] == "Harbour Tunnel Reopens After Two-Year Refit"
    assert news["engine"] == "wasm" and news["status"] == 200 and news["quality_score"] >= 50
    assert blog["document"]["byline"] == "Tomás Ferreira"
    assert missing["status"] == 404 and missing["error"]["type"] == "http-status"
    assert ftp["error"] == {"type": "invalid-url", "message": ftp["error"]["message"], "retryable": False}
    assert "unsupported content type 'image/png'" in image["error"]["message"]
    assert body["statistics"]["errors_by_type"]["http-status"] == 1


def test_second_crawl_is_served_from_the_cache(server: Server, site: Site) -> None:
    urls = [site.url("/docs")]
    first = post(server, "/crawl", {"urls": urls}).json()
    second = post(server, "/crawl", {"urls": urls}).json()
    bypass = post(server, "/crawl", {"urls": urls, "options": {"cache_mode": "bypass"}}).json()
    assert second["from_cache"] == 1 and second["results"][0]["from_cache"] is True
    assert second["results"][0]["document"] == first["results"][0]["document"]
    assert bypass["from_cache"] == 0


def test_custom_mode_is_a_different_cache_entry(server: Server, site: Site) -> None:
    urls = [site.url("/docs")]
    post(server, "/crawl", {"urls": urls})
    custom = post(server, "/crawl", {"urls": urls, "options": {"mode": "custom", "selectors": ["h1"]}}).json()
    assert custom["results"][0]["from_cache"] is False
    assert custom["results"][0]["document"]["text"] == "Configuring Retries"


def test_robots_disallow_is_honoured_without_requesting_the_page(server: Server, site: Site) -> None:
    before = list(site.log)
    result = post(server, "/crawl", {"urls": [site.url("/private/secret")]}).json()["results"][0]
    assert result["error"]["type"] == "robots-disallowed"
    assert "/private/secret" not in site.log[len(before) :]


def test_redirect_loop_and_slow_page_fail_cleanly(server: Server, site: Site) -> None:
    body = post(
        server,
        "/crawl",
        {
            "urls": [site.url("/loop"), site.url("/slow")],
            "options": {"cache_mode": "bypass", "timeout_ms": 500},
        },
    ).json()
    loop, slow = body["results"]
    assert loop["error"]["type"] == "too-many-redirects"
    assert slow["error"]["type"] == "timeout" and slow["error"]["retryable"] is True


def test_empty_page_is_an_invalid_html_error(server: Server, site: Site) -> None:
    result = post(
        server, "/crawl", {"urls": [site.url("/empty")], "options": {"cache_mode": "bypass"}}
    ).json()
    assert result["results"][0]["error"]["type"] == "invalid-html"


def test_include_html_adds_the_fetched_html(server: Server, site: Site) -> None:
    body = post(server, "/crawl", {"urls": [site.url("/blog")], "options": {"include_html": True}}).json()
    document = body["results"][0]["document"]
    assert document["html"].startswith("<!DOCTYPE html>") and body["results"][0]["from_cache"] is False


def test_stream_yields_one_json_line_per_url(server: Server, site: Site) -> None:
    urls = [site.url("/slow"), site.url("/news"), site.url("/missing")]
    with httpx.stream(
        "POST",
        server.url("/crawl/stream"),
        json={"urls": urls, "options": {"cache_mode": "bypass"}},
        timeout=60,
    ) as response:
        assert response.headers["content-type"].startswith("application/x-ndjson")
        lines = [json.loads(line) for line in response.iter_lines() if line]
    assert sorted(r["url"] for r in lines) == sorted(urls)
    assert lines[-1]["url"] == site.url("/slow")  # the slow page finishes last, and is streamed last


def test_extract_inline_html_and_by_url(server: Server, site: Site) -> None:
    inline = post(
        server,
        "/extract",
        {
            "url": "https://example.com/a",
            "mode": "metadata",
            "html": "<html lang=fr><title>Bonjour</title><p>Un texte.</p></html>",
        },
    )
    assert (
        inline.status_code == 200
        and inline.json()["title"] == "Bonjour"
        and inline.json()["language"] == "fr"
    )
    by_url = post(server, "/extract", {"url": site.url("/news")})
    assert by_url.status_code == 200 and by_url.json()["site_name"] == "The Coastal Courier"


@pytest.mark.parametrize(
    ("body", "status", "fragment"),
    [
        ({"urls": []}, 422, "urls: List should have at least 1 item"),
        ({"urls": ["http://a.example/"] * 21}, 413, "at most 20 are accepted (RIPTIDE_API_MAX_URLS)"),
        ({"urls": ["http://a.example/"], "options": {"mode": "summary"}}, 422, "options.mode"),
        (
            {"urls": ["http://a.example/"], "options": {"mode": "custom"}},
            422,
            "needs at least one CSS selector",
        ),
        (
            {"urls": ["http://a.example/"], "options": {"mode": "custom", "selectors": ["a[href"]}},
            422,
            "'a[href'",
        ),
        (
            {"urls": ["http://a.example/"], "options": {"mode": "custom", "selectors": ["a:hover"]}},
            422,
            "':hover'",
        ),
        ({"urls": ["http://a.example/"], "options": {"concurrency": 0}}, 422, "options.concurrency"),
        ({"urls": ["http://a.example/"], "options": {"cache_mode": "sometimes"}}, 422, "options.cache_mode"),
        ({"urls": ["http://a.example/"], "unknown": 1}, 422, "unknown: Extra inputs are not permitted"),
    ],
)
def test_bad_crawl_requests_get_a_useful_4xx(
    server: Server, body: object, status: int, fragment: str
) -> None:
    response = post(server, "/crawl", body)
    assert response.status_code == status
    assert fragment in response.json()["message"]


def test_malformed_json_and_oversized_bodies_are_refused(server: Server) -> None:
    bad = httpx.post(server.url("/crawl"), content=b"{not json", headers={"content-type": "application/json"})
    assert bad.status_code == 422 and "not valid JSON" in bad.json()["message"]
    huge = post(server, "/extract", {"url": "https://example.com/", "html": "<p>" + "x" * 300_000 + "</p>"})
    assert huge.status_code == 413  # declared too large: refused before a byte of it is read
    assert (
        huge.json()["error"] == "payload-too-large" and "RIPTIDE_API_MAX_BODY_BYTES" in huge.json()["message"]
    )

    def chunked() -> Iterator[bytes]:  # no Content-Length: the limit applies while the body streams in
        yield b'{"url": "https://example.com/", "html": "'
        for _ in range(300):
            yield b"x" * 1000
        yield b'"}'

    streamed = httpx.post(
        server.url("/extract"), content=chunked(), headers={"content-type": "application/json"}
    )
    assert streamed.status_code == 413
    assert streamed.json()["error"] == "payload-too-large"
    assert "RIPTIDE_API_MAX_BODY_BYTES" in streamed.json()["message"]


def test_extract_errors_map_to_http_statuses(server: Server, site: Site) -> None:
    assert post(server, "/extract", {"url": "https://e.example/", "html": ""}).status_code == 422
    assert post(server, "/extract", {"url": site.url("/private/secret")}).status_code == 403
    assert post(server, "/extract", {"url": site.url("/image.png")}).status_code == 415
    blocked = post(server, "/extract", {"url": "http://169.254.169.254/latest/meta-data/"})
    assert blocked.status_code == 403 and blocked.json()["error"] == "blocked-address"


def test_healthz_reports_every_component(server: Server) -> None:
    for path in ("/healthz", "/health"):
        response = httpx.get(server.url(path))
        assert response.status_code == 200
        health = response.json()
        assert health["status"] == "healthy"
        wasm = health["components"]["wasm_extractor"]
        for key in (
            "status",
            "version",
            "engine_version",
            "memory_usage_mb",
            "extraction_count",
            "pool_size",
            "active_instances",
            "circuit_breaker_state",
            "last_health_check",
        ):
            assert key in wasm
        assert wasm["circuit_breaker_state"] == "closed" and wasm["engine_version"].startswith("trek")
        assert wasm["trek_version"] == wasm["engine_version"]  # the Rust guide's name, kept
        assert HealthOut.model_validate(health).components.wasm_extractor.trek_version == wasm["trek_version"]
        assert wasm["cold_start_target_ms"] == 15 and isinstance(wasm["cold_start_target_met"], bool)
        assert health["components"]["cache"]["backend"] == "sqlite"
        assert "fetcher" in health["components"]


def test_metrics_exposes_the_documented_families(server: Server, site: Site) -> None:
    post(server, "/crawl", {"urls": [site.url("/news")], "options": {"cache_mode": "bypass"}})
    text = httpx.get(server.url("/metrics")).text
    for name in (
        "riptide_wasm_memory_pages",
        "riptide_wasm_peak_memory_pages",
        "riptide_wasm_grow_failed_total",
        "riptide_wasm_cold_start_time_ms_bucket",
        "riptide_wasm_cold_start_time_ms_count",
        "riptide_wasm_cold_start_target_ms",
        "riptide_wasm_aot_cache_evictions_total",
        "riptide_wasm_aot_cache_hits",
        "riptide_wasm_aot_cache_misses",
        "riptide_wasm_pool_size",
        "riptide_wasm_pool_instances",
        "riptide_wasm_circuit_breaker_state",
        "riptide_http_requests_total",
        "riptide_http_request_duration_seconds_bucket",
        "riptide_extraction_duration_seconds_bucket",
        "riptide_fetch_total",
        "riptide_cache_requests_total",
    ):
        assert f"\n{name}" in text, name
    assert 'riptide_fetch_total{outcome="ok"}' in text
    assert "# TYPE riptide_wasm_cold_start_time_ms histogram" in text
    assert 'riptide_wasm_cold_start_time_ms_bucket{le="+Inf"} 1.0' in text  # the one component load
    assert 'riptide_extraction_duration_seconds_count{engine="wasm",mode="article",outcome="ok"}' in text


def test_alert_rules_only_use_exported_metrics(server: Server) -> None:
    text = httpx.get(server.url("/metrics")).text
    exported = {
        line.split("{")[0].split(" ")[0] for line in text.splitlines() if line and not line.startswith("#")
    }
    rules = yaml.safe_load((ROOT / "deploy" / "prometheus" / "alerts.yml").read_text())
    import re

    for rule in rules["groups"][0]["rules"]:
        for name in set(re.findall(r"\briptide_[a-z_]+", rule["expr"])):
            assert name in exported, f"alert {rule['alert']} uses {name}, which /metrics does not export"


def test_alert_rules_parse_and_read_each_metric_type_as_prometheus_means(server: Server) -> None:
    """rate()/increase() only over counters or histogram samples; histograms only through their
    _bucket/_sum/_count samples; a _bucket series only in histogram_quantile or with an le matcher."""
    import promql_parser

    types = {
        line.split()[2]: line.split()[3]
        for line in httpx.get(server.url("/metrics")).text.splitlines()
        if line.startswith("# TYPE ")
    }
    histograms = {name for name, kind in types.items() if kind == "histogram"}
    rules = yaml.safe_load((ROOT / "deploy" / "prometheus" / "alerts.yml").read_text())
    names = {rule["alert"] for rule in rules["groups"][0]["rules"]}
    assert {"WASMHighMemoryUsage", "WASMHighFailureRate", "WASMColdStartSlow"} <= names
    assert "riptide_wasm_cold_start_time_ms" in histograms
    for rule in rules["groups"][0]["rules"]:
        calls: list[str] = []
        problems: list[str] = []

        def enter(node: object, calls: list[str] = calls, problems: list[str] = problems) -> None:
            if isinstance(node, promql_parser.Call):
                calls.append(node.func.name)
            if not isinstance(node, promql_parser.VectorSelector) or node.name is None:
                return
            name = str(node.name)
            family = name
            for suffix in ("_bucket", "_sum", "_count"):
                if name.endswith(suffix) and name.removesuffix(suffix) in histograms:
                    family = name.removesuffix(suffix)
            kind = types.get(family)
            if kind == "histogram" and family == name:
                problems.append(f"{name} is a histogram: read _bucket, _sum or _count")
            if calls and calls[-1] in ("rate", "increase", "irate") and kind not in ("counter", "histogram"):
                problems.append(f"{calls[-1]}() over {name}, a {kind}")
            matched = {matcher.name for matcher in node.matchers.matchers}
            if name.endswith("_bucket") and "histogram_quantile" not in calls and "le" not in matched:
                problems.append(f"{name} read without histogram_quantile or an le matcher")

        def leave(node: object, calls: list[str] = calls) -> None:
            if isinstance(node, promql_parser.Call):
                calls.pop()

        promql_parser.walk(promql_parser.parse(rule["expr"]), enter, leave)
        assert not problems, f"alert {rule['alert']}: {problems}"


def test_openapi_schema_describes_the_routes(server: Server) -> None:
    schema = httpx.get(server.url("/openapi.json")).json()
    assert {"/crawl", "/crawl/stream", "/extract", "/healthz", "/metrics"} <= set(schema["paths"])
    crawl_request = schema["components"]["schemas"]["CrawlRequest"]
    assert crawl_request["required"] == ["urls"]
    options = schema["components"]["schemas"]["CrawlOptionsBody"]["properties"]
    assert set(options) >= {"mode", "selectors", "concurrency", "cache_mode", "timeout_ms", "include_html"}
    wasm_health = schema["components"]["schemas"]["WasmExtractorHealthOut"]["properties"]
    assert {"engine_version", "trek_version", "cold_start_target_ms", "cold_start_target_met"} <= set(
        wasm_health
    )
