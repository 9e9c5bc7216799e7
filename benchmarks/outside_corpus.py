"""RipTide on pages it was never tuned on: newspaper4k 0.9.6's test pages, side by side with peers.

    .venv/bin/python benchmarks/outside_corpus.py [--per-page] [--extractor NAME ...] [--cache DIR]

A second, independent check of generalisation next to ``compare_extractors.py`` (which scores the
Readability.js pages RipTide is tuned on). The corpus is the test data shipped in the PyPI sdist of
newspaper4k 0.9.6: ``tests/data/html/*.html`` with ``tests/data/txt/*.txt`` (article text) and
``tests/data/metadata/*.json`` (title, authors, publish_date, meta_lang, meta_site_name...).

These references are newspaper's own regression outputs, not human annotations: they record what
newspaper extracted, noise included (some ``authors`` lists are junk: "www.facebook.com", the
authors of related stories). Read a miss as "differs from newspaper", then look at the page.

The sdist is downloaded once into ``~/.cache/riptide-bench/`` (outside the repository; ``--cache``
moves it), its sha256 checked against the pin below, and the pages read straight from the archive.

Pages: every html file with a txt and/or a metadata json (read as UTF-8, as newspaper's tests do,
with errors="replace"); a page whose HTML is byte-identical to an earlier one is scored once. The
URL passed is the json's ``url`` where present, else ``http://fakehost/<name>.html``.

Metrics are the shared scorer's own (``../shared/eval/score.py``: ``prf``, ``fold``, ``same_date``,
``same_lang``, and ``peer()`` for the trafilatura and readability-lxml mappings):
- text P/R/F1: bag-of-words overlap with the txt, averaged over pages with a txt;
- title: case- and space-folded equality with ``title``;
- byline: a hit when every (folded) name of the reference ``authors`` list occurs in our folded
  byline, so "By Jane Doe and John Roe" matches ["Jane Doe", "John Roe"]; pages with an empty list
  are skipped;
- published: same calendar date as ``publish_date`` (null skipped);
- language: same primary subtag as ``meta_lang`` (empty skipped);
- site name: folded equality with ``meta_site_name`` (empty skipped);
- time: median and p95 wall milliseconds per page, around the call only, after one warm-up call.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import statistics
import sys
import tarfile
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SCORE = ROOT.parent / "shared" / "eval" / "score.py"
DEFAULT_CACHE = Path.home() / ".cache" / "riptide-bench"

SDIST = "newspaper4k-0.9.6.tar.gz"
# PyPI's digests.sha256 for the sdist (https://pypi.org/pypi/newspaper4k/json, release 0.9.6).
SDIST_SHA256 = "a3f2f0e017dddb6f1019ee77aaa8980e13e6ecea0b949abc7167aae4770d2d0e"
SDIST_URL = (
    "https://files.pythonhosted.org/packages/b6/20/"
    "733d9dd3adfb6295454e6ba81f6407d96bf66bfda36c75c99b1f99accbf0/" + SDIST
)
DATA = "newspaper4k-0.9.6/tests/data/"
FAKE_URL = "http://fakehost/{name}.html"
TEXT_MISS_BELOW = 0.9  # --per-page lists text F1 under this as a miss
WARM_UP = "<html><head><title>warm-up</title></head><body><article><p>Warm up.</p></article></body></html>"

EXTRACTORS = ("RipTide (sandboxed, wasm)", "RipTide (native)", "trafilatura", "readability-lxml")
FIELDS = ("title", "byline", "language", "site_name", "published_iso")
COLUMNS = ("F1", "P", "R", *FIELDS, "median_ms", "p95_ms")

Extract = Callable[[str, str], dict[str, Any]]


def load_scorer() -> ModuleType:
    """The shared scorer, imported from its path so the metrics are exactly its own."""
    spec = importlib.util.spec_from_file_location("shared_score", SCORE)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot import the shared scorer at {SCORE}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


score = load_scorer()
prf: Callable[[str, str], tuple[float, float, float]] = score.prf
fold: Callable[[Any], str] = score.fold
same_date: Callable[[Any, Any], bool] = score.same_date
same_lang: Callable[[Any, Any], bool] = score.same_lang
tokens: Callable[[str], Counter[str]] = score.tokens
peer: Callable[[str], Extract] = score.peer  # the peers exactly as the shared scorer maps them


# ---- the corpus -------------------------------------------------------------------------------------


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fetch_sdist(cache: Path) -> Path:
    """The verified sdist in ``cache``, downloaded from PyPI on first use."""
    archive = cache / SDIST
    if archive.exists() and sha256_of(archive) == SDIST_SHA256:
        return archive
    cache.mkdir(parents=True, exist_ok=True)
    partial = archive.with_suffix(".part")
    print(f"downloading {SDIST_URL} into {cache}", file=sys.stderr)
    try:
        with urllib.request.urlopen(SDIST_URL, timeout=120) as response, partial.open("wb") as out:
            while block := response.read(1 << 20):
                out.write(block)
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise SystemExit(
            f"could not download {SDIST} from PyPI ({exc}); this benchmark needs network access once, "
            f"or put the file at {archive} yourself"
        ) from exc
    got = sha256_of(partial)
    if got != SDIST_SHA256:
        partial.unlink()
        raise SystemExit(f"{SDIST}: sha256 {got} differs from the pinned {SDIST_SHA256}; refusing to use it")
    partial.replace(archive)
    return archive


@dataclass
class Page:
    name: str
    url: str
    html: str
    want_text: str | None  # the txt, where there is one
    meta: dict[str, Any] | None  # the metadata json, where there is one


def read_pages(archive: Path) -> tuple[list[Page], list[str]]:
    """The scored pages, and a note per page left out as a byte-identical duplicate."""
    with tarfile.open(archive) as tar:
        files: dict[str, bytes] = {}
        for member in tar.getmembers():
            if member.isfile() and member.name.startswith(DATA):
                extracted = tar.extractfile(member)
                if extracted is not None:
                    files[member.name.removeprefix(DATA)] = extracted.read()
    pages: list[Page] = []
    first_of: dict[bytes, str] = {}
    duplicates: list[str] = []
    for path in sorted(p for p in files if p.startswith("html/") and p.endswith(".html")):
        name = path.removeprefix("html/").removesuffix(".html")
        txt, meta = files.get(f"txt/{name}.txt"), files.get(f"metadata/{name}.json")
        if txt is None and meta is None:
            continue
        raw = files[path]
        if raw in first_of:
            duplicates.append(f"{name} (same HTML as {first_of[raw]})")
            continue
        first_of[raw] = name
        metadata: dict[str, Any] | None = json.loads(meta) if meta is not None else None
        pages.append(
            Page(
                name=name,
                url=(metadata or {}).get("url") or FAKE_URL.format(name=name),
                html=raw.decode("utf-8", "replace"),
                want_text=txt.decode("utf-8", "replace") if txt is not None else None,
                meta=metadata,
            )
        )
    return pages, duplicates


# ---- references and comparisons ---------------------------------------------------------------------


def byline_hit(got: Any, authors: list[str]) -> bool:
    ours = fold(got)
    return bool(ours) and all(fold(name) in ours for name in authors)


def reference(page: Page, key: str) -> Any:
    """The page's reference value for one of FIELDS, or None when it has none (the page is skipped)."""
    meta = page.meta or {}
    if key == "title":
        return meta.get("title") or None
    if key == "byline":
        return [name for name in meta.get("authors") or [] if name.strip()] or None
    if key == "language":
        return meta.get("meta_lang") or None
    if key == "site_name":
        return meta.get("meta_site_name") or None
    return meta.get("publish_date") or None


