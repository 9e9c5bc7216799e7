"""The public result types: ``ExtractionMode`` and ``ExtractedDoc``."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any, Literal

from .engine.result import Extraction, Link, Media, Stats
from .errors import UnsupportedModeError

EngineName = Literal["wasm", "native"]


class ExtractionMode(StrEnum):
    """What to extract (the WIT ``extraction-mode``)."""

    #: Readability-grade main content of an article page.
    ARTICLE = "article"
    #: The whole page, minus scripts, styles, hidden elements and template junk.
    FULL = "full"
    #: Metadata only (fast: no body is built).
    METADATA = "metadata"
    #: Elements matched by CSS selectors.
    CUSTOM = "custom"

    @classmethod
    def parse(cls, mode: ExtractionMode | str) -> ExtractionMode:
        if isinstance(mode, ExtractionMode):
            return mode
        try:
            return cls(str(mode).lower())
        except ValueError:
            names = ", ".join(m.value for m in cls)
            raise UnsupportedModeError(f"unknown extraction mode {mode!r}; expected one of {names}") from None


@dataclass(frozen=True)
class ExtractedDoc:
    """An extracted document: the WIT ``extracted-content`` fields plus where it was produced.

    ``engine`` is "wasm" when the sandboxed component produced it and "native" when the engine
    ran in-process (the fallback while the sandbox is unavailable, or on request).
    """

    url: str
    engine: EngineName
    title: str | None = None
    byline: str | None = None
    published_iso: str | None = None
    markdown: str = ""
    text: str = ""
    links: list[Link] = field(default_factory=list)
    media: list[Media] = field(default_factory=list)
    language: str | None = None
    reading_time: int | None = None
    quality_score: int | None = None
    word_count: int | None = None
    categories: list[str] = field(default_factory=list)
    site_name: str | None = None
    description: str | None = None
    stats: Stats | None = None

    @classmethod
    def of(cls, extraction: Extraction, engine: EngineName, stats: Stats | None = None) -> ExtractedDoc:
        return cls(engine=engine, stats=stats, **vars(extraction))

    def to_dict(self, include_stats: bool = True) -> dict[str, Any]:
        """JSON-ready dict (links and media as dicts)."""
        data = asdict(self)
        if not include_stats:
            data.pop("stats")
        return data
