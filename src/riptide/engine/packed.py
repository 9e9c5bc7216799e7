"""Links and media as one JSON string: the third value of the WIT ``packed.extract-packed``.

Why: across the component boundary every link or media record is converted field by field on
both sides, which cost more than extracting on link-heavy pages; one string crosses in a single
copy. The layout follows ``Link`` and ``Media`` (``engine.result``), field for field in order,
so it changes with them: ``[links, media]``, one array per record, ``None`` as ``null``.

The guest packs, the host unpacks. The host treats the string as untrusted (it comes from a
component): ``unpack`` checks every value's type against the dataclass field it fills and
raises ``ValueError`` on anything else, as wasmtime's typed lifting would have refused it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import fields
from functools import cache
from itertools import product
from operator import attrgetter
from typing import Any, NamedTuple, NoReturn, get_args

from .result import MEDIA_KINDS, Link, Media, record_fields

__all__ = ["pack", "unpack"]

#: Largest value of a WIT ``u32`` (media width and height).
_U32_MAX = 2**32 - 1
_names_of: dict[type, tuple[str, ...]] = {
    cls: tuple(item.name for item in fields(cls)) for cls in (Link, Media)
}
_values_of: dict[type, Callable[[Any], tuple[Any, ...]]] = {
    cls: attrgetter(*_names_of[cls]) for cls in (Link, Media)
}


def pack(links: list[Link], media: list[Media]) -> str:
    """The string ``unpack`` reads back into equal lists.

    Inside the component the rows are written in C (``_fastpass.pack_rows``, csrc/fastpass/
    packrows.c), as ``pack_python`` writes them: json.dumps of the rows cost ~13k wasm
    instructions per link there, a fifth of an extraction on link-heavy pages.
    """
    if _pack_rows_c is not None:
        link_rows = _pack_rows_c(links, _names_of[Link])
        media_rows = _pack_rows_c(media, _names_of[Media])
        if link_rows is not None and media_rows is not None:
            return "[" + link_rows + "," + media_rows + "]"
    return pack_python(links, media)


def pack_python(links: list[Link], media: list[Media]) -> str:
    """``pack``'s string, by ``json.dumps``: the statement of what the C rows must be."""
    return json.dumps(
        [[_values_of[Link](link) for link in links], [_values_of[Media](item) for item in media]],
        ensure_ascii=False,
        separators=(",", ":"),
    )


#: The C writer of the rows (None for a value it does not write): in the guest component only.
_pack_rows_c: Callable[[list[Any], tuple[str, ...]], str | None] | None
try:
    from ._fastpass import pack_rows as _pack_rows_c  # type: ignore[import-not-found,no-redef]
except ImportError:
    _pack_rows_c = None


def unpack(packed: str) -> tuple[list[Link], list[Media]]:
    """The links and media ``pack`` wrote; ``ValueError`` if ``packed`` is not exactly that shape."""
    try:
        links, media = json.loads(packed)
    except (ValueError, TypeError) as error:
        raise ValueError(f"packed links and media are not a JSON array of two lists: {error}") from None
    return _records(Link, links), _records(Media, media)


def _records(cls: type, rows: Any) -> list[Any]:
    shapes, value_checks = _row_rules(cls)
    if type(rows) is not list:
        raise ValueError(f"packed {cls.__name__} records are not a list")
    for row in rows:
        if type(row) is not list or tuple(map(type, row)) not in shapes:
            _refuse(cls, row)
    for index, check in value_checks:
        for row in rows:
            if not check(row[index]):
                _refuse(cls, row)
    return [cls(*row) for row in rows]


def _refuse(cls: type, row: Any) -> NoReturn:
    raise ValueError(f"packed {cls.__name__} record does not match its fields: {str(row)[:200]}")


class _RowRules(NamedTuple):
    """What a row of ``cls`` may hold: its values' exact types, field for field (every allowed
    combination, so a row is checked with one set look-up, not one call per value: ``unpack``
    took 24 instead of 43 µs per readability page), and the few checks of a value beyond its
    type, as (index, check)."""

    shapes: frozenset[tuple[type, ...]]
    value_checks: tuple[tuple[int, Callable[[Any], bool]], ...]


@cache
def _row_rules(cls: type) -> _RowRules:
    """The rules of ``cls``'s rows: exact types (a bool is no int here), u32 range, media kinds."""
    allowed: list[tuple[type, ...]] = []
    value_checks: list[tuple[int, Callable[[Any], bool]]] = []
    for index, item in enumerate(record_fields(cls)):
        optional = type(None) in get_args(item.hint)
        base = next(arg for arg in get_args(item.hint) if arg is not type(None)) if optional else item.hint
        allowed.append((base, type(None)) if optional else (base,))
        if cls is Media and item.name == "kind":
            value_checks.append((index, lambda value: value in MEDIA_KINDS))
        elif base is int:
            value_checks.append((index, lambda value: value is None or 0 <= value <= _U32_MAX))
    return _RowRules(frozenset(product(*allowed)), tuple(value_checks))
