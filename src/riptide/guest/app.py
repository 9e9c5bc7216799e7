"""Glue between the WIT contract (``riptide:extractor/extractor``) and the engine.

componentize-py generates ``wit_world`` from ``wit/extractor.wit`` at build time; this module
only converts WIT values to engine values and back. Every engine failure becomes the matching
``extraction-error`` case, and every other exception becomes ``internal-error``: the guest
never traps on bad input. ``MemoryError`` becomes ``resource-limit`` so that a document that
exhausts the memory limit is reported as such rather than aborting the instance.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Any, TypeVar

from componentize_py_types import Err
from wit_world import exports
from wit_world.exports import extractor as wit

from riptide.engine import ENGINE_NAME, ENGINE_VERSION, pipeline
from riptide.engine.errors import EngineError
from riptide.engine.modes import MODE_NAMES, Mode
from riptide.engine.result import Extraction, Stats

COMPONENT_NAME = "riptide-extractor"
COMPONENT_VERSION = ENGINE_VERSION
FEATURES = [
    "readability-article",
    "markdown",
    "metadata:json-ld,open-graph,twitter,dublin-core,microdata",
    "language-detection",
    "css-selectors",
    "links",
    "media",
    "quality-score",
    "next-page",
]
_ERRORS: dict[str, Callable[[str], Any]] = {
    "invalid-html": wit.ExtractionError_InvalidHtml,
    "network-error": wit.ExtractionError_NetworkError,
    "parse-error": wit.ExtractionError_ParseError,
    "resource-limit": wit.ExtractionError_ResourceLimit,
    "extractor-error": wit.ExtractionError_ExtractorError,
    "internal-error": wit.ExtractionError_InternalError,
    "unsupported-mode": wit.ExtractionError_UnsupportedMode,
}
_MEDIA_KINDS = {"image": wit.MediaKind.IMAGE, "video": wit.MediaKind.VIDEO, "audio": wit.MediaKind.AUDIO}
T = TypeVar("T")


class _Counters:
    extractions = 0


def _mode_of(mode: wit.ExtractionMode) -> Mode:
    if isinstance(mode, wit.ExtractionMode_Custom):
        return Mode.of("custom", list(mode.value))
    if isinstance(mode, wit.ExtractionMode_Full):
        return Mode.of("full")
    if isinstance(mode, wit.ExtractionMode_Metadata):
        return Mode.of("metadata")
    return Mode.of("article")


def _guarded(call: Callable[[], T]) -> T:
    """Run ``call``, turning every exception into a WIT ``extraction-error``."""
    try:
        return call()
    except EngineError as error:
        raise Err(_ERRORS[error.kind](str(error))) from None
    except MemoryError:
        gc.collect()
        raise Err(
            wit.ExtractionError_ResourceLimit("the document exhausted the sandbox memory limit")
        ) from None
    except RecursionError:
        raise Err(wit.ExtractionError_ResourceLimit("the document is nested too deeply to process")) from None
    except Exception as error:  # a bug in the engine: report it, don't trap
        raise Err(wit.ExtractionError_InternalError(f"{type(error).__name__}: {error}")) from None


def _content(result: Extraction) -> wit.ExtractedContent:
    return wit.ExtractedContent(
        url=result.url,
        title=result.title,
        byline=result.byline,
        published_iso=result.published_iso,
        markdown=result.markdown,
        text=result.text,
        links=[
            wit.Link(link.url, link.text, link.nofollow, link.ugc, link.sponsored, link.hreflang)
            for link in result.links
        ],
        media=[
            wit.Media(_MEDIA_KINDS[m.kind], m.url, m.alt, m.caption, m.width, m.height) for m in result.media
        ],
        language=result.language,
        reading_time=result.reading_time,
        quality_score=result.quality_score,
        word_count=result.word_count,
        categories=list(result.categories),
        site_name=result.site_name,
        description=result.description,
        next_page=result.next_page,
    )


def _stats(stats: Stats) -> wit.ExtractionStats:
    return wit.ExtractionStats(
        stats.processing_time_ms,
        stats.memory_used,
        stats.nodes_processed,
        stats.links_found,
        stats.images_found,
    )


class Extractor(exports.Extractor):
    def extract(self, html: str, url: str, mode: wit.ExtractionMode) -> wit.ExtractedContent:
        return self.extract_with_stats(html, url, mode)[0]

    def extract_with_stats(
        self, html: str, url: str, mode: wit.ExtractionMode
    ) -> tuple[wit.ExtractedContent, wit.ExtractionStats]:
        def run() -> tuple[wit.ExtractedContent, wit.ExtractionStats]:
            result, stats = pipeline.extract_with_stats(html, url, _mode_of(mode))
            _Counters.extractions += 1
            return _content(result), _stats(stats)

        return _guarded(run)

    def validate_html(self, html: str) -> bool:
        def run() -> bool:
            pipeline.validate_html(html)
            return True

        return _guarded(run)

    def health_check(self) -> wit.HealthStatus:
        return wit.HealthStatus(
            status="healthy",
            version=COMPONENT_VERSION,
            trek_version=f"{ENGINE_NAME} {ENGINE_VERSION}",
            capabilities=list(MODE_NAMES) + FEATURES,
            memory_usage=None,
            extraction_count=_Counters.extractions,
        )

    def get_info(self) -> wit.ComponentInfo:
        return wit.ComponentInfo(COMPONENT_NAME, COMPONENT_VERSION, list(MODE_NAMES), list(FEATURES))

    def reset_state(self) -> str:
        dropped = _Counters.extractions
        _Counters.extractions = 0
        collected = gc.collect()
        return f"reset: {dropped} extractions forgotten, {collected} objects collected"

    def get_modes(self) -> list[str]:
        return list(MODE_NAMES)
