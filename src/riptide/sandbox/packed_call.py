"""The call of ``packed.extract-packed``, with its strings lowered and its result lifted by hand.

Why: a sandboxed call spent ~0.74 ms of host Python outside the FFI call per readability page
(2026-12-05), most of it in wasmtime-py 50's generic call: it encoded the document again (the
extractor had encoded it already, to look for surrogates) and copied it twice more on the way in,
and on the way out lifted the result value by value through ctypes structures, reading every
record field's name, making a ctypes array type per string and freeing each piece with its own
FFI call. With this module, the single encode (``Utf8Text``) and ``packed.unpack``'s cheaper
checks, that time is ~0.41 ms (``benchmarks/sandbox_vs_native.py``'s ``host`` section).

What is done here instead (everything else is wasmtime-py's, unchanged):

- the document: a ``Utf8Text``'s bytes (encoded once by the extractor) are copied once into
  the C value; a plain str is encoded first, as wasmtime-py would;
- the result's ok case: read straight from the C value's memory, one ``ctypes.string_at`` per
  record's fields, list, option box and string, into exactly the Python values wasmtime-py's
  lifting builds (``Record`` objects with the WIT field names, tuples, lists, str, int, bool,
  None), then freed with one ``wasmtime_component_val_delete`` of the root, which drops the whole
  tree (boxes included);
- the err case, and any value whose kinds, sizes or field names are not exactly the function's
  type as read when the call was set up, is lifted by wasmtime-py's generic code from the
  untouched value: the reader only reads until it has the whole value.

Strictness: wasmtime builds the C value from the guest's memory with its typed lifting (it
refuses invalid UTF-8, bad discriminants, out-of-range lengths), so what is read here is already
a value of the function's type; every kind tag, record size and tuple length is checked again as
it is read, and each record's field names on its reader's first read (they are the type's, not the
guest's). ``packed.unpack`` still checks the JSON string, the one value wasmtime cannot type.

Used only for the wasmtime majors in ``SUPPORTED_MAJOR_VERSIONS`` (the C layout read here is
that version's), when the function's type is made of the kinds below; anything else gets the
plain ``Func`` (``CallMaker``).
"""

from __future__ import annotations

import ctypes
import struct
from collections.abc import Callable
from ctypes import byref, pointer
from typing import Any, NamedTuple

from wasmtime import Store
from wasmtime import _ffi as ffi
from wasmtime.component import Func, Record, _types
from wasmtime.component._enter import enter_wasm

from .aot_cache import WASMTIME_VERSION
from .utf8 import Utf8Text

#: Major versions whose C value layout (``wasmtime_component_val_t``) this module reads.
SUPPORTED_MAJOR_VERSIONS = frozenset({"50"})


def _offset(structure: type, field: str) -> int:
    """Where ``field`` lies in the ctypes structure ``structure``, as wasmtime-py declares it."""
    return int(getattr(structure, field).offset)


_VAL = ffi.wasmtime_component_val_t
_VAL_SIZE = ctypes.sizeof(_VAL)
_OF = _offset(_VAL, "of")  # the payload, after the kind byte
_ENTRY = ffi.wasmtime_component_valrecord_entry_t
_ENTRY_SIZE = ctypes.sizeof(_ENTRY)
_ENTRY_VAL = _offset(_ENTRY, "val")
_RESULT_VAL = _OF + _offset(ffi.wasmtime_component_valresult_t, "val")
_RESULT_IS_OK = _OF + _offset(ffi.wasmtime_component_valresult_t, "is_ok")
#: A byte vector, list, record or tuple payload: (size_t size, pointer data), in that order.
_SIZED = struct.Struct("NP")
_POINTER = struct.Struct("P")
_U32 = struct.Struct("I")
_U64 = struct.Struct("Q")
#: Whether wasmtime-py's structures are laid out as ``_SIZED`` reads them.
_LAYOUT_AS_READ = _offset(_ENTRY, "name") == 0 and all(
    (_offset(sized, "size"), _offset(sized, "data")) == (0, _SIZED.size - _POINTER.size)
    for sized in (
        ffi.wasm_byte_vec_t,
        ffi.wasmtime_component_vallist_t,
        ffi.wasmtime_component_valrecord_t,
        ffi.wasmtime_component_valtuple_t,
    )
)

_KIND = {
    name: getattr(ffi, f"WASMTIME_COMPONENT_{name}").value
    for name in ("BOOL", "U8", "U32", "U64", "STRING", "LIST", "RECORD", "TUPLE", "ENUM", "OPTION", "RESULT")
}
_string_at = ctypes.string_at


class _NotThisShape(Exception):
    """The value read is not the function's type as expected: lift it the generic way."""


class _Unsupported(Exception):
    """The function's type has a kind this module does not read."""


class CallPlan(NamedTuple):
    """What a ``PackedCall`` needs to know of its function's type: the same for every instance
    of a component, so it is read from the first instance's function and kept (``CallMaker``)."""

    mode_type: Any
    result_type: Any
    ok_reader: Reader


