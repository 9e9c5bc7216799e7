"""The Rust guide's environment block, sourced by bash exactly as printed, starts `riptide serve`."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from tests.api.conftest import RIPTIDE, _free_port
from tests.conftest import FIXTURES, ROOT

GUIDE_ENV = FIXTURES / "guide" / "wasm.env"


def test_guides_env_block_starts_the_service(session_cache: Path, tmp_path: Path) -> None:
    port = _free_port()
    # Only where caches live is added (so compiled code is reused); the guide's block is sourced as is.
    env = {
        **{name: value for name, value in os.environ.items() if not name.startswith("RIPTIDE_")},
        "RIPTIDE_WASM_CACHE_DIR": str(session_cache),
        "RIPTIDE_CACHE_ENABLED": "false",
    }
    script = 'set -a; . "$1"; set +a; exec "$2" serve --port "$3" --log-level warning'
    process = subprocess.Popen(
        ["bash", "-c", script, "guide", str(GUIDE_ENV), str(RIPTIDE), str(port)],
        env=env,
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        health = _wait_for_health(f"http://127.0.0.1:{port}/health", process)
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=30)
    wasm = health["components"]["wasm_extractor"]
    assert health["status"] == "healthy", health
    assert wasm["trek_version"].startswith("trek ") and wasm["trek_version"] == wasm["engine_version"]
    assert wasm["pool_size"] == 2 and wasm["circuit_breaker_state"] == "closed"
    assert wasm["cold_start_target_ms"] == 15 and isinstance(wasm["cold_start_target_met"], bool)
    assert "is not a RipTide setting" not in stderr and "invalid configuration" not in stderr


def _wait_for_health(url: str, process: subprocess.Popen[str]) -> dict[str, Any]:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"riptide serve exited with {process.returncode}: {process.communicate()[1]}")
        try:
            response = httpx.get(url, timeout=2)
        except httpx.HTTPError:
            time.sleep(0.1)
            continue
        body: dict[str, Any] = response.json()
        return body
    pytest.fail("riptide serve did not answer /health within 90 s")
