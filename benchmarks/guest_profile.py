"""A per-function profile of the engine as it runs inside the component (CPython 3.14, wasm32).

    .venv/bin/python benchmarks/guest_profile.py [--mode article] [--pages N] [--lines 40]
                                                 [--sort tottime]
                                                 [--stages | --parse-only | --grab-only]
                                                 [--hostile SHAPE,... [--kb 1000]] [--times N]

Why: the guest's costs are not the host's. Bytecode runs ~2.5x slower there than natively,
C code (the stdlib's and ``csrc/``) less so, and the tokenizer is C only there; a native
profile misleads about what to speed up next. This builds a variant of the component whose
glue runs every extraction under ``cProfile`` (the guest's stdlib has it) and hands the
statistics back as a text field of ``health-check`` (variant only: the shipped component is
unchanged), extracts both shared corpora in the sandbox, and prints the profile: by engine
module, then by function. The profiler's cost per Python call inflates call-heavy code, so
``--stages`` instead times each pass of the pipeline with ``perf_counter``, the rest of the
engine call (its own steps, garbage collection, freeing the tree) and the glue's lowering: those
shares are the real ones. ``--parse-only`` times parsing alone in the guest, per page best of 3,
the C core (tokenizer and tree builder) against the pure-Python tokenizer and builder.
``--grab-only`` times the article pass's grab alone in the guest (every attempt of ``article._grab``
on a freshly prepared page), per page best of 3, the C walk (csrc/grabpass/) against the Python walk.
``--hostile`` profiles generated hostile markup (``hostile_inputs.build(shape, kb)``, one document
per shape) instead of the corpora, so a super-linear pass shows up by name; the shape ``normal`` is
the normal article the hostile ones are compared with (``news_article.html``). ``--times N``
extracts each page N times on the one instance: a single 10 KB call is too short to share out.
"""

from __future__ import annotations

import argparse
import contextlib
import tempfile
from pathlib import Path
from typing import Any

from hostile_inputs import NORMAL_ARTICLE, SHAPE_NAMES
from hostile_inputs import build as build_hostile
from sandbox_vs_native import URL, load_pages, load_snippet_pages

from riptide import ExtractionError, Extractor
from riptide.config import Settings, load_settings
from riptide.sandbox.build import GUEST_MODULE, build

#: Appended to the glue module in the variant: profile every extraction, report on health-check.
PROFILING_GLUE = """

import cProfile as _cProfile
import io as _io
import pstats as _pstats

_PROFILE = _cProfile.Profile()
_SETTINGS = {"sort": "tottime", "lines": 40}


def _profiled(method):
    def run(self, *args):
        _PROFILE.enable()
        try:
            return method(self, *args)
        finally:
            _PROFILE.disable()

    return run


Extractor.extract_with_stats = _profiled(Extractor.extract_with_stats)
Packed.extract_packed = _profiled(Packed.extract_packed)


def _report(self):
    out = _io.StringIO()
    stats = _pstats.Stats(_PROFILE, stream=out)
    by_module = {}
    for (path, _line, _name), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():
        key = path.rsplit("/", 1)[-1] if "riptide" in path else ("C" if path == "~" else "stdlib")
        by_module[key] = by_module.get(key, 0.0) + tottime
    total = sum(by_module.values()) or 1.0
    out.write("own time by module:\\n")
    for key, seconds in sorted(by_module.items(), key=lambda item: -item[1])[:20]:
        out.write(f"  {key:28s} {seconds:8.3f} s {100 * seconds / total:5.1f}%\\n")
    stats.sort_stats(_SETTINGS["sort"]).print_stats(_SETTINGS["lines"])
    _PROFILE.clear()
    return wit.HealthStatus("healthy", "profile", out.getvalue(), [], None, 0)


Extractor.health_check = _report
"""


