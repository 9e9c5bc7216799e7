"""The project's own checks run with the suite, so CI enforces them: ruff (lint, format) and mypy --strict."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=600)


def test_ruff_lint_is_clean() -> None:
    done = run(str(BIN / "ruff"), "check", "src", "tests", "benchmarks")
    assert done.returncode == 0, done.stdout[-4000:]


def test_ruff_format_is_clean() -> None:
    done = run(str(BIN / "ruff"), "format", "--check", "src", "tests", "benchmarks")
    assert done.returncode == 0, done.stdout[-4000:]


def test_mypy_strict_is_clean() -> None:
    done = run(str(BIN / "mypy"))
    assert done.returncode == 0, done.stdout[-4000:]
