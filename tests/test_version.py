"""RipTide's version is written in one place (the engine) and read everywhere else."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from setuptools.config.pyprojecttoml import read_configuration

import riptide
from riptide.engine import ENGINE_VERSION

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.filterwarnings("ignore:Support for `\\[tool.setuptools\\]`")
def test_package_metadata_reads_the_engine_version() -> None:
    assert "version" not in read_configuration(ROOT / "pyproject.toml", expand=False)["project"]
    assert read_configuration(ROOT / "pyproject.toml")["project"]["version"] == ENGINE_VERSION
    assert riptide.__version__ == ENGINE_VERSION


def test_the_version_is_written_once_in_src() -> None:
    """Only the engine writes it; the WIT contract's own version (``@x.y.z``) is another thing."""
    pattern = re.compile(rf"(?<![@\w.]){re.escape(ENGINE_VERSION)}(?![\w.])")
    writers = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "src").rglob("*.py"))
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert writers == ["src/riptide/engine/__init__.py"]
