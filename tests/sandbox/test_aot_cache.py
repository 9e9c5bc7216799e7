"""Compiled code is cached on disk, reused, and rebuilt when stale or corrupt."""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import stat
from pathlib import Path

from tests.sandbox.conftest import PARTIAL_COMPONENT_WAT
from wasmtime import Engine, wat2wasm

from riptide import Extractor
from riptide.sandbox import aot_cache
from riptide.sandbox.aot_cache import CHECKSUM_SUFFIX, ENTRY_SUFFIX, KEEP_BYTES, VERIFIED_SUFFIX, AotCache

MIB = 1024 * 1024

HTML = "<html><head><title>Cache</title></head><body><p>Cached compiled code works.</p></body></html>"


def _entries(cache: Path) -> list[Path]:
    return sorted((cache / "aot").glob(f"*{ENTRY_SUFFIX}"))


def test_cold_start_compiles_and_warm_start_hits_the_cache(make_settings, tmp_path: Path) -> None:
    settings = make_settings(wasm_cache_dir=tmp_path, wasm_initial_pool_size=0)
    with Extractor(settings, engine="wasm") as cold:
        cold_figures = cold.metrics.snapshot()
        assert cold.extract(HTML, "https://example.com/").title == "Cache"
    assert cold_figures["aot_cache_misses"] == 1 and cold_figures["aot_cache_hits"] == 0
    assert cold_figures["cold_start_source"] == "compile"
    assert len(_entries(tmp_path)) == 1

    with Extractor(settings, engine="wasm") as warm:
        warm_figures = warm.metrics.snapshot()
        assert warm.extract(HTML, "https://example.com/").title == "Cache"
    assert warm_figures["aot_cache_hits"] == 1 and warm_figures["aot_cache_misses"] == 0
    assert warm_figures["cold_start_source"] == "aot-cache"
    assert warm_figures["cold_start_ms"] < cold_figures["cold_start_ms"]


def test_corrupt_entry_is_detected_and_rebuilt(make_settings, tmp_path: Path) -> None:
    settings = make_settings(wasm_cache_dir=tmp_path, wasm_initial_pool_size=0)
    Extractor(settings, engine="wasm").close()
    entry = _entries(tmp_path)[0]
    data = bytearray(entry.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 64] = bytes(64)  # flip code bytes: header checks alone would not notice
    entry.write_bytes(bytes(data))

    with Extractor(settings, engine="wasm") as rebuilt:
        figures = rebuilt.metrics.snapshot()
        assert rebuilt.extract(HTML, "https://example.com/").title == "Cache"
    assert figures["aot_cache_corrupt_rebuilds"] == 1 and figures["aot_cache_misses"] == 1
    assert _entries(tmp_path)[0].read_bytes() != bytes(data)


def test_truncated_entry_and_missing_checksum_are_rebuilt(make_settings, tmp_path: Path) -> None:
    settings = make_settings(wasm_cache_dir=tmp_path, wasm_initial_pool_size=0)
    Extractor(settings, engine="wasm").close()
    entry = _entries(tmp_path)[0]
    entry.write_bytes(entry.read_bytes()[:1000])
    entry.with_suffix(CHECKSUM_SUFFIX).unlink()
    with Extractor(settings, engine="wasm") as rebuilt:
        assert rebuilt.metrics.get("aot_cache_corrupt_rebuilds") == 1
        assert rebuilt.extract(HTML, "https://example.com/").engine == "wasm"


def test_changed_engine_settings_get_their_own_entry(make_settings, tmp_path: Path) -> None:
    Extractor(make_settings(wasm_cache_dir=tmp_path, wasm_initial_pool_size=0), engine="wasm").close()
    Extractor(
        make_settings(wasm_cache_dir=tmp_path, wasm_initial_pool_size=0, wasm_enable_simd=False),
        engine="wasm",
    ).close()
    assert len(_entries(tmp_path)) == 2


