"""The cleaning pass alone, natively: CPU time of ``cleaning.clean_article`` over both corpora.

    .venv/bin/python benchmarks/cleaning_pass.py [--repeat 5] [--pages N]
    PYTHONPATH=../main/src .venv/bin/python benchmarks/cleaning_pass.py   # another checkout's engine

Why: cleaning is a fifth of a native extraction and its share inside the component is hidden in
the article stage of ``guest_profile.py --stages``; timing it alone shows what a change to
``engine/cleaning.py`` saved. Every page of both shared corpora is extracted once in article mode
while the arguments of each ``clean_article`` call are kept (cleaning never changes the page, so
the calls can be replayed); then all the calls are replayed ``--repeat`` times and the best
total CPU time printed. Run it alternately with two checkouts (``PYTHONPATH``) to compare them
under the same load.
"""

from __future__ import annotations

import argparse
import contextlib
import time
from typing import Any

from sandbox_vs_native import URL, load_pages, load_snippet_pages

from riptide import ExtractionError, Extractor
from riptide.engine import cleaning


def recorded_calls(pages: list[tuple[str, str]]) -> list[tuple[Any, ...]]:
    """The arguments of every ``clean_article`` call extracting ``pages`` makes."""
    calls: list[tuple[Any, ...]] = []
    clean_article = cleaning.clean_article

    def record(*args: Any) -> Any:
        calls.append(args)
        return clean_article(*args)

    cleaning.clean_article = record  # type: ignore[assignment]
    try:
        with Extractor(engine="native") as extractor:
            for html, url in pages:
                with contextlib.suppress(ExtractionError):  # a page without an article
                    extractor.extract(html, url)
    finally:
        cleaning.clean_article = clean_article
    return calls


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5, help="replays; the best counts")
    parser.add_argument("--pages", type=int, default=None, help="at most this many pages per corpus")
    args = parser.parse_args()
    pages = [(html, URL) for html in load_pages(args.pages)] + load_snippet_pages(args.pages)
    calls = recorded_calls(pages)
    best = float("inf")
    for _ in range(args.repeat):
        started = time.process_time()
        for call in calls:
            cleaning.clean_article(*call)
        best = min(best, time.process_time() - started)
    print(f"{cleaning.__file__}: {len(calls)} clean_article calls ({len(pages)} pages)")
    print(f"best of {args.repeat}: {best * 1000:.0f} ms CPU")


if __name__ == "__main__":
    main()
