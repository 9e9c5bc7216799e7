"""Reading WARC archives: every record accounted for, codings undone, broken data skipped past."""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import replace

import pytest
from tests.batch.conftest import PAGE_NAMES, Archive, chunked
from tests.conftest import PAGES

from riptide.batch import WarcChunk, read_chunk, split_warc
from riptide.batch.payload import dechunk, decode_body
from riptide.batch.warc import read_warc, warc_ranges
from riptide.batch.warc_readers import default_reader, reader
from riptide.errors import FetchError

LIMIT = 16 * 1024 * 1024


def test_every_record_is_a_page_a_skip_or_an_error(archive: Archive) -> None:
    items = list(read_warc(str(archive.path)))
    pages = [item for item in items if item.body is not None]
    assert [item.source.url for item in pages] == [*archive.pages, *(uri for uri, _ in archive.failing)][
        :0
    ] or [item.source.url for item in pages if not item.source.url.endswith("bad-gzip.html")] == list(
        archive.pages
    )
    assert sum(item.skip_reason is not None for item in items) == archive.skipped
    broken = [item for item in items if item.error is not None]
    assert [item.error.kind for item in broken] == ["invalid-warc"] * archive.broken_regions
    assert "reading resumed at offset" in broken[0].error.message
    assert len(items) == len(pages) + archive.skipped + archive.broken_regions


def test_skip_reasons_name_the_record(archive: Archive) -> None:
    reasons = Counter(item.skip_reason for item in read_warc(str(archive.path)) if item.skip_reason)
    assert reasons == {
        "warcinfo record": 2,
        "request record": 2,
        "revisit record": 2,
        "not HTML (image/png)": 2,
    }


def test_payload_codings_are_undone_to_the_original_page(archive: Archive) -> None:
    originals = {name: (PAGES / name).read_bytes() for name in PAGE_NAMES}
    pages = [item for item in read_warc(str(archive.path)) if item.body is not None]
    decoded = {
        item.source.url: decode_body(item, LIMIT)
        for item in pages
        if not item.source.url.endswith("bad-gzip.html")
    }
    assert len(decoded) == len(archive.pages)
    for url, body in decoded.items():
        assert body == originals[url.rsplit("/", 1)[1]]
    assert any(item.chunked for item in pages) and {item.content_encoding for item in pages} >= {"gzip", "br"}


def test_sources_carry_file_record_id_uri_and_date(archive: Archive) -> None:
    first = next(item for item in read_warc(str(archive.path)) if item.body is not None)
    source = first.source
    assert source.kind == "warc" and source.path == str(archive.path)
    assert source.record_id and source.record_id.startswith("<urn:uuid:")
    assert source.key == f"{archive.path}#{source.record_id}"
    assert source.url == archive.pages[0] and source.date and source.date.startswith("20")
    assert source.offset is not None and source.offset > 0  # after the warcinfo record


def test_byte_ranges_of_whole_records_read_every_record_once(archive: Archive) -> None:
    whole = [item.source.key for item in read_warc(str(archive.path))]
    ranges = split_warc(str(archive.path), target_bytes=4096)
    assert len(ranges) > 3 and ranges[0][0] == 0 and ranges[-1][1] == archive.path.stat().st_size
    pieces = [
        item.source.key
        for start, end in ranges
        for item in read_chunk(WarcChunk(str(archive.path), start, end), LIMIT)
    ]
    assert pieces == whole


@pytest.mark.parametrize("name", ["fastwarc", "warcio"])
def test_an_archive_cut_inside_a_page_reports_that_page(tmp_path, archive: Archive, name) -> None:
    items = list(read_warc(str(archive.path), reader=reader(name)))
    last_page = [item for item in items if item.body is not None][-2]  # the last one is bad-gzip
    cut = tmp_path / archive.path.name
    cut.write_bytes(archive.path.read_bytes()[: last_page.source.offset + 600])
    read = list(read_warc(str(cut), reader=reader(name)))
    assert read[-1].error is not None and read[-1].error.kind == "invalid-warc"
    assert [item.source.record_id for item in read[:-1]] == [item.source.record_id for item in items][
        : len(read) - 1
    ]


def test_warcio_reads_the_same_items_as_fastwarc(archive: Archive) -> None:
    """The fallback reader: the same items (sources, bodies, codings, skips, errors) and ranges;
    only an unreadable region's message quotes each library's own explanation."""
    fast, slow = reader("fastwarc"), reader("warcio")
    assert (fast.name, slow.name) == ("fastwarc", "warcio")
    read_fast = list(read_warc(str(archive.path), reader=fast))
    read_slow = list(read_warc(str(archive.path), reader=slow))
    assert [_without_message(item) for item in read_slow] == [_without_message(item) for item in read_fast]
    assert sum(item.body is not None for item in read_slow) == len(archive.pages) + len(archive.failing)
    ranges = list(warc_ranges(str(archive.path), 4096, fast))
    assert list(warc_ranges(str(archive.path), 4096, slow)) == ranges and len(ranges) > 3


def test_warcio_is_chosen_where_fastwarc_does_not_import(monkeypatch, archive: Archive) -> None:
    reader.cache_clear()
    try:
        with monkeypatch.context() as patched:
            patched.setitem(sys.modules, "fastwarc.warc", None)  # importing it raises ImportError
            assert default_reader().name == "warcio"
            assert sum(item.body is not None for item in read_warc(str(archive.path))) > 0
    finally:
        reader.cache_clear()
    assert default_reader().name == "fastwarc"


def _without_message(item):
    error = item.error
    return replace(item, error=None), (error.kind, error.message.split(" (")[0]) if error else None


def test_a_warc_the_reader_cannot_open_is_an_error_item(tmp_path) -> None:
    """A worker that does not see the file (``--distributed``) reports it, never drops the chunk."""
    (item,) = read_chunk(WarcChunk(str(tmp_path / "elsewhere.warc.gz"), 4096, 8192), LIMIT)
    assert item.error is not None and item.error.kind == "unreadable-input"
    assert item.source.key == f"{tmp_path / 'elsewhere.warc.gz'}@4096"


def test_dechunk_refuses_a_corrupt_chunked_body() -> None:
    assert dechunk(chunked(b"hello world", size=3), "x") == b"hello world"
    with pytest.raises(FetchError) as caught:
        dechunk(b"zz\r\nhello\r\n0\r\n\r\n", "x")
    assert caught.value.kind == "content-decoding"
    with pytest.raises(FetchError):
        dechunk(b"ff\r\nshort\r\n", "x")
