"""What ``riptide batch INPUT…`` reads: INPUTs classified and planned as chunks, and each chunk
read as a stream of ``Item``s.

A chunk is plain data (a list of files, a list of URLs, or a WARC byte range of whole records),
so that it can be handed to another thread, process or machine and read there with
``read_chunk``. Planning never reads page bodies; reading is lazy, one item at a time.

INPUT kinds: a WARC file (``.warc``, ``.warc.gz``); an HTML file (``.html``, ``.htm``,
``.xhtml``, ``.html.gz``); a folder (walked recursively in name order for HTML files); any other
file whose lines are all http(s) URLs (blank lines and ``#`` comments allowed) is a URL list,
else it is read as HTML.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..extractor import html_too_large
from ..fetch.urls import url_list_entries
from .pages import Item, Source
from .warc import is_warc, read_warc

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz")
#: Files per ``FileChunk`` when a folder is planned.
FILES_PER_CHUNK = 1000
#: How much of an unknown file is looked at to tell a URL list from HTML.
_URL_LIST_SNIFF_BYTES = 64 * 1024
_URL_LINE = re.compile(r"^https?://\S+$", re.IGNORECASE)


@dataclass(frozen=True)
class FileChunk:
    paths: tuple[str, ...]


@dataclass(frozen=True)
class UrlChunk:
    urls: tuple[str, ...]


@dataclass(frozen=True)
class WarcChunk:
    """Records of ``path`` that start in ``[start, end)`` (``end`` None: to the end of the file)."""

    path: str
    start: int = 0
    end: int | None = None


Chunk = FileChunk | UrlChunk | WarcChunk


@dataclass(frozen=True)
class Plan:
    chunks: tuple[Chunk, ...]
    #: Input bytes in all (files, URL lists and WARCs): the progress bar's ETA is measured in them.
    total_bytes: int


def plan(inputs: Sequence[str]) -> Plan:
    """Chunks for ``inputs`` in order; ``InputError`` (``unreadable-input``) for one that is missing."""
    chunks: list[Chunk] = []
    total = 0
    for name in inputs:
        path = Path(name)
        if path.is_dir():
            files = list(_walk_html(path))
            total += sum(size for _, size in files)
            chunks += [
                FileChunk(tuple(p for p, _ in files[i : i + FILES_PER_CHUNK]))
                for i in range(0, len(files), FILES_PER_CHUNK)
            ]
            continue
        if not path.exists():
            raise InputError("unreadable-input", f"no such file or folder: {name}")
        if not path.is_file():
            raise InputError("unreadable-input", f"{name} is neither a regular file nor a folder")
        total += path.stat().st_size
        if is_warc(name):
            chunks.append(WarcChunk(name))
        elif name.lower().endswith(HTML_SUFFIXES):
            chunks.append(FileChunk((name,)))
        elif (urls := _url_list(path)) is not None:
            chunks.append(UrlChunk(tuple(urls)))
        else:
            chunks.append(FileChunk((name,)))
    return Plan(tuple(_merge_file_chunks(chunks)), total)


def _walk_html(folder: Path) -> Iterator[tuple[str, int]]:
    for root, dirs, files in os.walk(folder, onerror=_raise):
        dirs.sort()
        for name in sorted(files):
            if name.lower().endswith(HTML_SUFFIXES):
                path = os.path.join(root, name)
                yield path, os.path.getsize(path)


def _raise(error: OSError) -> None:
    raise InputError("unreadable-input", f"cannot read folder {error.filename}: {error.strerror}")


def _url_list(path: Path) -> list[str] | None:
    """The URLs in ``path`` if it is a URL list, else None."""
    try:
        with path.open("rb") as file:
            head = file.read(_URL_LIST_SNIFF_BYTES)
            if b"<" in head or b"\0" in head:
                return None
            text = (head + file.read()).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    entries = url_list_entries(text.splitlines())
    if not entries or not all(_URL_LINE.match(line) for line in entries):
        return None
    return entries


def _merge_file_chunks(chunks: list[Chunk]) -> Iterator[Chunk]:
    """Consecutive single HTML files named on the command line share chunks."""
    pending: list[str] = []
    for chunk in chunks:
        if isinstance(chunk, FileChunk) and len(chunk.paths) == 1 and len(pending) < FILES_PER_CHUNK:
            pending += chunk.paths
            continue
        if pending:
            yield FileChunk(tuple(pending))
            pending = []
        yield chunk
    if pending:
        yield FileChunk(tuple(pending))


def read_chunk(chunk: Chunk, max_bytes: int) -> Iterator[Item]:
    """The items of ``chunk``, in order. Files over ``max_bytes`` are error items, never read."""
    if isinstance(chunk, WarcChunk):
        yield from read_warc(chunk.path, chunk.start, chunk.end)
    elif isinstance(chunk, UrlChunk):
        for url in chunk.urls:
            yield Item(Source.of_url(url), size=len(url) + 1, page_url=url, fetch=True)
    else:
        for path in chunk.paths:
            yield _read_file(path, max_bytes)


def _read_file(path: str, max_bytes: int) -> Item:
    """One file's item. Opened without blocking and read only if it is a regular file: a FIFO
    named ``page.html`` blocked the batch forever at ``open``, and a link to ``/dev/zero`` read
    until memory ran out. At most ``max_bytes`` + 1 bytes are read, whatever ``stat`` said."""
    source = Source.file(path)
    gzipped = path.lower().endswith(".gz")
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        with open(descriptor, "rb") as file:
            status = os.fstat(descriptor)
            if not stat.S_ISREG(status.st_mode):
                kind = _FILE_KINDS.get(stat.S_IFMT(status.st_mode), "special file")
                error = InputError("unreadable-input", f"{path} is a {kind}, not a regular file: not read")
                return Item(source, error=error)
            if status.st_size > max_bytes:
                return Item(source, size=status.st_size, error=html_too_large(max_bytes, path))
            body = file.read(max_bytes + 1)
    except OSError as error:
        return Item(source, error=InputError("unreadable-input", f"cannot read {path}: {error.strerror}"))
    if len(body) > max_bytes:  # it grew since it was listed
        return Item(source, size=len(body), error=html_too_large(max_bytes, path))
    return Item(source, size=len(body), body=body, content_encoding="gzip" if gzipped else None)


#: What a file that is not a regular one is, by its ``stat.S_IFMT``.
_FILE_KINDS = {
    stat.S_IFIFO: "FIFO",
    stat.S_IFCHR: "character device",
    stat.S_IFBLK: "block device",
    stat.S_IFSOCK: "socket",
    stat.S_IFDIR: "folder",
}
