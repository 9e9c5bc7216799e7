"""Load test of a real `riptide serve` process, on loopback only, bounded in requests and time.

    .venv/bin/python benchmarks/load_test.py [--requests N] [--concurrency C] [--max-seconds S]

Starts a fixture site (127.0.0.1, serves tests/fixtures/pages under many paths) and a
`riptide serve` process, then drives four phases — /extract with inline HTML, /extract by URL
(cache bypassed), /crawl in batches of 10 (cache bypassed), and /crawl again (served from the
cache) — and prints throughput, p50/p99 latency and errors per phase, plus the server's RSS
before and after each round (the first round warms the pool up to its size; later rounds
should leave RSS flat). Nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "tests" / "fixtures" / "pages").glob("*.html"))
BODIES = [page.read_bytes() for page in PAGES]


class Site(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        if self.path == "/robots.txt":
            body, kind = b"User-agent: *\nAllow: /\n", "text/plain"
        else:
            index = sum(map(ord, self.path)) % len(BODIES)
            body, kind = BODIES[index], "text/html; charset=utf-8"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def rss_mb(pid: int, field: str = "VmRSS") -> float:
    """A process's resident memory (``VmRSS``) or its peak (``VmHWM``), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def wait_ready(base: str, attempts: int = 600) -> None:
    """Until `riptide serve` at ``base`` answers /healthz with 200 (or ``attempts`` tries pass)."""
    for _ in range(attempts):
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.1)


async def phase(name: str, client: httpx.AsyncClient, make: list, concurrency: int, deadline: float) -> None:
    latencies: list[float] = []
    errors = 0
    queue = list(make)
    started = time.perf_counter()

    async def worker() -> None:
        nonlocal errors
        while queue and time.perf_counter() < deadline:
            path, body = queue.pop()
            t0 = time.perf_counter()
            try:
                response = await client.post(path, json=body)
                ok = response.status_code == 200 and (path != "/crawl" or response.json()["failed"] == 0)
            except httpx.HTTPError:
                ok = False
            latencies.append((time.perf_counter() - t0) * 1000)
            errors += 0 if ok else 1

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))] if latencies else float("nan")
    print(
        f"{name:34s} {len(latencies):6d} req {len(latencies) / elapsed:8.1f} req/s  "
        f"p50 {statistics.median(latencies) if latencies else float('nan'):7.1f} ms  p99 {p99:7.1f} ms  "
        f"errors {errors}"
    )


async def drive(base: str, site: str, requests: int, concurrency: int, max_seconds: float, tag: int) -> None:
    deadline = time.perf_counter() + max_seconds
    html = [BODIES[i % len(BODIES)].decode("utf-8", "replace") for i in range(requests)]
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        await phase(
            "POST /extract (inline html)",
            client,
            [("/extract", {"url": f"https://example.com/{i}", "html": html[i]}) for i in range(requests)],
            concurrency,
            deadline,
        )
        await phase(
            "POST /extract (url, cache bypass)",
            client,
            [("/extract", {"url": f"{site}/a/{tag}/{i}", "cache_mode": "bypass"}) for i in range(requests)],
            concurrency,
            deadline,
        )
        # new URLs every round, so this phase always fetches and extracts; the next one re-reads them
        batches = [[f"{site}/c/{tag}/{b}/{i}" for i in range(10)] for b in range(max(1, requests // 10))]
        await phase(
            "POST /crawl x10 (fetch + extract)",
            client,
            [("/crawl", {"urls": urls, "options": {"cache_mode": "read_through"}}) for urls in batches],
            max(1, concurrency // 2),
            deadline,
        )
        await phase(
            "POST /crawl x10 (from cache)",
            client,
            [("/crawl", {"urls": urls}) for urls in batches],
            max(1, concurrency // 2),
            deadline,
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=200, help="requests per phase")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--max-seconds", type=float, default=120, help="stop each round's phases after this")
    parser.add_argument("--rounds", type=int, default=2, help="repeat the phases; RSS is printed after each")
    args = parser.parse_args()

    site_server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    threading.Thread(target=site_server.serve_forever, daemon=True).start()
    site = f"http://127.0.0.1:{site_server.server_address[1]}"
    port = free_port()
    with tempfile.TemporaryDirectory() as cache:
        env = {
            **os.environ,
            "RIPTIDE_FETCH_ALLOW_LOOPBACK": "true",
            "RIPTIDE_FETCH_PER_HOST_RATE": "1000",
            "RIPTIDE_FETCH_PER_HOST_CONCURRENCY": "64",
            "RIPTIDE_WASM_CACHE_DIR": cache,
            "RIPTIDE_WASM_MAX_POOL_SIZE": "4",
        }
        aot = Path.home() / ".cache" / "riptide" / "aot"
        if aot.is_dir():  # reuse compiled code so start-up is not part of the figures
            os.symlink(aot, Path(cache) / "aot")
        server = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "riptide"),
                "serve",
                "--port",
                str(port),
                "--log-level",
                "warning",
            ],
            env=env,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_ready(base, attempts=300)
            before = rss_mb(server.pid)
            print(f"server pid {server.pid}, RSS before: {before:.1f} MB")
            for round_number in range(1, args.rounds + 1):
                asyncio.run(
                    drive(base, site, args.requests, args.concurrency, args.max_seconds, round_number)
                )
                after = rss_mb(server.pid)
                change = after - before
                print(f"-- after round {round_number}: server RSS {after:.1f} MB (change {change:+.1f} MB)")
            metrics = httpx.get(f"{base}/metrics").text
            wanted = (
                "riptide_wasm_memory_pages ",
                "riptide_native_fallbacks_total ",
                "riptide_wasm_traps_total ",
            )
            for line in metrics.splitlines():
                if line.startswith(wanted):
                    print("  " + line)
        finally:
            server.terminate()
            server.wait(timeout=30)
            site_server.shutdown()


if __name__ == "__main__":
    main()
