"""The sandboxed and native paths give identical results on the whole evaluation corpus."""

from __future__ import annotations

import gzip

from tests.conftest import SHARED, require_shared

from riptide import ExtractionError, Extractor

CORPUS = SHARED / "data" / "readability-test-pages"
URL = "http://fakehost/test/page.html"


def corpus_pages() -> list[tuple[str, str]]:
    require_shared(CORPUS)
    pages = []
    for folder in sorted(p for p in CORPUS.iterdir() if p.is_dir()):
        source = folder / "source.html.gz"
        if source.exists():
            pages.append((folder.name, gzip.decompress(source.read_bytes()).decode("utf-8", "replace")))
    return pages


def outcome(extractor: Extractor, html: str) -> object:
    try:
        return extractor.extract(html, URL).to_dict(include_stats=False) | {"engine": "-"}
    except ExtractionError as error:
        return (error.kind, error.message)


def test_sandboxed_and_native_results_identical_on_corpus(extractor: Extractor, native: Extractor) -> None:
    pages = corpus_pages()
    assert len(pages) >= 100
    different = [name for name, html in pages if outcome(extractor, html) != outcome(native, html)]
    assert different == []
