"""SSRF protection: internal addresses are refused in every notation, at every hop, at connect time."""

from __future__ import annotations

import ipaddress
import time

import pytest
from tests.fetch.conftest import LocalSite, fast_settings, fetch, fetch_error, run

from riptide.errors import FetchError
from riptide.fetch import Fetcher
from riptide.fetch.addresses import AddressPolicy, blocked_reason, parse_ip_literal

NO_LOOPBACK = {"fetch_allow_loopback": False}


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("2130706433", "127.0.0.1"),  # decimal
        ("0x7f000001", "127.0.0.1"),  # hex
        ("0177.0.0.1", "127.0.0.1"),  # octal
        ("127.1", "127.0.0.1"),  # short form
        ("0x7f.1", "127.0.0.1"),
        ("127.0.0.1.", "127.0.0.1"),  # trailing dot
        ("10.1", "10.0.0.1"),
        ("0xa9.0xfe.0xa9.0xfe", "169.254.169.254"),
        ("::ffff:10.0.0.1", "::ffff:a00:1"),
        ("[::1]", "::1"),
    ],
)
def test_odd_ip_notations_are_normalised(host: str, expected: str) -> None:
    assert parse_ip_literal(host) == ipaddress.ip_address(expected)


@pytest.mark.parametrize("host", ["example.com", "1.2.3.4.5", "08.0.0.1", "256.1.1.1.1", "localhost"])
def test_names_are_not_ip_literals(host: str) -> None:
    assert parse_ip_literal(host) is None


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("10.0.0.1", "RFC 1918"),
        ("172.31.255.255", "RFC 1918"),
        ("192.168.1.1", "RFC 1918"),
        ("169.254.169.254", "link-local"),
        ("100.64.0.1", "carrier-grade NAT"),
        ("0.0.0.0", "unspecified"),
        ("224.0.0.251", "multicast"),
        ("255.255.255.255", "reserved"),
        ("::1", "loopback"),
        ("::", "unspecified"),
        ("fd00::1", "unique-local"),
        ("fe80::1", "link-local"),
        ("ff02::1", "multicast"),
        ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped
        ("::ffff:169.254.169.254", "link-local"),
        ("2002:a9fe:a9fe::", "link-local"),  # 6to4 around 169.254.169.254
        ("64:ff9b::a00:1", "RFC 1918"),  # NAT64 around 10.0.0.1
        ("2001::1", "not a globally routable"),  # Teredo
    ],
)
def test_internal_addresses_are_blocked_with_a_reason(address: str, reason: str) -> None:
    found = blocked_reason(ipaddress.ip_address(address))
    assert found is not None and reason in found


