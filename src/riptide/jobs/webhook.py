"""Webhooks of crawl jobs: a POST per stored page and one when the job ends.

The URL comes from whoever created the job, so it is checked like every fetched URL (http(s),
no credentials, and the SSRF address policy at connect time). Delivery is best effort, one try
within a short deadline for the whole exchange: a webhook that fails is logged and counted, and
never fails the page or the job (the data stays available from ``GET /v1/crawl/{id}``).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import httpx

from ..config import Settings
from ..errors import FetchError
from ..fetch.addresses import AddressPolicy
from ..fetch.transport import guarded_async_transport
from ..fetch.urls import check_url

logger = logging.getLogger(__name__)

#: The whole delivery: connecting, sending the event and receiving the status line and headers.
TIMEOUT_SECS = 5.0


class Webhooks:
    """POSTs job events as JSON; ``failures`` counts the deliveries that did not get a 2xx."""

    def __init__(self, settings: Settings) -> None:
        policy = AddressPolicy(allow_loopback=settings.fetch_allow_loopback)
        limits = httpx.Limits(max_connections=16)
        self._client = httpx.AsyncClient(
            transport=guarded_async_transport(policy, http2=False, limits=limits),
            timeout=TIMEOUT_SECS,
            headers={"User-Agent": settings.user_agent},
            follow_redirects=False,
            trust_env=False,
        )
        self.delivered = 0
        self.failures = 0

    async def send(self, url: str, event: dict[str, Any]) -> bool:
        """POST ``event`` to ``url``; whether it was accepted (2xx) within ``TIMEOUT_SECS`` in all.

        httpx's timeout is per read, so a receiver that sent its answer a byte every few seconds
        held the page task (and the job) for as long as it liked; the deadline is the whole
        exchange's, and only the status is awaited (the body is never read).
        """
        try:
            async with asyncio.timeout(TIMEOUT_SECS):
                async with self._client.stream("POST", check_url(url), json=event) as response:
                    ok = response.is_success
        except TimeoutError:
            logger.warning("webhook %s failed: no answer within %g s", url, TIMEOUT_SECS)
            ok = False
        except (httpx.HTTPError, FetchError) as error:
            logger.warning("webhook %s failed: %s", url, error)
            ok = False
        if ok:
            self.delivered += 1
        else:
            self.failures += 1
        return ok

    async def aclose(self) -> None:
        await self._client.aclose()
