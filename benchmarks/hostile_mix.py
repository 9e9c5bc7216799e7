"""Hostile and normal requests at once against a real `riptide serve`: do normal users still get served?

    .venv/bin/python benchmarks/hostile_mix.py [--hostile 8] [--size-kb 1000] [--normal 200]
                                               [--concurrency 4] [--max-seconds 120]

Starts `riptide serve` on 127.0.0.1 (default settings: a pool of 8, cache off) and sends, at the
same time, ``--hostile`` /extract requests whose inline HTML is one of ``hostile_inputs.SHAPES``
at ``--size-kb`` KB each, and /extract requests for a normal article, ``--concurrency`` at a time,
for as long as the hostile ones take. Prints each hostile request's status and seconds, and the
normal requests' p50, p99 and worst latency, next to ``--normal`` of them measured alone first.
Issue 12's aim: the normal p99 stays under 1 s. Bounded in requests and time; nothing leaves the
machine.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx
from hostile_inputs import SHAPES, build
from load_test import free_port, wait_ready

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = (ROOT / "tests" / "fixtures" / "pages" / "news_article.html").read_text()


async def normal_load(
    client: httpx.AsyncClient,
    concurrency: int,
    deadline: float,
    *,
    count: int = 0,
    until: asyncio.Future | None = None,
) -> list[float]:
    """Seconds per normal request: ``count`` of them, or as many as fit until ``until`` is done."""
    body = {"url": "https://courier.example/local/harbour-tunnel", "html": ARTICLE}
    seconds: list[float] = []

    async def worker(quota: int) -> None:
        while time.monotonic() < deadline and (quota > 0 if until is None else not until.done()):
            quota -= 1
            started = time.perf_counter()
            response = await client.post("/extract", json=body)
            seconds.append(time.perf_counter() - started)
            if response.status_code != 200:
                print(f"  normal request failed: {response.status_code} {response.text[:120]}")

    await asyncio.gather(*(worker(count // concurrency) for _ in range(concurrency)))
    return seconds


async def hostile_request(client: httpx.AsyncClient, shape: str, html: str) -> str:
    started = time.perf_counter()
    response = await client.post("/extract", json={"url": "https://example.com/hostile", "html": html})
    kind = response.json().get("error", "ok") if response.status_code != 200 else "ok"
    return f"  {shape:<18} {response.status_code} {kind:<16} {time.perf_counter() - started:6.2f} s"


def summary(label: str, seconds: list[float]) -> str:
    ordered = sorted(seconds)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * len(ordered)) - 1)]
    return (
        f"{label:<28} n={len(ordered):4d}  p50 {statistics.median(ordered) * 1000:7.1f} ms"
        f"  p99 {p99 * 1000:7.1f} ms  worst {ordered[-1] * 1000:7.1f} ms"
    )


async def run(base: str, args: argparse.Namespace) -> None:
    deadline = time.monotonic() + args.max_seconds
    shapes = list(SHAPES)
    hostile = [
        (shapes[i % len(shapes)], build(shapes[i % len(shapes)], args.size_kb)) for i in range(args.hostile)
    ]
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        await normal_load(client, 2, deadline, count=8)  # warm the pool
        alone = await normal_load(client, args.concurrency, deadline, count=args.normal)
        print(summary("normal requests alone", alone))
        started = time.perf_counter()
        hostile_done = asyncio.ensure_future(
            asyncio.gather(*(hostile_request(client, shape, html) for shape, html in hostile))
        )
        await asyncio.sleep(0.2)  # let the hostile requests take their slots first
        together = await normal_load(client, args.concurrency, deadline, until=hostile_done)
        lines = await hostile_done
        print(summary(f"normal beside {args.hostile} hostile", together))
        elapsed = time.perf_counter() - started
        print(f"hostile requests ({args.size_kb} KB each; all done after {elapsed:.1f} s):")
        for line in lines:
            print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hostile", type=int, default=8)
    parser.add_argument("--size-kb", type=int, default=1000)
    parser.add_argument("--normal", type=int, default=200, help="normal requests measured alone")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--max-seconds", type=float, default=120)
    args = parser.parse_args()
    port = free_port()
    env = {**os.environ, "RIPTIDE_CACHE_ENABLED": "false", "RIPTIDE_API_MAX_BODY_BYTES": str(64 * 2**20)}
    riptide = Path(sys.executable).parent / "riptide"
    server = subprocess.Popen([str(riptide), "serve", "--port", str(port), "--log-level", "warning"], env=env)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_ready(base)
        asyncio.run(run(base, args))
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
