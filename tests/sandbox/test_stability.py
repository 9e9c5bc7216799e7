"""Hundreds of sandboxed extractions leave host memory bounded and the pool steady."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import PAGES

from riptide import Extractor


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def test_host_rss_stays_bounded_over_hundreds_of_extractions(make_settings) -> None:
    pages = [
        (PAGES / name).read_text(encoding="utf-8")
        for name in ("news_article.html", "blog_post.html", "docs_page.html", "no_article.html")
    ]
    settings = make_settings(wasm_max_pool_size=2, wasm_initial_pool_size=2, wasm_max_instance_uses=50)
    with Extractor(settings, engine="wasm") as extractor:
        for i in range(40):  # warm-up: instance heaps, caches, first retirements
            extractor.extract(pages[i % 4], f"https://example.com/{i}")
        before = rss_mb()
        for i in range(400):
            doc = extractor.extract(pages[i % 4], f"https://example.com/{i}")
            assert doc.engine == "wasm"
        after = rss_mb()
        figures = extractor.metrics.snapshot()
    assert figures["extraction_count"] == 440
    assert figures["instances_retired"] >= 6  # instances were recycled along the way
    assert after - before < 40, f"host RSS grew {after - before:.1f} MB over 400 extractions"
