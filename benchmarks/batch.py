"""``riptide batch`` on a WARC of the shared corpora: --jobs 1 against --jobs 2 and --distributed
(two workers), beside trafilatura.

    .venv/bin/python benchmarks/batch.py [--pages 1000] [--rounds 3]

Builds, in a temporary folder (never committed), a ``.warc.gz`` of ``--pages`` HTML responses
taken from ``../shared/data/readability-test-pages`` and ``../shared/data/trafilatura-eval``
(repeated as needed, each copy under its own URL) and the same pages as a folder of ``.html``
files. Then, per round and in alternating order, runs as real processes:

- ``riptide batch pages.warc.gz --jobs 1`` and ``--jobs 2`` (ndjson to a file);
- ``riptide batch pages.warc.gz --distributed``, against a redis-server started by
  ``scripts/redis-for-tests`` and two ``riptide worker --concurrency 1`` processes started once
  (warm, as a cluster's workers are); RSS is the client's, the workers' is given after the run;
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
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import redis
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


def group_rss_mb(pid: int) -> float:
    """RSS of a process and its children (a worker and its pool process)."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    return (rss_mb(pid) or 0.0) + sum(group_rss_mb(int(child)) for child in children)


@contextmanager
def workers(work: Path, count: int = 2) -> Iterator[tuple[dict[str, str], list[subprocess.Popen[bytes]]]]:
    """A redis-server (``scripts/redis-for-tests``) and ``count`` warm ``riptide worker`` processes."""
    state = work / "redis" / "redis.env"
    started = subprocess.run(
        [str(ROOT / "scripts" / "redis-for-tests"), "start", str(state)], capture_output=True, text=True
    )
    found = re.search(r"^url=(\S+)$", started.stdout, re.M)
    if started.returncode != 0 or found is None:
        sys.exit(f"could not start redis-server: {started.stderr}")
    env = {**os.environ, "RIPTIDE_REDIS_URL": found.group(1)}
    processes = [
        subprocess.Popen(
            [str(BIN / "riptide"), "worker", "--concurrency", "1", "--log-level", "warning"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        for _ in range(count)
    ]
    client = redis.Redis.from_url(found.group(1))
    try:
        deadline = time.monotonic() + 120
        while len(list(client.scan_iter(match="riptide:workers:*"))) < count:
            if time.monotonic() > deadline:
                sys.exit("the riptide workers did not come up within 120 s")
            time.sleep(0.2)
        yield env, processes
    finally:
        client.close()
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=60)
        subprocess.run([str(ROOT / "scripts" / "redis-for-tests"), "stop", str(state)], check=False)


def measure(
    name: str, command: list[str], pages: int, cwd: Path, env: dict[str, str] | None = None
) -> tuple[Run, str]:
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
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


def riptide(
    jobs: int | None, warc: Path, pages: int, work: Path, cluster: dict[str, str] | None = None
) -> Run:
    """``--jobs N``, or ``--distributed`` (``jobs`` None) on the workers of ``cluster``."""
    how = ["--distributed"] if jobs is None else ["--jobs", str(jobs)]
    out = work / f"out{''.join(how)}.ndjson"
    out.unlink(missing_ok=True)
    command = [str(BIN / "riptide"), "batch", str(warc), "-o", str(out), *how, "--no-progress"]
    run, stderr = measure(f"riptide batch {' '.join(how)}", command, pages, work, cluster)
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
        with workers(work) as (cluster, worker_processes):
            riptide(None, warc, args.pages, work, cluster)  # the workers' first pages, unmeasured
            rounds(args.rounds, warc, html_dir, halves, args.pages, work, cluster, worker_processes)


def rounds(
    count: int,
    warc: Path,
    html_dir: Path,
    halves: list[Path],
    pages: int,
    work: Path,
    cluster: dict[str, str],
    worker_processes: list[subprocess.Popen[bytes]],
) -> None:
    ratios: dict[str, list[float]] = {"--jobs 2": [], "--distributed": [], "two processes": []}
    for round_number in range(1, count + 1):
        order: list[int | None] = [1, 2, None] if round_number % 2 else [None, 2, 1]
        runs = {jobs: riptide(jobs, warc, pages, work, cluster if jobs is None else None) for jobs in order}
        workers_mb = sum(group_rss_mb(process.pid) for process in worker_processes)
        runs[None].accounting += f"; the two workers' RSS after it: {workers_mb:.0f} MB"
        ceiling = two_processes(halves, pages, work)
        peers = [trafilatura(None, html_dir, pages, work), trafilatura(1, html_dir, pages, work)]
        for name, run in (("--jobs 2", runs[2]), ("--distributed", runs[None]), ("two processes", ceiling)):
            ratios[name].append(run.rate / runs[1].rate)
        print(f"\nround {round_number}")
        for run in [runs[1], runs[2], runs[None], ceiling, *peers]:
            print(
                f"  {run.name:48} {run.seconds:6.1f} s {run.rate:6.1f} pages/s  "
                "RSS MB at 1/4, 1/2, 3/4, peak: " + "/".join(f"{mb:.0f}" for mb in run.rss_mb) + "  "
                f"{run.accounting}"
            )
        print("  " + "; ".join(f"{name} / --jobs 1 = {values[-1]:.2f}x" for name, values in ratios.items()))
    print(f"\nover {count} rounds, against --jobs 1 in the same round:")
    for name, values in ratios.items():
        low, high = min(values), max(values)
        print(f"  {name}: median {statistics.median(values):.2f}x (min {low:.2f}x, max {high:.2f}x)")


if __name__ == "__main__":
    main()
