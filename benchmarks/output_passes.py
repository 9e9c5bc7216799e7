"""Wasm instructions of each output pass inside the component, this tree against another commit.

    .venv/bin/python benchmarks/output_passes.py [--against COMMIT] [--shapes a,b] [--kb 1000]
                                                 [--corpus N] [--snippets N] [--times 2]
                                                 [--passes a,b] [--whole]

Why: the passes after the article stage (Markdown, plain text, word count, links, quality signals,
media, language detection when the page declares none, packing) cost per element of the content,
and on dense hostile markup tens of milliseconds each; wall or CPU time of one pass on a machine
shared with other jobs moves by more than a change saves. This counts wasmtime *fuel* (about one
unit per wasm instruction) instead, which is the same on every run. A variant of the component
keeps the content of the last extraction (its trees are not released), and an input
``<!--pass:NAME:K-->`` runs one pass K times on it; the fuel of that call, less that of a call
running none, is the pass's cost.

Builds the variant from this tree and, with ``--against``, from ``git archive COMMIT`` (in
build/bench-components/), then prints, per input (the normal article, each hostile shape at
``--kb`` KB, the sum over ``--corpus`` pages of ../shared), millions of instructions per pass.
``rendered`` is all of them as the pipeline runs them (``pipeline._rendered``).

The parse side has passes too, on the page's html: ``tokenize`` (the records, made and freed),
``parse`` (tokenize, build, ``release_tree`` and freeing the tree, as an extraction does) and
``parse-kept`` (tokenize and build, the tree kept past the call: ``parse`` less this is the
release and the freeing). Those run on a page the variant has just extracted, so what the guest
keeps between calls (the C core's caches of names and short pieces) is that page's own. ``--whole``
adds the fuel of one whole extraction call (article mode) in the real component of each tree, not
the variant: the page's first call (after the page before it, as in a stream of pages) and a
second one on the same instance.
"""

from __future__ import annotations

import argparse
import contextlib
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import wasmtime
from guest_profile import one_instance_settings
from hostile_inputs import NORMAL_ARTICLE
from hostile_inputs import build as build_hostile

import riptide.sandbox.host as sandbox_host
import riptide.sandbox.instance as sandbox_instance
from riptide import ExtractionError, Extractor

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "bench-components"
PASSES = "markdown,text,words,links,signals,media,language,pack,rendered"
PARSE_PASSES = "tokenize,parse,parse-kept"

#: Appended to the glue: keep each extraction's content; "<!--pass:NAME:K-->" runs a pass K times.
PASSES_GLUE = """

import gc as _gc
from dataclasses import replace as _replace

_gc.disable()  # collections at other moments in each call would make the counts differ
_KEPT = {}
_real_rendered = pipeline._rendered
_real_release = pipeline.release_tree


def _keep(doc, url, base, meta, content, found_byline):
    result = _real_rendered(doc, url, base, meta, content, found_byline)
    urls = {}
    pipeline.render_markdown(content, base, urls)
    text = pipeline.render_text(content)
    links = _links(content, base)
    _KEPT.update(doc=doc, base=base, meta=meta, content=content, urls=urls, text=text, links=links,
                 media=_media(content, base, meta.image, urls),
                 words=pipeline.count_words(text), result=result)
    pipeline.release_tree = lambda *args, **kwargs: None  # the content is used again
    return result


def _links(content, base):  # as _rendered collects them: links_and_media's walk, collect_links before
    if not hasattr(pipeline, "links_and_media"):  # an --against commit before the shared walk
        return pipeline.collect_links(content, base)
    return pipeline.links_of(pipeline.links_and_media(content)[0], base)


def _media(content, base, image, urls):  # as _rendered collects them (as _links)
    if not hasattr(pipeline, "links_and_media"):
        return pipeline.collect_media(content, base, image, urls)
    return pipeline.media_of(pipeline.links_and_media(content)[1], base, image, urls)


def _passes():
    k = _KEPT
    content, base = k["content"], k["base"]
    link_chars = sum(len(link.text) for link in k["links"])
    return {
        "none": lambda: None,
        "markdown": lambda: pipeline.render_markdown(content, base, {}),
        "text": lambda: pipeline.render_text(content),
        "words": lambda: pipeline.count_words(k["text"]),
        "links": lambda: _links(content, base),
        "signals": lambda: pipeline.text_signals(k["text"], link_chars, k["words"]),
        "media": lambda: _media(content, base, k["meta"].image, dict(k["urls"])),
        "language": lambda: pipeline._detect(k["text"]),  # what _rendered runs when no language is declared
        "pack": lambda: packed.pack(k["links"], k["media"]),
        "rendered": lambda: _real_rendered(k["doc"], "", base, k["meta"], content, None),
        "tokenize": lambda: pipeline.tokenize(k["html"]),
        "parse": lambda: _parse(k["html"], keep=False),
        "parse-kept": lambda: _parse(k["html"], keep=True),
    }


def _parse(html, keep):
    with pipeline.gc_paused():
        doc = pipeline.build(pipeline.tokenize(html))
    if keep:
        _KEPT.setdefault("parsed", []).append(doc)  # freed by the next extraction, not in this call
    else:
        _real_release(doc.root, doc.body_elements)


_real_extract = pipeline.extract_with_stats


def _extract_or_pass(html, url, mode):
    if html.startswith("<!--pass:"):
        name, times = html[len("<!--pass:"):].split("-->")[0].split(":")
        run = _passes()[name]
        for _ in range(int(times)):
            run()
        return _KEPT["result"], Stats()
    pipeline.release_tree = _real_release
    _KEPT.clear()
    _gc.collect()
    _KEPT["html"] = html
    pipeline._rendered = _keep
    try:
        return _real_extract(html, url, mode)
    finally:
        pipeline._rendered = _real_rendered


pipeline.extract_with_stats = _extract_or_pass
"""

