"""``riptide batch`` on a WARC of the shared corpora: --jobs 1 against --jobs 2, beside trafilatura.

    .venv/bin/python benchmarks/batch.py [--pages 1000] [--rounds 3]

Builds, in a temporary folder (never committed), a ``.warc.gz`` of ``--pages`` HTML responses
taken from ``../shared/data/readability-test-pages`` and ``../shared/data/trafilatura-eval``
(repeated as needed, each copy under its own URL) and the same pages as a folder of ``.html``
files. Then, per round and in alternating order, runs as real processes:

- ``riptide batch pages.warc.gz --jobs 1`` and ``--jobs 2`` (ndjson to a file);
- ``trafilatura --input-dir pages/ -o out/`` (its own default parallelism, and ``--parallel 1``;
  RSS is its main process's);
- two ``riptide batch --jobs 1`` processes at once, each on half of the pages: what two cores
  give on this machine at that moment (the ceiling for ``--jobs 2``: on a shared machine it can
  be far below 2x, and then so is ``--jobs 2``).

Prints, per run: wall time, pages/s (pages over the whole command's wall time, start-up
included), RSS sampled from /proc every 0.1 s (at 1/4, 1/2 and 3/4 of the run and its peak: flat
memory shows as close figures), and for RipTide the accounting from its summary line
(extracted + skipped + errors = every record read). Ratios come from runs in the same round.
"""

from __future__ import annotations

import argparse
import gzip
import io
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
BIN = Path(sys.executable).parent
SUMMARY = re.compile(
    r"batch: (\d+) sources .*: (\d+) extracted, (\d+) skipped .*?, (\d+) errors.*?, "
    r"(\d+) near-duplicates dropped, (\d+) already in OUT"
)


def corpus_pages() -> list[bytes]:
    readability = sorted((SHARED / "readability-test-pages").glob("*/source.html.gz"))
    snippets = sorted((SHARED / "trafilatura-eval" / "pages").glob("*.html.gz"))
    if not readability or not snippets:
        sys.exit(f"benchmarks/batch.py needs the shared corpora under {SHARED}")
    return [gzip.decompress(path.read_bytes()) for path in readability + snippets]


