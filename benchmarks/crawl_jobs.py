"""Crawl-job throughput: pages/s of one `POST /v1/crawl` with 1 and 2 `riptide worker`s (Celery on
a real redis-server), and on the embedded pool (no broker), side by side in one run.

    .venv/bin/python benchmarks/crawl_jobs.py [--rounds N] [--delay SECONDS] [--concurrency C]

Serves the tests' generated 31-page site (tests/jobs/site.py) on 127.0.0.1 (``--delay``: per-page
server latency, to see what workers add when pages wait on the network), starts redis-server
with scripts/redis-for-tests, `riptide serve` and the workers (each ``--concurrency`` processes),
and times each crawl from POST to "completed". Nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RIPTIDE = Path(sys.executable).parent / "riptide"

from tests.fetch.conftest import LocalSite  # noqa: E402
from tests.jobs.site import PAGES, serve_site  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait(check: object, within: float, what: str) -> None:
    deadline = time.monotonic() + within
    while not check():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise SystemExit(f"{what} within {within} s")
        time.sleep(0.1)


def crawl_once(base: str, site: LocalSite) -> float:
    started = time.monotonic()
    job = httpx.post(base + "/v1/crawl", json={"url": site.url("/")}, timeout=30).json()
    state: dict[str, object] = {}

    def done() -> bool:
        state.update(httpx.get(base + job["url"], timeout=30).json())
        return state["status"] in ("completed", "failed", "cancelled")

    wait(done, 300, "the crawl did not finish")
    elapsed = time.monotonic() - started
    assert state["completed"] == PAGES + 1, state
    return elapsed


def run_setup(
    env: dict[str, str], workers: int, concurrency: int, site: LocalSite, rounds: int
) -> list[float]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    serve = subprocess.Popen([str(RIPTIDE), "serve", "--port", str(port), "--log-level", "warning"], env=env)
    processes = [
        subprocess.Popen(
            [str(RIPTIDE), "worker", "--concurrency", str(concurrency), "--log-level", "warning"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        for _ in range(workers)
    ]
    expected = workers if workers else env.get("RIPTIDE_JOBS_EMBEDDED_WORKERS", "4")

    def ready() -> bool:
        try:
            return f"riptide_job_workers {float(expected)}" in httpx.get(base + "/metrics", timeout=2).text
        except httpx.HTTPError:
            return False

    try:
        wait(ready, 120, "the service and workers did not come up")
        crawl_once(base, site)  # warm-up: every pool process loads its sandbox
        return [crawl_once(base, site) for _ in range(rounds)]
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=60)
        serve.terminate()
        serve.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--delay", type=float, default=0.0)
    parser.add_argument("--concurrency", type=int, default=1, help="processes per worker")
    args = parser.parse_args()
    site = serve_site(LocalSite(), delay=args.delay)
    with tempfile.TemporaryDirectory() as directory:
        state = Path(directory) / "redis.env"
        started = subprocess.run(
            [str(ROOT / "scripts" / "redis-for-tests"), "start", str(state)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        redis_url = dict(line.split("=", 1) for line in started.stdout.split())["url"]
        base_env = {
            **os.environ,
            "RIPTIDE_FETCH_ALLOW_LOOPBACK": "true",
            "RIPTIDE_FETCH_PER_HOST_RATE": "1000",
            "RIPTIDE_FETCH_RATE_JITTER": "0",
            "RIPTIDE_FETCH_PER_HOST_CONCURRENCY": "16",
            "RIPTIDE_WASM_INITIAL_POOL_SIZE": "1",
        }
        base_env.pop("RIPTIDE_REDIS_URL", None)
        try:
            results = {}
            for workers in (1, 2):
                env = {**base_env, "RIPTIDE_REDIS_URL": redis_url}
                results[f"celery, {workers} worker(s) x {args.concurrency}"] = run_setup(
                    env, workers, args.concurrency, site, args.rounds
                )
            embedded_env = {**base_env, "RIPTIDE_JOBS_EMBEDDED_WORKERS": str(2 * args.concurrency)}
            results[f"embedded, pool of {2 * args.concurrency}"] = run_setup(
                embedded_env, 0, 0, site, args.rounds
            )
        finally:
            subprocess.run([str(ROOT / "scripts" / "redis-for-tests"), "stop", str(state)], check=False)
            site.close()
    pages = PAGES + 1
    print(f"{pages} pages per crawl, page delay {args.delay:g} s, {args.rounds} rounds after a warm-up")
    baseline = None
    for name, times in results.items():
        best = min(times)
        rate = pages / best
        baseline = baseline or rate
        print(f"{name:32s} best {best:6.2f} s  {rate:6.1f} pages/s  x{rate / baseline:.2f}  (all: "
              + ", ".join(f"{t:.2f}" for t in times) + ")")  # fmt: skip


if __name__ == "__main__":
    main()
