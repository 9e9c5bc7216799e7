"""Compiled-code (AOT) cache: compile a component once, load it in milliseconds afterwards.

Compiling the ~19 MB component takes seconds; deserializing its compiled form takes a few
milliseconds. Entries are keyed by a hash of the component bytes, the wasmtime version and the
engine settings that affect code generation, so a new component, a wasmtime upgrade or a
changed setting each get their own entry and never load mismatched code.

Safety: deserializing compiled code trusts it completely, so each entry is written with a
checksum sidecar (atomically, via rename) and verified before use. A missing, stale or corrupt
entry is counted, removed and rebuilt; it never crashes the host.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

from importlib.metadata import version as _package_version

from wasmtime import Engine, WasmtimeError
from wasmtime.component import Component

#: The wasmtime package version: compiled code is only valid for the exact version that made it.
WASMTIME_VERSION = _package_version("wasmtime")
#: Bump when the layout of cache entries changes.
CACHE_FORMAT = "riptide-aot-1"
ENTRY_SUFFIX = ".cwasm"
CHECKSUM_SUFFIX = ".crc32"


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


def cache_key(wasm: bytes, engine_settings: str) -> str:
    digest = hashlib.sha256()
    for part in (CACHE_FORMAT.encode(), WASMTIME_VERSION.encode(), engine_settings.encode(), wasm):
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return digest.hexdigest()


def _checksum(path: Path) -> str:
    crc = 0
    with path.open("rb") as f:
        while chunk := f.read(1 << 22):
            crc = zlib.crc32(chunk, crc)
    return f"{crc:08x} {path.stat().st_size}"


class AotCache:
    """A directory of compiled components; safe to share between processes."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def entry_for(self, key: str) -> Path:
        return self.directory / f"{key}{ENTRY_SUFFIX}"

    def load_or_compile(self, engine: Engine, wasm: bytes, engine_settings: str) -> tuple[Component, LoadOutcome]:
        started = time.perf_counter()
        key = cache_key(wasm, engine_settings)
        entry = self.entry_for(key)
        component, corrupt = self._try_load(engine, entry)
        if component is not None:
            return component, LoadOutcome(True, (time.perf_counter() - started) * 1000, entry=entry)
        component = Component(engine, wasm)
        stored = self._store(component, entry)
        elapsed = (time.perf_counter() - started) * 1000
        return component, LoadOutcome(False, elapsed, rebuilt_corrupt=corrupt, entry=entry, stored=stored)

    def _try_load(self, engine: Engine, entry: Path) -> tuple[Component | None, bool]:
        """Load a verified entry; returns (component or None, whether a bad entry was found)."""
        sidecar = entry.with_suffix(CHECKSUM_SUFFIX)
        if not entry.exists():
            return None, False
        try:
            if not sidecar.exists() or sidecar.read_text().strip() != _checksum(entry):
                raise ValueError("checksum mismatch")
            return Component.deserialize_file(engine, str(entry)), False
        except (OSError, ValueError, WasmtimeError):
            for path in (entry, sidecar):
                path.unlink(missing_ok=True)
            return None, True

    def _store(self, component: Component, entry: Path) -> bool:
        """Write entry then checksum, each atomically; a failure to cache is reported, not fatal."""
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
            with os.fdopen(fd, "wb") as f:
                f.write(component.serialize())
            tmp_path = Path(tmp)
            checksum = _checksum(tmp_path)
            tmp_path.replace(entry)
            fd, tmp = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
            with os.fdopen(fd, "w") as f:
                f.write(checksum + "\n")
            Path(tmp).replace(entry.with_suffix(CHECKSUM_SUFFIX))
        except OSError:
            return False  # a read-only or full cache directory only costs the next start a compile
        return True
