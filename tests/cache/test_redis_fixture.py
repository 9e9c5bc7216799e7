"""The test redis-server: started by the project's own script, and failing loudly when it cannot be."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from tests.cache import helpers
from tests.cache.helpers import RedisServer


def test_session_server_is_a_real_redis_on_loopback(redis_server: RedisServer) -> None:
    assert redis_server.url == f"redis://127.0.0.1:{redis_server.port}/0"
    assert Path(f"/proc/{redis_server.pid}/comm").read_text().strip() == "redis-server"
    with socket.create_connection(("127.0.0.1", redis_server.port), timeout=2) as connection:
        connection.sendall(b"CONFIG GET save\r\n")
        reply = connection.recv(4096)
    assert reply == b"*2\r\n$4\r\nsave\r\n$0\r\n\r\n"  # no RDB snapshots


def test_failure_to_start_redis_fails_the_test_with_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = tmp_path / "redis-for-tests"
    script.write_text("#!/bin/sh\necho 'redis-for-tests: apt-get install redis-server failed' >&2\nexit 1\n")
    script.chmod(0o755)
    monkeypatch.setattr(helpers, "REDIS_SCRIPT", script)
    with pytest.raises(pytest.fail.Exception, match="apt-get install redis-server failed") as failure:
        helpers.start_redis(tmp_path / "redis.env")
    assert "scripts/test installs it" in str(failure.value)
