"""Compiled-code (AOT) cache: compile a component once, load it in milliseconds afterwards.

Compiling the ~19 MB component takes seconds; deserializing its compiled form takes a few
milliseconds. Entries are keyed by a hash of the component bytes, the wasmtime version and the
engine settings that affect code generation, so a new component, a wasmtime upgrade or a
changed setting each get their own entry and never load mismatched code.

Trust: deserializing compiled code runs it as native code, so the cache is trusted exactly as
far as ssh trusts its keys. The directory, and every entry and sidecar read from it, must belong
to this user (or root) and be writable by nobody else; otherwise the cache is not used at all
(the component is compiled, nothing is stored, and ``LoadOutcome.untrusted`` says why). Each
entry is written with a SHA-256 sidecar (atomically, via rename) that is verified before use,
so a truncated, corrupt or swapped entry is counted, removed and rebuilt; it never crashes the
host. Whoever can write as this user can change both, like everything else this user runs.

Hashing the ~36 MB entry took ~20 ms of every start-up, so a full check also records the
entry's stat signature (device, inode, size, mtime and ctime, in ns) in a ``.verified`` memo,
and a later load whose entry still has exactly that signature skips the hash. That is as strong
as re-hashing against every change made through the kernel: any write, truncation, rename over
it or chmod gives the file a new ctime (or inode), and ctime cannot be set from user space.
What it gives up is noticing bytes that change on the medium without a write (silent disk
corruption), which the filesystem's own checks are for.

Eviction: an entry is ~36 MB and entries for other components, wasmtime versions or settings are
never asked for again, so each load keeps the most recently used entries (a load touches its
entry's mtime) that fit in ``KEEP_BYTES`` and deletes the rest with their sidecars, plus digest
memos of files that have since changed or gone. The entry just loaded or written is never deleted; one another
process has loaded stays usable by it (on Linux an unlinked file lives on while it is mapped).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import time
from dataclasses import dataclass
from pathlib import Path

import wasmtime
from wasmtime import Engine, WasmtimeError
from wasmtime.component import Component


def installed_version(name: str, site: Path) -> str:
    """The version of distribution ``name`` installed in ``site``, read from its ``.dist-info``.

    Why not just ``importlib.metadata.version``: importing it (``email``, ``csv``, ``zipfile``)
    took ~30 ms of a ~200 ms one-document ``riptide extract``. It still answers whenever the
    ``.dist-info`` is not exactly where an installed wheel puts it, or is not one.
    """
    found = []
    with contextlib.suppress(OSError, ValueError):  # unreadable or not UTF-8: ask importlib
        for info in site.glob(f"{name}-*.dist-info"):
            headers = _metadata_headers(info / "METADATA")
            if headers.get("Name", "").lower() == name and "Version" in headers:
                found.append(headers["Version"])
    if len(found) == 1:
        return found[0]
    from importlib.metadata import version  # imported only when needed: see above

    return version(name)


def _metadata_headers(path: Path) -> dict[str, str]:
    """The header fields of a core-metadata file (the lines before the first empty one)."""
    headers = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                break
            key, colon, value = line.rstrip("\n").partition(": ")
            if colon:
                headers[key] = value
    return headers


#: The wasmtime package version: compiled code is only valid for the exact version that made it.
WASMTIME_VERSION = installed_version("wasmtime", Path(wasmtime.__file__).parent.parent)
#: Bump when the layout of cache entries changes.
CACHE_FORMAT = "riptide-aot-2"
ENTRY_SUFFIX = ".cwasm"
CHECKSUM_SUFFIX = ".sha256"
#: The entry's stat signature when its SHA-256 was last checked in full (see the module docstring).
VERIFIED_SUFFIX = ".verified"
#: Disk kept after a load: the entry in use plus the most recently used others that fit (a
#: rollback, another deployment sharing the directory). A full entry is ~36 MB, so this keeps
#: about three; a budget rather than a count lets tiny components (tests) ride along.
KEEP_BYTES = 128 * 1024 * 1024


@dataclass(frozen=True)
class LoadOutcome:
    """How a component was obtained: from the cache (``hit``) or by compiling."""

    hit: bool
    milliseconds: float
    #: True when an entry existed but was unusable (corrupt, truncated) and was rebuilt.
    rebuilt_corrupt: bool = False
    entry: Path | None = None
    #: False when compiled code could not be written (read-only or full cache directory).
    stored: bool = True
    #: Old entries deleted to keep the cache at ``KEEP_ENTRIES``.
    evicted: int = 0
    #: SHA-256 (hex) of the component file.
    component_sha256: str = ""
    #: Why the cache directory was not used (owned by, or writable by, another user), if it was not.
    untrusted: str | None = None


def cache_key(component_sha256: str, engine_settings: str) -> str:
    """The entry name: a hash of the component's hash, the wasmtime version and engine settings."""
    digest = hashlib.sha256()
    for part in (CACHE_FORMAT, WASMTIME_VERSION, engine_settings, component_sha256):
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part.encode())
    return digest.hexdigest()


