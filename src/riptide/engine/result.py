"""The result record, defined once: field for field the WIT ``extracted-content`` and friends.

Every other shape of the record is derived from these dataclasses: the guest lowers them to the
WIT records, the host lifts WIT records back into them (``record_fields`` maps names), the API's
``DocumentOut`` and the cache codec follow their fields, and ``riptide.multipage`` has one merge
rule per field. To add a field, add it here and to ``wit/extractor.wit`` (and a merge rule);
``tests/test_record_contract.py`` fails until every shape agrees.
"""

from __future__ import annotations

import types
from dataclasses import dataclass, field, fields, is_dataclass
from functools import cache
from typing import Any, Union, get_args, get_origin, get_type_hints

#: The cases of the WIT ``media-kind`` enum, the values ``Media.kind`` takes.
MEDIA_KINDS = ("image", "video", "audio")


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
    """An image, video or audio source; ``kind`` is one of ``MEDIA_KINDS``."""

    kind: str = field(metadata={"choices": MEDIA_KINDS})
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


@dataclass(frozen=True)
class RecordField:
    """One field of a result dataclass, as the converters between its shapes need it."""

    #: The Python name (snake_case).
    name: str
    #: The WIT name (kebab-case).
    wit_name: str
    #: The field's type, resolved (``list[Link]``, ``str | None``…).
    hint: Any
    #: The nested record's dataclass, when the field holds one, a list of them, or an optional one.
    record: type | None
    #: Whether the field is a list of ``record``.
    many: bool


@cache
def record_fields(cls: type) -> tuple[RecordField, ...]:
    """The fields of the dataclass ``cls`` in order, computed once per class."""
    hints = get_type_hints(cls)
    return tuple(_record_field(item.name, hints[item.name]) for item in fields(cls))


def _record_field(name: str, hint: Any) -> RecordField:
    many = get_origin(hint) is list
    inner = hint
    if many:
        inner = get_args(hint)[0]
    elif get_origin(hint) in (Union, types.UnionType):
        inner = next(arg for arg in get_args(hint) if arg is not type(None))
    record = inner if isinstance(inner, type) and is_dataclass(inner) else None
    return RecordField(name, name.replace("_", "-"), hint, record, many)
