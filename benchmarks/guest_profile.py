"""Profile the engine inside the guest (sandboxed), not natively: where the component's time goes.

    .venv/bin/python benchmarks/guest_profile.py [--pages N] [--corpus readability|eval]

Builds a profiling variant of the component (build/bench-components/, skipped when up to date:
the real glue plus guest_profile_extra.py), extracts each page in article mode under cProfile
inside the guest, and prints the functions by own time. Then times parsing alone in the guest,
C core (tokenizer and tree builder) against the pure-Python tokenizer and builder, best of 3.
Guest cProfile adds its own overhead per call, so read the shares, not the milliseconds.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
from pathlib import Path

from sandbox_vs_native import URL, load_pages

from riptide import ExtractionError, Extractor
from riptide.config import load_settings
from riptide.sandbox.build import build_variant

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
COMPONENTS = ROOT / "build" / "bench-components"
EVAL_PAGES = ROOT.parent / "shared" / "data" / "trafilatura-eval" / "pages"


def answer(extractor: Extractor, text: str) -> str:
    try:
        extractor.extract(text, URL)
    except ExtractionError as error:
        return error.message
    raise RuntimeError("the profiling component answered a marked input with a result")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=None)
    parser.add_argument("--corpus", choices=("readability", "eval"), default="readability")
    parser.add_argument("--parse-only", action="store_true", help="only time parsing, C against Python")
    args = parser.parse_args()
    if args.corpus == "eval":
        paths = sorted(EVAL_PAGES.rglob("*.html.gz"))[: args.pages]
        pages = [gzip.decompress(p.read_bytes()).decode("utf-8", "replace") for p in paths]
    else:
        pages = load_pages(args.pages)
    settings = load_settings(
        wasm_component=build_variant(HERE / "guest_profile_extra.py", "profile", COMPONENTS),
        wasm_initial_pool_size=1,
    )
    with Extractor(settings, engine="wasm") as extractor:
        if not args.parse_only:
            for html in pages:
                answer(extractor, "RIPTIDE-PROFILE\n" + html)
            print(answer(extractor, "RIPTIDE-PROFILE-REPORT\n"))
        c_ms, python_ms = [], []
        for html in pages:
            c_seconds, python_seconds = map(float, answer(extractor, "RIPTIDE-PARSE-TIMING\n" + html).split())
            c_ms.append(c_seconds * 1000)
            python_ms.append(python_seconds * 1000)
    print(f"parse in the guest, {len(pages)} pages, best of 3 each, ms per page:")
    print(f"  C core       median {statistics.median(c_ms):6.2f}  total {sum(c_ms):8.1f}")
    print(f"  pure Python  median {statistics.median(python_ms):6.2f}  total {sum(python_ms):8.1f}")
    print(f"  speed-up (totals) {sum(python_ms) / sum(c_ms):.2f}x")


if __name__ == "__main__":
    main()
