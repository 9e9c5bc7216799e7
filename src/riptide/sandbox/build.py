"""Build the bundled extractor component from the engine sources with componentize-py.

Why a staging directory: the guest must contain only the engine (stdlib-only) and the glue.
Importing the real ``riptide`` package would drag the host's dependencies (wasmtime, httpx…)
into the component, so the build copies ``riptide/engine`` under an empty ``riptide`` package
next to the glue module and points componentize-py there.

The C core (``csrc/``: the tokenizer, tree builder and two tree walks of ``engine/dom.py``) is
compiled for wasm32-wasi into the staged engine as ``_fastscan.cpython-314-wasm32-wasi.so``, which
componentize-py links in, and each folder of ``csrc/`` into a module of its own (``csrc/fastpass/``
→ ``_fastpass``); the host never builds nor loads them. Without the toolchain (clang-19,
wasm-ld-19, wasi-libc; installed by scripts/setup) the component is built without them and uses
the pure-Python tokenizer, builder and passes, which give the same results, only slower: the build
says so and does not fail.

The build is skipped when a stamp next to the output records the same input hash, so running
setup twice costs nothing. Run it with ``python -m riptide.sandbox.build``.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from ..errors import ComponentBuildError
from .locations import DEFAULT_OUTPUT, PACKAGE_DIR

ENGINE_DIR = PACKAGE_DIR / "engine"
#: The exception tree, which the engine raises: staged beside it (stdlib-only, like the engine).
ERRORS_MODULE = PACKAGE_DIR / "errors.py"
GUEST_MODULE = PACKAGE_DIR / "guest" / "app.py"
#: The WIT contract: next to the package in a source checkout.
WIT_DIR = PACKAGE_DIR.parent.parent / "wit"
WORLD = "extractor-component"
#: The C core's sources: next to the package in a source checkout, like the WIT contract.
CSRC_DIR = PACKAGE_DIR.parent.parent / "csrc"
#: The guest's C extension: the file name componentize-py links (the guest runs CPython 3.14).
C_CORE_MODULE = "_fastscan.cpython-314-wasm32-wasi.so"
#: Debian's packages: clang-19 and lld-19 (wasm-ld), with wasi-libc's sysroot under /usr.
CLANG, WASM_LD, WASI_SYSROOT = "clang-19", "wasm-ld-19", Path("/usr")
#: How the C core is compiled. -O3: the guest's CPU time per page was about 1% lower than with -O2
#: on both shared corpora (2026-12-04, interleaved, thread CPU time, best of 3 over 150 pages each;
#: -flto with the -shared PIC link and -mbulk-memory did not measurably pay). No -msimd128: the
#: host may run components with SIMD off (settings.wasm_enable_simd), and clang emits no SIMD
#: without it, -O3's vectorizer included.
C_OPTIMIZATION = "-O3"
#: pyconfig.h sizes of wasm32 (the host's are of x86-64; the Limited API needs only these right).
WASM32_SIZES = {
    "SIZEOF_LONG": 4,
    "SIZEOF_SIZE_T": 4,
    "SIZEOF_VOID_P": 4,
    "SIZEOF_UINTPTR_T": 4,
    "SIZEOF_PTHREAD_T": 4,
    "SIZEOF_FPOS_T": 8,
    "ALIGNOF_LONG": 4,
    "ALIGNOF_SIZE_T": 4,
}


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
    files = [
        *sorted(ENGINE_DIR.rglob("*.py")),
        ERRORS_MODULE,
        guest_module,
        *sorted(WIT_DIR.glob("*.wit")),
        *sorted(CSRC_DIR.rglob("*.[ch]")),
    ]
    return [f for f in files if "__pycache__" not in f.parts]


def input_hash(guest_module: Path = GUEST_MODULE, c_core: bool = True) -> str:
    digest = hashlib.sha256()
    for path in input_files(guest_module):
        digest.update(path.name.encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    digest.update(
        subprocess.run([_componentize_py(), "--version"], capture_output=True, text=True).stdout.encode()
    )
    # Installing (or losing) the toolchain changes what is built.
    toolchain = c_toolchain() if c_core else None
    digest.update(" ".join(map(str, toolchain or ["no C core"])).encode())
    digest.update(C_OPTIMIZATION.encode())  # so does a change of the C flags
    return digest.hexdigest()


# -- the C core -----------------------------------------------------------------------------------
def c_toolchain() -> tuple[str, str, Path] | None:
    """(clang, wasm-ld, Python include dir) when the C core can be built here, else None."""
    clang, wasm_ld = shutil.which(CLANG), shutil.which(WASM_LD)
    include = Path(sysconfig.get_paths()["include"])
    wasi_libc = WASI_SYSROOT / "lib" / "wasm32-wasi" / "libc.a"
    if clang is None or wasm_ld is None or not (include / "Python.h").exists() or not wasi_libc.exists():
        return None
    return clang, wasm_ld, include


def _wasm32_python_headers(include: Path, into: Path) -> Path:
    """A copy of the host's Python headers with wasm32 type sizes (``WASM32_SIZES``).

    Why: no CPython 3.14 headers for wasm32 are at hand; the module uses the Limited API of 3.11
    (``Py_LIMITED_API``), whose ABI is stable across versions but not across word sizes.
    """
    headers = into / "python-include"
    shutil.copytree(include, headers)
    config = (headers / "pyconfig.h").read_text()
    for name, size in WASM32_SIZES.items():
        config, found = re.subn(rf"^#define {name} \d+$", f"#define {name} {size}", config, flags=re.M)
        if found != 1:
            raise ComponentBuildError(f"cannot adapt pyconfig.h to wasm32: {name} not defined once")
    (headers / "pyconfig.h").write_text(config)
    return headers


def c_modules() -> dict[str, list[Path]]:
    """The guest's C extension modules and their sources: ``C_CORE_MODULE`` of ``csrc/*.c``, and
    one module per folder (``csrc/NAME/*.c`` → ``_NAME.cpython-314-wasm32-wasi.so``)."""
    modules = {C_CORE_MODULE: sorted(CSRC_DIR.glob("*.c"))}
    for folder in sorted(path for path in CSRC_DIR.iterdir() if path.is_dir()):
        modules[f"_{folder.name}" + C_CORE_MODULE.removeprefix("_fastscan")] = sorted(folder.glob("*.c"))
    return {name: sources for name, sources in modules.items() if sources}


def build_c_core(into: Path) -> str:
    """Compile ``csrc/`` into ``into`` (``c_modules``); returns what happened, for the log.

    Never raises: without the toolchain, or if compiling fails, the component is built without
    the C core and the engine uses its pure-Python code (same results, slower).
    """
    toolchain = c_toolchain()
    if toolchain is None:
        return (
            f"C core not built ({CLANG}, {WASM_LD} or wasi-libc missing; scripts/setup installs them):"
            " the component uses the pure-Python tokenizer and tree builder"
        )
    with tempfile.TemporaryDirectory(prefix="riptide-ccore-") as work:
        headers = _wasm32_python_headers(toolchain[2], Path(work))
        built: dict[str, Path] = {}
        for module, sources in c_modules().items():
            failure = _build_c_module(toolchain, headers, sources, Path(work) / module)
            if failure:
                return f"C core not built ({failure})"
            built[module] = Path(work) / module
        for module, path in built.items():  # all or nothing: the engine expects them together
            shutil.copy(path, into / module)
    return f"C core built: {', '.join(built)}"


def _build_c_module(
    toolchain: tuple[str, str, Path], headers: Path, sources: list[Path], output: Path
) -> str:
    """Compile and link ``sources`` into the extension module ``output``; "" or what failed."""
    clang, wasm_ld, _include = toolchain
    objects = []
    for source in sources:
        obj = output.with_name(f"{output.name}-{source.stem}.o")
        compile_command = [clang, "--target=wasm32-wasi", f"--sysroot={WASI_SYSROOT}", "-fPIC", "-Wall"]
        compile_command += [C_OPTIMIZATION, "-Werror", f"-I{headers}", "-c", str(source), "-o", str(obj)]
        done = subprocess.run(compile_command, capture_output=True, text=True)
        if done.returncode != 0:
            return f"{source.name} failed to compile: {done.stderr.strip()[-2000:]}"
        objects.append(str(obj))
    link_command = [wasm_ld, "-shared", "--experimental-pic", "--allow-undefined", *objects]
    done = subprocess.run([*link_command, "-o", str(output)], capture_output=True, text=True)
    if done.returncode != 0:
        return f"linking {output.name} failed: {done.stderr.strip()[-2000:]}"
    return ""


def _stage(into: Path, guest_module: Path, c_core: bool) -> str:
    """Stage the guest's sources into ``into``; returns what was done about the C core."""
    package = into / "riptide"
    package.mkdir()
    (package / "__init__.py").write_text('"""Engine-only package staged for the guest component."""\n')
    shutil.copytree(ENGINE_DIR, package / "engine", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copy(ERRORS_MODULE, package / "errors.py")
    shutil.copy(guest_module, into / "riptide_guest.py")
    return build_c_core(package / "engine") if c_core else "C core left out on request"


def build(
    output: Path = DEFAULT_OUTPUT,
    force: bool = False,
    quiet: bool = False,
    guest_module: Path = GUEST_MODULE,
    c_core: bool = True,
) -> Path:
    """Build the component into ``output`` unless it is up to date; returns the path.

    ``guest_module`` is the glue module implementing the WIT exports (tests build variants);
    ``c_core=False`` leaves the C core out (to compare against the pure-Python tokenizer).
    """
    if not WIT_DIR.is_dir():
        raise ComponentBuildError(f"WIT contract not found at {WIT_DIR}; build from a source checkout")
    stamp = output.with_name(output.name + ".inputs")
    wanted = input_hash(guest_module, c_core)
    if not force and output.exists() and stamp.exists() and stamp.read_text().strip() == wanted:
        if not quiet:
            print(f"component up to date: {output}")
        return output
    output.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="riptide-guest-") as staging:
        c_core_outcome = _stage(Path(staging), guest_module, c_core)
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
        print(f"built {output} ({size_mb:.1f} MB) in {time.perf_counter() - started:.1f} s; {c_core_outcome}")
    return output


def build_variant(extra_glue: Path | Sequence[Path], name: str, into: Path) -> Path:
    """Build a variant of the component: the real glue with ``extra_glue`` (one file, or
    several in order) appended, into ``into``/``name``.wasm (skipped when up to date).

    For tests and benchmarks whose extra glue subclasses the exports to answer marked inputs
    from inside the guest (traps, tree checks, profiles).
    """
    into.mkdir(parents=True, exist_ok=True)
    module = into / f"{name}_guest.py"
    extras = [extra_glue] if isinstance(extra_glue, Path) else list(extra_glue)
    source = "\n\n".join([GUEST_MODULE.read_text(), *(extra.read_text() for extra in extras)])
    if not module.exists() or module.read_text() != source:
        module.write_text(source)
    return build(into / f"{name}.wasm", quiet=True, guest_module=module)


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
