"""Reading WARC files (``.warc``, ``.warc.gz``): one ``Item`` per record, with FastWARC (or warcio
where FastWARC is not installed: ``warc_readers``; both give the same items).

Response records with an HTML content type become pages; every other record is an ``Item`` with
``skip_reason`` (counted, never extracted). Only the raw HTTP payload is read here; undoing its
transfer and content codings happens in the extraction threads (``payload.decode_body``), so that
this serial reader stays cheap.

Bytes that are not a readable record (a corrupt gzip member, a mangled header) stop FastWARC's
iterator. They become one ``invalid-warc`` error item, and reading goes on at the next record
boundary found after them (a ``WARC/1.x`` line, or a gzip member's magic bytes): a broken record
never stops the batch. A record cut short by the end of the file is an error item too.

``read_warc(path, start, end)`` reads the records that *start* in ``[start, end)``, which is how
a chunk of whole records is named (``split_warc`` finds such boundaries).
"""

from __future__ import annotations

import os
import re
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from ..errors import InputError, InternalError
from .pages import Item, Source
from .warc_readers import RawRecord, WarcReader, default_reader

#: Content types read as HTML pages.
HTML_CONTENT_TYPES = frozenset({"text/html", "application/xhtml+xml"})
WARC_SUFFIXES = (".warc", ".warc.gz")
#: Where a record can begin: a WARC version line (uncompressed) or a gzip member (``.warc.gz``).
_PLAIN_RECORD_START = re.compile(rb"WARC/1\.[01]\r?\n")
_GZIP_MEMBER_START = b"\x1f\x8b\x08"
_SCAN_BLOCK = 1 << 20
#: Largest WARC header block looked at when measuring a record.
_MAX_HEADER_BYTES = 1 << 16


def is_warc(path: str) -> bool:
    return path.lower().endswith(WARC_SUFFIXES)


def _gzipped(path: str) -> bool:
    return path.lower().endswith(".gz")


def read_warc(
    path: str, start: int = 0, end: int | None = None, reader: WarcReader | None = None
) -> Iterator[Item]:
    """An ``Item`` for each record starting in ``[start, end)``, and for each unreadable region."""
    reader = reader or default_reader()
    try:
        file = open(path, "rb")  # noqa: SIM115 (closed below)
    except OSError as error:  # a worker that cannot see the file: the chunk's error, never lost silently
        message = f"cannot read {path}: {error.strerror}"
        yield Item(Source.warc(path, start, None), error=InputError("unreadable-input", message))
        return
    size = os.fstat(file.fileno()).st_size
    end = size if end is None else min(end, size)
    position = start
    previous = start
    with file:
        while position < end:
            last: int | None = None
            try:
                file.seek(position)
                for record in reader.records(file):
                    offset = record.offset
                    if offset >= end:
                        return
                    item = _safe_item(path, record)
                    item.size, previous = offset - previous, offset
                    last = offset
                    yield item
                return
            except OSError as error:
                broken = _record_end(file, last, _gzipped(path)) if last is not None else position
                position = _next_record_start(file, path, broken + 1, end, reader)
                if broken >= end:
                    return
                source = Source.warc(path, broken, None)
                message = (
                    f"{position - broken:,} bytes at offset {broken:,} of {path} are not a readable WARC "
                    f"record ({error}); reading resumed at offset {position:,}"
                )
                yield Item(source, size=position - previous, error=InputError("invalid-warc", message))
                previous = position


def _safe_item(path: str, record: RawRecord) -> Item:
    try:
        return _item(path, record)
    except OSError:
        raise  # unreadable bytes: read_warc skips to the next record
    except Exception as error:  # a reader bug: this record's error, the batch goes on
        source = Source.warc(path, record.offset, record.record_id)
        message = f"reading the record failed: {type(error).__name__}: {error}"
        return Item(source, error=InternalError(message))


