"""open_cache: the backend follows the settings."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from tests.cache.helpers import RedisServer

from riptide.cache import HEALTHY, RedisResultCache, ResultCache, SqliteResultCache, open_cache
from riptide.config import load_settings
from riptide.errors import ConfigError


def test_sqlite_in_the_cache_directory_without_a_redis_url(tmp_path: Path) -> None:
    settings = load_settings(wasm_cache_dir=tmp_path, cache_ttl_secs=60)
    cache = open_cache(settings)
    assert isinstance(cache, SqliteResultCache) and isinstance(cache, ResultCache)
    assert cache.path == tmp_path / "results.sqlite3" == settings.results_db
    assert cache.default_ttl == 60
    assert not cache.path.exists()  # nothing opened before first use
    asyncio.run(cache.aclose())


def test_redis_when_a_redis_url_is_set(redis_server: RedisServer, tmp_path: Path) -> None:
    settings = load_settings(wasm_cache_dir=tmp_path, redis_url=redis_server.url)

    async def scenario() -> dict[str, object]:
        cache = open_cache(settings)
        assert isinstance(cache, RedisResultCache) and cache.name == "redis"
        try:
            return await cache.health()
        finally:
            await cache.aclose()

    assert asyncio.run(scenario())["status"] == HEALTHY
    assert not settings.results_db.exists()


def test_unusable_redis_url_is_a_config_error(tmp_path: Path) -> None:
    settings = load_settings(wasm_cache_dir=tmp_path, redis_url="http://example.com")
    with pytest.raises(ConfigError, match="RIPTIDE_REDIS_URL"):
        open_cache(settings)
