"""What comes back: decoded HTML, charsets, content types, statuses, encodings and size limits."""

from __future__ import annotations

import gzip
import time
import zlib
from http.server import BaseHTTPRequestHandler

import brotli
import zstandard
from tests.fetch.conftest import FIXTURES, LocalSite, fast_settings, fetch, fetch_error

ARTICLE = (FIXTURES / "article.html").read_bytes()


def test_html_page_is_fetched_and_decoded_with_its_metadata(site: LocalSite) -> None:
    site.route("/post", ARTICLE)
    page = fetch(site.url("/post"))
    assert "the harbour master’s tables" in page.html
    assert page.url == page.final_url == site.url("/post")
    assert (page.status, page.encoding, page.redirects) == (200, "utf-8", [])
    assert page.content_type == "text/html; charset=utf-8"
    assert 0 < page.elapsed_ms < 5000


def test_user_agent_and_accept_encoding_are_sent(site: LocalSite) -> None:
    site.route("/post", ARTICLE)
    fetch(site.url("/post"), fast_settings(user_agent="RipTideTest/9 (+https://example.org/bot)"))
    headers = site.hits[-1].headers
    assert headers["user-agent"] == "RipTideTest/9 (+https://example.org/bot)"
    assert headers["accept-encoding"] == "gzip, deflate, br, zstd"


def test_windows_1252_body_decoded_by_header_charset(site: LocalSite) -> None:
    site.route(
        "/menu",
        (FIXTURES / "cp1252_no_meta.html").read_bytes(),
        headers={"Content-Type": "text/html; charset=windows-1252"},
    )
    page = fetch(site.url("/menu"))
    assert "Café crème" in page.html and "“Soup” — €4" in page.html
    assert page.encoding == "cp1252"


def test_meta_charset_decides_when_the_header_has_none(site: LocalSite) -> None:
    site.route("/meta", (FIXTURES / "cp1252_meta.html").read_bytes(), headers={"Content-Type": "text/html"})
    page = fetch(site.url("/meta"))
    assert "Naïve façade" in page.html and "‘quoted’" in page.html


def test_invalid_utf8_without_any_charset_falls_back_to_windows_1252(site: LocalSite) -> None:
    site.route(
        "/legacy", (FIXTURES / "cp1252_no_meta.html").read_bytes(), headers={"Content-Type": "text/html"}
    )
    page = fetch(site.url("/legacy"))
    assert page.encoding == "cp1252" and "Café" in page.html


def test_wrong_header_charset_iso_8859_1_means_windows_1252(site: LocalSite) -> None:
    site.route(
        "/latin",
        (FIXTURES / "cp1252_no_meta.html").read_bytes(),
        headers={"Content-Type": "text/html; charset=ISO-8859-1"},
    )
    assert "“Soup” — €4" in fetch(site.url("/latin")).html  # WHATWG: latin-1 label is windows-1252


def test_binary_file_is_refused_with_a_clear_content_type_message(site: LocalSite) -> None:
    site.route("/pixel.png", (FIXTURES / "pixel.png").read_bytes(), headers={"Content-Type": "image/png"})
    error = fetch_error(site.url("/pixel.png"))
    assert error.kind == "unsupported-content-type" and not error.retryable
    assert "unsupported content type 'image/png'" in error.message


def test_xhtml_is_accepted_and_pdf_is_not(site: LocalSite) -> None:
    site.route("/x", ARTICLE, headers={"Content-Type": "application/xhtml+xml; charset=utf-8"})
    site.route("/doc.pdf", b"%PDF-1.7\n", headers={"Content-Type": "application/pdf"})
    assert "Tide Tables" in fetch(site.url("/x")).html
    assert fetch_error(site.url("/doc.pdf")).kind == "unsupported-content-type"


def test_http_errors_carry_status_and_retryability(site: LocalSite) -> None:
    site.route("/gone", b"<p>gone</p>", status=410)
    site.route("/broken", b"<p>oops</p>", status=500)
    gone = fetch_error(site.url("/gone"))
    assert (gone.kind, gone.status, gone.retryable) == ("http-status", 410, False)
    assert "HTTP 410" in gone.message
    broken = fetch_error(site.url("/broken"))
    assert (broken.status, broken.retryable) == (500, True)
    assert site.paths().count("/broken") == 1  # 500 is retryable later, but not retried now


def _encoded(coding: str, data: bytes) -> bytes:
    if coding == "gzip":
        return gzip.compress(data)
    if coding == "deflate":
        return zlib.compress(data)
    if coding == "br":
        return bytes(brotli.compress(data))
    return zstandard.ZstdCompressor().compress(data)


