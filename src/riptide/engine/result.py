"""Plain result records, field for field the WIT ``extracted-content`` and friends.

Kept free of behaviour so that the guest glue and the native path convert them the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Link:
    """A hyperlink: absolute ``url``, whitespace-collapsed anchor ``text``, and rel flags."""

    url: str
    text: str = ""
    nofollow: bool = False
    ugc: bool = False
    sponsored: bool = False
    hreflang: str | None = None


@dataclass
class Media:
    """An image, video or audio source; ``kind`` is "image", "video" or "audio"."""

    kind: str
    url: str
    alt: str | None = None
    caption: str | None = None
    width: int | None = None
    height: int | None = None


@dataclass
class Extraction:
    """The extracted document (WIT ``extracted-content``)."""

    url: str
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
    #: URL of the next page when the article continues on another page (``engine.pagination``).
    next_page: str | None = None


@dataclass
class Stats:
    """Figures about one extraction (WIT ``extraction-stats``)."""

    processing_time_ms: int = 0
    memory_used: int = 0
    nodes_processed: int | None = None
    links_found: int = 0
    images_found: int = 0