def plan_of(func: Func, store: Store) -> CallPlan:
    """``func``'s plan; ``_Unsupported`` when its type is not (string, string, mode) -> result."""
    func_type = func.type(store)
    params = [ty for _name, ty in func_type.params]
    result = func_type.result
    if len(params) != 3 or not all(isinstance(ty, _types.String) for ty in params[:2]):
        raise _Unsupported("the parameters are not (string, string, mode)")
    if not isinstance(result, _types.ResultType) or result._tagged() or result.ok is None:
        raise _Unsupported("the result is not an untagged result<T, E>")
    return CallPlan(params[2], result, _reader(result.ok))


class CallMaker:
    """Makes the packed call of each instance of one component, reading the function's type once.

    Why: reading the type and building its readers took ~0.38 ms of the ~1.4 ms Python spent
    creating an instance (2026-12-06); an instance of the same component has the same types,
    and wasmtime's type objects are not tied to the store they were read through.
    """

    def __init__(self) -> None:
        self._plan: CallPlan | None = None
        self._unsupported = False

    def __call__(self, func: Func, store: Store) -> Callable[..., Any]:
        """A ``PackedCall`` of ``func`` when this wasmtime and ``func``'s type allow one, else
        ``func`` called by wasmtime-py (given a ``Utf8Text``'s str). Either takes
        ``(store, html, url, mode)``."""
        if WASMTIME_VERSION.split(".")[0] in SUPPORTED_MAJOR_VERSIONS and _LAYOUT_AS_READ:
            if self._plan is None and not self._unsupported:
                try:
                    self._plan = plan_of(func, store)
                except _Unsupported:
                    self._unsupported = True  # a type this module does not read: wasmtime-py lifts it
            if self._plan is not None:
                return PackedCall(func, self._plan)

        def generic_call(store: Store, html: str | Utf8Text, *args: Any) -> Any:
            return func(store, html.text if isinstance(html, Utf8Text) else html, *args)

        return generic_call


class PackedCall:
    """Calls ``func(html, url, mode)`` as ``Func.__call__`` does, lowering the two strings and
    lifting an ok result by hand; same arguments, same results, same exceptions."""

    def __init__(self, func: Func, plan: CallPlan) -> None:
        self._func = func
        self._mode_type = plan.mode_type
        self._result_type = plan.result_type
        self._ok_reader = plan.ok_reader

    def __call__(self, store: Store, html: str | Utf8Text, url: str, mode: Any) -> Any:
        params = (_VAL * 3)()
        lowered = 0
        try:
            _lower_string(params[0], html.utf8 if isinstance(html, Utf8Text) else html.encode("utf-8"))
            lowered += 1
            _lower_string(params[1], url.encode("utf-8"))
            lowered += 1
            self._mode_type.convert_to_c(store, mode, pointer(params[2]))
            lowered += 1
            result = _VAL()
            context = store._context()

            def run() -> Any:
                return ffi.wasmtime_component_func_call(
                    byref(self._func._func), context, params, lowered, byref(result), 1
                )

            enter_wasm(run)
            return self._lift(result)
        finally:
            for index in range(lowered):
                ffi.wasmtime_component_val_delete(byref(params[index]))

    def _lift(self, result: Any) -> Any:
        try:
            value = self._read_result(_string_at(ctypes.addressof(result), _VAL_SIZE))
        except _NotThisShape:
            return self._result_type.convert_from_c(result)  # frees the value as it lifts it
        except BaseException:
            ffi.wasmtime_component_val_delete(byref(result))
            raise
        ffi.wasmtime_component_val_delete(byref(result))
        return value

    def _read_result(self, memory: bytes) -> Any:
        if memory[0] != _KIND["RESULT"] or not memory[_RESULT_IS_OK]:
            raise _NotThisShape("not the ok case")
        (box,) = _POINTER.unpack_from(memory, _RESULT_VAL)
        if not box:
            raise _NotThisShape("an ok case without its payload")
        return _read(_string_at(box, _VAL_SIZE), 0, self._ok_reader)


def _lower_string(slot: Any, data: bytes) -> None:
    """Make ``slot`` a string value holding a copy of ``data`` (valid UTF-8: from ``str.encode``)."""
    vec = ffi.wasm_byte_vec_t()
    ffi.wasm_byte_vec_new_uninitialized(byref(vec), len(data))
    if data:
        ctypes.memmove(vec.data, data, len(data))
    slot.kind = ffi.WASMTIME_COMPONENT_STRING
    slot.of.string = vec


# -- readers, one per type, built once per function type ---------------------------------------------
class Reader(NamedTuple):
    """How to read values of one type: the kind tag such a value carries, and the reader of its
    payload (memory holding the value, the payload's offset there → the Python value). The
    container of a value checks its tag (``_read``), so a value costs one Python call."""

    kind: int
    payload: Callable[[bytes, int], Any]


def _read(memory: bytes, at: int, reader: Reader) -> Any:
    """The value at ``at`` in ``memory``, if it carries ``reader``'s kind tag."""
    if memory[at] != reader.kind:
        raise _NotThisShape(f"expected a value of kind {reader.kind}, found kind {memory[at]}")
    return reader.payload(memory, at + _OF)


