"""Sandbox figures, side by side in one run: start-up, per-page time, and parallel throughput.

    .venv/bin/python benchmarks/sandbox_vs_native.py [--pages N] [--rounds R]

Prints: cold start (empty AOT cache: compile), warm start (AOT cache hit), instantiate time,
p50/p95 per-page milliseconds sandboxed vs native on ../shared/data/readability-test-pages, and
throughput (pages/s) with 1, 2 and 4 concurrent callers for both paths. Native threads share
the GIL; sandboxed calls release it while the guest runs, which is what the last table shows.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from riptide import ExtractionError, Extractor
from riptide.config import load_settings

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "readability-test-pages"
URL = "http://fakehost/test/page.html"


def load_pages(limit: int | None) -> list[str]:
    pages = []
    for folder in sorted(p for p in CORPUS.iterdir() if p.is_dir()):
        source = folder / "source.html.gz"
        if source.exists():
            pages.append(gzip.decompress(source.read_bytes()).decode("utf-8", "replace"))
    return pages[:limit] if limit else pages


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def time_pages(extractor: Extractor, pages: list[str]) -> list[float]:
    times = []
    for html in pages:
        started = time.perf_counter()
        with contextlib.suppress(ExtractionError):
            extractor.extract(html, URL)
        times.append((time.perf_counter() - started) * 1000)
    return times


def throughput(extractor: Extractor, pages: list[str], callers: int, rounds: int) -> float:
    work = pages * rounds

    def run(html: str) -> None:
        with contextlib.suppress(ExtractionError):
            extractor.extract(html, URL)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=callers) as threads:
        list(threads.map(run, work))
    return len(work) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, help="use only the first N corpus pages")
    parser.add_argument("--rounds", type=int, default=1, help="passes over the pages for throughput")
    args = parser.parse_args()
    pages = load_pages(args.pages)

    with tempfile.TemporaryDirectory() as cache:
        settings = load_settings(wasm_cache_dir=Path(cache), wasm_initial_pool_size=0, wasm_max_pool_size=4)
        started = time.perf_counter()
        cold = Extractor(settings, engine="wasm")
        cold_total = (time.perf_counter() - started) * 1000
        cold_ms = cold.metrics.get("cold_start_ms")
        cold.close()
        started = time.perf_counter()
        sandboxed = Extractor(settings, engine="wasm")
        warm_total = (time.perf_counter() - started) * 1000
        warm_ms = sandboxed.metrics.get("cold_start_ms")
        sandboxed.extract(pages[0], URL)
        instantiate_ms = sandboxed.metrics.get("instantiate_ms_last")

        print(f"pages: {len(pages)} from {CORPUS}")
        print(f"cold start (no AOT cache, compile):  {cold_ms:9.1f} ms   (Extractor(): {cold_total:.1f} ms)")
        print(f"warm start (AOT cache hit):          {warm_ms:9.1f} ms   (Extractor(): {warm_total:.1f} ms)")
        print(f"instantiate one guest:               {instantiate_ms:9.1f} ms")

        native = Extractor(load_settings(), engine="native")
        time_pages(sandboxed, pages[:5])  # warm the guest's caches
        wasm_times = time_pages(sandboxed, pages)
        native_times = time_pages(native, pages)
        print()
        print(f"{'per page (article mode)':28s} {'p50 ms':>8s} {'p95 ms':>8s} {'mean ms':>8s}")
        for name, times in (("sandboxed (wasm)", wasm_times), ("native", native_times)):
            print(
                f"{name:28s} {statistics.median(times):8.1f} {percentile(times, 0.95):8.1f} "
                f"{statistics.mean(times):8.1f}"
            )
        print(
            f"{'ratio wasm/native':28s} "
            f"{statistics.median(wasm_times) / statistics.median(native_times):8.2f} "
            f"{percentile(wasm_times, 0.95) / percentile(native_times, 0.95):8.2f}"
        )

        print()
        print(f"{'throughput (pages/s)':28s} {'1 caller':>9s} {'2 callers':>10s} {'4 callers':>10s}")
        for name, extractor in (("sandboxed (wasm)", sandboxed), ("native", native)):
            figures = [throughput(extractor, pages, callers, args.rounds) for callers in (1, 2, 4)]
            print(
                f"{name:28s} {figures[0]:9.1f} {figures[1]:10.1f} {figures[2]:10.1f}   "
                f"(x{figures[1] / figures[0]:.2f} at 2, x{figures[2] / figures[0]:.2f} at 4)"
            )
        memory = sandboxed.metrics.snapshot()
        print()
        print(
            f"guest memory: {memory['memory_pages']} pages now, peak {memory['peak_memory_pages']} pages "
            f"per instance; instances created {memory['instances_created']}"
        )
        sandboxed.close()
        native.close()


if __name__ == "__main__":
    main()
