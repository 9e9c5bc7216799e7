"""A WARC archive written with warcio in each test session: HTML responses in every coding the
reader must undo, records that are not pages, and broken data; plus a folder of fixture pages."""

from __future__ import annotations

import gzip
import io
import shutil
from dataclasses import dataclass
from pathlib import Path

import brotli
import pytest
from tests.conftest import PAGES
from tests.jobs.cluster import redis, slow_site  # noqa: F401 (fixtures of the distributed tests)
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

#: The fixture pages that are HTML, in name order.
PAGE_NAMES = sorted(path.name for path in PAGES.glob("*.html"))


def chunked(data: bytes, size: int = 1000) -> bytes:
    parts = [
        b"%x\r\n%s\r\n" % (len(data[i : i + size]), data[i : i + size]) for i in range(0, len(data), size)
    ]
    return b"".join(parts) + b"0\r\n\r\n"


@dataclass(frozen=True)
class Archive:
    path: Path
    #: Target URIs of the HTML responses that must be extracted, in archive order.
    pages: tuple[str, ...]
    #: Target URIs of responses that must fail, with the error kind.
    failing: tuple[tuple[str, str], ...]
    #: Records that are not pages (warcinfo, request, non-HTML, revisit).
    skipped: int
    #: Unreadable regions (one ``invalid-warc`` error each).
    broken_regions: int


def write_warc(path: Path, *, gzipped: bool, copies: int = 1) -> Archive:
    """The test archive: ``copies`` rounds of every record kind, with a broken region in the middle."""
    rounds = [_round(gzipped, f"r{n}") for n in range(copies)]
    broken = (
        b"\x1f\x8b\x08\x00" + b"corrupt gzip member" * 5 if gzipped else b"this is not a WARC record\r\n\r\n"
    )
    data = b"".join(part for part, *_ in rounds[:1]) + broken + b"".join(part for part, *_ in rounds[1:])
    path.write_bytes(data)
    return Archive(
        path,
        pages=tuple(uri for _, pages, _, _ in rounds for uri in pages),
        failing=tuple(item for _, _, failing, _ in rounds for item in failing),
        skipped=sum(skipped for *_, skipped in rounds),
        broken_regions=1,
    )


def _round(gzipped: bool, tag: str) -> tuple[bytes, list[str], list[tuple[str, str]], int]:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzipped)
    pages: list[str] = []
    writer.write_record(writer.create_warcinfo_record(f"test-{tag}.warc", {"software": "riptide tests"}))

    def response(uri: str, body: bytes, headers: list[tuple[str, str]]) -> None:
        http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=http)
        )

    for index, name in enumerate(PAGE_NAMES):
        html = (PAGES / name).read_bytes()
        uri = f"https://site.example/{tag}/{name}"
        # every page in a coding of its own, round robin: identity, gzip, chunked, br, chunked gzip
        coding = index % 5
        if coding == 0:
            response(uri, html, [("Content-Type", "text/html")])
        elif coding == 1:
            response(uri, gzip.compress(html), [("Content-Type", "text/html"), ("Content-Encoding", "gzip")])
        elif coding == 2:
            response(uri, chunked(html), [("Content-Type", "text/html"), ("Transfer-Encoding", "chunked")])
        elif coding == 3:
            response(uri, brotli.compress(html), [("Content-Type", "text/html"), ("Content-Encoding", "br")])
        else:
            headers = [
                ("Content-Type", "text/html"),
                ("Content-Encoding", "gzip"),
                ("Transfer-Encoding", "chunked"),
            ]
            response(uri, chunked(gzip.compress(html)), headers)
        pages.append(uri)
    request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "site.example")], is_http_request=True)
    writer.write_record(
        writer.create_warc_record(f"https://site.example/{tag}/", "request", http_headers=request)
    )
    response(
        f"https://site.example/{tag}/logo.png",
        b"\x89PNG\r\n\x1a\n" + bytes(64),
        [("Content-Type", "image/png")],
    )
    revisit = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    writer.write_record(
        writer.create_revisit_record(
            f"https://site.example/{tag}/again.html",
            "sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            pages[0],
            "2026-12-01T00:00:00Z",
            http_headers=revisit,
        )
    )
    bad = f"https://site.example/{tag}/bad-gzip.html"
    response(bad, b"this is not gzip" * 8, [("Content-Type", "text/html"), ("Content-Encoding", "gzip")])
    return buffer.getvalue(), pages, [(bad, "content-decoding")], 4  # warcinfo, request, png, revisit


@pytest.fixture(scope="session", params=[False, True], ids=["warc", "warc.gz"])
def archive(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Archive:
    suffix = ".warc.gz" if request.param else ".warc"
    return write_warc(tmp_path_factory.mktemp("warc") / f"test{suffix}", gzipped=request.param, copies=2)


@pytest.fixture(scope="session")
def page_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture pages in a nested folder, one of them gzipped, plus files the walk must ignore."""
    folder = tmp_path_factory.mktemp("pages")
    (folder / "sub").mkdir()
    for index, name in enumerate(PAGE_NAMES):
        target = folder / ("sub" if index % 2 else ".") / name
        if index == 0:
            target.with_name(name + ".gz").write_bytes(gzip.compress((PAGES / name).read_bytes()))
        else:
            shutil.copyfile(PAGES / name, target)
    (folder / "notes.txt").write_text("not a page")
    (folder / "sub" / "expected.json").write_text("{}")
    return folder
