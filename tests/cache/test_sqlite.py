"""SQLite backend specifics: file layout, expiry housekeeping, corruption and unusable directories."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from pathlib import Path

import pytest
from tests.cache.helpers import run_with, sample_doc

from riptide.cache import HEALTHY, UNHEALTHY, SqliteResultCache, cache_key
from riptide.cache import sqlite as sqlite_backend

KEY = cache_key("https://example.com/post", "article")


def rows(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return int(connection.execute("SELECT count(*) FROM results").fetchone()[0])


def test_database_is_created_on_demand_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "results.sqlite3"

    async def scenario(cache: SqliteResultCache) -> None:
        await cache.put(KEY, sample_doc())

    run_with(SqliteResultCache, scenario, path=path)
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        columns = [row[1] for row in connection.execute("PRAGMA table_info(results)")]
    assert columns == ["key", "expires_at", "payload", "created_at"]


def test_expired_row_is_deleted_when_read(tmp_path: Path) -> None:
    path = tmp_path / "results.sqlite3"

    async def scenario(cache: SqliteResultCache) -> tuple[int, int, dict[str, int]]:
        await cache.put(KEY, sample_doc(), ttl=0.05)
        await asyncio.sleep(0.1)
        before = rows(path)
        await cache.get(KEY)
        return before, rows(path), cache.stats()

    before, after, stats = run_with(SqliteResultCache, scenario, path=path)
    assert (before, after) == (1, 0)
    assert stats["expired"] == 1 and stats["misses"] == 1


def test_writes_purge_expired_rows_a_bounded_batch_at_a_time(tmp_path: Path) -> None:
    path = tmp_path / "results.sqlite3"
    stale = [cache_key(f"https://example.com/{n}", "article") for n in range(10)]

    async def write_stale(cache: SqliteResultCache) -> None:
        for key in stale:
            await cache.put(key, sample_doc(), ttl=0.05)
        await asyncio.sleep(0.1)

    async def write_fresh(cache: SqliteResultCache) -> list[int]:
        counts = []
        for n in range(4):
            await cache.put(cache_key(f"https://example.com/fresh/{n}", "article"), sample_doc())
            counts.append(rows(path))
        return counts

    run_with(SqliteResultCache, write_stale, path=path)
    counts = run_with(SqliteResultCache, write_fresh, path=path, purge_batch=4, purge_interval_secs=3600)
    # Each write adds a row and purges up to 4 stale ones, again on the next write while a whole
    # batch was found, then not before the interval has passed.
    assert counts == [7, 4, 3, 4]


def test_corrupt_database_is_moved_aside_and_recreated(tmp_path: Path) -> None:
    path = tmp_path / "results.sqlite3"
    path.write_bytes(b"this is not a database, just garbage " * 200)

    async def scenario(cache: SqliteResultCache) -> tuple[object, object, dict[str, object]]:
        missing = await cache.get(KEY)
        await cache.put(KEY, sample_doc())
        return missing, await cache.get(KEY), await cache.health()

    missing, found, health = run_with(SqliteResultCache, scenario, path=path)
    assert missing is None and found == sample_doc()
    assert health["status"] == HEALTHY and health["entries"] == 1
    stats = health["stats"]
    assert isinstance(stats, dict) and stats["corrupt_recoveries"] == 1
    assert (tmp_path / "results.sqlite3.corrupt").read_bytes().startswith(b"this is not a database")


def damage(path: Path) -> None:
    """Fill a database with 200 entries, then overwrite four of its b-tree pages with junk."""

    async def fill(cache: SqliteResultCache) -> None:
        for n in range(200):
            await cache.put(cache_key(f"https://example.com/{n}", "article"), sample_doc(title=f"{n}"))

    run_with(SqliteResultCache, fill, path=path)
    with sqlite3.connect(path) as connection:  # fold the WAL in, so the damage below is what is read
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    page_size = 4096
    data[page_size * 2 : page_size * 6] = b"\xa5" * (page_size * 4)
    path.write_bytes(bytes(data))


def test_damaged_pages_are_detected_by_quick_check_at_open(tmp_path: Path) -> None:
    path = tmp_path / "results.sqlite3"
    damage(path)

    async def use(cache: SqliteResultCache) -> tuple[object, dict[str, int]]:
        await cache.put(KEY, sample_doc())
        return await cache.get(KEY), cache.stats()

    found, stats = run_with(SqliteResultCache, use, path=path)
    assert found == sample_doc()
    assert stats["corrupt_recoveries"] == 1 and stats["errors"] == 0
    assert (tmp_path / "results.sqlite3.corrupt").exists()


def test_damage_met_by_a_statement_later_is_recovered_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files too large for quick_check at open: SQLite reports the damage when a statement meets it."""
    path = tmp_path / "results.sqlite3"
    damage(path)
    monkeypatch.setattr(sqlite_backend, "QUICK_CHECK_MAX_BYTES", 0)

    async def use(cache: SqliteResultCache) -> tuple[object, dict[str, int], dict[str, object]]:
        await cache.clear()  # reads every page: meets the damage
        await cache.put(KEY, sample_doc())
        return await cache.get(KEY), cache.stats(), await cache.health()

    found, stats, health = run_with(SqliteResultCache, use, path=path)
    assert found == sample_doc()
    assert stats["corrupt_recoveries"] == 1 and stats["errors"] == 1
    assert health["status"] == HEALTHY and "malformed" in str(health["last_error"])