def _reader(ty: Any) -> Reader:
    """The reader of values of type ``ty``; ``_Unsupported`` for a type not read here."""
    scalar = _SCALAR_READERS.get(type(ty))
    if scalar is not None:
        return scalar
    if isinstance(ty, _types.EnumType):
        return Reader(_KIND["ENUM"], _string_payload)
    if isinstance(ty, _types.OptionType):
        return Reader(_KIND["OPTION"], _option_payload(_reader(ty.payload)))
    if isinstance(ty, _types.ListType) and not isinstance(ty.element, _types.U8):  # list<u8> lifts to bytes
        return Reader(_KIND["LIST"], _list_payload(_reader(ty.element)))
    if isinstance(ty, _types.RecordType):
        return Reader(_KIND["RECORD"], _record_payload([(name, _reader(field)) for name, field in ty.fields]))
    if isinstance(ty, _types.TupleType):
        return Reader(_KIND["TUPLE"], _tuple_payload([_reader(element) for element in ty.elements]))
    raise _Unsupported(f"no reader for {type(ty).__name__}")


def _bytes_of(memory: bytes, at: int) -> bytes:
    size, data = _SIZED.unpack_from(memory, at)
    return _string_at(data, size) if size else b""


def _string_payload(memory: bytes, at: int) -> str:
    size, data = _SIZED.unpack_from(memory, at)
    return _string_at(data, size).decode("utf-8") if size else ""


def _bool_payload(memory: bytes, at: int) -> bool:
    return bool(memory[at])


def _u8_payload(memory: bytes, at: int) -> int:
    return memory[at]


def _u32_payload(memory: bytes, at: int) -> int:
    return int(_U32.unpack_from(memory, at)[0])


def _u64_payload(memory: bytes, at: int) -> int:
    return int(_U64.unpack_from(memory, at)[0])


_SCALAR_READERS: dict[type, Reader] = {
    _types.String: Reader(_KIND["STRING"], _string_payload),
    _types.Bool: Reader(_KIND["BOOL"], _bool_payload),
    _types.U8: Reader(_KIND["U8"], _u8_payload),
    _types.U32: Reader(_KIND["U32"], _u32_payload),
    _types.U64: Reader(_KIND["U64"], _u64_payload),
}


def _option_payload(some: Reader) -> Callable[[bytes, int], Any]:
    def read_option(memory: bytes, at: int) -> Any:
        (box,) = _POINTER.unpack_from(memory, at)
        return _read(_string_at(box, _VAL_SIZE), 0, some) if box else None

    return read_option


def _list_payload(element: Reader) -> Callable[[bytes, int], list[Any]]:
    def read_list(memory: bytes, at: int) -> list[Any]:
        size, data = _SIZED.unpack_from(memory, at)
        if not size:
            return []
        elements = _string_at(data, size * _VAL_SIZE)
        return [_read(elements, index * _VAL_SIZE, element) for index in range(size)]

    return read_list


def _record_payload(fields: list[tuple[str, Reader]]) -> Callable[[bytes, int], Record]:
    """The reader of records with ``fields``. It compares the field names wasmtime wrote with
    theirs until it has found them equal once: wasmtime writes the function type's names, not
    the guest's (a fifth of the reading time when compared on every call)."""
    names = [name for name, _reader in fields]
    encoded = [name.encode("utf-8") for name in names]
    values_at = [(index * _ENTRY_SIZE + _ENTRY_VAL, reader) for index, (_name, reader) in enumerate(fields)]
    width = len(fields)
    names_seen = False

    def read_record(memory: bytes, at: int) -> Record:
        nonlocal names_seen
        size, data = _SIZED.unpack_from(memory, at)
        if size != width:
            raise _NotThisShape(f"a record of {size} fields, not {width}")
        entries = _string_at(data, size * _ENTRY_SIZE)
        if not names_seen:
            for index, name in enumerate(encoded):
                if _bytes_of(entries, index * _ENTRY_SIZE) != name:
                    raise _NotThisShape(f"a record field is not named {name!r}")
            names_seen = True
        values = []
        for offset, (kind, payload) in values_at:  # _read, inlined: this loop reads most values
            if entries[offset] != kind:
                raise _NotThisShape(f"expected a value of kind {kind}, found kind {entries[offset]}")
            values.append(payload(entries, offset + _OF))
        record = Record()
        record.__dict__.update(zip(names, values, strict=True))
        return record

    return read_record


def _tuple_payload(elements: list[Reader]) -> Callable[[bytes, int], tuple[Any, ...]]:
    width = len(elements)

    def read_tuple(memory: bytes, at: int) -> tuple[Any, ...]:
        size, data = _SIZED.unpack_from(memory, at)
        if size != width:
            raise _NotThisShape(f"a tuple of {size} values, not {width}")
        values = _string_at(data, size * _VAL_SIZE)
        return tuple([_read(values, index * _VAL_SIZE, reader) for index, reader in enumerate(elements)])

    return read_tuple
