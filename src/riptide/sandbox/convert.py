"""Values across the boundary: engine types ⇄ wasmtime component values.

wasmtime-py hands records back as objects whose attributes are the WIT field names
(kebab-case), variants as ``Variant(tag, payload)``, enums as strings, options as value-or-None,
and an untagged ``result`` as either payload. This module is the only place that knows that.
Records are lifted by the engine dataclasses' own fields (``engine.result.record_fields``), so a
field added to the record and the WIT needs nothing here.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from operator import itemgetter
from typing import Any

from wasmtime.component import Record, Variant

from ..engine.result import Extraction, Stats, record_fields


def mode_value(name: str, selectors: tuple[str, ...]) -> Variant:
    return Variant("custom", list(selectors)) if name == "custom" else Variant(name)


@cache
def _lifter(cls: type) -> Callable[[Any], Any]:
    """A function lifting a wasmtime record into ``cls``, the dataclass that mirrors it.

    Built once per class and kept: it runs on every extraction (a long page's result holds
    hundreds of links), so fields are read with one ``itemgetter`` and only nested records are
    touched again.
    """
    items = record_fields(cls)
    keys = [item.wit_name for item in items]
    read = itemgetter(*keys) if len(keys) > 1 else lambda values: (values[keys[0]],)
    nested = [(index, item.many, _lifter(item.record)) for index, item in enumerate(items) if item.record]

    def lift(record: Any) -> Any:
        values = read(vars(record))
        if not nested:
            return cls(*values)
        values = list(values)
        for index, many, lift_nested in nested:
            value = values[index]
            if value is not None:
                values[index] = [lift_nested(element) for element in value] if many else lift_nested(value)
        return cls(*values)

    return lift


extraction_of: Callable[[Any], Extraction] = _lifter(Extraction)
stats_of: Callable[[Any], Stats] = _lifter(Stats)


def error_of(value: Any) -> tuple[str, str] | None:
    """(kind, message) when ``value`` is an ``extraction-error`` variant, else None."""
    if isinstance(value, Variant) and not isinstance(value, Record):
        return value.tag, str(value.payload)
    return None


def record_dict(record: Any) -> dict[str, Any]:
    """A plain dict of a record (kebab keys → snake keys), for health and info results."""
    return {key.replace("-", "_"): value for key, value in vars(record).items()}
