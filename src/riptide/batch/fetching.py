"""Fetching URL-list entries from extraction threads: one ``Fetcher`` (robots.txt, politeness,
SSRF rules, retries: the crawler's rules) on an event loop of its own, called synchronously.

One loop and one fetcher for the whole batch, so per-host politeness holds across threads.
"""

from __future__ import annotations

import asyncio
import threading

from ..config import Settings
from ..fetch.client import Fetcher
from ..fetch.rules import FetchedPage


class BlockingFetcher:
    """``fetch(url)`` from any thread; the loop thread starts on first use. ``close()`` ends it."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._fetcher: Fetcher | None = None

    def fetch(self, url: str) -> FetchedPage:
        """The page at ``url``, or ``FetchError``."""
        loop, fetcher = self._start()
        return asyncio.run_coroutine_threadsafe(fetcher.fetch(url), loop).result()

    def _start(self) -> tuple[asyncio.AbstractEventLoop, Fetcher]:
        with self._lock:
            if self._loop is None or self._fetcher is None:
                loop = asyncio.new_event_loop()
                self._thread = threading.Thread(
                    target=loop.run_forever, name="riptide-batch-fetch", daemon=True
                )
                self._thread.start()
                # the client is created on its loop (httpx binds connections to the loop that uses them)
                self._fetcher = asyncio.run_coroutine_threadsafe(self._make_fetcher(), loop).result()
                self._loop = loop
            return self._loop, self._fetcher

    async def _make_fetcher(self) -> Fetcher:
        return Fetcher(self._settings)

    def close(self) -> None:
        loop, fetcher, thread = self._loop, self._fetcher, self._thread
        if loop is None or fetcher is None or thread is None:
            return
        asyncio.run_coroutine_threadsafe(fetcher.aclose(), loop).result()
        loop.call_soon_threadsafe(loop.stop)
        thread.join()
        loop.close()
        self._loop = self._fetcher = self._thread = None
