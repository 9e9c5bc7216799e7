"""A fix for a native memory leak in wasmtime-py 50's component value lifting.

``VariantLikeType._lift`` (options, results, variants) moves the payload out of a boxed
``wasmtime_component_val_t`` and then calls ``wasmtime_component_val_delete`` on the box, which
drops the box's *contents* but never frees the box itself (that is
``wasmtime_component_val_free``). Every ``Some(...)``, result payload and variant payload lifted
from a guest therefore leaks one value box: measured ~200 bytes per metadata-mode call and
~700 bytes per article extraction, i.e. a served process grew ~1 MB per 440 requests without
bound. The replacement below is upstream's method with that one call corrected; after it, the
host's malloc use stays flat (``tests/sandbox/test_wasmtime_fixes.py``).

Applied when a ``SandboxHost`` is created (never on ``import riptide``: a native-only user's
wasmtime stays untouched), and only to the wasmtime versions known to have the bug (this project
pins ``wasmtime>=50,<51``).
"""

from __future__ import annotations

import ctypes
from typing import Any

from wasmtime import _ffi as ffi
from wasmtime.component import _types

from .aot_cache import WASMTIME_VERSION

#: Major versions whose ``VariantLikeType._lift`` leaks the payload box.
AFFECTED_MAJOR_VERSIONS = frozenset({"50"})


def _lift(self: Any, tag: str, ptr: ctypes._Pointer[Any]) -> Any:
    tagged = self._tagged()
    for name, ty in self._cases():
        if name != tag:
            continue
        if ty is None:
            return _types.Variant(tag) if tagged else None
        payload = ty.convert_from_c(ptr.contents)
        # the payload was moved out: leave a trivially droppable value, then free the box
        ptr.contents.kind = ffi.WASMTIME_COMPONENT_BOOL
        ptr.contents.of.boolean = False
        ffi.wasmtime_component_val_free(ptr)
        return _types.Variant(tag, payload) if tagged else payload
    raise ValueError(f"tag {tag} not found in variant cases")


def apply() -> bool:
    """Install the fix if this wasmtime is affected (idempotent); returns whether it is installed."""
    if WASMTIME_VERSION.split(".")[0] not in AFFECTED_MAJOR_VERSIONS:
        return False
    _types.VariantLikeType._lift = _lift  # type: ignore[method-assign]
    return True


def installed() -> bool:
    return _types.VariantLikeType._lift is _lift