#: Run with a tree's own ``riptide.sandbox.build`` (``sys.argv[1]``: that tree's src folder;
#: ``sys.argv[3]``: the glue to append, or "-" for the real component).
BUILD_SCRIPT = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from riptide.sandbox.build import GUEST_MODULE, build
out, glue = Path(sys.argv[2]), sys.argv[3]
variant = out.with_suffix(".py")
variant.write_text(GUEST_MODULE.read_text() + (Path(glue).read_text() if glue != "-" else ""))
build(out, quiet=True, guest_module=variant)
"""


def build_variant(source_root: Path, name: str, glue_text: str | None = PASSES_GLUE) -> Path:
    """The passes variant of the component of the tree at ``source_root`` (``glue_text`` None:
    the real component)."""
    OUT.mkdir(parents=True, exist_ok=True)
    glue = "-"
    if glue_text is not None:
        glue = str(OUT / "output_passes_glue.py")
        Path(glue).write_text(glue_text)
    out = OUT / f"{name}.wasm"
    command = [sys.executable, "-c", BUILD_SCRIPT, str(source_root / "src"), str(out), glue]
    subprocess.run(command, check=True)
    return out


def checkout(commit: str, into: Path) -> Path:
    """``git archive commit`` unpacked into ``into``."""
    archive = into / "tree.tar"
    with archive.open("wb") as out:
        subprocess.run(["git", "-C", str(ROOT), "archive", commit], check=True, stdout=out)
    with tarfile.open(archive) as tar:
        tar.extractall(into / "tree", filter="data")
    return into / "tree"


def counting_fuel() -> None:
    """Make the sandbox's engine count fuel, and give each store all it can use."""

    class FuelConfig(wasmtime.Config):
        def __init__(self) -> None:
            super().__init__()
            self.consume_fuel = True

    def store(engine: wasmtime.Engine) -> wasmtime.Store:
        made = wasmtime.Store(engine)
        made.set_fuel(2**62)
        return made

    sandbox_host.Config = FuelConfig  # type: ignore[attr-defined]
    sandbox_instance.Store = store  # type: ignore[attr-defined,assignment]


@contextlib.contextmanager
def fuel_counter(component: Path) -> Iterator[Callable[[str], int]]:
    """A function giving the fuel of one article-mode extraction of an input in ``component``,
    all in one instance."""
    settings = one_instance_settings(
        component,
        memory_mb=2048,
        wasm_cache_dir=OUT / "fuel-cache",  # code compiled to count fuel is cached apart
    )
    with Extractor(settings, engine="wasm") as extractor:
        pool = extractor.sandbox.pool  # type: ignore[union-attr]

        def fuel_of(html: str) -> int:
            if not pool._idle:  # the last input trapped (a refusal by an older build): its
                extractor.extract("<p>warm</p>", "https://example.com/")  # instance was dropped
            store = pool._idle[0].store  # kept: the pool drops an instance that traps
            left = store.get_fuel()
            with contextlib.suppress(ExtractionError):
                extractor.extract(html, "https://example.com/hostile", mode="article")
            return int(left - store.get_fuel())

        yield fuel_of


