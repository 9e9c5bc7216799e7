"""The component's ``packed`` fast path gives exactly what ``extract-with-stats`` gives.

The bundled component exports both; the host uses ``extract-packed`` when a component has it and
``extract-with-stats`` otherwise (a third-party component need only implement the typed record).
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator

import pytest
from tests.conftest import ROOT, SHARED, require_shared

from riptide import Extractor
from riptide.sandbox.contract import PACKED_FUNCTION
from riptide.sandbox.convert import extraction_with_stats_of, mode_value

URL = "http://fakehost/test/page.html"
LINKED = (
    "<html><head><title>Links</title><link rel=next href='/p2'></head><body><article>"
    + "".join(
        f"<p>Paragraph {i} with <a href='/l{i}' rel='nofollow ugc' hreflang='fr'>link {i}</a> and"
        f" <img src='/i{i}.png' alt='image {i}' width='{i}' height='9'> an image.</p>"
        for i in range(40)
    )
    + "<video src='/v.mp4'></video><figure><img src='/f.jpg'><figcaption>Cap</figcaption></figure>"
    "</article></body></html>"
)


def corpus_pages() -> Iterator[str]:
    corpus = require_shared(SHARED / "data" / "readability-test-pages")
    for source in sorted(corpus.glob("*/source.html.gz")):
        yield gzip.decompress(source.read_bytes()).decode("utf-8", "replace")


def both_ways(extractor: Extractor, html: str, mode: str) -> tuple[object, object]:
    host = extractor.sandbox
    assert host is not None and host.packed
    with host.pool.acquire() as instance:
        outcomes = [
            instance.call(function, html, URL, mode_value(mode, ()), deadline_ticks=100_000)
            for function in ("extract-with-stats", PACKED_FUNCTION)
        ]
    typed, packed = (extraction_with_stats_of(value)[0] for value in outcomes)
    return typed, packed


@pytest.mark.parametrize("mode", ["article", "metadata", "full"])
def test_packed_and_typed_results_are_equal(extractor: Extractor, mode: str) -> None:
    typed, packed = both_ways(extractor, LINKED, mode)
    assert typed == packed
    assert len(packed.links) >= 40 and (mode == "metadata" or len(packed.media) >= 40)  # type: ignore[attr-defined]


def test_packed_and_typed_results_are_equal_on_every_corpus_page(extractor: Extractor) -> None:
    for html in corpus_pages():
        for mode in ("article", "metadata"):
            typed, packed = both_ways(extractor, html, mode)
            assert typed == packed


def test_a_component_without_the_fast_path_gives_the_same_documents(make_settings) -> None:
    html = (ROOT / "examples" / "article.html").read_text()
    with (
        Extractor(make_settings(), engine="wasm") as fast,
        Extractor(make_settings(), engine="wasm") as typed,
    ):
        assert typed.sandbox is not None and fast.sandbox is not None and fast.sandbox.packed
        typed.sandbox.packed = False  # as for a component that exports only riptide:extractor/extractor
        for mode in ("article", "metadata"):
            assert fast.extract(html, URL, mode).to_dict(include_stats=False) == typed.extract(
                html, URL, mode
            ).to_dict(include_stats=False)
