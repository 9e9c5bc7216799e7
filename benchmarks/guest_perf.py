"""Where the component's machine code spends its time: Linux ``perf`` over wasmtime's JIT code.

    .venv/bin/python benchmarks/guest_perf.py [--hostile SHAPE --kb 1000 | --pages N] [--rounds R]
                                              [--top 60] [--callers SYMBOL ...] [--under SYMBOL ...]

Why: ``guest_profile.py`` sees Python functions (cProfile) and the pipeline's stages, but not what
happens below them: the C passes, CPython's own C (allocation, deallocation, dict and set look-ups)
and wasi-libc. wasmtime can write a perf map of the code it compiles (``Config.profiler =
"perfmap"``), which names every wasm function (``wasm[N]::function[M]::NAME``); ``perf record -g``
then samples the running guest like native code, call chains included (cranelift keeps frame
pointers). That is how dlmalloc's share of a call was found (docs/c-core.md, 2026-12-06).

Runs the real component (compiled afresh, since a perf map is written at compile time) in a child
process over both shared corpora (or one hostile shape), records only the extraction loop, and
prints each function's inclusive share of the samples (``--top``), the callers of ``--callers``
symbols and the self time below ``--under`` symbols. Shares are of every sample of the child,
the host's own time included. Needs ``perf`` (Debian: ``apt-get install linux-perf``) and
permission to trace (root, or ``kernel.perf_event_paranoid`` ≤ 1); it says so when either is
missing. Not run by the test suite.
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Frames that only pass a call on (the interpreter, the call machinery, the export's glue):
#: left out of the caller chains so that the chains name the engine's functions.
PASS_THROUGH = re.compile(
    r"^(_?Py(Object|Eval|Function|Vectorcall|_)|cfunction|object_vacall|method_vectorcall|"
    r"_PyObject|wit_dylib|<pyo3|<?wasmtime|wasm\[\d+\]::array_to_wasm|riptide:extractor|\[unknown\])"
)
#: The call machinery alone (every sample passes through it): left out of the inclusive list.
MACHINERY = re.compile(
    r"^(<?wasmtime|<pyo3|wit_dylib|wasm\[\d+\]::array_to_wasm|\[unknown\]|_PyEval|_PyFunction_Vectorcall|"
    r"method_vectorcall|_PyVectorcall|_?PyObject_(Call|Vectorcall|MakeTpCall)|cfunction_call)"
)
WASM_NAME = re.compile(r"^wasm\[\d+\]::function\[\d+\]::")

#: The child: extracts the pages once, says "go", extracts them --rounds times, says "done".
CHILD = """
import sys, wasmtime
sys.path.insert(0, {benchmarks!r})
from riptide.sandbox import host


class PerfMapConfig(wasmtime.Config):
    def __init__(self):
        super().__init__()
        self.profiler = "perfmap"


host.Config = PerfMapConfig
from riptide import ExtractionError, Extractor
from riptide.config import load_settings
from sandbox_vs_native import URL, load_pages, load_snippet_pages
from hostile_inputs import build

if {shape!r}:
    docs = [(build({shape!r}, {kb}), URL)]
else:
    docs = [(html, URL) for html in load_pages({pages})] + load_snippet_pages({pages})
settings = load_settings(wasm_enable_aot_cache=False, wasm_initial_pool_size=1)
with Extractor(settings, engine="wasm") as extractor:
    def run():
        for html, url in docs:
            try:
                extractor.extract(html, url.strip())
            except ExtractionError:
                pass
    run()
    print("go", flush=True)
    for _ in range({rounds}):
        run()
    print("done", flush=True)
