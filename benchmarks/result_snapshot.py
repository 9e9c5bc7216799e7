"""Every corpus page's result, written once and compared later: the check that a speed-up of the
engine's passes changed no output.

    .venv/bin/python benchmarks/result_snapshot.py write /tmp/before.jsonl.gz [--engine native|wasm]
    .venv/bin/python benchmarks/result_snapshot.py check /tmp/before.jsonl.gz [--engine native|wasm]

Pages: both shared corpora (``readability-test-pages``; ``trafilatura-eval`` decoded and addressed
as its scorer does) and every ``.html`` under ``tests/fixtures``. Each page is extracted in every
mode (``custom`` with ``CUSTOM_SELECTORS``), and the record is ``ExtractedDoc.to_dict()`` without
stats and engine (so native and sandboxed snapshots compare too), or the error's kind and message.

Snapshot another checkout's engine by pointing ``PYTHONPATH`` at its ``src`` (the native engine
is imported from there): ``PYTHONPATH=/work/main/src .venv/bin/python benchmarks/result_snapshot.py
write /tmp/main.jsonl.gz``. ``check`` lists every record that differs and exits 1 if any does.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sandbox_vs_native import CORPUS, URL, load_snippet_pages

from riptide import ExtractionError, Extractor
from riptide.config import load_settings
from riptide.engine.modes import ExtractionMode

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
#: The selectors custom mode is checked with: common content shapes, a combinator, a pseudo-class.
CUSTOM_SELECTORS = ("article p", "h1, h2", "main > div:not(.ad)", "a[href^=http]")


def pages() -> Iterator[tuple[str, str, str]]:
    """(name, html, url) of every page checked, in a fixed order."""
    for folder in sorted(p for p in CORPUS.iterdir() if p.is_dir()):
        source = folder / "source.html.gz"
        if source.exists():
            yield (
                f"readability/{folder.name}",
                gzip.decompress(source.read_bytes()).decode("utf-8", "replace"),
                URL,
            )
    for number, (html, url) in enumerate(load_snippet_pages(None)):
        yield f"trafilatura-eval/{number}", html, url
    for path in sorted(FIXTURES.rglob("*.html")):
        yield (
            f"fixtures/{path.relative_to(FIXTURES)}",
            path.read_text(encoding="utf-8", errors="replace"),
            URL,
        )


def outcome(extractor: Extractor, html: str, url: str, mode: ExtractionMode) -> Any:
    selectors = list(CUSTOM_SELECTORS) if mode is ExtractionMode.CUSTOM else None
    try:
        doc = extractor.extract(html, url, mode=mode, selectors=selectors)
    except ExtractionError as error:
        return {"error": error.kind, "message": error.message}
    record = doc.to_dict(include_stats=False)
    record.pop("engine", None)
    return record


def records(engine: str) -> Iterator[tuple[str, Any]]:
    with Extractor(load_settings(wasm_initial_pool_size=1), engine=engine) as extractor:
        for name, html, url in pages():
            for mode in ExtractionMode:
                yield f"{name} {mode.value}", outcome(extractor, html, url, mode)


def write(path: Path, engine: str) -> None:
    count = 0
    with gzip.open(path, "wt", encoding="utf-8") as out:
        for key, record in records(engine):
            out.write(json.dumps({"key": key, "record": record}, ensure_ascii=False, sort_keys=True) + "\n")
            count += 1
    print(f"wrote {count} records ({engine}) to {path}")


def check(path: Path, engine: str) -> int:
    with gzip.open(path, "rt", encoding="utf-8") as snapshot:
        expected = {entry["key"]: entry["record"] for entry in map(json.loads, snapshot)}
    seen = 0
    differing = []
    for key, record in records(engine):
        seen += 1
        # through JSON, so tuples and lists compare as the snapshot stored them
        if json.loads(json.dumps(record)) != expected.get(key):
            differing.append(key)
            before, after = expected.get(key) or {}, record
            fields = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
            print(f"DIFFERS {key}: {', '.join(fields)}")
    missing = len(expected) - (seen - sum(1 for key in differing if key not in expected))
    print(f"{seen} records checked ({engine}): {len(differing)} differ, {max(missing, 0)} missing")
    return 1 if differing or missing > 0 else 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("action", choices=("write", "check"))
    parser.add_argument("snapshot", type=Path)
    parser.add_argument("--engine", choices=("native", "wasm"), default="native")
    args = parser.parse_args()
    if args.action == "write":
        write(args.snapshot, args.engine)
        return 0
    return check(args.snapshot, args.engine)


if __name__ == "__main__":
    sys.exit(main())
