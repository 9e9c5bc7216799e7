"""Values across the boundary: engine types ⇄ wasmtime component values.

wasmtime-py hands records back as objects whose attributes are the WIT field names
(kebab-case), variants as ``Variant(tag, payload)``, enums as strings, options as value-or-None,
and an untagged ``result`` as either payload. This module is the only place that knows that.
Records are lifted by the engine dataclasses' own fields (``engine.result.record_reader``), so a
field added to the record and the WIT needs nothing here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wasmtime.component import Record, Variant

from ..engine import packed
from ..engine.result import Extraction, Stats, record_reader
from ..errors import InternalError


def mode_value(name: str, selectors: tuple[str, ...]) -> Variant:
    return Variant("custom", list(selectors)) if name == "custom" else Variant(name)


extraction_of: Callable[[Any], Extraction] = record_reader(Extraction, wit_names=True, fields_of=vars)
stats_of: Callable[[Any], Stats] = record_reader(Stats, wit_names=True, fields_of=vars)


def extraction_with_stats_of(value: Any) -> tuple[Extraction, Stats]:
    """The engine records of an ``extract-with-stats`` result ``(content, stats)``, or of an
    ``extract-packed`` one ``(content, stats, packed links and media)``.

    Malformed packed lists are the component's bug: ``InternalError``, like a guest's own.
    """
    extraction, stats = extraction_of(value[0]), stats_of(value[1])
    if len(value) == 3:
        try:
            extraction.links, extraction.media = packed.unpack(value[2])
        except ValueError as error:
            raise InternalError(
                f"the component returned malformed packed lists: {error}", engine="wasm"
            ) from None
    return extraction, stats


def error_of(value: Any) -> tuple[str, str] | None:
    """(kind, message) when ``value`` is an ``extraction-error`` variant, else None."""
    if isinstance(value, Variant) and not isinstance(value, Record):
        return value.tag, str(value.payload)
    return None


def record_dict(record: Any) -> dict[str, Any]:
    """A plain dict of a record (kebab keys → snake keys), for health and info results."""
    return {key.replace("-", "_"): value for key, value in vars(record).items()}


def memory_used_of(value: Any) -> int:
    """Bytes of linear memory the guest says it uses, from a call's result; 0 when it does not say.

    ``extract-with-stats`` and ``extract-packed`` carry it in their stats (``memory-used``),
    ``health-check`` in ``memory-usage``; the other functions say nothing.
    """
    if isinstance(value, tuple):  # (content, stats) or (content, stats, packed lists)
        return int(getattr(value[1], "memory-used", 0) or 0)
    return int(getattr(value, "memory-usage", None) or 0)