"""


def record(args: argparse.Namespace, data: Path) -> int:
    """Run the child and ``perf record`` it from its "go" to its end; returns the child's pid."""
    script = CHILD.format(
        benchmarks=str(ROOT / "benchmarks"),
        shape=args.hostile or "",
        kb=args.kb,
        pages=args.pages,
        rounds=args.rounds,
    )
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert child.stdout is not None
    if child.stdout.readline().strip() != "go":
        raise SystemExit(f"the extraction child failed (exit {child.wait()})")
    perf = subprocess.Popen(
        ["perf", "record", "-F", str(args.frequency), "-g", "-p", str(child.pid), "-o", str(data)],
        stderr=subprocess.DEVNULL,
    )
    started = time.perf_counter()
    child.stdout.readline()
    child.wait()
    perf.send_signal(signal.SIGINT)
    perf.wait()
    print(f"recorded {args.rounds} round(s) in {time.perf_counter() - started:.1f} s")
    return child.pid


def samples(data: Path) -> list[list[str]]:
    """Each sample's call chain, innermost first, wasm function names without their indices."""
    out = subprocess.run(
        ["perf", "script", "-i", str(data), "-F", "ip,sym"], capture_output=True, text=True, check=True
    ).stdout
    chains: list[list[str]] = []
    chain: list[str] = []
    for line in out.splitlines():
        line = line.strip()
        if not line:
            if chain:
                chains.append(chain)
                chain = []
            continue
        parts = line.split(None, 1)
        chain.append(WASM_NAME.sub("", parts[1] if len(parts) > 1 else "?"))
    if chain:
        chains.append(chain)
    return chains


def report(chains: list[list[str]], args: argparse.Namespace) -> None:
    total = len(chains) or 1
    inclusive: collections.Counter[str] = collections.Counter()
    for chain in chains:
        inclusive.update(set(chain))
    print(f"{len(chains)} samples; inclusive share of each function:")
    for name, count in inclusive.most_common(args.top):
        if not MACHINERY.match(name):
            print(f"  {100 * count / total:6.2f}%  {name[:110]}")
    for target in args.callers:
        callers: collections.Counter[str] = collections.Counter()
        for chain in chains:
            if target in chain:
                above = [name for name in chain[chain.index(target) + 1 :] if not PASS_THROUGH.match(name)]
                callers[" <- ".join(above[:3])] += 1
        print(f"\ncallers of {target} ({100 * sum(callers.values()) / total:.2f}%):")
        for name, count in callers.most_common(15):
            print(f"  {100 * count / total:6.2f}%  {name[:150]}")
    for target in args.under:
        leaves = collections.Counter(chain[0] for chain in chains if target in chain)
        print(f"\nself time under {target} ({100 * sum(leaves.values()) / total:.2f}%):")
        for name, count in leaves.most_common(20):
            print(f"  {100 * count / total:6.2f}%  {name[:110]}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--hostile", help="one hostile_inputs.py shape instead of the corpora")
    parser.add_argument("--kb", type=int, default=1000, help="size of the --hostile document")
    parser.add_argument("--pages", type=int, help="only the first N pages of each corpus")
    parser.add_argument("--rounds", type=int, default=3, help="extractions of the pages recorded")
    parser.add_argument("--frequency", type=int, default=4000, help="samples per second")
    parser.add_argument("--top", type=int, default=60)
    parser.add_argument("--callers", nargs="*", default=[], help="print who calls these functions")
    parser.add_argument("--under", nargs="*", default=[], help="print the self time below these")
    args = parser.parse_args()
    if shutil.which("perf") is None:
        raise SystemExit("perf not found: apt-get install linux-perf")
    paranoid = Path("/proc/sys/kernel/perf_event_paranoid")
    if os.geteuid() != 0 and paranoid.exists() and int(paranoid.read_text()) > 1:
        raise SystemExit(
            f"perf may not trace here: {paranoid} is {paranoid.read_text().strip()} (needs ≤ 1, or root)"
        )
    with tempfile.TemporaryDirectory(prefix="riptide-perf-") as tmp:
        data = Path(tmp) / "perf.data"
        pid = record(args, data)
        perf_map = Path(f"/tmp/perf-{pid}.map")  # wasmtime's, tens of MB: read by perf script only
        try:
            chains = samples(data)
        finally:
            perf_map.unlink(missing_ok=True)
        report(chains, args)


if __name__ == "__main__":
    main()
