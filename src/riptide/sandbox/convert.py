"""Values across the boundary: engine types ⇄ wasmtime component values.

wasmtime-py hands records back as objects whose attributes are the WIT field names
(kebab-case), variants as ``Variant(tag, payload)``, enums as strings, options as value-or-None,
and an untagged ``result`` as either payload. This module is the only place that knows that.
"""

from __future__ import annotations

from typing import Any

from wasmtime.component import Record, Variant

from ..engine.result import Extraction, Link, Media, Stats


def mode_value(name: str, selectors: tuple[str, ...]) -> Variant:
    return Variant("custom", list(selectors)) if name == "custom" else Variant(name)


def _field(record: Any, name: str) -> Any:
    return getattr(record, name)


def extraction_of(record: Any) -> Extraction:
    return Extraction(
        url=_field(record, "url"),
        title=_field(record, "title"),
        byline=_field(record, "byline"),
        published_iso=_field(record, "published-iso"),
        markdown=_field(record, "markdown"),
        text=_field(record, "text"),
        links=[
            Link(
                url=_field(link, "url"),
                text=_field(link, "text"),
                nofollow=_field(link, "nofollow"),
                ugc=_field(link, "ugc"),
                sponsored=_field(link, "sponsored"),
                hreflang=_field(link, "hreflang"),
            )
            for link in _field(record, "links")
        ],
        media=[
            Media(
                kind=_field(item, "kind"),
                url=_field(item, "url"),
                alt=_field(item, "alt"),
                caption=_field(item, "caption"),
                width=_field(item, "width"),
                height=_field(item, "height"),
            )
            for item in _field(record, "media")
        ],
        language=_field(record, "language"),
        reading_time=_field(record, "reading-time"),
        quality_score=_field(record, "quality-score"),
        word_count=_field(record, "word-count"),
        categories=list(_field(record, "categories")),
        site_name=_field(record, "site-name"),
        description=_field(record, "description"),
        next_page=_field(record, "next-page"),
    )


def stats_of(record: Any) -> Stats:
    return Stats(
        processing_time_ms=_field(record, "processing-time-ms"),
        memory_used=_field(record, "memory-used"),
        nodes_processed=_field(record, "nodes-processed"),
        links_found=_field(record, "links-found"),
        images_found=_field(record, "images-found"),
    )


def error_of(value: Any) -> tuple[str, str] | None:
    """(kind, message) when ``value`` is an ``extraction-error`` variant, else None."""
    if isinstance(value, Variant) and not isinstance(value, Record):
        return value.tag, str(value.payload)
    return None


def record_dict(record: Any) -> dict[str, Any]:
    """A plain dict of a record (kebab keys → snake keys), for health and info results."""
    return {key.replace("-", "_"): value for key, value in vars(record).items()}
