"""The sandboxed and native paths give identical results on both shared corpora."""

from __future__ import annotations

import gzip

from tests.conftest import SHARED, require_shared

from riptide import ExtractionError, Extractor

CORPUS = SHARED / "data" / "readability-test-pages"
NEWS_PAGES = SHARED / "data" / "trafilatura-eval" / "pages"
URL = "http://fakehost/test/page.html"


def corpus_pages() -> list[tuple[str, str]]:
    require_shared(CORPUS)
    pages = []
    for folder in sorted(p for p in CORPUS.iterdir() if p.is_dir()):
        source = folder / "source.html.gz"
        if source.exists():
            pages.append((folder.name, gzip.decompress(source.read_bytes()).decode("utf-8", "replace")))
    return pages


def news_pages() -> list[tuple[str, str]]:
    require_shared(NEWS_PAGES)
    return [
        (path.name, gzip.decompress(path.read_bytes()).decode("utf-8", "replace"))
        for path in sorted(NEWS_PAGES.glob("*.gz"))
    ]


def outcome(extractor: Extractor, html: str, mode: str = "article") -> object:
    try:
        return extractor.extract(html, URL, mode=mode).to_dict(include_stats=False) | {"engine": "-"}
    except ExtractionError as error:
        return (error.kind, error.message)


def test_sandboxed_and_native_results_identical_on_corpus(extractor: Extractor, native: Extractor) -> None:
    pages = corpus_pages()
    assert len(pages) >= 100
    different = [name for name, html in pages if outcome(extractor, html) != outcome(native, html)]
    assert different == []


def test_sandboxed_and_native_results_identical_on_news_pages_in_full_mode(
    extractor: Extractor, native: Extractor
) -> None:
    # Full mode keeps every link, so it is where the two interpreters' URL libraries would show:
    # CPython 3.14's urljoin kept "page#" where 3.11's gave "page" (engine/urls.py:_join).
    pages = news_pages()
    assert len(pages) >= 100
    different = [
        name for name, html in pages if outcome(extractor, html, "full") != outcome(native, html, "full")
    ]
    assert different == []
