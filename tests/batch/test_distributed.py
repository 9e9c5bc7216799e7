"""``riptide batch --distributed`` against a real redis-server and two real ``riptide worker``
processes: it writes what a local ``--jobs 1`` run writes, byte for byte; a worker SIGKILLed
mid-batch costs a redelivery, never a page or a duplicate; without a reachable Redis it refuses
to start (exit 4) and writes nothing."""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.api.conftest import RIPTIDE
from tests.batch.conftest import Archive
from tests.cache.helpers import RedisServer
from tests.conftest import refused_port
from tests.fetch.conftest import LocalSite
from tests.jobs.cluster import Worker, cluster_environment, lose, running_workers, wait_until
from tests.jobs.site import PAGES, expected_urls

#: Small chunks, so that the test inputs make several tasks.
CHUNK_BYTES = 20_000
URLS_PER_CHUNK = 4
DONE_WITHIN_SECS = 60
_RECEIVED = re.compile(rb"Task riptide\.batch_chunk\[([0-9a-f-]+)\] received")


@pytest.fixture(scope="module")
def env(redis: RedisServer, session_cache: Path) -> dict[str, str]:
    return {
        **cluster_environment(redis, session_cache),
        "RIPTIDE_BATCH_CHUNK_BYTES": str(CHUNK_BYTES),
        "RIPTIDE_BATCH_URLS_PER_CHUNK": str(URLS_PER_CHUNK),
    }


@pytest.fixture(scope="module")
def workers(env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Worker]]:
    with running_workers(env, tmp_path_factory.mktemp("batch-workers")) as started:
        yield started


def batch(env: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(RIPTIDE), "batch", *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=120
    )


def counts(stderr: str) -> str:
    """The summary line's counts (extracted, skipped, errors by kind, duplicates, already in OUT)."""
    return stderr.strip().splitlines()[-1].split("): ", 1)[1]


def received(worker: Worker) -> list[bytes]:
    """IDs of the chunk tasks the worker received, in order."""
    return _RECEIVED.findall(worker[1].read_bytes())


def test_distributed_output_equals_the_local_output(
    workers: list[Worker], env: dict[str, str], archive: Archive, page_folder: Path, tmp_path: Path
) -> None:
    # relative names, as a user types them: the workers get absolute paths, OUT the names given
    inputs = [os.path.relpath(path, tmp_path) for path in (archive.path, page_folder)]
    before = sum(len(received(worker)) for worker in workers)
    local = batch(env, tmp_path, *inputs, "-o", "local.ndjson", "--jobs", "1", "--dedup")
    assert local.returncode == 0, local.stderr
    distributed = batch(env, tmp_path, *inputs, "-o", "distributed.ndjson", "--distributed", "--dedup")
    assert distributed.returncode == 0, distributed.stderr
    expected = (tmp_path / "local.ndjson").read_bytes()
    assert (tmp_path / "distributed.ndjson").read_bytes() == expected
    assert b'"status": "duplicate"' in expected and b'"kind": "invalid-warc"' in expected
    assert counts(distributed.stderr) == counts(local.stderr)
    assert sum(len(received(worker)) for worker in workers) - before >= 4  # several chunks went out


def test_a_worker_lost_mid_batch_costs_no_page_and_no_duplicate(
    workers: list[Worker], env: dict[str, str], slow_site: LocalSite, tmp_path: Path
) -> None:
    """Runs last in this module: it leaves one worker."""
    urls = sorted(expected_urls(slow_site, range(PAGES + 1)))
    (tmp_path / "urls.txt").write_text("\n".join(urls) + "\n")
    out = tmp_path / "out.ndjson"
    victim, survivor = workers
    earlier = len(received(victim))
    process = subprocess.Popen(
        [str(RIPTIDE), "batch", "urls.txt", "-o", str(out), "--distributed"],
        env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    wait_until(lambda: len(received(victim)) > earlier, 30, "the first worker received no chunk")
    lost_task = received(victim)[earlier]
    lose(victim)  # mid-chunk: a chunk of 4 pages answering after 0.25 s each takes a second
    try:
        _, stderr = process.communicate(timeout=DONE_WITHIN_SECS)
    finally:
        process.kill()
    assert process.returncode == 0, stderr
    assert lost_task in received(survivor)  # the lost chunk was delivered again
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [record["source"]["key"] for record in records] == urls  # each once, in input order
    assert {record["status"] for record in records} == {"extracted"}
    assert f"{len(urls)} extracted" in stderr.decode()


@pytest.mark.parametrize("url", [None, "unreachable"])
def test_without_a_reachable_redis_nothing_starts(url: str | None, page_folder: Path, tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if key != "RIPTIDE_REDIS_URL"}
    with refused_port() as port:
        if url is not None:
            env["RIPTIDE_REDIS_URL"] = f"redis://127.0.0.1:{port}/0"
        done = batch(env, tmp_path, str(page_folder), "-o", "out.ndjson", "--distributed")
    assert done.returncode == 4, done.stderr
    assert "RIPTIDE_REDIS_URL" in done.stderr
    assert ("cannot reach Redis" in done.stderr) == (url is not None)
    assert not (tmp_path / "out.ndjson").exists()