def test_unwritable_cache_still_starts_and_counts_the_failure(make_settings, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache directory should be")
    with Extractor(
        make_settings(wasm_cache_dir=blocker, wasm_initial_pool_size=0), engine="wasm"
    ) as extractor:
        assert extractor.metrics.get("aot_cache_write_failures") == 1
        assert extractor.extract(HTML, "https://example.com/").engine == "wasm"


def _fake_entry(directory: Path, name: str, size: int, age_secs: int) -> Path:
    """A sparse file of ``size`` bytes (no disk used) with a sidecar, last used ``age_secs`` ago."""
    directory.mkdir(parents=True, exist_ok=True)
    entry = directory / f"{name}{ENTRY_SUFFIX}"
    with entry.open("wb") as f:
        f.truncate(size)
    entry.with_suffix(CHECKSUM_SUFFIX).write_text("00000000 0\n")
    used = 1_700_000_000 - age_secs
    os.utime(entry, (used, used))
    return entry


def test_eviction_keeps_the_most_recently_used_entries_within_the_budget(tmp_path: Path) -> None:
    cache = AotCache(tmp_path)
    current = _fake_entry(tmp_path, "current", 36 * MIB, age_secs=10_000)  # oldest, but in use
    recent = [_fake_entry(tmp_path, f"recent{i}", 36 * MIB, age_secs=i) for i in range(1, 3)]
    old = [_fake_entry(tmp_path, f"old{i}", 36 * MIB, age_secs=100 + i) for i in range(3)]
    tiny = _fake_entry(tmp_path, "tiny", 4096, age_secs=5_000)  # fits in what is left
    assert 3 * 36 * MIB + 4096 <= KEEP_BYTES < 4 * 36 * MIB

    assert cache.evict(keep=current) == 3
    remaining = sorted(tmp_path.glob(f"*{ENTRY_SUFFIX}"))
    assert remaining == sorted([current, *recent, tiny])
    assert sorted(tmp_path.glob(f"*{CHECKSUM_SUFFIX}")) == sorted(
        entry.with_suffix(CHECKSUM_SUFFIX) for entry in remaining
    )
    assert not any(entry.exists() for entry in old)
    assert cache.evict(keep=current) == 0  # already within the budget


def test_eviction_drops_digest_memos_of_changed_or_missing_files(tmp_path: Path) -> None:
    cache = AotCache(tmp_path / "aot")
    kept, changed, deleted = (tmp_path / f"{name}.wasm" for name in ("kept", "changed", "deleted"))
    for path in (kept, changed, deleted):
        path.write_bytes(b"\0asm" + path.name.encode())
        cache.component_sha256(path)
    memos = tmp_path / "aot" / "digests"
    (memos / "written-before-memos-named-their-file").write_text("1 2 3\n" + "0" * 64 + "\n")
    changed.write_bytes(b"\0asm changed, longer")
    deleted.unlink()
    assert len(list(memos.iterdir())) == 4

    cache.evict(keep=tmp_path / "aot" / f"none{ENTRY_SUFFIX}")
    [memo] = memos.iterdir()
    assert memo.read_text().splitlines()[2] == str(kept.resolve())


def test_loading_touches_its_entry_and_evicts_old_ones(
    make_settings, session_cache: Path, extractor: Extractor, tmp_path: Path
) -> None:
    # The session cache holds the real component's compiled code (the shared extractor loaded it).
    # (not the files another pytest-xdist worker is writing there: they are renamed when complete)
    shutil.copytree(session_cache / "aot", tmp_path / "aot", ignore=shutil.ignore_patterns("*.tmp"))
    real_entries = set(_entries(tmp_path))
    old = [_fake_entry(tmp_path / "aot", f"old{i}", 40 * MIB, age_secs=100_000 + i) for i in range(4)]
    for entry in real_entries:
        os.utime(entry, (1_600_000_000, 1_600_000_000))  # older than every fake entry

    with Extractor(make_settings(wasm_cache_dir=tmp_path, wasm_initial_pool_size=0), engine="wasm") as warm:
        figures = warm.metrics.snapshot()
        assert warm.extract(HTML, "https://example.com/").title == "Cache"
    assert figures["aot_cache_hits"] == 1 and figures["cold_start_source"] == "aot-cache"
    newest = max(_entries(tmp_path), key=lambda entry: entry.stat().st_mtime_ns)
    assert newest in real_entries and newest.stat().st_mtime > 1_700_000_000  # touched on load
    remaining = _entries(tmp_path)
    assert sum(entry.stat().st_size for entry in remaining) <= KEEP_BYTES
    assert figures["aot_cache_evictions"] == len(real_entries) + len(old) - len(remaining) > 0


def _small_component(tmp_path: Path) -> Path:
    """A tiny real component (compiles in milliseconds), for the cache's own rules."""
    path = tmp_path / "small.wasm"
    path.write_bytes(wat2wasm(PARTIAL_COMPONENT_WAT))
    return path


def test_entries_are_verified_by_sha256_recorded_when_written(tmp_path: Path) -> None:
    cache, engine = AotCache(tmp_path / "aot"), Engine()
    _, first = cache.load_or_compile(engine, _small_component(tmp_path), "settings")
    assert first.entry is not None and not first.hit
    digest, size = first.entry.with_suffix(CHECKSUM_SUFFIX).read_text().split()
    assert digest == hashlib.sha256(first.entry.read_bytes()).hexdigest() and int(size) > 0
    assert stat.S_IMODE(first.entry.stat().st_mode) & 0o022 == 0
    _, again = cache.load_or_compile(engine, _small_component(tmp_path), "settings")
    assert again.hit


def test_a_cache_directory_others_can_write_is_not_used(tmp_path: Path) -> None:
    directory = tmp_path / "aot"
    directory.mkdir()
    directory.chmod(0o777)
    cache, engine = AotCache(directory), Engine()
    for _ in range(2):
        component, outcome = cache.load_or_compile(engine, _small_component(tmp_path), "settings")
        assert component is not None and not outcome.hit
        assert outcome.untrusted is not None and "writable by group or others" in outcome.untrusted
    assert list(directory.iterdir()) == []  # nothing read, nothing written


def test_an_entry_others_can_write_is_rebuilt_not_loaded(tmp_path: Path) -> None:
    cache, engine = AotCache(tmp_path / "aot"), Engine()
    _, first = cache.load_or_compile(engine, _small_component(tmp_path), "settings")
    assert first.entry is not None
    first.entry.chmod(0o666)
    _, second = cache.load_or_compile(engine, _small_component(tmp_path), "settings")
    assert not second.hit and second.rebuilt_corrupt
    assert stat.S_IMODE(first.entry.stat().st_mode) & 0o022 == 0  # rewritten by this user, privately


def test_the_sandbox_starts_without_an_untrusted_cache_and_says_so(
    make_settings, tmp_path: Path, caplog
) -> None:
    (tmp_path / "aot").mkdir()
    (tmp_path / "aot").chmod(0o777)
    settings = make_settings(wasm_cache_dir=tmp_path, wasm_initial_pool_size=0)
    with (
        caplog.at_level(logging.WARNING, logger="riptide.sandbox.host"),
        Extractor(settings, engine="wasm") as extractor,
    ):
        assert extractor.extract(HTML, "https://example.com/").engine == "wasm"
        figures = extractor.metrics.snapshot()
    assert figures["aot_cache_untrusted"] == 1 and figures["cold_start_source"] == "compile"
    assert list((tmp_path / "aot").iterdir()) == []
    assert any("writable by group or others" in record.getMessage() for record in caplog.records)


def test_an_unchanged_entry_skips_the_hash_and_any_change_brings_it_back(tmp_path: Path, monkeypatch) -> None:
    """Loads after the first full check compare the entry's stat signature instead of hashing it;
    a rewrite that keeps the size and restores the mtime still changes ctime, and is caught."""
    cache, engine, component = AotCache(tmp_path / "aot"), Engine(), _small_component(tmp_path)
    _, stored = cache.load_or_compile(engine, component, "settings")
    assert stored.entry is not None
    hashed: list[Path] = []
    real_checksum = aot_cache._checksum
    monkeypatch.setattr(aot_cache, "_checksum", lambda path: hashed.append(path) or real_checksum(path))

    for _ in range(3):
        _, loaded = cache.load_or_compile(engine, component, "settings")
        assert loaded.hit and not loaded.rebuilt_corrupt
    assert hashed == [stored.entry]  # the first load checked in full, the next two did not
    assert stored.entry.with_suffix(VERIFIED_SUFFIX).exists()

    data = bytearray(stored.entry.read_bytes())
    data[-1] ^= 0xFF
    before = stored.entry.stat()
    stored.entry.write_bytes(bytes(data))
    os.utime(stored.entry, ns=(before.st_atime_ns, before.st_mtime_ns))  # same size, same mtime
    _, after = cache.load_or_compile(engine, component, "settings")
    assert not after.hit and after.rebuilt_corrupt


# -- the wasmtime version in the key, read without importlib.metadata ----------------------------------
def installed_wasmtime() -> str:
    from importlib.metadata import version

    return version("wasmtime")


def dist_info(site: Path, folder: str, metadata: bytes) -> None:
    (site / folder).mkdir(parents=True)
    (site / folder / "METADATA").write_bytes(metadata)


def test_the_version_in_the_key_is_the_installed_wasmtimes() -> None:
    assert installed_wasmtime() == aot_cache.WASMTIME_VERSION


def test_the_version_is_read_from_the_dist_info_headers(tmp_path: Path) -> None:
    # no empty line after the headers, and a body line that looks like a header: neither misleads
    dist_info(tmp_path, "wasmtime-7.0.1.dist-info", b"Metadata-Version: 2.1\nName: wasmtime\nVersion: 7.0.1")
    assert aot_cache.installed_version("wasmtime", tmp_path) == "7.0.1"
    dist_info(tmp_path, "wasmtimex-1.dist-info", b"Name: wasmtimex\nVersion: 1\n\nVersion: 2\n")
    assert aot_cache.installed_version("wasmtimex", tmp_path) == "1"


def test_an_ambiguous_or_unreadable_dist_info_is_left_to_importlib(tmp_path: Path) -> None:
    """Two versions side by side (a stale install), or metadata that is not UTF-8: importlib.metadata
    answers as it would have, from the real environment."""
    dist_info(tmp_path / "two", "wasmtime-7.0.1.dist-info", b"Name: wasmtime\nVersion: 7.0.1\n")
    dist_info(tmp_path / "two", "wasmtime-8.0.0.dist-info", b"Name: wasmtime\nVersion: 8.0.0\n")
    assert aot_cache.installed_version("wasmtime", tmp_path / "two") == installed_wasmtime()
    dist_info(tmp_path / "bad", "wasmtime-7.0.1.dist-info", b"Name: wasmtime\nVersion: \xff\n")
    assert aot_cache.installed_version("wasmtime", tmp_path / "bad") == installed_wasmtime()
    assert aot_cache.installed_version("wasmtime", tmp_path / "missing") == installed_wasmtime()
