"""Redis backend specifics: expiry in Redis itself, namespaces, and Redis being unreachable."""

from __future__ import annotations

import time
from pathlib import Path

from redis.asyncio import Redis
from tests.cache.helpers import RedisServer, run_with, sample_doc, start_redis, stop_redis
from tests.conftest import refused_port

from riptide.cache import HEALTHY, KEY_PREFIX, UNHEALTHY, RedisResultCache, cache_key

KEY = cache_key("https://example.com/post", "article")


def test_ttl_is_set_in_redis_to_the_millisecond(redis_server: RedisServer) -> None:
    async def scenario(cache: RedisResultCache) -> int:
        await cache.put(KEY, sample_doc(), ttl=12.345)
        async with Redis.from_url(redis_server.url) as raw:
            return int(await raw.pttl("ttl-test:" + KEY.value))

    remaining = run_with(RedisResultCache, scenario, url=redis_server.url, namespace="ttl-test:")
    assert 12_000 < remaining <= 12_345


def test_clear_leaves_other_namespaces_and_foreign_keys_alone(redis_server: RedisServer) -> None:
    async def scenario(cache: RedisResultCache) -> tuple[object, object, object]:
        other = RedisResultCache(redis_server.url, namespace="other[*]:")
        async with Redis.from_url(redis_server.url) as raw:
            await raw.set("someone-else:key", b"theirs")
            await cache.put(KEY, sample_doc())
            await other.put(KEY, sample_doc())
            await cache.clear()
            kept = await other.get(KEY), await cache.get(KEY), await raw.get("someone-else:key")
            await other.clear()
            await raw.delete("someone-else:key")
        await other.aclose()
        return kept

    theirs, ours, foreign = run_with(RedisResultCache, scenario, url=redis_server.url, namespace="mine*:")
    assert theirs == sample_doc() and ours is None and foreign == b"theirs"


def test_keys_are_readable_in_redis(redis_server: RedisServer) -> None:
    async def scenario(cache: RedisResultCache) -> list[bytes]:
        await cache.put(KEY, sample_doc())
        async with Redis.from_url(redis_server.url) as raw:
            return [name async for name in raw.scan_iter(match="readable:*")]

    names = run_with(RedisResultCache, scenario, url=redis_server.url, namespace="readable:")
    assert names == [f"readable:{KEY_PREFIX}".encode() + KEY.value.removeprefix(KEY_PREFIX).encode()]


def test_unreachable_redis_degrades_to_counted_misses_and_unhealthy() -> None:
    async def scenario(cache: RedisResultCache) -> tuple[object, dict[str, object], dict[str, int], float]:
        started = time.perf_counter()
        await cache.put(KEY, sample_doc())
        found = await cache.get(KEY)
        await cache.delete(KEY)
        await cache.clear()
        elapsed = time.perf_counter() - started
        return found, await cache.health(), cache.stats(), elapsed

    with refused_port() as port:
        url = f"redis://127.0.0.1:{port}/0"
        found, health, stats, elapsed = run_with(RedisResultCache, scenario, url=url)
    assert found is None
    assert health["status"] == UNHEALTHY and health["backend"] == "redis"
    assert "Connection" in str(health["error"]) and str(health["url"]).endswith(url.rsplit(":", 1)[1])
    # The put failed; the other calls were skipped during the pause after the failure.
    assert stats["errors"] == 2 and stats["skipped"] == 3 and stats["misses"] == 1
    assert stats["writes"] == 0
    assert elapsed < 1


def test_redis_stopping_mid_life_degrades_to_counted_misses(tmp_path: Path) -> None:
    """A server of this test's own: stopped while the cache holds pooled connections."""
    server = start_redis(tmp_path / "own-redis" / "redis.env")
    try:

        async def scenario(cache: RedisResultCache) -> tuple[object, object, dict[str, object], str]:
            await cache.put(KEY, sample_doc())
            before = await cache.get(KEY)
            stop_redis(server)
            after = await cache.get(KEY)
            await cache.put(KEY, sample_doc())
            down = await cache.health()
            return before, after, down, str(down["error"])

        before, after, down, error = run_with(RedisResultCache, scenario, url=server.url, retry_after_secs=0)
        assert before == sample_doc() and after is None
        assert down["status"] == UNHEALTHY and error
        stats = down["stats"]
        assert isinstance(stats, dict) and stats["errors"] == 3 and stats["writes"] == 1
    finally:
        stop_redis(server)


def test_health_ends_the_pause_after_redis_returns(redis_server: RedisServer) -> None:
    async def scenario(cache: RedisResultCache) -> tuple[dict[str, object], object]:
        cache._skip_until = time.monotonic() + 3600  # as after a connection failure
        assert await cache.get(KEY) is None
        health = await cache.health()
        await cache.put(KEY, sample_doc())
        return health, await cache.get(KEY)

    health, found = run_with(RedisResultCache, scenario, url=redis_server.url, namespace="pause:")
    assert health["status"] == HEALTHY and isinstance(health["latency_ms"], float)
    assert found == sample_doc()


def test_password_is_not_shown_in_health() -> None:
    async def scenario(cache: RedisResultCache) -> dict[str, object]:
        return await cache.health()

    with refused_port() as port:
        health = run_with(RedisResultCache, scenario, url=f"redis://user:s3cret@127.0.0.1:{port}/0")
    assert "s3cret" not in repr(health) and "user:***@" in str(health["url"])
