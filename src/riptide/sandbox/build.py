"""Build the bundled extractor component from the engine sources with componentize-py.

Why a staging directory: the guest must contain only the engine (stdlib-only) and the glue.
Importing the real ``riptide`` package would drag the host's dependencies (wasmtime, httpx…)
into the component, so the build copies ``riptide/engine`` under an empty ``riptide`` package
next to the glue module and points componentize-py there.

The build is skipped when a stamp next to the output records the same input hash, so running
setup twice costs nothing. Run it with ``python -m riptide.sandbox.build``.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ..errors import ComponentBuildError

PACKAGE_DIR = Path(__file__).resolve().parent.parent
ENGINE_DIR = PACKAGE_DIR / "engine"
#: The exception tree, which the engine raises: staged beside it (stdlib-only, like the engine).
ERRORS_MODULE = PACKAGE_DIR / "errors.py"
GUEST_MODULE = PACKAGE_DIR / "guest" / "app.py"
#: The WIT contract: next to the package in a source checkout.
WIT_DIR = PACKAGE_DIR.parent.parent / "wit"
WORLD = "extractor-component"
DEFAULT_OUTPUT = PACKAGE_DIR / "_wasm" / "riptide-extractor.wasm"


def _componentize_py() -> str:
    beside_python = Path(sys.executable).parent / "componentize-py"
    if beside_python.exists():
        return str(beside_python)
    found = shutil.which("componentize-py")
    if found is None:
        raise ComponentBuildError(
            "componentize-py is not installed; run scripts/setup (it installs the 'build' extra)"
        )
    return found


def input_files(guest_module: Path = GUEST_MODULE) -> list[Path]:
    """Everything the component is built from, in a stable order."""
    files = [*sorted(ENGINE_DIR.rglob("*.py")), ERRORS_MODULE, guest_module, *sorted(WIT_DIR.glob("*.wit"))]
    return [f for f in files if "__pycache__" not in f.parts]


def input_hash(guest_module: Path = GUEST_MODULE) -> str:
    digest = hashlib.sha256()
    for path in input_files(guest_module):
        digest.update(path.name.encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    digest.update(
        subprocess.run([_componentize_py(), "--version"], capture_output=True, text=True).stdout.encode()
    )
    return digest.hexdigest()


def _stage(into: Path, guest_module: Path) -> None:
    package = into / "riptide"
    package.mkdir()
    (package / "__init__.py").write_text('"""Engine-only package staged for the guest component."""\n')
    shutil.copytree(ENGINE_DIR, package / "engine", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copy(ERRORS_MODULE, package / "errors.py")
    shutil.copy(guest_module, into / "riptide_guest.py")


def build(
    output: Path = DEFAULT_OUTPUT, force: bool = False, quiet: bool = False, guest_module: Path = GUEST_MODULE
) -> Path:
    """Build the component into ``output`` unless it is up to date; returns the path.

    ``guest_module`` is the glue module implementing the WIT exports (tests build variants).
    """
    if not WIT_DIR.is_dir():
        raise ComponentBuildError(f"WIT contract not found at {WIT_DIR}; build from a source checkout")
    stamp = output.with_name(output.name + ".inputs")
    wanted = input_hash(guest_module)
    if not force and output.exists() and stamp.exists() and stamp.read_text().strip() == wanted:
        if not quiet:
            print(f"component up to date: {output}")
        return output
    output.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="riptide-guest-") as staging:
        _stage(Path(staging), guest_module)
        partial = output.with_name(output.name + ".partial")
        command = [
            _componentize_py(),
            "-d",
            str(WIT_DIR),
            "-w",
            WORLD,
            "componentize",
            "-p",
            staging,
            "riptide_guest",
            "-o",
            str(partial),
        ]
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            raise ComponentBuildError(
                f"componentize-py failed ({done.returncode}):\n{done.stderr.strip()[-4000:]}"
            )
        partial.replace(output)
    stamp.write_text(wanted + "\n")
    if not quiet:
        size_mb = output.stat().st_size / 1e6
        print(f"built {output} ({size_mb:.1f} MB) in {time.perf_counter() - started:.1f} s")
    return output


def main() -> int:
    parser = argparse.ArgumentParser(description="Build RipTide's extractor component.")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--force", action="store_true", help="rebuild even when up to date")
    args = parser.parse_args()
    try:
        build(args.output, force=args.force)
    except ComponentBuildError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