#: Appended instead with ``--stages``: time each pass of the pipeline with ``perf_counter`` (no
#: profiler, so no per-call overhead skews the shares), and the whole call around them.
STAGES_GLUE = """

import time as _time

_SPENT = {}


def _timed(name, function):
    def run(*args, **kwargs):
        started = _time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            _SPENT[name] = _SPENT.get(name, 0.0) + _time.perf_counter() - started

    return run


for _name in (
    "tokenize", "build", "extract_metadata", "base_url_of", "find_next_page", "render_markdown",
    "render_text", "count_words", "links_and_media", "links_of", "text_signals", "media_of", "_detect",
    "content_score", "release_tree", "validate_html", "start_tag_count",
):
    setattr(pipeline, _name, _timed(_name, getattr(pipeline, _name)))
pipeline.extract_with_stats = _timed("engine call", pipeline.extract_with_stats)
# The article pass's steps, inside "content (article)": shares of the whole call as the rest.
from riptide.engine import article as _article, cleaning as _cleaning

for _name in ("prepare_page", "_grab", "_score", "_pick", "_merge_siblings", "_lead_before"):
    setattr(_article, _name, _timed(f"  article.{_name}", getattr(_article, _name)))
_cleaning.clean_article = _timed("  cleaning.clean_article", _cleaning.clean_article)
for _mode, _function in list(pipeline._CONTENT.items()):
    pipeline._CONTENT[_mode] = _timed(f"content ({_mode.value})", _function)
Extractor.extract_with_stats = _timed("whole call", Extractor.extract_with_stats)
Packed.extract_packed = _timed("whole call", Packed.extract_packed)


def _report(self):
    total = _SPENT.get("whole call", 0.0) or 1.0
    engine = _SPENT.get("engine call", 0.0)
    stages = {name: seconds for name, seconds in _SPENT.items() if not name.startswith(" ")}  # not the steps
    rest = engine - sum(seconds for name, seconds in stages.items() if "call" not in name)
    lines = [f"  {name:28s} {seconds:8.3f} s {100 * seconds / total:5.1f}%"
             for name, seconds in sorted(_SPENT.items(), key=lambda item: -item[1])]
    lines.append(f"  {'(engine call, other)':28s} {rest:8.3f} s {100 * rest / total:5.1f}%")
    glue = total - engine
    lines.append(f"  {'(glue: lowering, packing)':28s} {glue:8.3f} s {100 * glue / total:5.1f}%")
    _SPENT.clear()
    return wit.HealthStatus("healthy", "stages", "time by stage:\\n" + "\\n".join(lines), [], None, 0)


Extractor.health_check = _report
"""


#: Appended instead with ``--parse-only``: before each extraction, time ``dom.parse`` (the C core)
#: and the pure-Python tokenizer and builder on the page, best of 3 each.
PARSE_GLUE = """

import statistics as _statistics
import time as _time

_PAIRS = []


def _best(parse, html):
    best = float("inf")
    for _ in range(3):
        with dom.gc_paused():
            started = _time.perf_counter()
            parse(html)
            best = min(best, _time.perf_counter() - started)
    return best * 1000


def _python_parse(html):
    return dom._build_python(dom._scan(html))


_real_extract = pipeline.extract_with_stats


def _timing(html, url, mode):
    _PAIRS.append((_best(dom.parse, html), _best(_python_parse, html)))
    return _real_extract(html, url, mode)


pipeline.extract_with_stats = _timing


"""


#: Appended instead with ``--grab-only``: before each extraction, time the article pass's grab
#: (every attempt, on a page parsed and prepared afresh each time: the grab changes the tree) with
#: the C walk and with the Python walk, interleaved, best of 3 each.
GRAB_GLUE = """

import statistics as _statistics
import time as _time

from riptide.engine import article as _article

_PAIRS = []
_WALK = _article._grabpass


def _grab_time(html, walk):
    with dom.gc_paused():
        doc = dom.parse(html)
        page = _article._Page(doc.body, doc.title)
        _article.prepare_page(page)
        _article._grabpass = walk
        try:
            started = _time.perf_counter()
            for flags in _article.ATTEMPTS:
                _article._grab(page, flags)
            return _time.perf_counter() - started
        finally:
            _article._grabpass = _WALK
            dom.release_tree(doc.root)


_real_extract = pipeline.extract_with_stats


def _timing(html, url, mode):
    c_best = python_best = float("inf")
    for _ in range(3):
        c_best = min(c_best, _grab_time(html, _WALK))
        python_best = min(python_best, _grab_time(html, None))
    _PAIRS.append((c_best * 1000, python_best * 1000))
    return _real_extract(html, url, mode)


pipeline.extract_with_stats = _timing


"""


