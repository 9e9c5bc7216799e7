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
from dataclasses import fields, is_dataclass, replace
from enum import Enum
from functools import cache
from typing import Any, TypeVar, get_args, get_origin

from componentize_py_types import Err
from wit_world import exports
from wit_world.exports import extractor as wit

from riptide.engine import ENGINE_NAME, ENGINE_VERSION, dom, metadata, packed, pipeline
from riptide.engine.modes import ExtractionMode, Mode
from riptide.engine.result import Extraction, Stats
from riptide.errors import EXTRACTION_ERRORS, MEMORY_EXHAUSTED, ExtractionError

try:  # the C core reads the linear memory's size; without it the guest cannot tell (0: unknown)
    from riptide.engine._fastscan import memory_bytes  # type: ignore[import-not-found]
except ImportError:

    def memory_bytes() -> int:
        return 0


try:  # size classes for the interpreter's small blocks (csrc/objalloc/: why, and how it is safe)
    from riptide.engine import _objalloc  # type: ignore[attr-defined]
except ImportError:
    ALLOCATOR = "malloc"
else:
    _objalloc.install()
    ALLOCATOR = "size-classes"

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
    # "tokenizer:c" when the C core (csrc/) was compiled in and loads, else "tokenizer:python";
    # "passes:c" likewise for the passes' C loops (csrc/fastpass/).
    f"tokenizer:{dom.TOKENIZER}",
    f"passes:{metadata.CANDIDATES_IN}",
    # "allocator:size-classes" when _objalloc serves the small blocks, else "allocator:malloc"
    f"allocator:{ALLOCATOR}",
]
#: The WIT constructor of each error kind ("invalid-html" → ``ExtractionError_InvalidHtml``).
_ERRORS: dict[str, Callable[[str], Any]] = {
    kind: getattr(wit, "ExtractionError_" + kind.title().replace("-", "")) for kind in EXTRACTION_ERRORS
}
_MODE_NAMES = [mode.value for mode in ExtractionMode]
T = TypeVar("T")


class _Counters:
    extractions = 0


def _mode_of(mode: wit.ExtractionMode) -> Mode:
    """The engine's mode for a WIT case (``ExtractionMode_Custom`` → custom, with its selectors)."""
    case = type(mode).__name__.removeprefix("ExtractionMode_")
    return Mode.of(case, list(getattr(mode, "value", None) or ()))


def _guarded(call: Callable[[], T]) -> T:
    """Run ``call``, turning every exception into a WIT ``extraction-error``."""
    try:
        return call()
    except ExtractionError as error:
        raise Err(_ERRORS[error.kind](error.message)) from None
    except MemoryError:
        gc.collect()
        raise Err(wit.ExtractionError_ResourceLimit(MEMORY_EXHAUSTED)) from None
    except RecursionError:
        raise Err(wit.ExtractionError_ResourceLimit("the document is nested too deeply to process")) from None
    except Exception as error:  # a bug in the engine: report it, don't trap
        raise Err(wit.ExtractionError_InternalError(f"{type(error).__name__}: {error}")) from None


@cache
def _lowerer(wit_record: type) -> Callable[[Any], Any]:
    """A function building ``wit_record`` from the engine record that mirrors it, by the fields of
    the generated dataclass (snake_case names); enums by case name, nested records alike."""
    convert = [(item.name, _lowering(item.type)) for item in fields(wit_record)]
    return lambda value: wit_record(
        *[getattr(value, name) if lower is None else lower(getattr(value, name)) for name, lower in convert]
    )


def _lowering(hint: Any) -> Callable[[Any], Any] | None:
    """How to lower a value of the WIT type ``hint``; None when it crosses as it is."""
    if isinstance(hint, type) and issubclass(hint, Enum):
        return lambda case: hint[case.upper().replace("-", "_")]
    if isinstance(hint, type) and is_dataclass(hint):
        return _lowerer(hint)
    inner = [lower for lower in map(_lowering, get_args(hint)) if lower is not None]
    if not inner:
        return None
    if get_origin(hint) is list:
        return lambda values: [inner[0](value) for value in values]
    return lambda value: None if value is None else inner[0](value)  # an option


def _extract(html: str, url: str, mode: wit.ExtractionMode) -> tuple[Extraction, Stats]:
    """The engine's result and figures, with this guest's linear-memory size in the figures."""
    result, stats = pipeline.extract_with_stats(html, url, _mode_of(mode))
    stats.memory_used = memory_bytes()
    _Counters.extractions += 1
    return result, stats


class Extractor(exports.Extractor):
    def extract(self, html: str, url: str, mode: wit.ExtractionMode) -> wit.ExtractedContent:
        return self.extract_with_stats(html, url, mode)[0]

    def extract_with_stats(
        self, html: str, url: str, mode: wit.ExtractionMode
    ) -> tuple[wit.ExtractedContent, wit.ExtractionStats]:
        def run() -> tuple[wit.ExtractedContent, wit.ExtractionStats]:
            result, stats = _extract(html, url, mode)
            return _lowerer(wit.ExtractedContent)(result), _lowerer(wit.ExtractionStats)(stats)

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
            capabilities=_MODE_NAMES + FEATURES,
            memory_usage=memory_bytes() or None,
            extraction_count=_Counters.extractions,
        )

    def get_info(self) -> wit.ComponentInfo:
        return wit.ComponentInfo(COMPONENT_NAME, COMPONENT_VERSION, _MODE_NAMES, list(FEATURES))

    def reset_state(self) -> str:
        dropped = _Counters.extractions
        _Counters.extractions = 0
        collected = gc.collect()
        return f"reset: {dropped} extractions forgotten, {collected} objects collected"

    def get_modes(self) -> list[str]:
        return _MODE_NAMES


class Packed(exports.Packed):
    """The WIT ``packed`` interface: ``extract_with_stats`` with links and media in one string."""

    def extract_packed(
        self, html: str, url: str, mode: wit.ExtractionMode
    ) -> tuple[wit.ExtractedContent, wit.ExtractionStats, str]:
        def run() -> tuple[wit.ExtractedContent, wit.ExtractionStats, str]:
            result, stats = _extract(html, url, mode)
            lists = packed.pack(result.links, result.media)
            result = replace(result, links=[], media=[])
            return _lowerer(wit.ExtractedContent)(result), _lowerer(wit.ExtractionStats)(stats), lists

        return _guarded(run)
