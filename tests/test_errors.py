"""Every bad input gets a clear error that says what was wrong, from both paths."""

from __future__ import annotations

from dataclasses import replace

import pytest

from riptide import (
    ExtractionError,
    Extractor,
    InvalidHtmlError,
    ParseError,
    ResourceLimitError,
    SandboxError,
    UnsupportedModeError,
)

URL = "https://example.com/page"
PAGE = "<html><body><article><p>Some text, for a page.</p></article></body></html>"


@pytest.fixture(params=["wasm", "native"])
def either(request, extractor: Extractor, native: Extractor) -> Extractor:
    return extractor if request.param == "wasm" else native


@pytest.mark.parametrize("html", ["", "   \n\t  "])
def test_empty_html_is_invalid_html_error(either: Extractor, html: str) -> None:
    with pytest.raises(InvalidHtmlError, match="empty HTML") as caught:
        either.extract(html, URL)
    assert caught.value.kind == "invalid-html"


def test_binary_input_is_invalid_html_error(either: Extractor) -> None:
    png = bytes([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + bytes(range(256)) * 8
    with pytest.raises(InvalidHtmlError, match="binary"):
        either.extract(png, URL)


@pytest.mark.parametrize("unit", ["text\x01\x02\x1b ", "é中\x7f\x0b\x10 ", "\ud800\x1f\x0e\U0001f600 "])
def test_text_thick_with_control_characters_is_invalid_html_error(either: Extractor, unit: str) -> None:
    # no NUL byte: the share of control characters (whitespace aside) in the first 8 KB decides
    with pytest.raises(InvalidHtmlError, match=r"input looks binary \(\d+% control"):
        either.extract(f"<p>{unit * 300}</p>", URL)


def test_a_few_control_characters_leave_a_page_usable(either: Extractor) -> None:
    prose = "A sentence of ordinary prose, with a comma or two, é and 中 in it. " * 20
    html = f"<html><body><article><p>{prose}\x0b\x7f\x1b</p><p>{prose}</p></article></body></html>"
    assert "ordinary prose" in (either.extract(html, URL).text or "")


def test_text_without_markup_is_invalid_html_error(either: Extractor) -> None:
    with pytest.raises(InvalidHtmlError, match="no HTML markup"):
        either.extract("just a sentence, no tags at all", URL)


def test_unknown_mode_names_the_mode_and_the_choices(either: Extractor) -> None:
    with pytest.raises(UnsupportedModeError, match=r"'summary'.*article, full, metadata, custom"):
        either.extract(PAGE, URL, mode="summary")


def test_custom_mode_without_selectors_is_refused(either: Extractor) -> None:
    with pytest.raises(UnsupportedModeError, match="at least one CSS selector"):
        either.extract(PAGE, URL, mode="custom")


def test_selectors_outside_custom_mode_are_refused(either: Extractor) -> None:
    with pytest.raises(UnsupportedModeError, match="only accepted in custom mode"):
        either.extract(PAGE, URL, mode="article", selectors=["p"])


def test_malformed_selector_is_parse_error_naming_it(either: Extractor) -> None:
    with pytest.raises(ParseError, match=r"a\[href"):
        either.extract(PAGE, URL, mode="custom", selectors=["p", "a[href"])


def test_unsupported_selector_feature_is_unsupported_mode_naming_it(either: Extractor) -> None:
    with pytest.raises(UnsupportedModeError, match=r"':hover'.*'a:hover'"):
        either.extract(PAGE, URL, mode="custom", selectors=["a:hover"])


def test_errors_say_which_path_reported_them(extractor: Extractor, native: Extractor) -> None:
    for source, name in ((extractor, "wasm"), (native, "native")):
        with pytest.raises(ExtractionError) as caught:
            source.extract("", URL)
        assert caught.value.engine == name


def test_native_path_enforces_the_size_limit_too(native: Extractor) -> None:
    small = Extractor(replace(native.settings, max_html_bytes=2048), engine="native")
    with pytest.raises(ResourceLimitError, match="2,048-byte limit"):
        small.extract("<p>" + "é" * 1500 + "</p>", URL)  # 1,507 characters but 3,007 UTF-8 bytes


@pytest.mark.parametrize(
    "html",
    [
        "<" * 50_000,
        "<a " * 50_000,
        "<div>" * 30_000 + "deep" + "</div>" * 10,
        "<table><td>" * 5_000,
        "<p>" + "&amp;&#x1F600;&bogus;&#99999999;" * 2_000,
        "<script>" + "x" * 100_000,
        "<!--" + "<p>never closed comment" * 1_000,
        "<svg><math><template><p>mixed</template></math></svg><frameset><p>x",
    ],
)
def test_hostile_markup_never_breaks_the_sandbox(extractor: Extractor, html: str) -> None:
    try:
        doc = extractor.extract(html, URL)
    except (InvalidHtmlError, ResourceLimitError):
        return
    assert doc.engine == "wasm"
    assert isinstance(doc.text, str)


def test_text_decoded_with_the_wrong_charset_is_still_extracted(either: Extractor) -> None:
    french = "<html><body><p>" + "Le cœur du marché était très animé à Noël. " * 20 + "</p></body></html>"
    mojibake = french.encode("cp1252").decode("utf-8", errors="replace")  # a few U+FFFD per sentence
    doc = either.extract(mojibake, URL)
    assert "march" in doc.text and "\ufffd" in doc.text


def test_lone_surrogates_in_html_become_replacement_characters(either: Extractor) -> None:
    doc = either.extract("<title>T</title><p>caf\ud800 au lait, and a sentence.</p>", "https://e.example/")
    assert "caf\ufffd au lait" in doc.text


@pytest.mark.parametrize(
    ("reference", "decoded"),
    [("&#" + "9" * 5000 + ";", "\ufffd"), ("&#" + "0" * 5000 + "65;", "A")],
    ids=["past-unicode", "leading-zeros"],
)
def test_references_too_long_for_int_are_decoded_not_raised(
    either: Extractor, reference: str, decoded: str
) -> None:
    """html.unescape raises ValueError past int()'s 4,300-digit limit; the page must still extract."""
    page = f'<title>T</title><p title="{reference}">Long {reference} here, and a sentence.</p>'
    doc = either.extract(page, "https://e.example/")
    assert f"Long {decoded} here" in doc.text


def test_lone_surrogate_in_the_page_url_is_invalid_html(either: Extractor) -> None:
    with pytest.raises(InvalidHtmlError, match="unpaired UTF-16 surrogate"):
        either.extract("<p>text</p>", "https://e.example/\udcff")


def test_a_closed_extractor_refuses_instead_of_falling_back(make_settings) -> None:
    extractor = Extractor(make_settings(), engine="auto")
    extractor.close()
    with pytest.raises(SandboxError, match="closed"):
        extractor.extract("<p>text</p>", "https://e.example/")
    assert extractor.metrics.get("native_fallbacks") == 0
    assert extractor.breaker.state.value == "closed"
