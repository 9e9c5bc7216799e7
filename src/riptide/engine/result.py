"""The result record, defined once: field for field the WIT ``extracted-content`` and friends.

Every other shape of the record is derived from these dataclasses: the guest lowers them to the
WIT records, the host lifts WIT records back and the cache codec reads JSON (``record_reader``),
the API's ``DocumentOut`` follows their fields, and ``riptide.multipage`` has a merge rule per
field. A new field goes here and in ``wit/extractor.wit`` (and gets a merge rule);
``tests/test_record_contract.py`` fails until every shape agrees.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields, is_dataclass
from functools import cache
from operator import itemgetter
from typing import Any, NamedTuple, get_args, get_origin, get_type_hints

#: The cases of the WIT ``media-kind`` enum, the values ``Media.kind`` takes.
MEDIA_KINDS = ("image", "video", "audio")


@dataclass(slots=True)  # no instance dict: a link-heavy page makes thousands, each lowered once
class Link:
    """A hyperlink: absolute ``url``, whitespace-collapsed anchor ``text``, and rel flags."""

    url: str
    text: str = ""
    nofollow: bool = False
    ugc: bool = False
    sponsored: bool = False
    hreflang: str | None = None


@dataclass(slots=True)
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


class RecordField(NamedTuple):
    """One field of a result dataclass: its name, its WIT name (kebab-case), its resolved type, and
    the dataclass of the record it holds (alone, optional, or a list of them when ``many``)."""

    name: str
    wit_name: str
    hint: Any
    record: type | None
    many: bool


@cache
def record_fields(cls: type) -> tuple[RecordField, ...]:
    """The fields of the dataclass ``cls`` in order, computed once per class."""
    hints = get_type_hints(cls)
    return tuple(_record_field(item.name, hints[item.name]) for item in fields(cls))


def _record_field(name: str, hint: Any) -> RecordField:
    nested = [arg for arg in get_args(hint) if isinstance(arg, type) and is_dataclass(arg)]  # list[Link]…
    many = get_origin(hint) is list
    return RecordField(name, name.replace("_", "-"), hint, nested[0] if nested else None, many)


@cache
def record_reader(
    cls: type, wit_names: bool = False, fields_of: Callable[[Any], Any] = lambda value: value
) -> Callable[[Any], Any]:
    """A function building the dataclass ``cls`` from ``fields_of(value)``, a mapping of its field
    names (or WIT names) to values, nested records alike; a missing name raises ``KeyError``.

    Built once per class and kept: the host runs it on every extraction (a long page's result
    holds hundreds of links), so fields are read with one ``itemgetter`` and only nested records
    are touched again.
    """
    items = record_fields(cls)
    keys = [item.wit_name if wit_names else item.name for item in items]
    read = itemgetter(*keys) if len(keys) > 1 else lambda values: (values[keys[0]],)
    nested = [
        (index, item.many, record_reader(item.record, wit_names, fields_of))
        for index, item in enumerate(items)
        if item.record is not None
    ]

    def build(value: Any) -> Any:
        values = read(fields_of(value))
        if not nested:
            return cls(*values)
        values = list(values)
        for index, many, build_nested in nested:
            if (inner := values[index]) is not None:
                values[index] = [build_nested(element) for element in inner] if many else build_nested(inner)
        return cls(*values)

    return build