@pytest.mark.parametrize("address", ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8"])
def test_public_addresses_are_allowed(address: str) -> None:
    assert blocked_reason(ipaddress.ip_address(address)) is None


def test_allow_loopback_allows_loopback_only() -> None:
    for address in ("127.0.0.1", "127.9.9.9", "::1", "::ffff:127.0.0.1"):
        assert blocked_reason(ipaddress.ip_address(address), allow_loopback=True) is None
    for address in ("10.0.0.1", "192.168.0.1", "169.254.169.254", "fd00::1", "0.0.0.0"):
        assert blocked_reason(ipaddress.ip_address(address), allow_loopback=True) is not None


def test_a_host_with_one_private_address_among_public_ones_is_refused() -> None:
    with pytest.raises(FetchError) as caught:
        AddressPolicy().check("mixed.test", ["8.8.8.8", "10.0.0.7"])
    assert caught.value.kind == "blocked-address" and "10.0.0.7" in caught.value.message


def test_loopback_is_refused_without_connecting_when_not_allowed(site: LocalSite) -> None:
    site.route("/", "<p>local</p>")
    error = fetch_error(site.url("/"), fast_settings(**NO_LOOPBACK))
    assert error.kind == "blocked-address" and "loopback" in error.message
    assert "RIPTIDE_FETCH_ALLOW_LOOPBACK" in error.message
    assert site.connections == 0


@pytest.mark.parametrize("notation", ["2130706433", "0x7f000001", "0x7f.1", "127.1", "[::ffff:7f00:1]"])
def test_loopback_in_odd_notations_is_refused(site: LocalSite, notation: str) -> None:
    error = fetch_error(site.url("/", host=notation), fast_settings(**NO_LOOPBACK))
    assert error.kind == "blocked-address" and "127.0.0.1" in error.message
    assert site.connections == 0


def test_dotted_octal_is_refused_by_the_url_parser(site: LocalSite) -> None:
    # httpx refuses 4-part dotted forms with leading zeros outright; either way nothing connects
    error = fetch_error(site.url("/", host="0177.0.0.1"), fast_settings(**NO_LOOPBACK))
    assert error.kind == "invalid-url" and site.connections == 0


def test_localhost_is_refused_by_resolving_it(site: LocalSite) -> None:
    error = fetch_error(site.url("/", host="localhost"), fast_settings(**NO_LOOPBACK))
    assert error.kind == "blocked-address" and "localhost resolves to" in error.message
    assert site.connections == 0


def test_localhost_is_fetched_when_loopback_is_allowed(site: LocalSite) -> None:
    site.route("/", "<p>local</p>")
    assert fetch(site.url("/", host="localhost")).html == "<p>local</p>"


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.1/",
        "http://192.168.1.1:8080/admin",
        "http://169.254.169.254/latest/meta-data/",
        "http://0xa9fea9fe/latest/meta-data/",  # the metadata address, in hex
        "http://[fd00::1]/",
        "http://[::ffff:169.254.169.254]/",
        "https://100.64.0.1/",
        "http://0.0.0.0:80/",
    ],
)
def test_private_and_metadata_literals_are_refused_instantly_even_with_loopback_allowed(url: str) -> None:
    started = time.monotonic()
    error = fetch_error(url, fast_settings(fetch_allow_loopback=True, fetch_connect_timeout_secs=5))
    assert error.kind == "blocked-address", error.message
    assert time.monotonic() - started < 0.5  # no connection was even attempted


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "ftp://example.com/", "gopher://127.0.0.1:70/", "javascript:alert(1)", "//host/"],
)
def test_non_http_schemes_are_refused(url: str) -> None:
    error = fetch_error(url)
    assert error.kind == "invalid-url" and not error.retryable


def test_urls_with_credentials_are_refused(site: LocalSite) -> None:
    error = fetch_error(f"http://trusted.example@127.0.0.1:{site.port}/")
    assert error.kind == "invalid-url" and "credentials" in error.message
    assert site.connections == 0


def test_dns_rebinding_is_caught_at_connect_time(site: LocalSite) -> None:
    """The name passes the early check (public address), then resolves to loopback at connect."""
    answers = iter([["93.184.215.14"], ["127.0.0.1"]])

    async def rebinding_resolver(host: str, port: int) -> list[str]:
        return next(answers)

    async def go() -> FetchError:
        settings = fast_settings(fetch_allow_loopback=False, fetch_respect_robots=False)
        async with Fetcher(settings, resolver=rebinding_resolver) as fetcher:
            with pytest.raises(FetchError) as caught:
                await fetcher.fetch(f"http://rebind.test:{site.port}/")
            assert fetcher.stats()["blocked-address"] == 1
            return caught.value

    error = run(go())
    assert error.kind == "blocked-address" and "rebind.test resolves to 127.0.0.1" in error.message
    assert error.url == f"http://rebind.test:{site.port}/"
    assert site.connections == 0


def test_unresolvable_name_is_a_dns_error() -> None:
    async def nowhere(host: str, port: int) -> list[str]:
        raise FetchError(f"could not resolve host {host!r}: Name or service not known", host, kind="dns")

    async def go() -> FetchError:
        async with Fetcher(fast_settings(), resolver=nowhere) as fetcher:
            with pytest.raises(FetchError) as caught:
                await fetcher.fetch("http://no-such-host.test/")
            return caught.value

    error = run(go())
    assert error.kind == "dns" and error.url == "http://no-such-host.test/"
