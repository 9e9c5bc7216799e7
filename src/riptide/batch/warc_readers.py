"""The two WARC readers behind ``warc.py``: FastWARC, and warcio where FastWARC cannot be installed.

Both present a record the same way (``RawRecord``: its offset, WARC headers, HTTP response and
raw payload), so ``warc.py`` decides what a record is, and recovers from unreadable bytes, once
for both. Either reader raises ``OSError`` where the bytes are not a readable record.

``default_reader()`` is FastWARC when it imports (it is a dependency, and several times faster),
else warcio (``pip install 'riptide[warcio]'``).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any, BinaryIO, Literal, Protocol

from ..errors import ConfigError

ReaderName = Literal["fastwarc", "warcio"]


@dataclass(frozen=True)
class HttpResponse:
    """The HTTP response in a ``response`` record: status (None when unreadable), headers, the MIME
    type of its Content-Type (lower case, without parameters) and the payload length it declares."""

    status: int | None
    #: Header names in lower case.
    headers: Mapping[str, str]
    mime_type: str | None
    payload_length: int

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


class RawRecord(Protocol):
    offset: int
    record_id: str | None
    #: WARC-Type: ``response``, ``request``, ``revisit``, …
    record_type: str
    target_uri: str | None
    #: WARC-Date in ISO 8601 (``iso_date``), None when missing or unreadable.
    date: str | None
    #: Whether the record's block is an HTTP message (``Content-Type: application/http``).
    is_http: bool

    def http_response(self) -> HttpResponse | None: ...

    def payload(self) -> bytes:
        """The HTTP payload as stored (transfer and content codings kept); after ``http_response``."""
        ...


class WarcReader(Protocol):
    name: ReaderName

    def records(self, file: BinaryIO) -> Iterator[RawRecord]:
        """The records from ``file``'s position on; ``OSError`` at bytes that are not a record."""
        ...


def iso_date(value: str | None) -> str | None:
    """A WARC-Date (``2026-12-03T13:04:29Z``, fractions allowed) in Python's ISO 8601 form."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00")).isoformat()
    except ValueError:
        return None


def _mime_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    return content_type.split(";", 1)[0].strip().lower() or None


def _is_http(content_type: str | None) -> bool:
    return (_mime_type(content_type) or "") == "application/http"


# -- FastWARC ------------------------------------------------------------------------------------------
class _FastWarcRecord:
    def __init__(self, record: Any) -> None:
        self._record = record
        headers = record.headers
        self.offset: int = record.stream_pos
        self.record_id: str | None = record.record_id
        self.record_type: str = headers.get("WARC-Type") or "unknown"
        self.target_uri: str | None = headers.get("WARC-Target-URI")
        self.date = iso_date(headers.get("WARC-Date"))
        self.is_http = _is_http(headers.get("Content-Type"))

    def http_response(self) -> HttpResponse | None:
        record = self._record
        record.parse_http()
        headers = record.http_headers
        if headers is None:
            return None
        return HttpResponse(
            headers.status_code,
            {name.lower(): value for name, value in headers.items()},
            _mime_type(headers.get("Content-Type")),
            record.content_length,
        )

    def payload(self) -> bytes:
        body: bytes = self._record.reader.read()
        return body


class FastWarcReader:
    name: ReaderName = "fastwarc"

    def __init__(self) -> None:
        from fastwarc.warc import ArchiveIterator

        self._iterator = ArchiveIterator

    def records(self, file: BinaryIO) -> Iterator[RawRecord]:
        for record in self._iterator(file, parse_http=False, auto_decode="none"):
            yield _FastWarcRecord(record)


# -- warcio --------------------------------------------------------------------------------------------
#: What warcio raises at bytes that are not a record (besides ``OSError``).
_WARCIO_ERRORS: tuple[type[BaseException], ...] = (zlib.error, EOFError, ValueError)
_MAX_MESSAGE_CHARS = 80


class _WarcioRecord:
    def __init__(self, record: Any, offset: int) -> None:
        self._record = record
        headers = record.rec_headers
        self.offset = offset
        self.record_id: str | None = headers.get_header("WARC-Record-ID")
        self.record_type: str = headers.get_header("WARC-Type") or "unknown"
        self.target_uri: str | None = headers.get_header("WARC-Target-URI")
        self.date = iso_date(headers.get_header("WARC-Date"))
        self.is_http = _is_http(headers.get_header("Content-Type"))

    def http_response(self) -> HttpResponse | None:
        headers = self._record.http_headers
        if headers is None:
            return None
        try:
            status: int | None = int(headers.get_statuscode())
        except (TypeError, ValueError):
            status = None
        return HttpResponse(
            status,
            {name.lower(): value for name, value in headers.headers},
            _mime_type(headers.get_header("Content-Type")),
            self._record.length - (headers.total_len or 0),
        )

    def payload(self) -> bytes:
        try:
            body: bytes = self._record.raw_stream.read()
        except _WARCIO_ERRORS as error:
            raise OSError(_brief(error)) from error
        return body


def _brief(error: BaseException) -> str:
    """warcio's message, one printable line (it quotes the unreadable bytes)."""
    line = str(error).strip().splitlines()[0] if str(error).strip() else ""
    text = "".join(char if char.isprintable() else "?" for char in line)
    return f"{type(error).__name__}: {text[:_MAX_MESSAGE_CHARS]}"


class WarcioReader:
    name: ReaderName = "warcio"

    def __init__(self) -> None:
        from warcio.archiveiterator import ArchiveIterator
        from warcio.exceptions import ArchiveLoadFailed

        self._iterator = ArchiveIterator
        self._errors = (ArchiveLoadFailed, *_WARCIO_ERRORS)

    def records(self, file: BinaryIO) -> Iterator[RawRecord]:
        iterator = self._iterator(file, check_digests=False)
        records = iter(iterator)
        while True:
            try:
                record = next(records)
            except StopIteration:
                return
            except self._errors as error:
                raise OSError(_brief(error)) from error
            # the offset of the record just read (``get_record_offset`` would read it to its end)
            yield _WarcioRecord(record, iterator.offset)


@cache
def reader(name: ReaderName | None = None) -> WarcReader:
    """The named reader, or ``default_reader``'s choice; ``ConfigError`` when it cannot be imported."""
    if name is None:
        try:
            return FastWarcReader()
        except ImportError:
            name = "warcio"
    try:
        return FastWarcReader() if name == "fastwarc" else WarcioReader()
    except ImportError:
        raise ConfigError(
            f"reading WARC files needs {name}: pip install 'riptide[warcio]' where FastWARC cannot be"
            " installed"
        ) from None


def default_reader() -> WarcReader:
    return reader(None)
