"""The packed call lowered and lifted by hand (``sandbox.packed_call``) gives what wasmtime-py gives.

Same values (types, field order, every string), same errors, nothing read that is not exactly
the function's type, and wasmtime-py's own path wherever the hand-made one does not apply.
"""

from __future__ import annotations

import ctypes
import gc
from collections.abc import Iterator
from typing import Any

import pytest
from tests.sandbox.test_packed import LINKED, URL, corpus_pages
from wasmtime import _ffi as ffi
from wasmtime.component import _types

from riptide import Extractor
from riptide.sandbox import packed_call
from riptide.sandbox.contract import PACKED_FUNCTION
from riptide.sandbox.convert import mode_value
from riptide.sandbox.instance import GuestInstance
from riptide.sandbox.utf8 import Utf8Text

#: Stats fields measured anew on every call: compared by type only.
MEASURED = ("processing-time-ms", "memory-used")
#: Text that UTF-8 encodes in one to four bytes per character, and markup that escapes some of it.
WIDE = (
    "<html><head><title>Caf\u00e9 \u201cquoted\u201d \U0001f600 \u4e2d\u6587</title></head><body><article>"
    + "<p>Na\u00efve r\u00e9sum\u00e9 \u2014 \U0001d54f and a sentence long enough to count.</p>" * 20
    + "<p>&lt;escaped&gt; &amp; &#x1F600; caf&eacute;</p></article></body></html>"
)


@pytest.fixture
def instance(extractor: Extractor) -> Iterator[GuestInstance]:
    host = extractor.sandbox
    assert host is not None and host.packed
    with host.pool.acquire() as lent:
        yield lent


def both_calls(instance: GuestInstance, html: str, mode: str) -> tuple[Any, Any]:
    """(by hand, by wasmtime-py) of one document."""
    fast = instance._funcs[PACKED_FUNCTION]
    assert isinstance(fast, packed_call.PackedCall)
    selectors = ("p", "h1") if mode == "custom" else ()
    by_hand = fast(instance.store, Utf8Text(html), URL, mode_value(mode, selectors))
    generic = fast._func(instance.store, html, URL, mode_value(mode, selectors))
    return by_hand, generic


def assert_same_value(by_hand: Any, generic: Any) -> None:
    assert type(by_hand) is type(generic)
    if not isinstance(generic, tuple):  # an extraction-error variant
        assert by_hand == generic
        return
    content, stats, packed = by_hand
    assert list(vars(content).items()) == list(vars(generic[0]).items())  # same names, order, values
    assert [type(value) for value in vars(content).values()] == [
        type(value) for value in vars(generic[0]).values()
    ]
    measured = {name: value for name, value in vars(stats).items() if name not in MEASURED}
    assert measured == {name: value for name, value in vars(generic[1]).items() if name not in MEASURED}
    assert list(vars(stats)) == list(vars(generic[1]))
    assert all(type(getattr(stats, name)) is int for name in MEASURED)
    assert packed == generic[2]


def test_the_pinned_wasmtime_gets_the_hand_made_call(instance: GuestInstance) -> None:
    assert isinstance(instance._funcs[PACKED_FUNCTION], packed_call.PackedCall)


def test_instances_of_one_component_share_one_plan_and_each_reads_right(extractor: Extractor) -> None:
    """The type is read from the first instance's function (``CallMaker``); a later instance's
    call, built from that plan, gives the same values as wasmtime-py's lifting of its own."""
    host = extractor.sandbox
    assert host is not None
    first, second = host._new_instance(), host._new_instance()
    calls = [instance._funcs[PACKED_FUNCTION] for instance in (first, second)]
    assert all(isinstance(call, packed_call.PackedCall) for call in calls)
    assert calls[0]._ok_reader is calls[1]._ok_reader and calls[0]._func is not calls[1]._func
    del first, calls  # the plan outlives the store its types were read through
    gc.collect()
    assert_same_value(*both_calls(second, WIDE, "article"))


