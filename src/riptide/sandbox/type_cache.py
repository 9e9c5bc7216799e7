"""Memoised type introspection for wasmtime-py's component values.

Why: wasmtime-py 50 converts every value a guest returns by asking the C API for its type's
shape *on every value*: a record's field names and types, an option's payload type, a list's
element type, a variant's cases — each a handful of FFI calls plus new Python wrappers. A
function's type is fetched anew on every call too. For RipTide's ``extract`` result (a record of
16 fields, options, lists of link and media records) that was 2.5 ms of the 18.6 ms a median
page took, measured with cProfile on the sandboxed path.

Component types are immutable, so each of those answers can be computed once per type object
and kept on it; and with ``Func.type`` kept per function (a ``Func`` belongs to one instance of
one component), the whole type tree is built once per pooled instance and reused by every call.
Values are converted exactly as before: only the questions about types are answered from memory.

Applied when a ``SandboxHost`` is created, to the wasmtime versions whose internals this was
written against (as ``wasmtime_fixes``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wasmtime.component import _func, _types

from .aot_cache import WASMTIME_VERSION

#: Major versions whose type classes have the attributes memoised below.
SUPPORTED_MAJOR_VERSIONS = frozenset({"50"})
#: (class, attribute): properties and argument-less methods that only describe a type.
_PROPERTIES: tuple[tuple[type, str], ...] = (
    (_types.FuncType, "params"),
    (_types.FuncType, "result"),
    (_types.RecordType, "fields"),
    (_types.ListType, "element"),
    (_types.TupleType, "elements"),
    (_types.OptionType, "payload"),
    (_types.ResultType, "ok"),
    (_types.ResultType, "err"),
    (_types.VariantType, "cases"),
    (_types.EnumType, "names"),
    (_types.FlagsType, "names"),
)
_METHODS: tuple[tuple[type, str], ...] = (
    (_types.OptionType, "_cases"),
    (_types.ResultType, "_cases"),
    (_types.VariantType, "_cases"),
    (_types.VariantLikeType, "_tagged"),
)


def _memoised(compute: Callable[..., Any], name: str) -> Callable[..., Any]:
    """``compute`` answered once per object. Arguments do not enter the key: the only one taken
    is ``Func.type``'s store, and a ``Func`` belongs to one store."""
    slot = f"_riptide_memo_{name}"

    def answer(self: Any, *args: Any) -> Any:
        try:
            return self.__dict__[slot]
        except KeyError:
            value = self.__dict__[slot] = compute(self, *args)
            return value

    answer.__name__ = name
    answer.__doc__ = compute.__doc__
    return answer


#: ``Func.type``, kept on the function: its type never changes.
_func_type = _memoised(_func.Func.type, "type")


def apply() -> bool:
    """Install the memoisation if this wasmtime is supported; returns whether it was installed."""
    if WASMTIME_VERSION.split(".")[0] not in SUPPORTED_MAJOR_VERSIONS:
        return False
    if _func.Func.type is _func_type:
        return True  # installed already
    for cls, name in _PROPERTIES:
        prop = cls.__dict__[name]
        setattr(cls, name, property(_memoised(prop.fget, name), doc=prop.__doc__))
    for cls, name in _METHODS:
        setattr(cls, name, _memoised(cls.__dict__[name], name))
    _func.Func.type = _func_type  # type: ignore[method-assign]
    return True


def installed() -> bool:
    return _func.Func.type is _func_type
