"""Adapters for ``../shared/eval/score.py``: RipTide sandboxed and native, as FUNCTION(html, url).

    PYTHONPATH=benchmarks .venv/bin/python ../shared/eval/score.py --extractor riptide_eval:sandboxed
    PYTHONPATH=benchmarks .venv/bin/python ../shared/eval/score.py --extractor riptide_eval:native

The extractor is created on first use (start-up is not part of the per-page timing) with a
single warm instance, so every page runs in the same guest, as a served request would.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from riptide import ExtractedDoc, Extractor, load_settings


@cache
def _extractor(engine: str) -> Extractor:
    return Extractor(load_settings(wasm_initial_pool_size=1), engine=engine)  # type: ignore[arg-type]


def _fields(doc: ExtractedDoc) -> dict[str, Any]:
    return {
        "text": doc.text,
        "title": doc.title,
        "byline": doc.byline,
        "language": doc.language,
        "site_name": doc.site_name,
        "published_iso": doc.published_iso,
        "description": doc.description,
        "quality_score": doc.quality_score,
        "engine": doc.engine,
    }


def _page_url(url: str) -> str:
    """The page URL as a browser's address bar sends it: trimmed, inner spaces percent-encoded.

    The engine refuses a page URL with whitespace (``invalid-html``), and five annotations of the
    snippet corpus carry a trailing or inner space.
    """
    return url.strip().replace(" ", "%20")


def sandboxed(html: str, url: str) -> dict[str, Any]:
    doc = _extractor("wasm").extract(html, _page_url(url))
    assert doc.engine == "wasm", "the sandbox must produce every result here"
    return _fields(doc)


def native(html: str, url: str) -> dict[str, Any]:
    return _fields(_extractor("native").extract(html, _page_url(url)))
