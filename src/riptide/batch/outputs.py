"""Where results go: ``ndjson`` (nested records), ``jsonl`` (flat rows), ``markdown-dir`` (one
``.md`` per page with YAML front matter) and ``parquet`` (a folder of part files of flat rows).

Every shape is derived from ``PageResult``: the nested record is ``PageResult.to_record``; a flat
row is the source's fields (``source_*``), the status and error, and the result record's fields
(``engine.result.Extraction``), from which the parquet schema is derived too.

Each format can be read back for ``--resume`` (``existing``): a line cut short by a kill is
ignored and cut off before appending; markdown files and parquet parts are written to a temporary
name and renamed, so a kill leaves whole files only (and loses at most the rows of one part).
Writes are idempotent per source key where the format allows it (a markdown file is named by its
key's hash, so writing a page twice overwrites it).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import types
from collections.abc import Iterator
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import IO, Any, Literal, Protocol, Union, get_args, get_origin, get_type_hints

from ..engine.result import Extraction, record_fields
from ..errors import ConfigError, InputError
from .pages import PageResult, Source

OutputFormat = Literal["ndjson", "jsonl", "markdown-dir", "parquet"]
FORMATS: tuple[OutputFormat, ...] = ("ndjson", "jsonl", "markdown-dir", "parquet")
#: Formats whose OUT is a folder (the others may also go to standard output).
FOLDER_FORMATS = ("markdown-dir", "parquet")
#: Flat-row columns between the source's and the document's.
RESULT_COLUMNS = ("status", "error_kind", "error_message", "duplicate_of", "engine")
#: Document fields left out of markdown front matter: the body is the markdown itself.
_NOT_IN_FRONT_MATTER = frozenset({"markdown", "text", "links", "media"})
#: Flush JSON lines at least this often (lines), so a kill loses little.
_FLUSH_EVERY = 64


class Writer(Protocol):
    def write(self, result: PageResult) -> None: ...

    def close(self) -> None: ...


def flat_row(result: PageResult) -> dict[str, Any]:
    """One flat dict per result: ``source_*`` columns, result columns, document fields."""
    row: dict[str, Any] = {
        f"source_{item.name}": getattr(result.source, item.name) for item in fields(Source)
    }
    document = result.document
    row.update(
        status=result.status,
        error_kind=result.error_kind,
        error_message=result.error_message,
        duplicate_of=result.duplicate_of,
        engine=document.engine if document else None,
    )
    values = document.to_dict(include_stats=False) if document else {}
    for item in record_fields(Extraction):
        row[item.name] = values.get(item.name, [] if item.many else None)
    return row


def require_destination(output_format: OutputFormat, out: str | None) -> None:
    """Raise ``ConfigError`` when ``output_format`` writes a folder and ``out`` names none."""
    if output_format in FOLDER_FORMATS and (out is None or out == "-"):
        raise ConfigError(f"--format {output_format} writes a folder: give it with -o/--output")


def open_writer(output_format: OutputFormat, out: str | None, *, append: bool, rows_per_file: int) -> Writer:
    """A writer for ``out`` (None or "-": standard output, JSON lines only)."""
    if output_format in ("ndjson", "jsonl"):
        return JsonLinesWriter(out, flat=output_format == "jsonl", append=append)
    require_destination(output_format, out)
    assert out is not None  # narrowed by require_destination
    if output_format == "markdown-dir":
        return MarkdownDirWriter(Path(out))
    return ParquetWriter(Path(out), rows_per_file)


class JsonLinesWriter:
    """``ndjson``: ``PageResult.to_record`` per line; ``jsonl``: ``flat_row`` per line."""

    def __init__(self, out: str | None, *, flat: bool, append: bool) -> None:
        self._flat = flat
        path = None if out is None or out == "-" else Path(out)
        self._own = path is not None
        self._file: IO[str] = sys.stdout
        if path is not None:
            if append:
                _drop_partial_last_line(path)
            self._file = path.open("a" if append else "w", encoding="utf-8")
        self._unflushed = 0

    def write(self, result: PageResult) -> None:
        data = flat_row(result) if self._flat else result.to_record()
        self._file.write(json.dumps(data, ensure_ascii=False) + "\n")
        self._unflushed += 1
        if self._unflushed >= _FLUSH_EVERY:
            self._file.flush()
            self._unflushed = 0

    def close(self) -> None:
        self._file.flush()
        if self._own:
            self._file.close()


def _drop_partial_last_line(path: Path) -> None:
    """Cut a last line that a kill left without its newline (it is redone)."""
    if not path.exists():
        return
    with path.open("rb+") as file:
        size = file.seek(0, os.SEEK_END)
        if size == 0:
            return
        position = size
        while position > 0:
            step = min(65536, position)
            file.seek(position - step)
            block = file.read(step)
            newline = block.rfind(b"\n")
            if newline >= 0:
                file.truncate(position - step + newline + 1)
                return
            position -= step
        file.truncate(0)


class MarkdownDirWriter:
    """One ``.md`` per page: YAML front matter (source, status, metadata), then the markdown.

    Front matter values are written as JSON, which is valid YAML (flow style), so any YAML parser
    reads them and no YAML library is needed to write them.
    """

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder

    def write(self, result: PageResult) -> None:
        row = flat_row(result)
        lines = ["---"]
        lines += [
            f"{name}: {json.dumps(value, ensure_ascii=False)}"
            for name, value in row.items()
            if name not in _NOT_IN_FRONT_MATTER and value is not None and value != []
        ]
        lines += ["---", ""]
        text = "\n".join(lines) + "\n" + (result.document.markdown if result.document else "")
        path = self.folder / markdown_name(result)
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_text(text.rstrip("\n") + "\n", encoding="utf-8")
        os.replace(temporary, path)

    def close(self) -> None:
        pass


def markdown_name(result: PageResult) -> str:
    """``<slug>-<hash of the source key>.md``: readable, and the same for the same source."""
    document = result.document
    label = (
        (document.title if document and document.title else None) or result.source.url or result.source.key
    )
    slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")[:60].rstrip("-") or "page"
    digest = hashlib.sha256(result.source.key.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return f"{slug}-{digest}.md"


class ParquetWriter:
    """Parts of ``rows_per_file`` flat rows: ``part-00000.parquet``, … (a resumed run adds parts)."""

    def __init__(self, folder: Path, rows_per_file: int) -> None:
        self._pa, self._pq = _pyarrow()
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self._schema = arrow_schema()
        self._rows: list[dict[str, Any]] = []
        self._rows_per_file = rows_per_file
        self._next_part = len(list(folder.glob("part-*.parquet")))

    def write(self, result: PageResult) -> None:
        self._rows.append(flat_row(result))
        if len(self._rows) >= self._rows_per_file:
            self._flush()

    def _flush(self) -> None:
        if not self._rows:
            return
        table = self._pa.Table.from_pylist(self._rows, schema=self._schema)
        path = self.folder / f"part-{self._next_part:05d}.parquet"
        temporary = path.with_name(f".{path.name}.tmp")
        self._pq.write_table(table, temporary)
        os.replace(temporary, path)
        self._next_part += 1
        self._rows = []

    def close(self) -> None:
        self._flush()


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise ConfigError(
            "--format parquet needs the optional 'parquet' extra (pyarrow): pip install 'riptide[parquet]'"
        ) from None
    return pyarrow, pyarrow.parquet


def arrow_schema() -> Any:
    """The parquet schema of ``flat_row``, derived from ``Source`` and ``Extraction``."""
    pa, _ = _pyarrow()
    source_hints = get_type_hints(Source)
    columns = [(f"source_{item.name}", _arrow_type(pa, source_hints[item.name])) for item in fields(Source)]
    columns += [(name, pa.string()) for name in RESULT_COLUMNS]
    columns += [(item.name, _arrow_type(pa, item.hint)) for item in record_fields(Extraction)]
    return pa.schema(columns)


def _arrow_type(pa: Any, hint: Any) -> Any:
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        (inner,) = [arg for arg in get_args(hint) if arg is not type(None)]
        return _arrow_type(pa, inner)
    if origin is Literal or hint is str:
        return pa.string()
    if origin is list:
        return pa.list_(_arrow_type(pa, get_args(hint)[0]))
    if isinstance(hint, type) and is_dataclass(hint):
        return pa.struct([(item.name, _arrow_type(pa, item.hint)) for item in record_fields(hint)])
    simple = {int: pa.int64(), bool: pa.bool_(), float: pa.float64()}
    if hint in simple:
        return simple[hint]
    raise TypeError(f"no parquet type for {hint!r}")


# -- reading OUT back (--resume) -------------------------------------------------------------------
def existing(output_format: OutputFormat, out: str) -> Iterator[tuple[str, str, str | None]]:
    """(source key, status, text) of each result already in ``out``; nothing when it does not exist."""
    path = Path(out)
    if not path.exists():
        return
    if output_format in ("ndjson", "jsonl"):
        yield from _existing_lines(path, flat=output_format == "jsonl")
    elif output_format == "markdown-dir":
        yield from _existing_markdown(path)
    else:
        yield from _existing_parquet(path)


def _existing_lines(path: Path, *, flat: bool) -> Iterator[tuple[str, str, str | None]]:
    with path.open("rb") as file:
        for number, line in enumerate(file, 1):
            if not line.endswith(b"\n"):
                return  # cut short by a kill: redone
            try:
                data = json.loads(line)
                if flat:
                    yield data["source_key"], data["status"], data.get("text")
                else:
                    yield data["source"]["key"], data["status"], (data.get("document") or {}).get("text")
            except (ValueError, KeyError, TypeError):
                raise _not_ours(path, f"line {number}") from None


def _existing_markdown(folder: Path) -> Iterator[tuple[str, str, str | None]]:
    for path in sorted(folder.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        head, _, body = text.partition("\n---\n")
        values: dict[str, Any] = {}
        for line in head.splitlines()[1:]:
            name, _, value = line.partition(": ")
            if name in ("source_key", "status"):
                values[name] = json.loads(value)
        if "source_key" not in values or "status" not in values:
            raise _not_ours(path, "its front matter")
        yield values["source_key"], values["status"], body


def _existing_parquet(folder: Path) -> Iterator[tuple[str, str, str | None]]:
    _, pq = _pyarrow()
    for path in sorted(folder.glob("part-*.parquet")):
        try:
            table = pq.read_table(path, columns=["source_key", "status", "text"])
        except (OSError, ValueError, KeyError) as error:
            raise _not_ours(path, str(error)) from None
        yield from zip(
            *(table.column(name).to_pylist() for name in ("source_key", "status", "text")), strict=True
        )


def _not_ours(path: Path, where: str) -> InputError:
    return InputError(
        "unreadable-input",
        f"{path} ({where}) is not a riptide batch result of this format; "
        "give another -o/--output or --format",
    )
