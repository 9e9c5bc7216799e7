"""Cache keys: URL normalisation, selector normalisation, and what makes keys differ."""

from __future__ import annotations

import re

import pytest

from riptide.cache import KEY_PREFIX, cache_key, normalise_selector, normalise_url
from riptide.engine import ENGINE_VERSION
from riptide.models import ExtractionMode


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("HTTPS://Example.COM/Path", "https://example.com/Path"),  # path case is significant
        ("https://example.com:443/a", "https://example.com/a"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("http://example.com:443/a", "http://example.com:443/a"),  # not the default port of http
        ("https://example.com:8443/a", "https://example.com:8443/a"),
        ("https://example.com/a#section-2", "https://example.com/a"),
        ("https://example.com", "https://example.com/"),
        ("https://example.com?q=1", "https://example.com/?q=1"),
        ("https://example.com/a?z=1&a=2&m=3", "https://example.com/a?a=2&m=3&z=1"),
        ("https://example.com/a?b=1&a=2&a=1", "https://example.com/a?a=1&a=2&b=1"),
        ("https://example.com/a?utm_source=x&utm_medium=y&id=7", "https://example.com/a?id=7"),
        ("https://example.com/a?UTM_Campaign=x&id=7", "https://example.com/a?id=7"),
        ("https://example.com/a?fbclid=1&gclid=2&mc_cid=3&mc_eid=4", "https://example.com/a"),
        ("https://example.com/a?utm=keep", "https://example.com/a?utm=keep"),  # not a utm_ tag
        ("https://example.com/a?&&x=1&", "https://example.com/a?x=1"),
        ("https://example.com/%7euser/%2fa%2Fb", "https://example.com/~user/%2Fa%2Fb"),
        ("https://example.com/caf%c3%a9", "https://example.com/caf%C3%A9"),
        ("https://example.com/a?q=%41%2d%20", "https://example.com/a?q=A-%20"),
        ("https://User:P%61ss@Example.com/", "https://User:Pass@example.com/"),
        ("http://[2001:DB8::1]:80/a", "http://[2001:db8::1]/a"),
        ("  https://example.com/a  ", "https://example.com/a"),
        ("https://example.com/a/../b/", "https://example.com/a/../b/"),  # dot segments kept
    ],
)
def test_normalise_url(given: str, expected: str) -> None:
    assert normalise_url(given) == expected


def test_unparseable_url_is_keyed_as_given() -> None:
    assert normalise_url(" http://[::1/a ") == "http://[::1/a"
    assert normalise_url("http://example.com:notaport/") == "http://example.com:notaport/"


def test_selectors_collapse_whitespace_but_keep_their_order() -> None:
    assert normalise_selector("  article \n\t h2  ") == "article h2"
    url = "https://e.com/"
    assert cache_key(url, "custom", ["a  b", "c"]) == cache_key(url, "custom", ["a b", "c"])
    assert cache_key(url, "custom", ["a", "c"]) != cache_key(url, "custom", ["c", "a"])


def test_key_is_a_prefixed_sha256_hex() -> None:
    key = cache_key("https://example.com/", "article")
    assert key.value.startswith(KEY_PREFIX)
    assert re.fullmatch(r"[0-9a-f]{64}", key.value.removeprefix(KEY_PREFIX))
    assert str(key) == key.value


def test_key_records_what_it_was_made_from() -> None:
    key = cache_key("HTTPS://Example.com#x", ExtractionMode.CUSTOM, [" h1 "])
    assert (key.url, key.mode, key.selectors, key.engine_version) == (
        "https://example.com/",
        "custom",
        ("h1",),
        ENGINE_VERSION,
    )


def test_mode_is_case_insensitive_and_accepts_the_enum() -> None:
    assert cache_key("https://e.com/", "Article") == cache_key("https://e.com/", ExtractionMode.ARTICLE)


@pytest.mark.parametrize(
    "other",
    [
        cache_key("https://example.com/b", "article"),
        cache_key("http://example.com/a", "article"),
        cache_key("https://example.com/a?page=2", "article"),
        cache_key("https://example.com/a", "full"),
        cache_key("https://example.com/a", "article", ["h1"]),
        cache_key("https://example.com/a", "article", engine_version="9.9.9"),
    ],
)
def test_any_difference_that_matters_changes_the_key(other: object) -> None:
    assert cache_key("https://example.com/a", "article") != other


def test_keys_are_stable_across_runs() -> None:
    """A changed digest would orphan every stored entry: change KEY_PREFIX deliberately instead."""
    key = cache_key("https://example.com/a", "article", engine_version="0.2.0")
    # sha256 of {"engine_version":"0.2.0","mode":"article","selectors":[],"url":"https://example.com/a"}
    assert key.value == KEY_PREFIX + "810eff48574eabc9eb22a230059acc8d502b18a5290bdf74ea08e8359e0a54f0"
