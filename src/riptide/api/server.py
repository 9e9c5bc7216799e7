"""``riptide serve``: uvicorn with deadlines for reading requests and a cap on connections.

uvicorn closes an idle keep-alive connection after ``timeout_keep_alive``, but it waits without
limit for a request that a client sends slowly: a client that dribbles header lines (slowloris),
or a body, holds a connection and its memory for as long as it likes. ``RequestDeadlineProtocol``
gives every request ``RIPTIDE_API_REQUEST_TIMEOUT_SECS`` from its first byte (or from the
connection, for the first one) to arrive whole; past it the connection is closed. The time the
service then takes to answer is not limited here (the sandbox and fetch limits bound it).
``RIPTIDE_API_MAX_CONNECTIONS`` caps connections and tasks at once (uvicorn's
``limit_concurrency``: beyond it, new requests get 503).
"""

from __future__ import annotations

import asyncio
from functools import cache

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from ..config import Settings, load_settings


@cache
def _request_timeout_secs() -> float:
    """Read once per server process (uvicorn's worker processes import this module afresh)."""
    return load_settings().api_request_timeout_secs


class RequestDeadlineProtocol(H11Protocol):
    """uvicorn's h11 protocol, closing a connection whose request does not arrive whole in time."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._deadline: asyncio.TimerHandle | None = None
        self._arm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm()  # the next request on this keep-alive connection gets its own deadline

    def connection_lost(self, exc: Exception | None) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
        super().connection_lost(exc)

    def _arm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
        self._deadline = self.loop.call_later(_request_timeout_secs(), self._expire)

    def _expire(self) -> None:
        """Close the connection unless the request has fully arrived (the answer may still be on its way)."""
        if self.transport.is_closing() or self.conn.their_state in (h11.DONE, h11.MUST_CLOSE, h11.CLOSED):
            return
        self.logger.info(
            "closing %s: its request did not arrive in %g s", self.client, _request_timeout_secs()
        )
        self.transport.close()


def serve(settings: Settings, *, host: str, port: int, workers: int, log_level: str) -> None:
    """Run the HTTP API until interrupted (one sandbox pool per worker process)."""
    uvicorn.run(
        "riptide.api.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=log_level,
        http=RequestDeadlineProtocol,
        limit_concurrency=settings.api_max_connections,
    )
