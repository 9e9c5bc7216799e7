"""``import riptide`` has no side effects: no HTTP stack, no wasmtime, no patches, until a sandbox starts."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import json, sys
import riptide
doc = riptide.Extractor(engine="native").extract("<p><a href='/a'>A</a> words</p>", "https://example.com/")
loaded = {name: name in sys.modules for name in ("httpx", "wasmtime")}
from riptide.sandbox import type_cache, wasmtime_fixes
patched = {"fixes": wasmtime_fixes.installed(), "type_cache": type_cache.installed()}
riptide.Extractor(engine="wasm").close()
started = {"fixes": wasmtime_fixes.installed(), "type_cache": type_cache.installed()}
print(json.dumps({"engine": doc.engine, "loaded": loaded, "patched": patched, "started": started}))
"""


def test_native_use_loads_no_http_stack_or_wasmtime_and_patches_nothing(component) -> None:
    env_run = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120)
    assert env_run.returncode == 0, env_run.stderr
    report = json.loads(env_run.stdout.strip().splitlines()[-1])
    assert report["engine"] == "native"
    assert report["loaded"] == {"httpx": False, "wasmtime": False}
    assert report["patched"] == {"fixes": False, "type_cache": False}
    assert report["started"] == {"fixes": True, "type_cache": True}
