"""Undoing an archived HTTP payload's codings: chunked transfer coding, then the content codings
(gzip, deflate, br, zstd) under ``RIPTIDE_MAX_HTML_BYTES``, with the fetcher's own decoder
(``fetch.body.BodyReader``), so an archived decompression bomb is refused like a fetched one.
"""

from __future__ import annotations

from ..errors import FetchError
from ..fetch.body import BodyReader
from .pages import Item


def decode_body(item: Item, limit: int) -> bytes:
    """The item's body as the page's bytes; ``FetchError`` (``content-decoding``, ``too-large``)."""
    body = item.body or b""
    name = item.source.url or item.source.key
    if item.chunked:
        body = dechunk(body, name)
    reader = BodyReader(name, limit, item.content_encoding)
    reader.feed(body)
    return reader.body()


def dechunk(data: bytes, name: str) -> bytes:
    """The body of a ``Transfer-Encoding: chunked`` message (RFC 9112 §7.1); extensions and
    trailers are dropped. A body that is not validly chunked raises ``content-decoding``."""
    parts: list[bytes] = []
    position = 0
    while True:
        line_end = data.find(b"\r\n", position)
        if line_end < 0:
            raise _corrupt(name, f"chunk size line missing at byte {position}")
        size_text = data[position:line_end].split(b";", 1)[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError:
            raise _corrupt(name, f"bad chunk size {size_text[:20]!r} at byte {position}") from None
        start = line_end + 2
        if size == 0:
            return b"".join(parts)
        if start + size > len(data):
            raise _corrupt(name, f"chunk of {size} bytes at byte {start} runs past the end of the body")
        parts.append(data[start : start + size])
        position = start + size + 2


def _corrupt(name: str, detail: str) -> FetchError:
    return FetchError(
        f"the chunked body of {name} could not be decoded ({detail})", name, kind="content-decoding"
    )
