"""RipTide's extraction engine ("trek"): pure Python, stdlib only.

It runs twice over: natively in the host (the fallback path) and inside the WebAssembly
component (the default path), so it must never import from ``riptide.sandbox``, ``riptide.fetch``
or ``riptide.api`` (only ``riptide.errors``, which the build stages beside it), and must run on
CPython 3.11 (host) and 3.14 (guest).
"""

from .result import Extraction, Link, Media, Stats

ENGINE_NAME = "trek"
#: RipTide's version, written here once: the package metadata (pyproject.toml), ``riptide.__version__``,
#: the component's reported version and the default User-Agent all read it. It lives in the engine
#: because the guest bundles only the engine. (The WIT package version is the contract's own.)
ENGINE_VERSION = "0.3.0"

__all__ = ["ENGINE_NAME", "ENGINE_VERSION", "Extraction", "Link", "Media", "Stats"]