@pytest.mark.parametrize("mode", ["article", "metadata", "full", "custom"])
def test_results_equal_wasmtime_pys_on_wide_characters_and_links(instance: GuestInstance, mode: str) -> None:
    for html in (WIDE, LINKED):
        by_hand, generic = both_calls(instance, html, mode)
        assert_same_value(by_hand, generic)
    assert "\U0001f600" in both_calls(instance, WIDE, "metadata")[0][0].title


def test_results_equal_wasmtime_pys_on_every_corpus_page(instance: GuestInstance) -> None:
    for html in corpus_pages():
        for mode in ("article", "metadata"):
            assert_same_value(*both_calls(instance, html, mode))


def test_an_error_result_is_lifted_by_wasmtime_py_alike(instance: GuestInstance) -> None:
    by_hand, generic = both_calls(instance, "", "article")
    assert by_hand == generic and by_hand.tag == "invalid-html"


def test_a_value_given_up_on_midway_is_still_lifted_whole(
    instance: GuestInstance, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reader only reads: when it stops (here after reading everything), wasmtime-py's
    generic lifting still finds the whole value in place, and frees it."""
    fast = instance._funcs[PACKED_FUNCTION]
    assert isinstance(fast, packed_call.PackedCall)
    expected = both_calls(instance, WIDE, "article")[1]
    ok_reader = fast._ok_reader

    def read_then_give_up(memory: bytes, at: int) -> Any:
        ok_reader.payload(memory, at)
        raise packed_call._NotThisShape("test")

    monkeypatch.setattr(fast, "_ok_reader", ok_reader._replace(payload=read_then_give_up))
    assert_same_value(fast(instance.store, Utf8Text(WIDE), URL, mode_value("article", ())), expected)


def test_a_plain_str_document_is_lowered_like_a_utf8_text(instance: GuestInstance) -> None:
    fast = instance._funcs[PACKED_FUNCTION]
    from_str = fast(instance.store, WIDE, URL, mode_value("article", ()))
    assert_same_value(from_str, both_calls(instance, WIDE, "article")[0])


def test_a_lone_surrogate_is_refused_before_the_guest_is_called(instance: GuestInstance) -> None:
    with pytest.raises(UnicodeEncodeError):
        Utf8Text("caf\ud800")
    uses = instance.uses
    with pytest.raises(UnicodeEncodeError):  # as wasmtime-py's own lowering refuses it
        instance._funcs[PACKED_FUNCTION](instance.store, "caf\ud800", URL, mode_value("article", ()))
    assert instance.uses == uses


# -- values that are not the function's type --------------------------------------------------------
def value(kind: str, **payload: Any) -> ffi.wasmtime_component_val_t:
    """A C value built in Python memory (only read, never freed, by the readers)."""
    val = ffi.wasmtime_component_val_t()
    val.kind = getattr(ffi, f"WASMTIME_COMPONENT_{kind}")
    for name, field in payload.items():
        setattr(val.of, name, field)
    return val


def memory_of(val: ffi.wasmtime_component_val_t) -> bytes:
    return ctypes.string_at(ctypes.addressof(val), ctypes.sizeof(val))


def string(text: str, keep: list[Any]) -> ffi.wasm_byte_vec_t:
    data = ctypes.create_string_buffer(text.encode(), len(text.encode()))
    keep.append(data)
    return ffi.wasm_byte_vec_t(len(text.encode()), ctypes.cast(data, ctypes.POINTER(ffi.wasm_byte_t)))


def record(fields: list[tuple[str, ffi.wasmtime_component_val_t]], keep: list[Any]) -> Any:
    entries = (ffi.wasmtime_component_valrecord_entry_t * len(fields))()
    for entry, (name, val) in zip(entries, fields, strict=True):
        entry.name = string(name, keep)
        entry.val = val
    keep.append(entries)
    return value("RECORD", record=ffi.wasmtime_component_valrecord_t(len(fields), entries))


STRING, BOOL, U32 = (packed_call._SCALAR_READERS[ty] for ty in (_types.String, _types.Bool, _types.U32))


def read(val: ffi.wasmtime_component_val_t, reader: packed_call.Reader) -> Any:
    return packed_call._read(memory_of(val), 0, reader)


def linkish_reader() -> packed_call.Reader:
    """A new reader of records ``{url: string, nofollow: bool}``."""
    fields = packed_call._record_payload([("url", STRING), ("nofollow", BOOL)])
    return packed_call.Reader(packed_call._KIND["RECORD"], fields)


def test_readers_lift_a_value_of_their_type() -> None:
    keep: list[Any] = []
    url = value("STRING", string=string("https://e.example/", keep))
    val = record([("url", url), ("nofollow", value("BOOL", boolean=True))], keep)
    assert vars(read(val, linkish_reader())) == {"url": "https://e.example/", "nofollow": True}


@pytest.mark.parametrize(
    "fields",
    [
        [("url", "BOOL"), ("nofollow", "BOOL")],  # a field of another kind
        [("url", "STRING")],  # a field missing
        [("url", "STRING"), ("nofollow", "BOOL"), ("ugc", "BOOL")],  # a field too many
        [("href", "STRING"), ("nofollow", "BOOL")],  # a field of another name
    ],
    ids=["kind", "missing", "extra", "name"],
)
def test_readers_refuse_a_record_not_of_their_type(fields: list[tuple[str, str]]) -> None:
    keep: list[Any] = []
    payloads = {"BOOL": {"boolean": False}, "STRING": {"string": string("x", keep)}}
    val = record([(name, value(kind, **payloads[kind])) for name, kind in fields], keep)
    with pytest.raises(packed_call._NotThisShape):
        read(val, linkish_reader())


def test_readers_refuse_a_tuple_of_another_length_and_an_option_of_another_kind() -> None:
    elements = (ffi.wasmtime_component_val_t * 2)(value("U32", u32=1), value("U32", u32=2))
    pair = value("TUPLE", tuple=ffi.wasmtime_component_valtuple_t(2, elements))
    tuple_kind = packed_call._KIND["TUPLE"]
    with pytest.raises(packed_call._NotThisShape):
        read(pair, packed_call.Reader(tuple_kind, packed_call._tuple_payload([U32] * 3)))
    assert read(pair, packed_call.Reader(tuple_kind, packed_call._tuple_payload([U32] * 2))) == (1, 2)
    with pytest.raises(packed_call._NotThisShape):
        read(
            value("U32", u32=1),
            packed_call.Reader(packed_call._KIND["OPTION"], packed_call._option_payload(U32)),
        )
    some = value("U32", u32=7)
    boxed = value("OPTION", option=ctypes.pointer(some))
    assert read(boxed, packed_call.Reader(packed_call._KIND["OPTION"], packed_call._option_payload(U32))) == 7
    with pytest.raises(packed_call._NotThisShape):  # Some(u32) where Some(string) belongs
        read(boxed, packed_call.Reader(packed_call._KIND["OPTION"], packed_call._option_payload(STRING)))


# -- where wasmtime-py's own call is kept --------------------------------------------------------------
def test_another_wasmtime_major_gets_wasmtime_pys_call(
    extractor: Extractor, instance: GuestInstance, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = instance._funcs[PACKED_FUNCTION]
    assert isinstance(fast, packed_call.PackedCall)
    monkeypatch.setattr(packed_call, "WASMTIME_VERSION", "51.0.0")
    generic = packed_call.CallMaker()(fast._func, instance.store)
    assert not isinstance(generic, packed_call.PackedCall)
    by_wasmtime_py = generic(instance.store, Utf8Text(WIDE), URL, mode_value("article", ()))
    assert_same_value(by_wasmtime_py, both_calls(instance, WIDE, "article")[1])


def test_a_function_of_another_type_gets_wasmtime_pys_call(instance: GuestInstance) -> None:
    health = instance._funcs["health-check"]
    assert not isinstance(packed_call.CallMaker()(health, instance.store), packed_call.PackedCall)
