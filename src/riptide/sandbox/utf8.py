"""``Utf8Text``: a str and its UTF-8 encoding, made once, for the checks and the call that need it.

Why: a non-ASCII page used to be encoded twice per sandboxed call, once by the extractor to find
lone surrogates and once by wasmtime-py to lower the string (~50–75 µs each for 90 K characters,
as CPython encodes non-ASCII text character by character). The extractor now encodes once and
the packed call (``packed_call``) hands the bytes to wasmtime as they are.

The bytes are always made here, from the str, never taken from a caller: wasmtime 50 does not
refuse a string argument that is not UTF-8, it panics and aborts the whole host process. This
module imports nothing of wasmtime, so the native path can use it too.
"""

from __future__ import annotations


class Utf8Text:
    """``text`` and ``utf8 == text.encode("utf-8")``; ``UnicodeEncodeError`` if ``text`` holds a
    lone surrogate (the only code points UTF-8 cannot encode)."""

    __slots__ = ("text", "utf8")

    def __init__(self, text: str) -> None:
        self.text = text
        self.utf8 = text.encode("utf-8")

    def __repr__(self) -> str:
        return f"Utf8Text({len(self.text)} characters, {len(self.utf8)} bytes)"
