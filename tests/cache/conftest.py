"""Result-cache fixtures: a real redis-server for the session, and one factory per backend.

Redis comes from ``scripts/redis-for-tests`` (Debian's redis-server, installed with apt-get
when missing; ``scripts/test`` installs it up front). If it cannot be installed or started, every
Redis test FAILS with the script's message: nothing is skipped.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.cache.helpers import CacheFactory, RedisServer, start_redis, stop_redis

from riptide.cache import RedisResultCache, SqliteResultCache


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    server = start_redis(tmp_path_factory.mktemp("redis") / "redis.env")
    try:
        yield server
    finally:
        stop_redis(server)


@pytest.fixture(params=["sqlite", "redis"])
def make_cache(request: pytest.FixtureRequest, tmp_path: Path) -> CacheFactory:
    """A factory of fresh caches of one backend; options are passed to the backend's constructor.

    Redis caches get a namespace of their own, so tests never see each other's keys.
    """
    if request.param == "sqlite":
        path = tmp_path / "cache" / "results.sqlite3"
        return lambda **options: SqliteResultCache(path, **options)
    server: RedisServer = request.getfixturevalue("redis_server")
    namespace = f"test-{uuid.uuid4().hex}:"
    return lambda **options: RedisResultCache(server.url, namespace=namespace, **options)
