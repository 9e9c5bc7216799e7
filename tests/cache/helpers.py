"""Helpers of the result-cache tests: the test redis-server, a scenario runner, a sample document."""

from __future__ import annotations

import asyncio
import subprocess
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest

from riptide.cache import ResultCache
from riptide.engine.result import Link, Media, Stats
from riptide.models import ExtractedDoc

ROOT = Path(__file__).resolve().parents[2]
REDIS_SCRIPT = ROOT / "scripts" / "redis-for-tests"
#: Installing redis-server (apt-get update + install) can take a while on a cold machine.
REDIS_START_TIMEOUT_SECS = 600

T = TypeVar("T")
CacheFactory = Callable[..., ResultCache]


@dataclass(frozen=True)
class RedisServer:
    """A redis-server started by ``scripts/redis-for-tests`` (127.0.0.1, no persistence)."""

    url: str
    port: int
    pid: int
    state_file: Path


def start_redis(state_file: Path) -> RedisServer:
    """Start a server via the script, or fail the calling test with the script's explanation."""
    try:
        result = subprocess.run(
            [str(REDIS_SCRIPT), "start", str(state_file)],
            capture_output=True,
            text=True,
            timeout=REDIS_START_TIMEOUT_SECS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        pytest.fail(f"could not run {REDIS_SCRIPT}: {error}", pytrace=False)
    if result.returncode != 0:
        pytest.fail(
            "the Redis cache tests need a real redis-server and none could be started "
            f"({REDIS_SCRIPT.name} start exited {result.returncode}):\n{result.stderr.strip()}\n"
            "scripts/test installs it (apt-get install redis-server); or install it yourself.",
            pytrace=False,
        )
    values = dict(line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)
    return RedisServer(values["url"], int(values["port"]), int(values["pid"]), state_file)


def stop_redis(server: RedisServer) -> None:
    subprocess.run([str(REDIS_SCRIPT), "stop", str(server.state_file)], check=True, timeout=30)


def run_with(factory: Callable[..., Any], scenario: Callable[[Any], Awaitable[T]], **options: Any) -> T:
    """Run ``scenario(cache)`` in a fresh event loop with a new cache, closing it afterwards."""

    async def main() -> T:
        cache = factory(**options)
        try:
            return await scenario(cache)
        finally:
            await cache.aclose()

    return asyncio.run(main())


def sample_doc(url: str = "https://example.com/post", **changes: Any) -> ExtractedDoc:
    """A document using every field, nested dataclass and some awkward text."""
    fields: dict[str, Any] = {
        "url": url,
        "engine": "wasm",
        "title": "Größe & “quotes” — 日本語 🌊",
        "byline": "Ada Lovelace",
        "published_iso": "2024-05-01T12:00:00+00:00",
        "markdown": "# Title\n\nSome *text* with a [link](https://example.com/a).\n" * 40,
        "text": "Title\n\nSome text with a link.\n" * 40,
        "links": [
            Link("https://example.com/a", "a link", nofollow=True, hreflang="de"),
            Link("https://example.com/b", "", ugc=True, sponsored=True),
        ],
        "media": [
            Media("image", "https://example.com/i.png", alt="alt", caption="cap", width=640, height=480),
            Media("video", "https://example.com/v.mp4"),
        ],
        "language": "en",
        "reading_time": 3,
        "quality_score": 87,
        "word_count": 640,
        "categories": ["tech", "sea"],
        "site_name": "Example",
        "description": "A post.",
        "stats": Stats(processing_time_ms=12, memory_used=4096, nodes_processed=None, links_found=2),
    }
    fields.update(changes)
    return ExtractedDoc(**fields)