def _item(path: str, record: RawRecord) -> Item:
    record_id = record.record_id
    url = record.target_uri
    source = Source.warc(path, record.offset, record_id, url, record.date)
    if record.record_type.lower() != "response":
        return Item(source, skip_reason=f"{record.record_type} record")
    if not record.is_http:
        return Item(source, skip_reason="response record without HTTP")
    response = record.http_response()
    if response is None or response.status is None:
        return Item(
            source, error=InputError("invalid-warc", f"record {record_id} holds no readable HTTP response")
        )
    if response.mime_type not in HTML_CONTENT_TYPES:
        return Item(source, skip_reason=f"not HTML ({response.mime_type or 'no content type'})")
    expected = response.payload_length
    body = record.payload()
    if len(body) < expected:
        message = f"record {record_id} is truncated: {len(body):,} of {expected:,} payload bytes present"
        return Item(source, error=InputError("invalid-warc", message))
    transfer = (response.header("Transfer-Encoding") or "").lower()
    return Item(
        source,
        body=body,
        content_encoding=response.header("Content-Encoding"),
        chunked="chunked" in transfer,
        content_type=response.header("Content-Type"),
        page_url=url or "",
    )


def _record_end(file: BinaryIO, offset: int, gzipped: bool) -> int:
    """Offset just past the (readable) record at ``offset``: where unreadable bytes after it begin."""
    file.seek(offset)
    if gzipped:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        consumed = 0
        while not inflater.eof and (block := file.read(_SCAN_BLOCK)):
            inflater.decompress(block)
            consumed += len(block) - len(inflater.unused_data)
        return offset + consumed
    head = file.read(_MAX_HEADER_BYTES)
    header_end = head.find(b"\r\n\r\n")
    match = re.search(rb"\r\ncontent-length:\s*(\d+)", head[:header_end], re.IGNORECASE)
    if header_end < 0 or match is None:
        return offset + 1
    return offset + header_end + 4 + int(match.group(1)) + 4


def _next_record_start(file: BinaryIO, path: str, start: int, end: int, reader: WarcReader) -> int:
    """The first offset at or after ``start`` where a readable record begins (``end`` if none)."""
    gzipped = _gzipped(path)
    position = start
    while position < end:
        candidate = _find_marker(file, position, end, gzipped)
        if candidate >= end or _readable_at(file, candidate, reader):
            return min(candidate, end)
        position = candidate + 1
    return end


def _find_marker(file: BinaryIO, start: int, end: int, gzipped: bool) -> int:
    position = start
    while position < end:
        file.seek(position)
        block = file.read(_SCAN_BLOCK + 16)
        if not block:
            break
        if gzipped:
            found = block.find(_GZIP_MEMBER_START)
        else:
            match = _PLAIN_RECORD_START.search(block)
            found = match.start() if match else -1
        if found >= 0:
            return position + found
        position += _SCAN_BLOCK
    return end


def _readable_at(file: BinaryIO, offset: int, reader: WarcReader) -> bool:
    """Whether a whole record can be read at ``offset``."""
    file.seek(offset)
    try:
        for record in reader.records(file):
            record.payload()
            return record.offset == offset
    except OSError:
        return False
    return False


def split_warc(path: str, target_bytes: int) -> list[tuple[int, int]]:
    """Byte ranges ``[start, end)`` of about ``target_bytes`` each, cut at record boundaries, that
    together cover the file: ``read_warc(path, start, end)`` over them reads every record once.

    For handing an archive out in chunks (one per task); it reads the file once.
    """
    return [(start, end) for start, end, _ in warc_ranges(path, target_bytes)]


def warc_ranges(
    path: str, target_bytes: int, reader: WarcReader | None = None
) -> Iterator[tuple[int, int, list[str | None]]]:
    """``split_warc``'s ranges as they are found, each with the IDs of the records starting in it
    (so that ``--resume`` can tell a worker which of them are done without reading their bodies)."""
    size = os.path.getsize(path)
    start = 0
    record_ids: list[str | None] = []
    with open(path, "rb") as file:
        try:
            for record in (reader or default_reader()).records(file):
                if record.offset - start >= target_bytes:
                    yield start, record.offset, record_ids
                    start, record_ids = record.offset, []
                record_ids.append(record.record_id)
        except OSError:
            pass  # the rest stays in the last range; read_warc reports and skips what is unreadable
    if size > start:
        yield start, size, record_ids
