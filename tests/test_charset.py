"""HTML bytes are decoded the way browsers decide the encoding."""

from __future__ import annotations

from riptide.charset import decode_html, sniff_encoding


def test_bom_wins_over_everything() -> None:
    data = "\ufeff<meta charset=windows-1252><p>é</p>".encode("utf-8")
    assert sniff_encoding(data, "text/html; charset=iso-8859-2") == "utf-8"
    assert decode_html(data).startswith("<meta")


def test_http_header_charset_beats_meta() -> None:
    data = "<meta charset=utf-8><p>ł</p>".encode("iso-8859-2")
    assert decode_html(data, "text/html; charset=ISO-8859-2").endswith("<p>ł</p>")


def test_meta_charset_is_honoured() -> None:
    data = (
        b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=koi8-r"></head>'
        + "<p>Привет</p>".encode("koi8-r")
    )
    assert "Привет" in decode_html(data)


def test_latin1_label_means_windows_1252_as_in_browsers() -> None:
    data = "<meta charset=iso-8859-1><p>“quoted” – €</p>".encode("cp1252")
    assert "“quoted” – €" in decode_html(data)


def test_undeclared_valid_utf8_is_utf8_and_invalid_falls_back_to_1252() -> None:
    assert decode_html("<p>naïve</p>".encode()) == "<p>naïve</p>"
    assert decode_html("<p>naïve</p>".encode("cp1252")) == "<p>naïve</p>"


def test_unknown_label_is_ignored() -> None:
    assert sniff_encoding(b"<meta charset=no-such-codec><p>x</p>") == "utf-8"
