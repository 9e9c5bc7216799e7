"""The ResultCache contract, run against every backend (real SQLite file, real redis-server)."""

from __future__ import annotations

import asyncio
import time

import pytest
from tests.cache.helpers import CacheFactory, run_with, sample_doc

from riptide.cache import HEALTHY, ResultCache, cache_key, codec
from riptide.models import ExtractedDoc

KEY = cache_key("https://example.com/post", "article")


def test_put_then_get_returns_an_equal_document(make_cache: CacheFactory) -> None:
    doc = sample_doc()

    async def scenario(cache: ResultCache) -> object:
        await cache.put(KEY, doc)
        return await cache.get(KEY)

    assert run_with(make_cache, scenario) == doc


def test_document_without_stats_and_with_empty_lists_round_trips(make_cache: CacheFactory) -> None:
    doc = sample_doc(stats=None, links=[], media=[], categories=[], title=None, markdown="", engine="native")

    async def scenario(cache: ResultCache) -> object:
        await cache.put(KEY, doc)
        return await cache.get(KEY)

    assert run_with(make_cache, scenario) == doc


def test_unknown_key_is_a_counted_miss(make_cache: CacheFactory) -> None:
    async def scenario(cache: ResultCache) -> tuple[object, dict[str, int]]:
        return await cache.get(KEY), cache.stats()

    found, stats = run_with(make_cache, scenario)
    assert found is None
    assert stats["misses"] == 1 and stats["hits"] == 0 and stats["errors"] == 0


def test_counters_track_hits_misses_and_writes(make_cache: CacheFactory) -> None:
    async def scenario(cache: ResultCache) -> dict[str, int]:
        await cache.get(KEY)
        await cache.put(KEY, sample_doc())
        await cache.get(KEY)
        await cache.get(KEY)
        return cache.stats()

    stats = run_with(make_cache, scenario)
    assert {name: stats[name] for name in ("hits", "misses", "writes", "errors")} == {
        "hits": 2,
        "misses": 1,
        "writes": 1,
        "errors": 0,
    }


def test_entry_expires_after_its_ttl(make_cache: CacheFactory) -> None:
    async def scenario(cache: ResultCache) -> tuple[object, object, dict[str, int]]:
        await cache.put(KEY, sample_doc(), ttl=0.2)
        fresh = await cache.get(KEY)
        await asyncio.sleep(0.3)
        return fresh, await cache.get(KEY), cache.stats()

    fresh, stale, stats = run_with(make_cache, scenario)
    assert fresh == sample_doc()
    assert stale is None
    assert stats["hits"] == 1 and stats["misses"] == 1


def test_default_ttl_applies_when_put_gives_none(make_cache: CacheFactory) -> None:
    async def scenario(cache: ResultCache) -> tuple[object, object]:
        await cache.put(KEY, sample_doc())
        fresh = await cache.get(KEY)
        await asyncio.sleep(0.3)
        return fresh, await cache.get(KEY)

    fresh, stale = run_with(make_cache, scenario, default_ttl=0.2)
    assert fresh is not None and stale is None


def test_non_positive_ttl_stores_nothing(make_cache: CacheFactory) -> None:
    async def scenario(cache: ResultCache) -> tuple[object, dict[str, int]]:
        await cache.put(KEY, sample_doc(), ttl=0)
        await cache.put(KEY, sample_doc(), ttl=-5)
        return await cache.get(KEY), cache.stats()

    found, stats = run_with(make_cache, scenario)
    assert found is None and stats["writes"] == 0


def test_put_replaces_the_previous_document(make_cache: CacheFactory) -> None:
    async def scenario(cache: ResultCache) -> object:
        await cache.put(KEY, sample_doc(title="first"))
        await cache.put(KEY, sample_doc(title="second"))
        return await cache.get(KEY)

    assert run_with(make_cache, scenario) == sample_doc(title="second")


def test_delete_forgets_only_that_key(make_cache: CacheFactory) -> None:
    other = cache_key("https://example.com/other", "article")

    async def scenario(cache: ResultCache) -> tuple[object, object]:
        await cache.put(KEY, sample_doc())
        await cache.put(other, sample_doc(url="https://example.com/other"))
        await cache.delete(KEY)
        await cache.delete(cache_key("https://example.com/never-stored", "article"))
        return await cache.get(KEY), await cache.get(other)

    deleted, kept = run_with(make_cache, scenario)
    assert deleted is None
    assert kept == sample_doc(url="https://example.com/other")


def test_clear_forgets_every_entry(make_cache: CacheFactory) -> None:
    keys = [cache_key(f"https://example.com/{n}", "article") for n in range(20)]

    async def scenario(cache: ResultCache) -> list[object]:
        for key in keys:
            await cache.put(key, sample_doc())
        await cache.clear()
        return [await cache.get(key) for key in keys]

    assert run_with(make_cache, scenario) == [None] * len(keys)


