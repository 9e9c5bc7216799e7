"""What travels between ``riptide batch --distributed`` and the workers, through Celery and Redis.

A task's arguments are JSON (Celery's serializer): a chunk as ``chunk_to_dict``, the extraction
options as ``options_to_dict``. A chunk's results come back as one payload (``encode_results``):
zlib-compressed JSON of each ``PageResult`` (its nested record, the skip reason, and the MinHash
signature under ``--dedup``), read back exactly by ``decode_results``. Documents are rebuilt by
the result record's own reader (``engine.result.record_reader``), so nothing here lists fields.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Iterable
from typing import Any

from ..engine.modes import ExtractionMode
from ..engine.result import record_reader
from ..models import ExtractedDoc
from . import dedup
from .inputs import Chunk, FileChunk, UrlChunk, WarcChunk
from .pages import PageResult, Source
from .process import BatchOptions

#: Strings may carry lone surrogates (badly decoded pages); they survive the trip.
_TEXT_ERRORS = "surrogatepass"
_COMPRESS_LEVEL = 6
_document_of: Callable[[Any], ExtractedDoc] = record_reader(ExtractedDoc)


def chunk_to_dict(chunk: Chunk) -> dict[str, Any]:
    if isinstance(chunk, WarcChunk):
        return {"kind": "warc", "path": chunk.path, "start": chunk.start, "end": chunk.end}
    if isinstance(chunk, UrlChunk):
        return {"kind": "urls", "urls": list(chunk.urls)}
    return {"kind": "files", "paths": list(chunk.paths)}


def chunk_of_dict(data: dict[str, Any]) -> Chunk:
    kind = data["kind"]
    if kind == "warc":
        return WarcChunk(data["path"], data["start"], data["end"])
    if kind == "urls":
        return UrlChunk(tuple(data["urls"]))
    if kind == "files":
        return FileChunk(tuple(data["paths"]))
    raise ValueError(f"unknown chunk kind {kind!r}")


def options_to_dict(options: BatchOptions) -> dict[str, Any]:
    return {
        "mode": options.mode.value,
        "selectors": list(options.selectors),
        "signatures": options.signatures,
    }


def options_of_dict(data: dict[str, Any]) -> BatchOptions:
    return BatchOptions(
        ExtractionMode.parse(data["mode"]), tuple(data["selectors"]), bool(data["signatures"])
    )


def encode_results(results: Iterable[PageResult]) -> bytes:
    rows = []
    for result in results:
        row = result.to_record()
        if result.skip_reason is not None:
            row["skip_reason"] = result.skip_reason
        if result.signature is not None:
            row["signature"] = dedup.signature_to_text(result.signature)
        rows.append(row)
    text = json.dumps(rows, separators=(",", ":"), ensure_ascii=False)
    return zlib.compress(text.encode("utf-8", _TEXT_ERRORS), _COMPRESS_LEVEL)


def decode_results(payload: bytes) -> list[PageResult]:
    rows = json.loads(zlib.decompress(payload).decode("utf-8", _TEXT_ERRORS))
    return [_result(row) for row in rows]


def _result(row: dict[str, Any]) -> PageResult:
    document = row.get("document")
    error = row.get("error") or {}
    signature = row.get("signature")
    return PageResult(
        Source.of_dict(row["source"]),
        row["status"],
        document=_document_of({**document, "stats": None}) if document is not None else None,
        error_kind=error.get("kind"),
        error_message=error.get("message"),
        skip_reason=row.get("skip_reason"),
        duplicate_of=row.get("duplicate_of"),
        signature=dedup.signature_of_text(signature) if signature is not None else None,
    )