def test_unusable_directory_degrades_to_counted_misses(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the cache directory should be")
    path = blocker / "riptide" / "results.sqlite3"

    async def scenario(cache: SqliteResultCache) -> tuple[object, dict[str, int], dict[str, object]]:
        await cache.put(KEY, sample_doc())
        found = await cache.get(KEY)
        await cache.delete(KEY)
        await cache.clear()
        return found, cache.stats(), await cache.health()

    found, stats, health = run_with(SqliteResultCache, scenario, path=path)
    assert found is None
    assert stats["errors"] == 4 and stats["misses"] == 1 and stats["writes"] == 0
    assert health["status"] == UNHEALTHY and health["entries"] is None
    assert "not-a-directory" in str(health["error"])


def test_cache_recovers_once_the_directory_becomes_usable(tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("in the way")

    async def scenario(cache: SqliteResultCache) -> tuple[object, object]:
        await cache.put(KEY, sample_doc())
        before = await cache.get(KEY)
        blocker.unlink()
        await cache.put(KEY, sample_doc())
        return before, await cache.get(KEY)

    before, after = run_with(
        SqliteResultCache, scenario, path=blocker / "results.sqlite3", reopen_interval_secs=0
    )
    assert before is None and after == sample_doc()


def test_two_caches_on_one_file_write_concurrently(tmp_path: Path) -> None:
    """Like two API worker processes: separate connections and threads, one file."""
    path = tmp_path / "results.sqlite3"
    keys = [cache_key(f"https://example.com/{n}", "article") for n in range(40)]

    async def scenario() -> list[object]:
        first, second = SqliteResultCache(path), SqliteResultCache(path)
        try:
            await asyncio.gather(
                *(first.put(key, sample_doc(title=str(n))) for n, key in enumerate(keys[::2])),
                *(second.put(key, sample_doc(title=str(n))) for n, key in enumerate(keys[1::2])),
            )
            found = await asyncio.gather(*(first.get(key) for key in keys))
            assert first.stats()["errors"] == second.stats()["errors"] == 0
            return list(found)
        finally:
            await first.aclose()
            await second.aclose()

    found = asyncio.run(scenario())
    assert all(doc is not None for doc in found)


def test_event_loop_stays_free_while_sqlite_works(tmp_path: Path) -> None:
    """Statements run on the cache's own thread: a ticker on the loop keeps ticking."""

    async def scenario(cache: SqliteResultCache) -> int:
        ticks = 0
        done = False

        async def ticker() -> None:
            nonlocal ticks
            while not done:
                ticks += 1
                await asyncio.sleep(0)

        task = asyncio.create_task(ticker())
        started = time.perf_counter()
        for n in range(100):
            await cache.put(cache_key(f"https://example.com/{n}", "article"), sample_doc())
        done = True
        await task
        assert time.perf_counter() - started < 5
        return ticks

    assert run_with(SqliteResultCache, scenario, path=tmp_path / "results.sqlite3") >= 100
