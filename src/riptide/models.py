"""The public result types: ``ExtractedDoc``, and ``ExtractionMode`` (defined in ``engine.modes``)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from .engine.modes import ExtractionMode
from .engine.result import Extraction, Stats

__all__ = ["EngineName", "ExtractedDoc", "ExtractionMode"]

EngineName = Literal["wasm", "native"]


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
