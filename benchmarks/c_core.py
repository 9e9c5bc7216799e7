"""Sandboxed extraction with and without the C core (csrc/), interleaved page by page.

    .venv/bin/python benchmarks/c_core.py [--pages N] [--rounds R]

Builds the component a second time without the C core (build/bench-components/, skipped when up
to date), then extracts every page of ../shared/data/readability-test-pages with both components,
alternating which goes first, so that machine noise hits both alike. Prints median and p95
milliseconds per page for each, the ratio, and whether both gave identical results.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import time
from pathlib import Path

from sandbox_vs_native import URL, load_pages, percentile

from riptide import ExtractionError, Extractor
from riptide.config import load_settings
from riptide.sandbox.build import DEFAULT_OUTPUT, build

ROOT = Path(__file__).resolve().parent.parent
PYTHON_ONLY = ROOT / "build" / "bench-components" / "riptide-python-tokenizer.wasm"


def timed(extractor: Extractor, html: str) -> tuple[float, object]:
    started = time.perf_counter()
    try:
        outcome: object = extractor.extract(html, URL).to_dict(include_stats=False)
    except ExtractionError as error:
        outcome = (error.kind, error.message)
    return (time.perf_counter() - started) * 1000, outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=None)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    pages = load_pages(args.pages)
    build(PYTHON_ONLY, quiet=True, c_core=False)
    components = {"C core": DEFAULT_OUTPUT, "pure Python": PYTHON_ONLY}
    times: dict[str, list[float]] = {name: [] for name in components}
    different = 0
    with contextlib.ExitStack() as stack:
        extractors = {
            name: stack.enter_context(
                Extractor(load_settings(wasm_component=path, wasm_initial_pool_size=1), engine="wasm")
            )
            for name, path in components.items()
        }
        for name, extractor in extractors.items():
            features = extractor.sandbox.info()["features"]
            print(f"{name}: {[f for f in features if f.startswith('tokenizer:')]}")
            timed(extractor, pages[0])  # warm up: first call imports the engine
        for round_number in range(args.rounds):
            for index, html in enumerate(pages):
                order = list(extractors.items())
                if (round_number + index) % 2:
                    order.reverse()
                outcomes = []
                for name, extractor in order:
                    elapsed, outcome = timed(extractor, html)
                    times[name].append(elapsed)
                    outcomes.append(outcome)
                different += outcomes[0] != outcomes[1]
    print(f"{len(pages)} pages x {args.rounds} rounds, sandboxed ms per page:")
    for name, values in times.items():
        print(f"  {name:12} median {statistics.median(values):7.1f}  p95 {percentile(values, 0.95):7.1f}")
    ratio = statistics.median(times["pure Python"]) / statistics.median(times["C core"])
    print(f"  median speed-up {ratio:.2f}x; results differing: {different}")


if __name__ == "__main__":
    main()