#: Appended after PARSE_GLUE or GRAB_GLUE: ``health-check`` reports the (C ms, Python ms) pairs
#: they collected in _PAIRS (what, the C side's and the Python side's names: the format fields).
PAIRS_REPORT_GLUE = """

def _report(self):
    c_ms = [c for c, _ in _PAIRS] or [0.0]
    python_ms = [p for _, p in _PAIRS] or [0.0]
    text = (
        f"{what} in the guest, best of 3 per page, ms: {c_name} median "
        f"{{_statistics.median(c_ms):.3f}} total {{sum(c_ms):.1f}}; {python_name} median "
        f"{{_statistics.median(python_ms):.3f}} total {{sum(python_ms):.1f}}; "
        f"speed-up (totals) {{sum(python_ms) / (sum(c_ms) or 1.0):.2f}}x"
    )
    _PAIRS.clear()
    return wit.HealthStatus("healthy", "pairs", text, [], None, 0)


Extractor.health_check = _report
"""


def one_instance_settings(component: Path, *, memory_mb: int, **more: Any) -> Settings:
    """Settings for a variant component measured in one long-lived instance: every page runs in
    the same guest (no recycling between them), as the variant's own counters expect."""
    return load_settings(
        wasm_component=component,
        wasm_initial_pool_size=1,
        wasm_max_pool_size=1,
        wasm_max_instance_uses=1_000_000,
        wasm_memory_limit_mb=memory_mb,
        **more,
    )


def _generated_page(shape: str, kb: int) -> tuple[str, list[tuple[str, str]]]:
    """``--hostile``'s group for one shape: its name and its page (``normal``: the normal article)."""
    if shape == "normal":
        return "the normal article", [(NORMAL_ARTICLE.read_text(), URL)]
    return f"hostile {shape}, {kb} KB", [(build_hostile(shape, kb), URL)]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--mode", default="article")
    parser.add_argument("--pages", type=int, help="use only the first N pages of each corpus")
    parser.add_argument("--lines", type=int, default=40)
    parser.add_argument("--sort", default="tottime", help="pstats sort key (tottime, cumulative…)")
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--stages", action="store_true", help="time the pipeline's passes, no profiler")
    what.add_argument("--parse-only", action="store_true", help="time parsing, C core against Python")
    what.add_argument("--grab-only", action="store_true", help="time the grab, C walk against Python")
    parser.add_argument(
        "--hostile",
        help=f"profile these shapes instead ({', '.join(SHAPE_NAMES)}; normal: the normal article)",
    )
    parser.add_argument("--kb", type=int, default=1000, help="size of each --hostile document")
    parser.add_argument(
        "--times",
        type=int,
        default=1,
        help="extract each page this many times (on small pages, steadier shares)",
    )
    args = parser.parse_args()
    if args.hostile:
        groups = dict(_generated_page(shape, args.kb) for shape in args.hostile.split(","))
    else:
        pages = [(html, URL) for html in load_pages(args.pages)] + load_snippet_pages(args.pages)
        groups = {f"{len(pages)} pages": pages}
    with tempfile.TemporaryDirectory() as tmp:
        if args.stages:
            glue = STAGES_GLUE
        elif args.parse_only:
            glue = PARSE_GLUE + PAIRS_REPORT_GLUE.format(
                what="parse", c_name="C core", python_name="pure Python"
            )
        elif args.grab_only:
            glue = GRAB_GLUE + PAIRS_REPORT_GLUE.format(
                what="grab (all attempts)", c_name="C walk", python_name="Python walk"
            )
        else:
            glue = PROFILING_GLUE.replace(
                '"sort": "tottime", "lines": 40', f'"sort": {args.sort!r}, "lines": {args.lines}'
            )
        variant = Path(tmp) / "app.py"
        variant.write_text(GUEST_MODULE.read_text() + glue)
        component = build(Path(tmp) / "profiling.wasm", force=True, quiet=True, guest_module=variant)
        settings = one_instance_settings(component, memory_mb=1024)
        how = "timed" if args.stages or args.parse_only or args.grab_only else "profiled"
        with Extractor(settings, engine="wasm") as extractor:
            for name, pages in groups.items():
                for html, url in pages:
                    for _ in range(args.times):
                        with contextlib.suppress(ExtractionError):
                            extractor.extract(html, url, mode=args.mode)
                health = extractor.sandbox.health_check()  # type: ignore[union-attr]
                print(f"{name}, mode {args.mode}, {how} inside the component")
                print(health["trek_version"], flush=True)


if __name__ == "__main__":
    main()
