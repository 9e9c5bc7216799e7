"""The payload format: exact round trips, compression when it helps, strict refusal otherwise."""

from __future__ import annotations

import json
import zlib

import pytest
from tests.cache.helpers import sample_doc

from riptide.cache import codec
from riptide.cache.codec import CorruptPayloadError, IncompatibleFormatError, decode, encode


def test_round_trip_is_exact_including_nested_dataclasses() -> None:
    doc = sample_doc()
    back = decode(encode(doc))
    assert back == doc
    assert type(back.links[0]) is type(doc.links[0]) and type(back.stats) is type(doc.stats)


def test_lone_surrogates_survive_the_round_trip() -> None:
    doc = sample_doc(title="bad \udce9 byte", text="x")
    assert decode(encode(doc)) == doc


def test_payload_carries_magic_and_format_version() -> None:
    payload = encode(sample_doc())
    assert payload[:2] == codec.MAGIC and payload[2] == codec.FORMAT_VERSION


def test_large_documents_are_compressed_and_small_ones_are_not() -> None:
    large = sample_doc()
    small = sample_doc(markdown="", text="", links=[], media=[], title="t", description=None)
    large_json = json.dumps(large.to_dict(), separators=(",", ":"), ensure_ascii=False).encode()
    assert encode(large)[3:4] == codec.COMPRESSED
    assert len(encode(large)) < len(large_json) / 3
    assert encode(small)[3:4] == codec.PLAIN
    assert json.loads(encode(small)[codec.HEADER_SIZE :]) == small.to_dict()


def test_other_format_version_is_incompatible() -> None:
    payload = bytearray(encode(sample_doc()))
    payload[2] = codec.FORMAT_VERSION + 1
    with pytest.raises(IncompatibleFormatError, match=f"format {codec.FORMAT_VERSION + 1}"):
        decode(bytes(payload))


HEAD = b"RT" + bytes([codec.FORMAT_VERSION])


@pytest.mark.parametrize(
    "payload",
    [
        b"",
        b"RT",
        b"XX\x01j{}",
        HEAD + b"q{}",  # unknown body encoding
        HEAD + b"z" + b"not zlib",
        HEAD + b"j" + b"{not json",
        HEAD + b"j" + b"[1, 2]",
        HEAD + b"j" + json.dumps({"url": "u", "engine": "wasm"}).encode(),  # fields missing
        HEAD + b"j" + json.dumps({**sample_doc().to_dict(), "extra": 1}).encode(),
        HEAD + b"j" + json.dumps({**sample_doc().to_dict(), "links": [{"nope": 1}]}).encode(),
        HEAD + b"z" + zlib.compress(b"\xff\xfe"),
    ],
)
def test_malformed_payload_is_corrupt(payload: bytes) -> None:
    with pytest.raises(CorruptPayloadError):
        decode(payload)