def build_inputs(folder: Path, count: int) -> tuple[Path, Path, list[Path]]:
    """A .warc.gz of ``count`` HTML responses, the same pages as .html files, and the WARC's two
    halves (for the machine's ceiling: two independent processes)."""
    pages = corpus_pages()
    warc = folder / "pages.warc.gz"
    halves = [folder / "half-a.warc.gz", folder / "half-b.warc.gz"]
    html_dir = folder / "pages"
    html_dir.mkdir()
    with warc.open("wb") as whole, halves[0].open("wb") as first, halves[1].open("wb") as second:
        for index in range(count):
            body = pages[index % len(pages)]
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            uri = f"https://corpus.example/{index}.html"
            for file in (whole, first if index < count // 2 else second):
                writer = WARCWriter(file, gzip=True)
                record = writer.create_warc_record(
                    uri, "response", payload=io.BytesIO(body), http_headers=headers
                )
                writer.write_record(record)
            (html_dir / f"{index:05d}.html").write_bytes(body)
    return warc, html_dir, halves


def two_processes(halves: list[Path], pages: int, work: Path) -> Run:
    """Two ``riptide batch --jobs 1`` processes at once, one per half: what two cores give here."""
    for path in halves:
        (work / f"{path.name}.ndjson").unlink(missing_ok=True)
    started = time.perf_counter()
    processes = [
        subprocess.Popen(
            [
                str(BIN / "riptide"),
                "batch",
                str(half),
                "-o",
                str(work / f"{half.name}.ndjson"),
                "--jobs",
                "1",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for half in halves
    ]
    samples: list[tuple[float, float]] = []
    while any(process.poll() is None for process in processes):
        rss = sum(rss_mb(process.pid) or 0.0 for process in processes)
        samples.append((time.perf_counter() - started, rss))
        time.sleep(0.1)
    seconds = time.perf_counter() - started
    if any(process.returncode for process in processes):
        sys.exit("a riptide batch --jobs 1 process failed")
    return Run("2 processes, --jobs 1 on half each", seconds, pages, rss_profile(samples, seconds), "(both)")


@dataclass
class Run:
    name: str
    seconds: float
    pages: int
    #: RSS when a quarter, half and three quarters of the run's time had passed, and at its peak.
    rss_mb: tuple[float, float, float, float]
    accounting: str = ""

    @property
    def rate(self) -> float:
        return self.pages / self.seconds


def rss_mb(pid: int) -> float | None:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    match = re.search(r"VmRSS:\s+(\d+) kB", text)
    return int(match.group(1)) / 1024 if match else None


def measure(name: str, command: list[str], pages: int, cwd: Path) -> tuple[Run, str]:
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    samples: list[tuple[float, float]] = []
    while process.poll() is None:
        rss = rss_mb(process.pid)
        if rss is not None:
            samples.append((time.perf_counter() - started, rss))
        time.sleep(0.1)
    seconds = time.perf_counter() - started
    stderr = process.stderr.read() if process.stderr else ""
    if process.returncode != 0:
        sys.exit(f"{name} failed ({process.returncode}): {stderr[-2000:]}")
    return Run(name, seconds, pages, rss_profile(samples, seconds)), stderr


def rss_profile(samples: list[tuple[float, float]], seconds: float) -> tuple[float, float, float, float]:
    """RSS at 1/4, 1/2 and 3/4 of the run, and the peak: flat memory shows as four close figures."""
    if not samples:
        return (0.0, 0.0, 0.0, 0.0)
    at = [
        next((rss for when, rss in samples if when >= seconds * share), samples[-1][1])
        for share in (0.25, 0.5, 0.75)
    ]
    return (at[0], at[1], at[2], max(rss for _, rss in samples))


def riptide(jobs: int, warc: Path, pages: int, work: Path) -> Run:
    out = work / f"out-jobs{jobs}.ndjson"
    out.unlink(missing_ok=True)
    command = [str(BIN / "riptide"), "batch", str(warc), "-o", str(out), "--jobs", str(jobs), "--no-progress"]
    run, stderr = measure(f"riptide batch --jobs {jobs}", command, pages, work)
    match = SUMMARY.search(stderr)
    if match is None:
        sys.exit(f"no summary line from riptide batch: {stderr[-2000:]}")
    total, extracted, skipped, errors, dropped, resumed = map(int, match.groups())
    lines = sum(1 for _ in out.open())
    adds_up = extracted + skipped + errors + dropped + resumed == total
    run.accounting = (
        f"{total} records = {extracted} extracted + {skipped} skipped + {errors} errors "
        f"({'adds up' if adds_up else 'DOES NOT ADD UP'}; {lines} lines written)"
    )
    return run


def trafilatura(parallel: int | None, html_dir: Path, pages: int, work: Path) -> Run:
    out = work / f"trafilatura-{parallel or 'default'}"
    shutil.rmtree(out, ignore_errors=True)
    command = [str(BIN / "trafilatura"), "--input-dir", html_dir.name, "-o", out.name]
    if parallel:
        command += ["--parallel", str(parallel)]
    name = "trafilatura --input-dir" + (f" --parallel {parallel}" if parallel else " (default parallelism)")
    run, _ = measure(name, command, pages, work)
    run.accounting = f"{sum(path.is_file() for path in out.rglob('*'))} files written"
    return run


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="riptide-batch-bench-") as temporary:
        work = Path(temporary)
        warc, html_dir, halves = build_inputs(work, args.pages)
        print(
            f"inputs: {args.pages} pages, {warc.stat().st_size / 1e6:.1f} MB .warc.gz; "
            "the same pages as .html files"
        )
        riptide(2, warc, args.pages, work)  # warm the AOT cache and the page cache, unmeasured
        ratios: list[float] = []
        ceilings: list[float] = []
        for round_number in range(1, args.rounds + 1):
            order = [1, 2] if round_number % 2 else [2, 1]
            runs = {jobs: riptide(jobs, warc, args.pages, work) for jobs in order}
            ceiling = two_processes(halves, args.pages, work)
            peers = [
                trafilatura(None, html_dir, args.pages, work),
                trafilatura(1, html_dir, args.pages, work),
            ]
            ratios.append(runs[2].rate / runs[1].rate)
            ceilings.append(ceiling.rate / runs[1].rate)
            print(f"\nround {round_number}")
            for run in [runs[1], runs[2], ceiling, *peers]:
                print(
                    f"  {run.name:48} {run.seconds:6.1f} s {run.rate:6.1f} pages/s  "
                    "RSS MB at 1/4, 1/2, 3/4, peak: " + "/".join(f"{mb:.0f}" for mb in run.rss_mb) + "  "
                    f"{run.accounting}"
                )
            print(
                f"  --jobs 2 / --jobs 1 = {ratios[-1]:.2f}x; two processes / --jobs 1 = {ceilings[-1]:.2f}x"
            )
        print(
            f"\n--jobs 2 / --jobs 1 over {len(ratios)} rounds: median {statistics.median(ratios):.2f}x "
            f"(min {min(ratios):.2f}x, max {max(ratios):.2f}x); two processes / --jobs 1: median "
            f"{statistics.median(ceilings):.2f}x (min {min(ceilings):.2f}x, max {max(ceilings):.2f}x)"
        )


if __name__ == "__main__":
    main()
