"""Hostile markup against a normal article: cost per KB, natively and in the sandbox.

    .venv/bin/python benchmarks/hostile_inputs.py [--sizes 10,100,1000] [--engines native,wasm]
                                                  [--repeat 3] [--shapes nested-tables,...] [--cpu]
    .venv/bin/python benchmarks/hostile_inputs.py --fuel [--builds 3] [--baseline-component FILE]
                                                  [--corpus] [--fit --sizes 5,10,20,40] [--parts]

Generates (no files) markup that made extraction super-linear once — nested tables and lists,
<a> around blocks and tables, inline formatting runs left open or misnested, unclosed blocks,
short lines and labels under 250 nested blocks (alone, or such chains closed and repeated), a
JSON-LD block naming thousands of authors or nested thousands deep, a table's one wide row over
many short ones — at each size in KB, and extracts it in article mode natively and through the
real component (``Extractor(engine="wasm")``). Prints, per input and engine, the best-of-``--repeat``
milliseconds, milliseconds per KB, and the ratio to the cost per KB of a normal article
(``tests/fixtures/pages/news_article.html``, best of ``NORMAL_REPEAT``), measured again right
before each input so that a shared machine's load moves both alike. The aim: every ratio at
most 3, and every 1 MB input extracted (or refused with ``resource-limit``) in under 2 s
sandboxed. A ``!`` marks a ratio above 3. ``el/KB`` is the element density: hostile inputs pack
4-15x the elements per KB of a normal article, and cost less per element than its elements do;
the engine refuses markup over ``MAX_ELEMENTS_PER_KB`` (``engine/pipeline.py``) from its
tokens. With ``--cpu`` the figures are this process's CPU time rather than wall time (the guest
runs on the calling thread): on a machine shared with other jobs, wall time also counts the
waits for a core. Even so, ratios move by ~10% from run to run (more at 1 MB, timed once: the
first call on its instance, which also grows its memory); ``--fuel`` (below) counts the same
calls in wasm instructions, which do not move.
``--baseline-component FILE`` (e.g. ``main``'s component) adds an engine ``base``: that
component, timed beside the others on every input (before/after under one machine state).
With ``--fuel`` it may be given several times (builds of one tree), and ``--builds N`` counts N
fresh builds of this tree instead of the installed component: two builds of one tree differ by
up to 2% on a dense page (componentize-py's snapshot of the interpreter differs from build to
build, and with it how the guest's dicts, sets and address-keyed tables collide), so a change
of a few per cent is judged on the medians of several builds, which the table then shows, with
their least and most.
``--fuel`` counts instead of timing: each input's one article-mode call in the component (and
the baseline's), in wasm instructions per KB, as a ratio to the normal article's (its second
call on the instance). The same on every run, so a change of a few per cent shows; it weighs
every instruction alike, which CPU time does not (memory-bound steps cost more per
instruction), so the two ratios differ by up to a third. ``--fuel --corpus`` also counts every
Readability.js page of ``../shared`` in the component and prints, per size band, the median and
the most instructions per KB and their ratios to the normal article's: what real pages cost per
KB at each size (a call's fixed work weighs most on small pages), beside the hostile inputs.
``--fuel --fit`` also fits each shape's instructions at the sizes given to a line (``fit_line``)
and prints its slope, the cost of each further KB, as a ratio to the normal article's cost per
KB, and its intercept (not a call's fixed work alone: see ``fit_line``). Builds of two trees
differ by 1-3% on paths neither tree changed (probably the same collisions: the guest's heap
starts where the snapshot ends), more than builds of one tree do: compare trees on changes
larger than that.
``--fuel --parts`` weighs two parts of a call that are not per element, at every size: a call's
floor (``FLOOR_PAGE``, one short paragraph), which the normal article pays too, and detecting
the language of a page that declares none, which it does not need. For each input it prints
the ratio again with the floor taken off both sides (``ratio_without_floor``: higher than the
ratio where the floor weighs less per KB on the input than on the normal article) and the ratio
of the same input declaring its language (``with_language``).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from riptide import ExtractionError, Extractor
from riptide.config import load_settings
from riptide.engine.dom import parse

ROOT = Path(__file__).resolve().parent.parent
NORMAL_ARTICLE = ROOT / "tests" / "fixtures" / "pages" / "news_article.html"
URL = "https://example.com/hostile"
#: The cost per KB a hostile input may have, as a multiple of the normal article's.
TARGET_RATIO = 3.0
#: ``--parts``: a call's floor, what an article-mode call costs on next to nothing.
FLOOR_PAGE = "<!doctype html><html lang=en><head><title>Floor</title></head><body><p>Some words here.</p>"
#: Runs of the normal article before each input, the best counts. Every ratio divides by it: at
#: best of 5 (~3 ms calls), one slow run on a shared machine moved a whole row's ratio by a third.
NORMAL_REPEAT = 15


def capitalised_word(number: int) -> str:
    """A distinct capitalised word per number (names with digits are no names to the byline)."""
    word = ""
    while True:
        number, digit = divmod(number, 26)
        word += chr(ord("a") + digit)
        if not number:
            return word.capitalize()


def _repeat(unit: Callable[[int], str], size_kb: int, prefix: str = "") -> str:
    """``prefix``, then ``unit(i)`` for i = 0, 1, … until the document reaches ``size_kb`` KB."""
    parts = ["<!doctype html><html><head><title>Hostile</title></head><body>" + prefix]
    length = len(parts[0])
    index = 0
    while length < size_kb * 1024:
        part = unit(index)
        parts.append(part)
        length += len(part)
        index += 1
    return "".join(parts)


def _closed(opener: Callable[[int], str], closer: str, depth: int, index: int) -> str:
    """The ``index``-th unit of a closed nesting: ``depth`` openers (numbered on from the units
    before), then their closers."""
    return "".join(opener(depth * index + level) for level in range(depth)) + closer * depth


#: Each shape: a function of the repetition index giving one unit of markup.
SHAPES: dict[str, Callable[[int], str]] = {
    # Tables nested in the last cell, never closed.
    "nested-tables": lambda i: f"<table><tr><td>cell {i} text, more text ",
    # Lists nested in the last item, never closed.
    "nested-lists": lambda i: f"<ul><li>item {i} with some words ",
    # An unclosed link around block content (browsers run the adoption agency here).
    "a-around-block": lambda i: f'<a href="/p/{i}"><div><p>linked block {i}, some words</p></div>',
    # An unclosed link around a table.
    "a-around-table": lambda i: f'<a href="/t/{i}"><table><tr><td>cell {i} in a link</td></tr></table>',
    # Formatting elements opened and never closed.
    "inline-runs": lambda i: f"<b><i><u>text {i} ",
    # Formatting elements closed in the wrong order.
    "misnested-inline": lambda i: f"<b><i>bold {i}</b> italic</i> ",
    # Blocks and inline elements opened and never closed.
    "unclosed-blocks": lambda i: f"<div><section><span>text {i}, words ",
    # Paragraphs inside unclosed list items and cells, mixed.
    "mixed-soup": lambda i: f"<li><p>para {i}<td><dd>def<b><a href=/x{i}>x<div>",
    # Quotes nested in quotes (each level prefixes every Markdown line inside it).
    "nested-quotes": lambda i: f"<blockquote><p>quoted {i}, more text</p>",
    # Text split by comments (each piece was added to the previous string).
    "comment-split-text": lambda i: f"words {i}, more<!-- c -->",
    # The rest go under DEEP_PREFIX: list items (implied end tags walked the whole stack)…
    "items-under-deep-b": lambda i: f"<li>item {i}, words",
    # …and small forms (each removal re-marked the removed forms below it).
    "forms-under-deep-div": lambda i: f"<form><input name=f{i}></form>text {i}, ",
    # Blocks nested 250 deep over many empty elements and one short line: each block's text was
    # read whole by the rules that read a short block (furniture lines, labels), once per level.
    "empty-under-deep-div": lambda i: '<span class="a"></span>',
    # …over links: a link-dense block is read as a possible promo line whatever its length.
    "links-under-deep-div": lambda i: f'<a href="/l/{i}">a link here</a> ',
    # Short lists, blocks and paragraph boxes nested a few levels deep and closed, repeated:
    # markup under the depth cap, where every level is kept and each block's text is short.
    "closed-nested-lists": lambda i: _closed(lambda k: f"<ul><li>w{k} ", "</li></ul>", 8, i),
    "closed-nested-divs": lambda i: _closed(lambda k: f"<div>w{k} ", "</div>", 32, i),
    "closed-nested-boxes": lambda i: _closed(lambda k: f"<div><p>w{k}</p> ", "</div>", 32, i),
    # Such chains, closed and repeated: 250 nested blocks, 70 empty elements and a word each.
    "repeated-deep-chains": lambda i: "<div>" * 250 + "<span></span>" * 70 + f"w{i}" + "</div>" * 250,
    # One JSON-LD block naming thousands of authors (each was checked against every earlier one)…
    "jsonld-authors": lambda i: f'{{"@type":"Person","name":"Writer {capitalised_word(i)}"}},',
    # …and one nested past the decoder's depth (it overflowed the sandbox's stack: page refused).
    "jsonld-deep": lambda i: '{"a":[',
    # …and authors whose names the byline cleaner's e-mail pattern backtracked on (cubic).
    "jsonld-noisy-authors": lambda i: '"' + "@a" * 490 + f'{capitalised_word(i)}",',
}
#: What closes each unit of a shape that nests (after all of them, innermost first).
CLOSERS = {"jsonld-deep": ("1", "]}")}


def _wide_table_over_rows(size_kb: int) -> str:
    """A table's first row of cells filling half the page, then as many one-cell rows: each row
    was padded to the width in Markdown (quadratic: 100 KB gave 11.7 MB)."""
    count = size_kb * 1024 // 2 // 26
    cells = "<td>cell word xx</td>" * count
    rows = "<tr><td>row words yy</td></tr>" * count
    return (
        "<!doctype html><html><head><title>Hostile</title></head><body>"
        + f"<table><tr>{cells}</tr>{rows}</table>"
    )


#: Shapes made whole rather than repeated: size in KB -> document.
WHOLE = {"wide-table-over-rows": _wide_table_over_rows}
#: Every shape ``build`` makes.
SHAPE_NAMES = (*SHAPES, *WHOLE)
#: Shapes that follow a deep stack of open elements (just under the parser's depth cap).
DEEP_PREFIX = {
    "items-under-deep-b": "<b>" * 250,
    "forms-under-deep-div": "<div>" * 250,
    "empty-under-deep-div": "<div>" * 250 + "Advertisement",
    "links-under-deep-div": "<div>" * 250,
}
#: The JSON-LD shapes' units sit in one block, in front of a short article.
_JSONLD_OPEN = '<script type="application/ld+json">{"@type":"NewsArticle","headline":"Hostile","author":['
_JSONLD_CLOSE = "]}</script><article>" + "".join(
    f"<p>Paragraph {capitalised_word(n)} of the story, with words and commas.</p>" for n in range(12)
)
#: Shapes wrapped in something: (prefix, suffix).
WRAPPED = {
    "jsonld-authors": (_JSONLD_OPEN, '"Last Writer"' + _JSONLD_CLOSE),
    "jsonld-deep": (_JSONLD_OPEN, _JSONLD_CLOSE),
    "jsonld-noisy-authors": (_JSONLD_OPEN, '"Last Writer"' + _JSONLD_CLOSE),
}


def build(shape: str, size_kb: int) -> str:
    """The hostile document of ``shape`` (a key of ``SHAPES`` or ``WHOLE``) at ``size_kb`` KB."""
    if shape in WHOLE:
        return WHOLE[shape](size_kb)
    prefix, suffix = WRAPPED.get(shape, (DEEP_PREFIX.get(shape, ""), ""))
    html = _repeat(SHAPES[shape], size_kb, prefix)
    if shape in CLOSERS:
        innermost, closer = CLOSERS[shape]
        html += innermost + closer * html.count(SHAPES[shape](0))
    return html + suffix


#: The clock ``best_ms`` reads: wall time, or (``--cpu``) this process's CPU time.
CLOCKS: dict[str, Callable[[], float]] = {"wall": time.perf_counter, "cpu": time.process_time}
clock = CLOCKS["wall"]


def best_ms(extract: Callable[[str], object], html: str, repeat: int) -> tuple[float, str]:
    """Best-of-``repeat`` milliseconds on ``clock``, and the outcome (``ok`` or the error kind)."""
    best = float("inf")
    outcome = "ok"
    for _ in range(repeat):
        started = clock()
        try:
            extract(html)
        except ExtractionError as error:
            outcome = error.kind
        best = min(best, (clock() - started) * 1000)
        if outcome != "ok":
            break  # a limit was hit: once is enough
    return best, outcome


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10,100,1000", help="sizes in KB, comma-separated")
    parser.add_argument("--engines", default="native,wasm", help="native and/or wasm")
    parser.add_argument("--shapes", default=",".join(SHAPE_NAMES), help="shapes, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="runs per input; the best counts")
    parser.add_argument("--cpu", action="store_true", help="CPU time instead of wall time")
    parser.add_argument(
        "--baseline-component",
        type=Path,
        action="append",
        default=[],
        help="also time this component (engine 'base'), interleaved; with --fuel, may be repeated",
    )
    parser.add_argument("--fuel", action="store_true", help="wasm instructions instead of time")
    parser.add_argument(
        "--builds", type=int, default=0, help="with --fuel: count N fresh builds of this tree instead"
    )
    parser.add_argument("--corpus", action="store_true", help="with --fuel: real pages per KB, by size band")
    parser.add_argument(
        "--fit",
        action="store_true",
        help="with --fuel: each shape's cost per further KB and its intercept, a line through its sizes "
        "(e.g. --sizes 5,10,20,40)",
    )
    parser.add_argument(
        "--parts",
        action="store_true",
        help="with --fuel: each ratio without a call's floor on both sides, and with the language declared",
    )
    args = parser.parse_args()
    shapes = args.shapes.split(",")
    unknown = [shape for shape in shapes if shape not in SHAPE_NAMES]
    if unknown:
        parser.error(f"unknown shapes {', '.join(unknown)}; the shapes are {', '.join(SHAPE_NAMES)}")
    sizes = [int(size) for size in args.sizes.split(",")]
    if args.builds < 0 or (args.builds and not args.fuel):
        parser.error("--builds takes a count of builds, with --fuel")
    if len(args.baseline_component) > 1 and not args.fuel:
        parser.error("one --baseline-component is timed; several are counted with --fuel")
    if args.fit and (not args.fuel or len(set(sizes)) < 2):
        parser.error("--fit fits a line through the instructions of two sizes or more, with --fuel")
    if args.parts and not args.fuel:
        parser.error("--parts counts instructions, with --fuel")
    if args.fuel:
        count_instructions(
            shapes, sizes, args.baseline_component, args.corpus, args.builds, args.fit, args.parts
        )
        return
    global clock
    clock = CLOCKS["cpu" if args.cpu else "wall"]
    engines = args.engines.split(",")
    settings = load_settings(wasm_initial_pool_size=1, wasm_max_pool_size=1)
    extractors = {engine: Extractor(settings, engine=engine) for engine in engines}  # type: ignore[arg-type]
    if args.baseline_component:
        engines.append("base")
        base_settings = load_settings(
            wasm_initial_pool_size=1, wasm_max_pool_size=1, wasm_component=args.baseline_component[0]
        )
        extractors["base"] = Extractor(base_settings, engine="wasm")
    normal_html = NORMAL_ARTICLE.read_text(encoding="utf-8")
    normal_kb = len(normal_html.encode()) / 1024

    def normal_ms_per_kb(extractor: Extractor) -> float:
        runs = max(args.repeat, NORMAL_REPEAT)
        ms, _ = best_ms(lambda html: extractor.extract(html, URL), normal_html, runs)
        return ms / normal_kb

    for engine, extractor in extractors.items():
        extractor.extract(normal_html, URL)  # warm up (instance, caches)
        print(
            f"normal article {NORMAL_ARTICLE.name}: {normal_kb:.0f} KB, "
            f"{parse(normal_html).element_count / normal_kb:.0f} el/KB, "
            f"{engine} {normal_ms_per_kb(extractor):.3f} ms/KB (measured again before each input)"
        )
    header = f"{'shape':<18}{'KB':>6}{'el/KB':>7}"
    unit = " cpu ms" if args.cpu else " ms"
    for engine in engines:
        header += f"  {engine + unit:>13}{'ms/KB':>8}{'ratio':>7} {'outcome':<15}"
    print()
    print(header)
    for shape in shapes:
        for size in sizes:
            html = build(shape, size)
            kb = len(html.encode()) / 1024
            line = f"{shape:<18}{kb:>6.0f}{parse(html).element_count / kb:>7.0f}"
            for extractor in extractors.values():
                repeat = 1 if size >= 1000 else args.repeat
                normal = normal_ms_per_kb(extractor)
                ms, outcome = best_ms(lambda html, e=extractor: e.extract(html, URL), html, repeat)
                ratio = ms / kb / normal
                flag = "!" if ratio > TARGET_RATIO and outcome == "ok" else " "
                line += f"  {ms:>13.1f}{ms / kb:>8.3f}{ratio:>6.1f}{flag} {outcome:<15}"
            print(line, flush=True)
    for extractor in extractors.values():
        extractor.close()


#: ``--corpus``'s size bands of real pages, in KB: [low, high).
CORPUS_BANDS = ((0, 10), (10, 30), (30, 100), (100, 300), (300, 100_000))


def count_instructions(
    shapes: list[str],
    sizes: list[int],
    baselines: list[Path],
    corpus: bool = False,
    builds: int = 0,
    fit: bool = False,
    parts: bool = False,
) -> None:
    """``--fuel``: instructions per KB of each input against the normal article's, per component
    group (and with ``corpus``, of the real pages by size band; with ``fit``, each shape's line
    through its sizes; with ``parts``, each ratio without the floor and with the language
    declared). A group of several components (``builds`` fresh builds of this tree, several
    baselines) shows the medians of its members."""
    from output_passes import counting_fuel  # imports this module: not at the top

    from riptide.sandbox.build import build as build_component
    from riptide.sandbox.locations import DEFAULT_OUTPUT

    counting_fuel()
    with tempfile.TemporaryDirectory(prefix="riptide-builds-") as scratch:
        own = [
            build_component(Path(scratch) / f"build-{i}.wasm", force=True, quiet=True) for i in range(builds)
        ]
        groups = {"wasm": own or [DEFAULT_OUTPUT]} | ({"base": baselines} if baselines else {})
        _count_groups(groups, shapes, sizes, corpus, fit, parts)


def ratio_without_floor(
    millions: float, kb: float, normal_millions: float, normal_kb: float, floor: float
) -> float:
    """An input's cost per KB over the normal article's, with a call's floor taken off both.

    Why: the floor is work every call does (the normal article's included), so it is no cost of
    the markup. Per KB it weighs more on a 10 KB input than on the 27 KB normal article; whether
    it raises or lowers a ratio depends on the ratio, which this shows."""
    if normal_millions <= floor:
        raise ValueError("the normal article costs no more than a call's floor: nothing is left to divide by")
    return ((millions - floor) / kb) / ((normal_millions - floor) / normal_kb)


def with_language(html: str) -> str:
    """``html`` declaring its language (``lang="en"`` on its ``<html>``): the same call without
    the detector. The generated documents declare none."""
    if "<html>" not in html:
        raise ValueError("no bare <html> tag to declare a language on")
    return html.replace("<html>", '<html lang="en">', 1)


def fit_line(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The least-squares line through ``points`` (x, y): its slope and its intercept.

    Why: the slope is the cost of each further KB alone. The intercept is not a call's fixed
    work alone: where a shape's first units cost more than its later ones (those above the
    parser's depth cap), the line meets the axis above it. ``--parts`` weighs the fixed parts
    themselves (the floor, the language)."""
    if len({x for x, _ in points}) < 2:
        raise ValueError("a line needs points at two sizes or more")
    mean_x = statistics.fmean(x for x, _ in points)
    mean_y = statistics.fmean(y for _, y in points)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / sum((x - mean_x) ** 2 for x, _ in points)
    return slope, mean_y - slope * mean_x


def _count_groups(
    groups: dict[str, list[Path]],
    shapes: list[str],
    sizes: list[int],
    corpus: bool,
    fit: bool = False,
    parts: bool = False,
) -> None:
    from output_passes import fuel_counter  # imports this module: not at the top

    normal_html = NORMAL_ARTICLE.read_text(encoding="utf-8")
    normal_kb = len(normal_html.encode()) / 1024
    inputs = {(shape, size): build(shape, size) for shape in shapes for size in sizes}
    pages = _corpus_pages() if corpus else []
    page_costs: list[tuple[float, float]] = []  # (KB, M instructions per KB) of each real page
    page_normal = 0.0  # the normal article's M instructions per KB in the same component
    # per group, per input (None: the normal article), each member's (M instructions, ratio)
    counts: dict[str, dict[tuple[str, int] | None, list[tuple[float, float]]]] = {}
    # with ``parts``, per group: each member's floor, and per input each member's M instructions
    # with the language declared
    floors: dict[str, list[float]] = {}
    declared: dict[str, dict[tuple[str, int], list[float]]] = {}
    for name, members in groups.items():
        counted = counts.setdefault(name, {key: [] for key in [None, *inputs]})
        for component in members:
            with fuel_counter(component) as fuel_of:
                fuel_of(normal_html)  # the first call of an instance sets up more
                normal = fuel_of(normal_html) / 1e6 / normal_kb
                counted[None].append((normal * normal_kb, 1.0))
                if not page_costs:  # the first component's only
                    page_costs = [(kb, fuel_of(html) / 1e6 / kb) for html, kb in pages]
                    page_normal = normal
                for key, html in inputs.items():
                    millions = fuel_of(html) / 1e6
                    counted[key].append((millions, millions / (len(html.encode()) / 1024) / normal))
                    if parts:
                        declared.setdefault(name, {}).setdefault(key, []).append(
                            fuel_of(with_language(html)) / 1e6
                        )
                if parts:
                    floors.setdefault(name, []).append(fuel_of(FLOOR_PAGE) / 1e6)
    spread = any(len(members) > 1 for members in groups.values())
    print(
        f"{'shape':<20}{'KB':>6}{'el/KB':>7}"
        + "".join(
            f"{name + ' M instr':>16}{'M/KB':>7}{'ratio':>7}" + (f"{'least-most':>12}" if spread else "")
            for name in groups
        )
    )
    rows: list[tuple[str, str, tuple[str, int] | None]] = [("normal article", normal_html, None)]
    rows += [(shape, html, (shape, size)) for (shape, size), html in inputs.items()]
    for label, html, key in rows:
        kb = len(html.encode()) / 1024
        line = f"{label:<20}{kb:>6.0f}{parse(html).element_count / kb:>7.0f}"
        for name in groups:
            measured = counts[name][key]
            millions = statistics.median(m for m, _ in measured)
            ratios = sorted(r for _, r in measured)
            ratio = statistics.median(ratios)
            flag = "!" if ratio > TARGET_RATIO else " "
            line += f"{millions:>16.1f}{millions / kb:>7.3f}{ratio:>6.2f}{flag}"
            if spread:
                line += f"{ratios[0]:>6.2f}-{ratios[-1]:<5.2f}"
        print(line)
    if fit:
        print("\nper further KB (a line through the sizes above; ratio to the normal article's), intercept")
        for shape in shapes:
            line = f"{shape:<20}"
            for name in groups:
                normal_per_kb = statistics.median(m for m, _ in counts[name][None]) / normal_kb
                points = [
                    (len(html.encode()) / 1024, statistics.median(m for m, _ in counts[name][shape, size]))
                    for size in sizes
                    for html in [inputs[shape, size]]
                ]
                slope, intercept = fit_line(points)
                ratio = slope / normal_per_kb
                flag = "!" if ratio > TARGET_RATIO else " "
                line += f"  {name}: {slope:.3f} M/KB {ratio:.2f}{flag} + {intercept:.1f}M"
            print(line)
    if parts:
        print(
            "\neach ratio again: without a call's floor on both sides (a one-paragraph page's "
            "instructions), and with the language declared"
        )
        for name in groups:
            floor = statistics.median(floors[name])
            normal_millions = statistics.median(m for m, _ in counts[name][None])
            normal_per_kb = normal_millions / normal_kb
            print(f"  {name}: floor {floor:.2f}M; the normal article {normal_millions:.1f}M")
            for key, html in inputs.items():
                kb = len(html.encode()) / 1024
                millions = statistics.median(m for m, _ in counts[name][key])
                bare = ratio_without_floor(millions, kb, normal_millions, normal_kb, floor)
                lang = statistics.median(declared[name][key]) / kb / normal_per_kb
                print(
                    f"  {key[0]:<22}{key[1]:>6} KB  ratio {millions / kb / normal_per_kb:.2f}  "
                    f"without the floor {bare:.2f}  language declared {lang:.2f}"
                )
    if page_costs:
        first = str(groups["wasm"][0])
        print(f"\nReadability.js pages in '{first}', M instructions per KB (ratio to the normal article's)")
        for low, high in CORPUS_BANDS:
            band = sorted(cost for kb, cost in page_costs if low <= kb < high)
            if band:
                median, most = statistics.median(band), band[-1]
                print(
                    f"  {low:>4}-{high if high < 100_000 else '':<4} KB {len(band):>4} pages  median "
                    f"{median:.3f} ({median / page_normal:.2f})  most {most:.3f} ({most / page_normal:.2f})"
                )


def _corpus_pages() -> list[tuple[str, float]]:
    """(html, KB) of every Readability.js page of ../shared; a clear error when it is absent."""
    from sandbox_vs_native import CORPUS, load_pages

    if not CORPUS.is_dir():
        raise SystemExit(f"--corpus needs the shared corpora: {CORPUS} not found")
    return [(html, len(html.encode()) / 1024) for html in load_pages(None)]


if __name__ == "__main__":
    main()
