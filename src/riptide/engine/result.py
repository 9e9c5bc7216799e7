"""Plain result records, field for field the WIT ``extracted-content`` and friends.

Kept free of behaviour so that the guest glue and the native path convert them the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional


@dataclass
class Link:
    """A hyperlink: absolute ``url``, whitespace-collapsed anchor ``text``, and rel flags."""

    url: str
    text: str = ""
    nofollow: bool = False
    ugc: bool = False
    sponsored: bool = False
    hreflang: Optional[str] = None


@dataclass
class Media:
    """An image, video or audio source; ``kind`` is "image", "video" or "audio"."""

    kind: str
    url: str
    alt: Optional[str] = None
    caption: Optional[str] = None
    width: Optional[int] = None
    height: Optional[int] = None


@dataclass
class Extraction:
    """The extracted document (WIT ``extracted-content``)."""

    url: str
    title: Optional[str] = None
    byline: Optional[str] = None
    published_iso: Optional[str] = None
    markdown: str = ""
    text: str = ""
    links: list[Link] = field(default_factory=list)
    media: list[Media] = field(default_factory=list)
    language: Optional[str] = None
    reading_time: Optional[int] = None
    quality_score: Optional[int] = None
    word_count: Optional[int] = None
    categories: list[str] = field(default_factory=list)
    site_name: Optional[str] = None
    description: Optional[str] = None


@dataclass
class Stats:
    """Figures about one extraction (WIT ``extraction-stats``)."""

    processing_time_ms: int = 0
    memory_used: int = 0
    nodes_processed: Optional[int] = None
    links_found: int = 0
    images_found: int = 0