def pass_costs(
    component: Path, inputs: list[tuple[str, str]], passes: list[str], times: int
) -> dict[str, Any]:
    """Instructions per pass (one run) for each input, by input name."""
    costs: dict[str, Any] = {}
    with fuel_counter(component) as fuel_of:
        for name, html in inputs:
            fuel_of(html)
            idle = fuel_of(f"<!--pass:none:{times}-->")
            costs[name] = {p: (fuel_of(f"<!--pass:{p}:{times}-->") - idle) / times for p in passes}
    return costs


def whole_call_costs(component: Path, inputs: list[tuple[str, str]]) -> dict[str, Any]:
    """Instructions of one whole extraction call for each input: the first on the page and the
    second (``whole again``). The first is what a stream of different pages costs: what the
    guest keeps between calls (the C core's name and piece caches) comes from the pages before;
    the second finds it made by the same page."""
    costs: dict[str, Any] = {}
    with fuel_counter(component) as fuel_of:
        fuel_of(NORMAL_ARTICLE.read_text())  # the first call of an instance sets up more
        for name, html in inputs:
            costs[name] = {"whole call": fuel_of(html)}
            costs[name]["whole again"] = fuel_of(html)
    return costs


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--against", help="also count the passes of this commit's component")
    parser.add_argument("--shapes", default="nested-lists,misnested-inline,nested-tables,a-around-table")
    parser.add_argument("--kb", type=int, default=1000)
    parser.add_argument(
        "--corpus", type=int, default=0, help="also the first N readability pages of ../shared"
    )
    parser.add_argument("--snippets", type=int, default=0, help="also the first N trafilatura-eval pages")
    parser.add_argument("--passes", default=PASSES, help=f"of {PASSES},{PARSE_PASSES}")
    parser.add_argument("--whole", action="store_true", help="also the fuel of a whole extraction call")
    parser.add_argument("--times", type=int, default=2, help="runs of each pass per count")
    args = parser.parse_args()
    inputs = [("normal article", NORMAL_ARTICLE.read_text())]
    inputs += [
        (f"{shape} {args.kb} KB", build_hostile(shape, args.kb)) for shape in args.shapes.split(",") if shape
    ]
    if args.corpus:
        from sandbox_vs_native import load_pages

        inputs += [(f"page {i}", html) for i, html in enumerate(load_pages(args.corpus))]
    if args.snippets:
        from sandbox_vs_native import load_snippet_pages

        inputs += [(f"snippet {i}", html) for i, (html, _) in enumerate(load_snippet_pages(args.snippets))]
    passes = args.passes.split(",") if args.passes else []
    with tempfile.TemporaryDirectory() as tmp:
        trees = {"this tree": ROOT}
        if args.against:
            trees[args.against] = checkout(args.against, Path(tmp))
        costs: dict[str, Any] = {label: {name: {} for name, _ in inputs} for label in trees}
        for i, (label, tree) in enumerate(trees.items()):
            variant = build_variant(tree, f"passes-{i}") if passes else None
            whole = build_variant(tree, f"whole-{i}", None) if args.whole else None
            counting_fuel()
            if variant is not None:
                costs[label] = pass_costs(variant, inputs, passes, args.times)
            if whole is not None:
                for name, row in whole_call_costs(whole, inputs).items():
                    costs[label][name].update(row)
    passes += ["whole call", "whole again"] if args.whole else []
    rows = [name for name, _ in inputs if not name.startswith(("page ", "snippet "))]
    for prefix, count, what in (
        ("page ", args.corpus, "readability"),
        ("snippet ", args.snippets, "trafilatura-eval"),
    ):
        if count:
            rows.append(f"{count} {what} pages (sum)")
            for table in costs.values():
                pages = [table.pop(name) for name in list(table) if name.startswith(prefix)]
                table[rows[-1]] = {p: sum(page[p] for page in pages) for p in passes}
    print("millions of wasm instructions (fuel) per pass, one run on the article content")
    for row in rows:
        print(row)
        for label, table in costs.items():
            print(f"  {label:12s} " + " ".join(f"{p} {table[row][p] / 1e6:8.2f}" for p in passes))


if __name__ == "__main__":
    main()
