"""The scale-out runner: pages go to Celery's Redis queue and any ``riptide worker`` runs them."""

from __future__ import annotations

import asyncio
from typing import Any

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from ..config import Settings
from .celery_app import PAGE_QUEUE, WORKER_KEY_PREFIX, app, configure
from .model import PageTask


class CeleryRunner:
    name = "celery"

    def __init__(self, settings: Settings) -> None:
        configure(settings)
        self._redis = aioredis.Redis.from_url(
            settings.redis_url or "", socket_timeout=2, socket_connect_timeout=2
        )

    @staticmethod
    async def publish(tasks: list[PageTask]) -> None:
        """Send page tasks to the queue (kombu publishes synchronously: off the event loop)."""

        def send() -> None:
            with app.producer_or_acquire() as producer:
                for task in tasks:
                    app.send_task("riptide.page", args=task.to_args(), queue=PAGE_QUEUE, producer=producer)

        await asyncio.to_thread(send)

    async def dispatch(self, tasks: list[PageTask]) -> None:
        await self.publish(tasks)

    async def queue_depth(self) -> int:
        try:
            return int(await self._redis.llen(PAGE_QUEUE))
        except RedisError:
            return 0

    async def worker_count(self) -> int:
        try:
            return len([key async for key in self._redis.scan_iter(match=WORKER_KEY_PREFIX + "*")])
        except RedisError:
            return 0

    async def health(self) -> dict[str, Any]:
        try:
            await self._redis.ping()
        except RedisError as error:
            return {"status": "unhealthy", "backend": self.name, "workers": 0, "error": str(error)}
        return {
            "status": "healthy",
            "backend": self.name,
            "workers": await self.worker_count(),
            "error": None,
        }

    async def aclose(self) -> None:
        await self._redis.aclose()