def matches(key: str, got: Any, want: Any) -> bool:
    if key == "byline":
        return byline_hit(got, want)
    if key == "language":
        return same_lang(got, want)
    if key == "published_iso":
        return same_date(got, want)
    return fold(got) == fold(want)


# ---- the extractors ---------------------------------------------------------------------------------


def extractors(names: list[str]) -> dict[str, Extract]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import riptide_eval

    known: dict[str, Callable[[], Extract]] = {
        "RipTide (sandboxed, wasm)": lambda: riptide_eval.sandboxed,
        "RipTide (native)": lambda: riptide_eval.native,
        "trafilatura": lambda: peer("trafilatura"),
        "readability-lxml": lambda: peer("readability-lxml"),
    }
    return {name: known[name]() for name in names}


@dataclass
class Miss:
    field: str
    page: str
    got: str
    want: str


@dataclass
class Run:
    name: str
    precision: list[float] = field(default_factory=list)
    recall: list[float] = field(default_factory=list)
    f1: list[float] = field(default_factory=list)
    hits: dict[str, list[bool]] = field(default_factory=lambda: {key: [] for key in FIELDS})
    ms: list[float] = field(default_factory=list)
    errors: int = 0
    misses: list[Miss] = field(default_factory=list)
    produced: set[str] = field(default_factory=set)  # the fields the extractor returns at all

    def figures(self) -> dict[str, float]:
        ms = sorted(self.ms)
        return {
            "F1": mean(self.f1),
            "P": mean(self.precision),
            "R": mean(self.recall),
            **{key: mean(hits) for key, hits in self.hits.items()},
            "median_ms": statistics.median(ms),
            "p95_ms": ms[min(len(ms) - 1, int(0.95 * len(ms)))],
        }


def mean(values: list[float] | list[bool]) -> float:
    return sum(values) / len(values) if values else float("nan")


def short(value: Any, width: int = 90) -> str:
    text = " ".join(str(value).split()) if value is not None else "None"
    return text if len(text) <= width else text[: width - 1] + "…"


