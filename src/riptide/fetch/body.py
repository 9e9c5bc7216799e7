"""Reading a response body: content decoding (gzip, deflate, br, zstd) under a hard size limit.

The limit (``RIPTIDE_MAX_HTML_BYTES``) applies to the *decoded* bytes, and it must hold for
hostile bodies too: a few kilobytes of brotli or zstd can expand to gigabytes, so decoding
happens here, chunk by chunk, with every decoder asked for at most the bytes the limit still
allows (zlib's ``max_length``, brotli ≥ 1.2's ``output_buffer_limit``; zstd has no such knob in
``zstandard``, so its input is fed in slices small enough that even the format's largest
expansion stays near the limit). Reading stops as soon as the limit is passed; the caller then
closes the connection, so the rest of the body is never downloaded.

Unknown content codings are passed through undecoded, as httpx does.
"""

from __future__ import annotations

import zlib
from typing import Protocol

import brotli
import zstandard

from ..errors import FetchError

#: What we tell servers we can decode.
ACCEPT_ENCODING = "gzip, deflate, br, zstd"
#: Most content codings accepted on one response (``Content-Encoding: gzip, gzip, …`` is a bomb shape).
MAX_CODINGS = 3
#: Largest output per input byte of zstd: a 4-byte RLE block can stand for 128 KiB.
ZSTD_MAX_RATIO = 128 * 1024 // 4
#: Bounds of the input slice fed to zstd at once (see ``_ZstdDecoder``).
ZSTD_SLICE_BYTES = (64, 64 * 1024)


class _Decoder(Protocol):
    def decode(self, data: bytes, budget: int) -> bytes:
        """Decoded bytes for ``data``; at most about ``budget`` of them (more means "over limit")."""


class _Identity:
    def decode(self, data: bytes, budget: int) -> bytes:
        return data


class _ZlibDecoder:
    """gzip (and zlib-wrapped deflate); raw deflate when the zlib header is missing."""

    def __init__(self, wbits: int) -> None:
        self._wbits = wbits
        self._inner = zlib.decompressobj(wbits)
        self._started = False

    def decode(self, data: bytes, budget: int) -> bytes:
        try:
            out = self._inner.decompress(data, budget)
        except zlib.error:
            if self._started or self._wbits != zlib.MAX_WBITS:
                raise
            self._inner = zlib.decompressobj(-zlib.MAX_WBITS)  # servers that send raw deflate
            out = self._inner.decompress(data, budget)
        self._started = True
        while self._inner.eof and self._inner.unused_data and len(out) < budget:  # concatenated members
            rest = self._inner.unused_data
            self._inner = zlib.decompressobj(self._wbits)
            out += self._inner.decompress(rest, budget - len(out))
        return out


class _BrotliDecoder:
    def __init__(self) -> None:
        self._inner = brotli.Decompressor()

    def decode(self, data: bytes, budget: int) -> bytes:
        out: bytes = self._inner.process(data, output_buffer_limit=budget)
        return out


class _ZstdDecoder:
    """zstd, fed in slices sized so that even a pure-RLE stream cannot expand past the budget."""

    def __init__(self) -> None:
        self._inner = zstandard.ZstdDecompressor().decompressobj()

    def decode(self, data: bytes, budget: int) -> bytes:
        low, high = ZSTD_SLICE_BYTES
        step = max(low, min(high, budget // ZSTD_MAX_RATIO))
        out = bytearray()
        for start in range(0, len(data), step):
            out += self._decode_slice(data[start : start + step])
            if len(out) >= budget:
                break
        return bytes(out)

    def _decode_slice(self, data: bytes) -> bytes:
        out = self._inner.decompress(data)
        while self._inner.eof and self._inner.unused_data:  # concatenated frames
            rest = self._inner.unused_data
            self._inner = zstandard.ZstdDecompressor().decompressobj()
            out += self._inner.decompress(rest)
        return out


def _decoder(coding: str) -> _Decoder:
    if coding in ("gzip", "x-gzip"):
        return _ZlibDecoder(16 + zlib.MAX_WBITS)
    if coding == "deflate":
        return _ZlibDecoder(zlib.MAX_WBITS)
    if coding == "br":
        return _BrotliDecoder()
    if coding == "zstd":
        return _ZstdDecoder()
    return _Identity()


class BodyReader:
    """Collects a body from raw (still encoded) chunks; ``FetchError`` once it passes ``limit``."""

    def __init__(self, url: str, limit: int, content_encoding: str | None = None) -> None:
        self.url = url
        self.limit = limit
        codings = [c.strip().lower() for c in (content_encoding or "").split(",")]
        codings = [c for c in codings if c and c != "identity"]
        if len(codings) > MAX_CODINGS:
            raise FetchError(
                f"{url} declares {len(codings)} content codings ({content_encoding}); at most "
                f"{MAX_CODINGS} are decoded",
                url,
                kind="content-decoding",
            )
        # codings are listed in the order they were applied: undo them last-first
        self._decoders = [_decoder(coding) for coding in reversed(codings)]
        self._body = bytearray()

    def check_declared_length(self, content_length: str | None) -> None:
        """Fail before reading when the server announces a body over the limit."""
        if content_length and content_length.strip().isdigit() and int(content_length) > self.limit:
            raise self._too_large(f" (it declares {int(content_length):,} bytes)")

    def feed(self, raw: bytes) -> None:
        """Decode and keep ``raw``; raise ``FetchError`` (``too-large``) past the limit."""
        budget = self.limit - len(self._body) + 1
        data = raw
        try:
            for decoder in self._decoders:
                data = decoder.decode(data, budget)
                if len(data) >= budget:
                    break
        except (zlib.error, brotli.error, zstandard.ZstdError) as error:
            raise FetchError(
                f"the body of {self.url} could not be decoded ({error}); the server sent corrupt "
                "compressed data",
                self.url,
                retryable=True,
                kind="content-decoding",
            ) from None
        if len(data) >= budget:
            raise self._too_large("")
        self._body += data

    def body(self) -> bytes:
        return bytes(self._body)

    def _too_large(self, detail: str) -> FetchError:
        return FetchError(
            f"{self.url} is larger than the {self.limit:,}-byte limit (RIPTIDE_MAX_HTML_BYTES){detail}",
            self.url,
            kind="too-large",
        )
