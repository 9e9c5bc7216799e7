"""What a batch works on and what it produces: ``Source``, ``Item`` (a page read from an input, not
yet extracted) and ``PageResult`` (the outcome for one source).

``Source.key`` identifies a page across runs and machines: the file path as walked, the URL, or
the WARC file plus record ID (plus offset for bytes that are not a readable record). Resuming,
idempotent writes and the distributed path all key results by it, never by position.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from ..errors import RipTideError
from ..models import ExtractedDoc

SourceKind = Literal["file", "url", "warc"]
#: ``extracted``: a document; ``error``: a per-page error record; ``duplicate``: dropped by
#: ``--dedup`` (near-duplicate of ``duplicate_of``); ``skipped``: not a page (a non-HTML or
#: non-response WARC record), counted but never written.
Status = Literal["extracted", "error", "duplicate", "skipped"]


@dataclass(frozen=True)
class Source:
    """Where one page came from."""

    kind: SourceKind
    key: str
    #: The file (``file``) or WARC file (``warc``) as named on the command line or walked.
    path: str | None = None
    #: The page's address: a URL-list entry, a WARC record's ``WARC-Target-URI``.
    url: str | None = None
    record_id: str | None = None
    #: ``WARC-Date``, ISO 8601.
    date: str | None = None
    #: Byte offset of the WARC record (or unreadable region) in its file.
    offset: int | None = None

    @classmethod
    def file(cls, path: str) -> Source:
        return cls("file", path, path=path)

    @classmethod
    def of_url(cls, url: str) -> Source:
        return cls("url", url, url=url)

    @classmethod
    def warc(
        cls, path: str, offset: int, record_id: str | None, url: str | None = None, date: str | None = None
    ) -> Source:
        key = f"{path}#{record_id}" if record_id else f"{path}@{offset}"
        return cls("warc", key, path=path, url=url, record_id=record_id, date=date, offset=offset)

    def to_dict(self) -> dict[str, Any]:
        return {name: value for name, value in vars(self).items() if value is not None}

    @classmethod
    def of_dict(cls, data: dict[str, Any]) -> Source:
        """``to_dict`` inverted."""
        return cls(**data)

    def moved(self, path: str) -> Source:
        """The same source read from ``path`` (another name of the same file), keyed by that name.

        The distributed path sends workers absolute paths; results are renamed back to the name the
        input was given by, so OUT holds the same keys as a local run's and ``--resume`` matches.
        """
        if self.kind == "file":
            return Source.file(path)
        if self.kind == "warc":
            assert self.offset is not None  # every WARC source has one
            return Source.warc(path, self.offset, self.record_id, self.url, self.date)
        return self


@dataclass
class Item:
    """A page read from an input, still raw: the work one extraction thread does on it is
    ``process.process_item`` (decode, extract), so that reading stays cheap and serial."""

    source: Source
    #: Input bytes this item accounts for (progress and ETA are in input bytes).
    size: int = 0
    #: The HTTP payload or file body, still in its transfer and content codings.
    body: bytes | None = None
    content_encoding: str | None = None
    chunked: bool = False
    #: ``Content-Type`` header of a WARC record's HTTP response (charset hint).
    content_type: str | None = None
    #: The URL passed to the extractor ("" when unknown: a local file).
    page_url: str = ""
    #: A URL-list entry: fetched by the worker.
    fetch: bool = False
    #: Why this WARC record is not a page (``skipped``), or the error found while reading it.
    skip_reason: str | None = None
    error: RipTideError | None = None


@dataclass
class PageResult:
    """The outcome for one source."""

    source: Source
    status: Status
    document: ExtractedDoc | None = None
    error_kind: str | None = None
    error_message: str | None = None
    skip_reason: str | None = None
    duplicate_of: str | None = None
    #: MinHash signature of the text (``--dedup`` only; computed in the worker thread).
    signature: Any = field(default=None, repr=False, compare=False)

    @classmethod
    def failed(cls, source: Source, error: RipTideError) -> PageResult:
        return cls(source, "error", error_kind=error.kind, error_message=error.message)

    @property
    def written(self) -> bool:
        """Whether OUT gets a record for it (skipped WARC records are only counted)."""
        return self.status != "skipped"

    def to_record(self) -> dict[str, Any]:
        """The nested record: ``source``, ``status``, ``document`` or ``error`` (ndjson)."""
        record: dict[str, Any] = {"source": self.source.to_dict(), "status": self.status}
        if self.document is not None:
            record["document"] = self.document.to_dict(include_stats=False)
        if self.error_kind is not None:
            record["error"] = {"kind": self.error_kind, "message": self.error_message}
        if self.duplicate_of is not None:
            record["duplicate_of"] = self.duplicate_of
        return record
