"""``import riptide`` has no side effects: no HTTP stack, no wasmtime, no patches, until a sandbox starts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

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


CLI_PROBE = """
import json, sys
from riptide.sandbox.pool import InstancePool
created = []
make = InstancePool._create
InstancePool._create = lambda self: created.append(1) or make(self)
from riptide.cli import main
try:
    main(["extract", sys.argv[1], "--engine", "wasm", "--format", "text"])
except SystemExit as done:
    assert not done.code, done.code
heavy = ("httpx", "pydantic", "pydantic_settings", "asyncio", "multiprocessing", "importlib.metadata",
         "riptide.engine.pipeline")
loaded = sorted(name for name in heavy if name in sys.modules)
print(json.dumps({"instances": len(created), "loaded": loaded}))
"""


def test_one_document_from_the_cli_loads_only_the_sandbox_and_makes_one_instance(component) -> None:
    """``riptide extract FILE --engine wasm`` starts fast: no HTTP stack, no native engine, no
    pydantic (~100 ms to import; settings are a plain dataclass), no asyncio, no importlib.metadata
    (~30 ms; the AOT cache key reads wasmtime's version itself), and exactly one guest instance
    for one document."""
    page = Path(__file__).parent.parent / "examples" / "article.html"
    run = subprocess.run(
        [sys.executable, "-c", CLI_PROBE, str(page)], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout.strip().splitlines()[-1])
    assert report == {"instances": 1, "loaded": []}
