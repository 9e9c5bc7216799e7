"""``riptide batch`` as a shell user runs it: real processes, killed and resumed."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tests.batch.conftest import Archive, write_warc
from tests.conftest import ROOT

RIPTIDE = Path(sys.executable).parent / "riptide"
SUMMARY = re.compile(
    r"batch: (\d+) sources .*: (\d+) extracted, (\d+) skipped .*?, (\d+) errors.*?(\d+) already in OUT"
)


@pytest.fixture(scope="module")
def env(session_cache: Path) -> dict[str, str]:
    return {**os.environ, "RIPTIDE_WASM_CACHE_DIR": str(session_cache)}


def riptide(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(RIPTIDE), "batch", *args], capture_output=True, text=True, env=env, timeout=300, cwd=ROOT
    )


def summary(stderr: str) -> tuple[int, ...]:
    match = SUMMARY.search(stderr)
    assert match, stderr
    return tuple(int(group) for group in match.groups())


@pytest.fixture(scope="module")
def long_archive(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    return write_warc(tmp_path_factory.mktemp("long") / "long.warc.gz", gzipped=True, copies=40)


def test_resume_after_a_kill_redoes_nothing_twice(env, long_archive: Archive, tmp_path) -> None:
    out = tmp_path / "out.ndjson"
    command = [str(RIPTIDE), "batch", str(long_archive.path), "-o", str(out), "--jobs", "2"]
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if out.exists() and out.read_bytes().count(b"\n") >= 64:
            break
        time.sleep(0.02)
    assert process.poll() is None, "the batch finished before it could be killed: make the archive longer"
    process.send_signal(signal.SIGKILL)
    process.wait()
    if process.stderr:
        process.stderr.close()
    written = out.read_bytes()
    complete = written.count(b"\n")
    expected = len(long_archive.pages) + len(long_archive.failing) + long_archive.broken_regions
    assert 64 <= complete < expected

    resumed = riptide(env, str(long_archive.path), "-o", str(out), "--jobs", "2", "--resume")
    assert resumed.returncode == 0, resumed.stderr
    _total, extracted, skipped, errors, already = summary(resumed.stderr)
    assert already == complete  # every whole line was kept, none was redone
    assert extracted + errors == expected - complete and skipped == long_archive.skipped
    keys = [json.loads(line)["source"]["key"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(keys) == len(set(keys)) == expected  # nothing twice, nothing lost

    again = riptide(env, str(long_archive.path), "-o", str(out), "--resume")
    assert summary(again.stderr)[1:] == (0, long_archive.skipped, 0, expected)
    assert out.read_text(encoding="utf-8").count("\n") == expected


def test_progress_and_summary_go_to_stderr(env, archive: Archive, tmp_path) -> None:
    done = riptide(env, str(archive.path), "--progress", "--jobs", "1")
    assert done.returncode == 0, done.stderr
    assert re.search(r"batch: \d+ pages \([\d.]+/s\), \d+ errors, [\d.]+ of [\d.]+ MB read, ETA", done.stderr)
    total, extracted, skipped, errors, _ = summary(done.stderr)
    assert total == extracted + skipped + errors and extracted == len(archive.pages)
    assert len(done.stdout.splitlines()) == extracted + errors  # results on stdout, one per line


def test_bad_inputs_and_options_are_usage_errors(env, tmp_path) -> None:
    missing = riptide(env, str(tmp_path / "missing.warc.gz"))
    assert missing.returncode == 2 and "no such file or folder" in missing.stderr
    folder = riptide(env, str(tmp_path), "--format", "parquet")
    assert folder.returncode == 2 and "-o/--output" in folder.stderr


def test_a_fifo_or_device_in_a_folder_is_an_error_record(env, tmp_path) -> None:
    """A FIFO named like a page blocked the batch forever at open, and a link to /dev/zero read
    until memory ran out: each is now one error record, and the page beside them is extracted."""
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a.html").write_text("<title>A</title><p>A page of words, enough of them to keep.</p>")
    os.mkfifo(folder / "b-fifo.html")
    (folder / "c-zero.html").symlink_to("/dev/zero")
    out = tmp_path / "out.ndjson"
    done = riptide(env, str(folder), "-o", str(out))
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [record["status"] for record in records] == ["extracted", "error", "error"]
    assert records[1]["error"] == {
        "kind": "unreadable-input",
        "message": f"{folder / 'b-fifo.html'} is a FIFO, not a regular file: not read",
    }
    assert records[2]["error"]["message"].endswith("is a character device, not a regular file: not read")
    named = riptide(env, "/dev/zero")
    assert named.returncode == 2 and "/dev/zero is neither a regular file nor a folder" in named.stderr