def run(name: str, extract: Extract, pages: list[Page]) -> Run:
    result = Run(name)
    extract(WARM_UP, FAKE_URL.format(name="warm-up"))  # start-up is not part of the per-page timing
    for page in pages:
        t0 = time.perf_counter()
        try:
            got = extract(page.html, page.url)
        except Exception as exc:  # an extractor failure scores zero for the page, as in score.py
            got, result.errors = {"text": ""}, result.errors + 1
            print(f"error {name} {page.name}: {type(exc).__name__}: {exc}", file=sys.stderr)
        result.ms.append((time.perf_counter() - t0) * 1000)
        result.produced.update(got)
        if page.want_text is not None:
            p, r, f = prf(got.get("text") or "", page.want_text)
            result.precision.append(p)
            result.recall.append(r)
            result.f1.append(f)
            if f < TEXT_MISS_BELOW:
                got_words = sum(tokens(got.get("text") or "").values())
                want_words = sum(tokens(page.want_text).values())
                scores = f"F1={f:.4f} P={p:.3f} R={r:.3f} "
                result.misses.append(
                    Miss("text", page.name, f"{scores}{got_words} words", f"{want_words} words")
                )
        for key in FIELDS:
            want = reference(page, key)
            if want is None:
                continue
            hit = matches(key, got.get(key), want)
            result.hits[key].append(hit)
            if not hit:
                result.misses.append(Miss(key, page.name, short(got.get(key)), short(want)))
    return result


# ---- output -----------------------------------------------------------------------------------------


def summary_line(run: Run, pages: int) -> str:
    """The shape of score.py's last line."""
    figures = run.figures()
    meta = " ".join(f"{key}={figures[key]:.3f}" for key in FIELDS)
    return (
        f"F1={figures['F1']:.3f} P={figures['P']:.3f} R={figures['R']:.3f} {meta} pages={pages} "
        f"errors={run.errors} median_ms={figures['median_ms']:.1f} p95_ms={figures['p95_ms']:.1f}"
    )


def reference_counts(pages: list[Page]) -> dict[str, int]:
    """Pages with a reference value, per column ("F1" standing for the text)."""
    counts = {"F1": sum(page.want_text is not None for page in pages)}
    counts.update({key: sum(reference(page, key) is not None for page in pages) for key in FIELDS})
    return counts


def cell(run: Run, column: str, value: float) -> str:
    if column in FIELDS and column not in run.produced:
        return "—"  # the extractor has no such field (readability-lxml: title and text only)
    return f"{value:.1f}" if column.endswith("_ms") else f"{value:.3f}"


def print_table(runs: list[Run], pages: list[Page], duplicates: list[str]) -> None:
    n = reference_counts(pages)
    print()
    print(
        f"Measured {date.today().isoformat()} on {os.cpu_count()} cores with "
        f"`.venv/bin/python benchmarks/outside_corpus.py` (the {len(pages)} test pages of the newspaper4k "
        f"0.9.6 sdist; the references are newspaper's own regression outputs, not human annotations; "
        f"n = pages with a reference value; times are per page, around the call only):"
    )
    print()
    header = [f"{column} (n={n[column]})" if column in n else column for column in COLUMNS]
    print("| extractor | " + " | ".join(header) + " |")
    print("|---|" + "---|" * len(COLUMNS))
    for run in runs:
        figures = run.figures()
        print(f"| {run.name} | " + " | ".join(cell(run, c, figures[c]) for c in COLUMNS) + " |")
    if duplicates:
        print()
        print("Scored once: " + "; ".join(duplicates) + ".")


def print_misses(runs: list[Run]) -> None:
    """Every miss of every extractor, leaving out the fields an extractor does not have."""
    for run in runs:
        misses = [m for m in run.misses if m.field == "text" or m.field in run.produced]
        print()
        print(
            f"## misses of {run.name} ({len(misses)}; text: F1 < {TEXT_MISS_BELOW}, words as score.py counts)"
        )
        for miss in sorted(misses, key=lambda m: (m.field, m.page)):
            print(f"{miss.field:13s} {miss.page:20s} got={miss.got}  want={miss.want}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--per-page", action="store_true", help="list every miss: field, page, got, want")
    parser.add_argument(
        "--extractor", action="append", choices=EXTRACTORS, help="run only this one (repeatable)"
    )
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help=f"default {DEFAULT_CACHE}")
    args = parser.parse_args()

    pages, duplicates = read_pages(fetch_sdist(args.cache))
    counts = " ".join(f"{'text' if key == 'F1' else key}={n}" for key, n in reference_counts(pages).items())
    print(f"{len(pages)} pages; pages with a reference value: {counts}")
    runs = []
    for name, extract in extractors(args.extractor or list(EXTRACTORS)).items():
        runs.append(run(name, extract, pages))
        print(f"{name:28s} {summary_line(runs[-1], len(pages))}", flush=True)
    print_table(runs, pages, duplicates)
    if args.per_page:
        print_misses(runs)


if __name__ == "__main__":
    main()