def test_gzip_deflate_brotli_and_zstd_bodies_are_decoded(site: LocalSite) -> None:
    for coding in ("gzip", "deflate", "br", "zstd"):
        site.route(f"/{coding}", _encoded(coding, ARTICLE), headers={"Content-Encoding": coding})
        page = fetch(site.url(f"/{coding}"))
        assert page.html == ARTICLE.decode("utf-8"), coding


def test_raw_deflate_and_stacked_encodings_are_decoded(site: LocalSite) -> None:
    raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    site.route("/raw", raw.compress(ARTICLE) + raw.flush(), headers={"Content-Encoding": "deflate"})
    site.route("/both", _encoded("br", gzip.compress(ARTICLE)), headers={"Content-Encoding": "gzip, br"})
    assert fetch(site.url("/raw")).html == ARTICLE.decode()
    assert fetch(site.url("/both")).html == ARTICLE.decode()


def test_corrupt_compressed_body_is_a_decoding_error(site: LocalSite) -> None:
    site.route("/bad", b"\x1f\x8b\x08\x00garbage-not-gzip" * 4, headers={"Content-Encoding": "gzip"})
    assert fetch_error(site.url("/bad")).kind == "content-decoding"


def _endless(sent: list[int]) -> object:
    def handler(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "text/html")
        request.end_headers()  # no Content-Length: the body ends when the connection does
        chunk = b"<p>" + b"x" * 65_530 + b"</p>"
        try:
            for _ in range(1600):  # 100 MiB if nobody stops us
                request.wfile.write(chunk)
                sent[0] += len(chunk)
        except OSError:
            pass

    return handler


def test_huge_body_is_refused_as_soon_as_it_passes_the_limit(site: LocalSite) -> None:
    sent = [0]
    site.route("/huge", handler=_endless(sent))
    started = time.monotonic()
    error = fetch_error(site.url("/huge"), fast_settings(max_html_bytes=256 * 1024))
    assert error.kind == "too-large" and "RIPTIDE_MAX_HTML_BYTES" in error.message
    assert time.monotonic() - started < 2
    time.sleep(0.2)
    assert sent[0] < 16 * 1024 * 1024  # stopped reading: the server could not push 100 MiB


def test_declared_content_length_over_the_limit_is_refused_before_reading(site: LocalSite) -> None:
    def handler(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "text/html")
        request.send_header("Content-Length", str(50 * 1024 * 1024))
        request.end_headers()
        time.sleep(3)  # never sends the body; a fetcher waiting for it would time out

    site.route("/declared", handler=handler)
    started = time.monotonic()
    error = fetch_error(site.url("/declared"), fast_settings(max_html_bytes=64 * 1024))
    assert error.kind == "too-large" and "declares 52,428,800 bytes" in error.message
    assert time.monotonic() - started < 1


def test_decompression_bombs_stop_at_the_limit(site: LocalSite) -> None:
    zeros = bytes(32 * 1024 * 1024)
    bombs = {
        "gzip": gzip.compress(zeros, compresslevel=9),
        "br": bytes(brotli.compress(zeros, quality=5)),
        "zstd": zstandard.ZstdCompressor(level=3).compress(zeros),
    }
    for coding, bomb in bombs.items():
        assert len(bomb) < 64 * 1024, coding
        site.route(f"/bomb-{coding}", bomb, headers={"Content-Encoding": coding})
        error = fetch_error(site.url(f"/bomb-{coding}"), fast_settings(max_html_bytes=1024 * 1024))
        assert error.kind == "too-large", coding


def test_body_exactly_at_the_limit_is_accepted(site: LocalSite) -> None:
    body = b"<p>" + b"a" * (4096 - 7) + b"</p>"
    assert len(body) == 4096
    site.route("/exact", gzip.compress(body), headers={"Content-Encoding": "gzip"})
    assert len(fetch(site.url("/exact"), fast_settings(max_html_bytes=4096)).html) == 4096


def test_a_whole_bomb_in_one_chunk_never_expands_far_past_the_limit() -> None:
    """Each decoder is asked for at most the bytes the limit allows, even within one network read."""
    import tracemalloc

    from riptide.errors import FetchError
    from riptide.fetch.body import BodyReader

    zeros = bytes(64 * 1024 * 1024)
    bombs = {
        "gzip": gzip.compress(zeros, compresslevel=9),
        "br": bytes(brotli.compress(zeros, quality=5)),
        "zstd": zstandard.ZstdCompressor(level=3).compress(zeros),
    }
    del zeros
    limit = 1024 * 1024
    for coding, bomb in bombs.items():
        reader = BodyReader("http://bomb.test/", limit, coding)
        tracemalloc.start()
        try:
            reader.feed(bomb)
        except FetchError as error:
            assert error.kind == "too-large"
        else:
            raise AssertionError(f"{coding} bomb was accepted")
        finally:
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        assert peak < 8 * limit, (coding, peak)