def test_equivalent_urls_share_one_entry(make_cache: CacheFactory) -> None:
    stored = cache_key("https://example.com/post?b=2&a=1", "article")
    variants = [
        "HTTPS://Example.COM:443/post?a=1&b=2#comments",
        "https://example.com/post?utm_source=x&b=2&fbclid=y&a=1",
        "https://example.com/post?a=%31&b=2",
    ]

    async def scenario(cache: ResultCache) -> list[object]:
        await cache.put(stored, sample_doc())
        return [await cache.get(cache_key(url, "ARTICLE")) for url in variants]

    assert run_with(make_cache, scenario) == [sample_doc()] * len(variants)


def test_other_mode_selectors_or_engine_version_miss(make_cache: CacheFactory) -> None:
    url = "https://example.com/post"
    stored = cache_key(url, "custom", ["article h2", ".lead"], engine_version="0.2.0")
    others = [
        cache_key(url, "full", ["article h2", ".lead"], engine_version="0.2.0"),
        cache_key(url, "custom", [".lead", "article h2"], engine_version="0.2.0"),
        cache_key(url, "custom", ["article h2"], engine_version="0.2.0"),
        cache_key(url, "custom", ["article h2", ".lead"], engine_version="0.3.0"),
    ]

    async def scenario(cache: ResultCache) -> tuple[object, list[object]]:
        await cache.put(stored, sample_doc())
        same = await cache.get(cache_key(url, "custom", ["  article   h2 ", ".lead"], engine_version="0.2.0"))
        return same, [await cache.get(key) for key in others]

    same, missed = run_with(make_cache, scenario)
    assert same == sample_doc()
    assert missed == [None] * len(others)


def test_entry_in_another_format_version_is_a_counted_miss(
    make_cache: CacheFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def scenario(cache: ResultCache) -> tuple[object, dict[str, int]]:
        with monkeypatch.context() as patch:
            patch.setattr(codec, "FORMAT_VERSION", codec.FORMAT_VERSION + 1)  # a newer RipTide wrote it
            await cache.put(KEY, sample_doc())
        found = await cache.get(KEY)
        await cache.put(KEY, sample_doc(title="rewritten"))  # this version's entry replaces it
        assert await cache.get(KEY) == sample_doc(title="rewritten")
        return found, cache.stats()

    found, stats = run_with(make_cache, scenario)
    assert found is None
    assert stats["incompatible"] == 1 and stats["misses"] == 1 and stats["hits"] == 1


def test_garbled_payload_is_a_miss_counted_as_error(
    make_cache: CacheFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def scenario(cache: ResultCache) -> tuple[object, dict[str, int]]:
        with monkeypatch.context() as patch:
            patch.setattr(codec, "encode", lambda doc: codec.MAGIC + bytes([codec.FORMAT_VERSION]) + b"zjunk")
            await cache.put(KEY, sample_doc())
        return await cache.get(KEY), cache.stats()

    found, stats = run_with(make_cache, scenario)
    assert found is None
    assert stats["errors"] == 1 and stats["misses"] == 1


def test_health_reports_healthy_backend_and_counters(make_cache: CacheFactory) -> None:
    async def scenario(cache: ResultCache) -> tuple[str, dict[str, object]]:
        await cache.put(KEY, sample_doc())
        await cache.get(KEY)
        return cache.name, await cache.health()

    name, health = run_with(make_cache, scenario)
    assert health["status"] == HEALTHY
    assert health["backend"] == name and health["error"] is None
    assert health["entries"] in (1, None)  # Redis does not count its entries (see RedisResultCache.health)
    stats = health["stats"]
    assert isinstance(stats, dict) and stats["hits"] == 1 and stats["writes"] == 1


def test_fifty_concurrent_puts_and_gets_all_land(make_cache: CacheFactory) -> None:
    keys = [cache_key(f"https://example.com/{n}", "article") for n in range(50)]
    docs = [sample_doc(url=f"https://example.com/{n}", title=f"doc {n}") for n in range(50)]

    async def scenario(cache: ResultCache) -> tuple[list[ExtractedDoc | None], list[object], float]:
        mixed: list[object]
        started = time.perf_counter()
        await asyncio.gather(*(cache.put(key, doc) for key, doc in zip(keys, docs, strict=True)))
        found = await asyncio.gather(*(cache.get(key) for key in keys))
        # Reads and writes of the same keys interleaved: every read sees a whole document.
        mixed = await asyncio.gather(
            *(cache.put(key, doc) for key, doc in zip(keys, docs, strict=True)),
            *(cache.get(key) for key in keys),
        )
        return found, mixed[len(keys) :], time.perf_counter() - started

    found, mixed, elapsed = run_with(make_cache, scenario)
    assert found == docs
    assert mixed == docs
    assert elapsed < 5


def test_more_concurrent_requests_than_connections_wait_instead_of_failing(make_cache: CacheFactory) -> None:
    """300 gets at once: more than the Redis pool holds (64) and than redis-py's default (100)."""

    async def scenario(cache: ResultCache) -> tuple[list[ExtractedDoc | None], dict[str, int]]:
        await cache.put(KEY, sample_doc())
        found = await asyncio.gather(*(cache.get(KEY) for _ in range(300)))
        return list(found), cache.stats()

    found, stats = run_with(make_cache, scenario)
    assert found == [sample_doc()] * 300
    assert stats["errors"] == 0 and stats["hits"] == 300
