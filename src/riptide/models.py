"""The public result types: ``ExtractionMode`` and ``ExtractedDoc``."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any, Literal

from .engine.result import Extraction, Stats
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


@dataclass
class ExtractedDoc(Extraction):
    """An extracted document: the WIT ``extracted-content`` fields plus where it was produced.

    The fields are the engine's ``Extraction`` (in snake_case: ``published_iso``, ``site_name``…).
    ``engine`` is "wasm" when the sandboxed component produced it and "native" when the engine ran
    in-process (the fallback while the sandbox is unavailable, or on request); ``stats`` holds the
    extraction's figures when they were measured. ``pages`` lists the URLs of a multi-page
    article's pages when the crawler followed ``next_page`` and merged them (empty otherwise).
    """

    engine: EngineName = "native"
    stats: Stats | None = None
    pages: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, extraction: Extraction, engine: EngineName, stats: Stats | None = None) -> ExtractedDoc:
        return cls(**vars(extraction), engine=engine, stats=stats)

    def to_dict(self, include_stats: bool = True) -> dict[str, Any]:
        """JSON-ready dict (links and media as dicts)."""
        data = asdict(self)
        if not include_stats:
            data.pop("stats")
        return data
