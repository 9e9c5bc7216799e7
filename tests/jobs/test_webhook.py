"""Webhook delivery against receivers that answer slowly: one deadline for the whole exchange,
and only the status is awaited. Real sockets on 127.0.0.1."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from dataclasses import replace

import pytest
from tests.conftest import dripping_server

from riptide.config import load_settings
from riptide.jobs.webhook import TIMEOUT_SECS, Webhooks


@pytest.fixture
def header_drip() -> Iterator[str]:
    """A receiver that sends its status line, then a header a byte every 2 s."""
    with dripping_server(b"HTTP/1.1 200 OK\r\nX-Slow: ", every=2.0) as base:
        yield base + "/hook"


@pytest.fixture
def body_drip() -> Iterator[str]:
    """A receiver that answers 200 at once, then its 1 GB body a byte every 2 s."""
    with dripping_server(b"HTTP/1.1 200 OK\r\nContent-Length: 1000000000\r\n\r\n", every=2.0) as base:
        yield base + "/hook"


def deliver(url: str) -> tuple[bool, int, float]:
    """(accepted, failures counted, seconds) of one delivery, given at most 30 s."""

    async def go() -> tuple[bool, int, float]:
        hooks = Webhooks(replace(load_settings(), fetch_allow_loopback=True))
        started = time.monotonic()
        try:
            ok = await asyncio.wait_for(hooks.send(url, {"type": "crawl.page"}), 30)
            return ok, hooks.failures, time.monotonic() - started
        finally:
            await hooks.aclose()

    return asyncio.run(go())


def test_a_receiver_dripping_its_headers_fails_the_delivery_at_the_deadline(header_drip: str) -> None:
    """Each byte came within httpx's per-read timeout, so the delivery, and the page task
    awaiting it, waited as long as the receiver liked (30 s here, and then some)."""
    ok, failures, seconds = deliver(header_drip)
    assert (ok, failures) == (False, 1)
    assert seconds >= TIMEOUT_SECS  # it was the deadline, not an error, that ended it


def test_the_answers_body_is_never_read(body_drip: str) -> None:
    """A 200 whose 1 GB body drips is accepted on its status line; the body was read before."""
    ok, failures, _seconds = deliver(body_drip)
    assert (ok, failures) == (True, 0)
