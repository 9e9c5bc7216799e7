"""Redirects: followed one hop at a time, bounded, and every hop re-checked (SSRF and robots.txt)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from tests.fetch.conftest import LocalSite, fast_settings, fetch, fetch_error

from riptide.errors import FetchError
from riptide.fetch import fetch_html

PAGE = "<html><body><p>arrived</p></body></html>"


def test_redirect_chain_is_followed_and_recorded(site: LocalSite) -> None:
    site.route("/old", status=301, headers={"Location": "/newer"})
    site.route("/newer", status=302, headers={"Location": site.url("/newest")})
    site.route("/newest", status=308, headers={"Location": "final?x=1"})
    site.route("/final?x=1", PAGE)
    page = fetch(site.url("/old"))
    assert page.html == PAGE and page.url == site.url("/old")
    assert page.final_url == site.url("/final?x=1")
    assert page.redirects == [site.url("/newer"), site.url("/newest"), site.url("/final?x=1")]


def test_redirect_loop_fails_after_the_configured_number_of_hops(site: LocalSite) -> None:
    site.route("/a", status=302, headers={"Location": "/b"})
    site.route("/b", status=302, headers={"Location": "/a"})
    error = fetch_error(site.url("/a"), fast_settings(fetch_max_redirects=3))
    assert error.kind == "too-many-redirects" and "RIPTIDE_FETCH_MAX_REDIRECTS" in error.message
    assert [p for p in site.paths() if p != "/robots.txt"] == ["/a", "/b", "/a", "/b"]


def test_zero_redirects_allowed_refuses_the_first_one(site: LocalSite) -> None:
    site.route("/a", status=302, headers={"Location": "/b"})
    site.route("/b", PAGE)
    assert fetch_error(site.url("/a"), fast_settings(fetch_max_redirects=0)).kind == "too-many-redirects"
    assert "/b" not in site.paths()


def test_redirect_to_a_private_address_is_refused(site: LocalSite) -> None:
    site.route("/jump", status=302, headers={"Location": "http://10.0.0.1/internal"})
    error = fetch_error(site.url("/jump"))
    assert error.kind == "blocked-address" and "10.0.0.1" in error.message
    assert error.url == "http://10.0.0.1/internal"


def test_redirect_to_cloud_metadata_is_refused(site: LocalSite) -> None:
    site.route("/jump", status=307, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
    assert fetch_error(site.url("/jump")).kind == "blocked-address"


def test_redirect_to_a_private_address_in_ipv6_mapped_form_is_refused(site: LocalSite) -> None:
    site.route("/jump", status=302, headers={"Location": "http://[::ffff:192.168.0.1]/"})
    assert fetch_error(site.url("/jump")).kind == "blocked-address"


def test_redirect_to_a_non_http_scheme_is_refused(site: LocalSite) -> None:
    site.route("/file", status=302, headers={"Location": "file:///etc/passwd"})
    site.route("/gopher", status=301, headers={"Location": "gopher://127.0.0.1:6379/_INFO"})
    error = fetch_error(site.url("/file"))
    assert error.kind == "invalid-url" and "redirected to 'file:///etc/passwd'" in error.message
    assert fetch_error(site.url("/gopher")).kind == "invalid-url"


def test_redirect_without_location_is_an_http_error(site: LocalSite) -> None:
    site.route("/nowhere", status=302)
    error = fetch_error(site.url("/nowhere"))
    assert error.kind == "http-status" and "without a Location" in error.message


def test_each_hop_obeys_the_robots_txt_of_its_own_origin(make_site: Callable[[], LocalSite]) -> None:
    first, second = make_site(), make_site()
    first.route("/go", status=302, headers={"Location": second.url("/private/page")})
    second.route("/robots.txt", "User-agent: *\nDisallow: /private\n", headers={"Content-Type": "text/plain"})
    second.route("/private/page", PAGE)
    error = fetch_error(first.url("/go"))
    assert error.kind == "robots-disallowed" and error.url == second.url("/private/page")
    assert second.paths() == ["/robots.txt"]  # the disallowed page itself was never requested


@pytest.mark.parametrize(
    "location", ["data:text/html,<p>hi</p>", "http:\\\\10.0.0.1\\", "javascript:alert(1)"]
)
def test_redirect_to_an_unfetchable_url_is_invalid_url(site: LocalSite, location: str) -> None:
    site.route("/jump", status=302, headers={"Location": location})
    error = fetch_error(site.url("/jump"))
    assert error.kind == "invalid-url" and site.url("/jump") in error.message
    with pytest.raises(FetchError) as blocking:  # the CLI's fetch, too
        fetch_html(site.url("/jump"), fast_settings())
    assert blocking.value.kind == "invalid-url"
