"""RipTide (sandboxed) against trafilatura and readability-lxml, side by side in one run.

    .venv/bin/python benchmarks/compare_extractors.py [--limit N]

Runs ``../shared/eval/score.py`` once per extractor, one after the other on the same machine,
and prints each summary line and a per-field table (Markdown, ready for the README).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCORE = ROOT.parent / "shared" / "eval" / "score.py"
EXTRACTORS = {
    "RipTide (sandboxed, wasm)": "riptide_eval:sandboxed",
    "RipTide (native)": "riptide_eval:native",
    "trafilatura": "peer:trafilatura",
    "readability-lxml": "peer:readability-lxml",
}
COLUMNS = ("F1", "P", "R", "title", "byline", "language", "site_name", "published_iso", "median_ms", "p95_ms")


def run(spec: str, limit: int | None) -> dict[str, str]:
    command = [sys.executable, str(SCORE), "--extractor", spec] + (["--limit", str(limit)] if limit else [])
    env = {**os.environ, "PYTHONPATH": str(ROOT / "benchmarks")}
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    summary = done.stdout.strip().splitlines()[-1]
    print(f"{spec:28s} {summary}", flush=True)
    return dict(re.findall(r"(\w+)=([\d.]+|nan)", summary))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--limit", type=int, help="only the first N pages")
    args = parser.parse_args()
    rows = {name: run(spec, args.limit) for name, spec in EXTRACTORS.items()}
    print()
    print(
        f"Measured {date.today().isoformat()} on {os.cpu_count()} cores, "
        f"`.venv/bin/python benchmarks/compare_extractors.py`:"
    )
    print()
    print("| extractor | " + " | ".join(COLUMNS) + " |")
    print("|---|" + "---|" * len(COLUMNS))
    for name, figures in rows.items():
        print(f"| {name} | " + " | ".join(figures.get(column, "—") for column in COLUMNS) + " |")
    wasm, trafilatura = rows["RipTide (sandboxed, wasm)"], rows["trafilatura"]
    print()
    print(
        f"sandboxed/trafilatura: median x{float(wasm['median_ms']) / float(trafilatura['median_ms']):.2f}, "
        f"p95 x{float(wasm['p95_ms']) / float(trafilatura['p95_ms']):.2f}"
    )


if __name__ == "__main__":
    main()
