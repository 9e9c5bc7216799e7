"""Where the bundled component is built to, and the package it is built from.

Apart from ``build`` so that the host finds the component without importing the build's
machinery (argparse, subprocess, shutil, tempfile: ~14 ms of a one-document ``riptide extract``).
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = PACKAGE_DIR / "_wasm" / "riptide-extractor.wasm"