def _checksum(path: Path) -> str:
    """SHA-256 and size of a file (~30 ms for the 36 MB entry on this project's machine)."""
    with path.open("rb") as f:
        size = os.fstat(f.fileno()).st_size
        return f"{hashlib.file_digest(f, 'sha256').hexdigest()} {size}"


def untrusted_reason(path: Path) -> str | None:
    """Why ``path`` may not be trusted (another owner, or writable by group or others), or None."""
    info = path.lstat()
    if stat.S_ISLNK(info.st_mode):
        return f"{path} is a symbolic link"
    if info.st_uid not in (os.getuid(), 0):
        return f"{path} belongs to uid {info.st_uid}, not to this user (uid {os.getuid()})"
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return f"{path} is writable by group or others (mode {stat.S_IMODE(info.st_mode):04o}; chmod go-w)"
    return None


class AotCache:
    """A directory of compiled components; safe to share between processes."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        #: Files this cache failed to write (a read-only or full directory): counted, never fatal.
        self.write_failures = 0

    def entry_for(self, key: str) -> Path:
        return self.directory / f"{key}{ENTRY_SUFFIX}"

    def component_sha256(self, path: Path) -> str:
        """SHA-256 of the component file, memoised by its (size, mtime, inode) in the cache.

        Hashing 19 MB costs ~20 ms, five times the deserialization itself, so the digest is
        remembered next to the entries and recomputed only when the file's stat changes.
        """
        signature = _signature(path)
        memo = self.directory / "digests" / hashlib.sha256(str(path.resolve()).encode()).hexdigest()
        try:
            if untrusted_reason(memo):
                raise ValueError("not this user's alone")
            remembered_signature, digest = memo.read_text().split("\n")[:2]
            if remembered_signature == signature and len(digest) == 64:
                return digest
        except (OSError, ValueError):
            pass  # no memo yet, or an unreadable one: compute below
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        try:
            _write_atomically(memo, f"{signature}\n{digest}\n{path.resolve()}\n".encode())
        except OSError:
            self.write_failures += 1
        return digest

    def load_or_compile(
        self, engine: Engine, path: Path, engine_settings: str
    ) -> tuple[Component, LoadOutcome]:
        """The compiled component for the file at ``path``, from the cache or freshly compiled."""
        started = time.perf_counter()
        untrusted = self._untrusted_directory()
        if untrusted is not None:  # compile, and neither read nor write the cache
            data = path.read_bytes()
            compiled = Component(engine, data)
            elapsed = (time.perf_counter() - started) * 1000
            digest = hashlib.sha256(data).hexdigest()
            return compiled, LoadOutcome(False, elapsed, component_sha256=digest, untrusted=untrusted)
        digest = self.component_sha256(path)
        entry = self.entry_for(cache_key(digest, engine_settings))
        component, corrupt = self._try_load(engine, entry)
        hit = component is not None
        if component is None:
            component = Component(engine, path.read_bytes())
            self._store(component, entry)
        elapsed = (time.perf_counter() - started) * 1000  # eviction is housekeeping, not start-up
        return component, LoadOutcome(
            hit,
            elapsed,
            rebuilt_corrupt=corrupt,
            entry=entry,
            stored=self.write_failures == 0,
            evicted=self.evict(keep=entry),
            component_sha256=digest,
        )

    def evict(self, keep: Path) -> int:
        """Delete the least recently used entries beyond ``KEEP_BYTES`` in all; never ``keep``.

        Returns how many entries were deleted. Races with other processes are harmless: a file
        someone else deleted first is skipped, and deleting fails only on an unwritable cache.
        """
        others = [entry for entry in self.directory.glob(f"*{ENTRY_SUFFIX}") if entry != keep]
        others.sort(key=lambda entry: _stat(entry)[0], reverse=True)
        kept_bytes = _stat(keep)[1]
        evicted = 0
        for entry in others:
            size = _stat(entry)[1]
            if kept_bytes + size <= KEEP_BYTES:
                kept_bytes += size
                continue
            try:
                entry.unlink()
                for suffix in (CHECKSUM_SUFFIX, VERIFIED_SUFFIX):
                    entry.with_suffix(suffix).unlink(missing_ok=True)
                evicted += 1
            except OSError:
                continue  # gone already, or a read-only cache: nothing to reclaim here
        self._drop_stale_digests()
        return evicted

    def _drop_stale_digests(self) -> None:
        """Delete digest memos whose component file changed or is gone (or that name none)."""
        for memo in (self.directory / "digests").glob("*"):
            if memo.suffix == ".tmp":
                continue  # another process is writing it
            try:
                signature, _, component = memo.read_text().split("\n")[:3]
                if _signature(Path(component)) == signature:
                    continue
            except (OSError, ValueError):
                pass  # unreadable, or written before memos named their file: stale
            memo.unlink(missing_ok=True)

    def _untrusted_directory(self) -> str | None:
        try:
            self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            return untrusted_reason(self.directory)
        except OSError:
            return None  # not a usable directory: nothing is read from it, and writes fail (counted)

    def _try_load(self, engine: Engine, entry: Path) -> tuple[Component | None, bool]:
        """Load a verified entry; returns (component or None, whether a bad entry was found)."""
        sidecar, memo = entry.with_suffix(CHECKSUM_SUFFIX), entry.with_suffix(VERIFIED_SUFFIX)
        if not entry.exists():
            return None, False
        try:
            if untrusted_reason(entry) or untrusted_reason(sidecar):
                raise ValueError("an entry or its checksum is not this user's alone")
            if not _unchanged_since_verified(entry, memo) and sidecar.read_text().strip() != _checksum(entry):
                raise ValueError("checksum mismatch")
            component = Component.deserialize_file(engine, str(entry))
        except (OSError, ValueError, WasmtimeError):
            for path in (entry, sidecar, memo):
                path.unlink(missing_ok=True)
            return None, True
        with contextlib.suppress(OSError):  # a read-only cache still serves; it cannot record use
            os.utime(entry)  # "recently used", for eviction
            _write_atomically(memo, _verified_signature(entry).encode())
        return component, False

    def _store(self, component: Component, entry: Path) -> None:
        """Write entry then checksum, each atomically; a failure to cache is counted, not fatal."""
        try:
            _write_atomically(entry, bytes(component.serialize()))
            _write_atomically(entry.with_suffix(CHECKSUM_SUFFIX), (_checksum(entry) + "\n").encode())
        except OSError:
            self.write_failures += 1  # a read-only or full cache only costs the next start a compile


def _signature(path: Path) -> str:
    """What changes when a file is rewritten: size, modification time and inode."""
    stat = path.stat()
    return f"{stat.st_size} {stat.st_mtime_ns} {stat.st_ino}"


def _verified_signature(entry: Path) -> str:
    """What the kernel changes on any write, truncation, rename over, or chmod of ``entry``."""
    info = entry.lstat()
    return f"{info.st_dev} {info.st_ino} {info.st_size} {info.st_mtime_ns} {info.st_ctime_ns}"


def _unchanged_since_verified(entry: Path, memo: Path) -> bool:
    """Whether ``entry`` is exactly as it was when its SHA-256 was last checked in full."""
    try:
        if untrusted_reason(memo):
            return False
        return memo.read_text() == _verified_signature(entry)
    except OSError:
        return False  # no memo yet: check in full


def _stat(path: Path) -> tuple[int, int]:
    """(mtime in ns, size) of a file; (0, 0) when it is gone (another process evicted it)."""
    try:
        stat = path.stat()
    except OSError:
        return 0, 0
    return stat.st_mtime_ns, stat.st_size


def _write_atomically(path: Path, data: bytes) -> None:
    """Write via a temporary file and rename, so readers never see a partial file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    import tempfile  # only a cache miss writes; imported here, ~8 ms of every start-up otherwise

    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
