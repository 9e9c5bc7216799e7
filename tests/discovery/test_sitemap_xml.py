"""Sitemaps and feeds read as a stream (``riptide.discovery.xml``): what each kind lists, what is
refused, and the limits that keep a hostile document's cost in the host bounded, each tested on
both sides of its boundary. The documents are real bytes through the real parser."""

from __future__ import annotations

import gzip
import random
import subprocess
import sys
import textwrap
from typing import Any
from xml.etree.ElementTree import ParseError as XmlParseError

import defusedxml.ElementTree as DefusedET
import pytest
from defusedxml import DefusedXmlException

from riptide.discovery.xml import (
    FEED_CHUNK,
    MAX_ELEMENTS_WITHOUT_URL,
    MAX_URLS_PER_DOCUMENT,
    MAX_XML_ATTRIBUTES,
    MAX_XML_DEPTH,
    MAX_XML_ELEMENTS,
    MAX_XML_NAMES,
    parse_xml_links,
)
from riptide.errors import DiscoveryError

URL = "https://example.com/sitemap.xml"
SITEMAP_NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def urlset(*entries: str) -> bytes:
    return f'<?xml version="1.0" encoding="UTF-8"?><urlset {SITEMAP_NS}>{"".join(entries)}</urlset>'.encode()


def entry(n: int) -> str:
    return f"<url><loc>https://example.com/p/{n}</loc></url>"


def pages(count: int) -> list[str]:
    return [f"https://example.com/p/{n}" for n in range(count)]


# -- what each kind of document lists ---------------------------------------------------------------
def test_a_sitemap_lists_each_urls_first_loc_with_text() -> None:
    body = urlset(
        entry(0),
        "<url><loc>  </loc><loc>\n https://example.com/p/1 \n</loc><loc>https://example.com/x</loc></url>",
        "<url><lastmod>2026-01-01</lastmod></url>",  # no loc: nothing
        "<url><loc>https://example.com/p/2<b>child</b>tail</loc></url>",  # the text before a child
        "<other><loc>https://example.com/not-an-entry</loc></other>",
        "<url><extra><loc>https://example.com/too-deep</loc></extra></url>",
    )
    found = parse_xml_links(body, URL)
    assert found.pages == pages(3)
    assert found.sitemaps == [] and found.problem is None


def test_a_sitemap_index_lists_sitemaps_and_gzip_is_undone() -> None:
    body = (
        f"<sitemapindex {SITEMAP_NS}><sitemap><loc>https://example.com/a.xml.gz</loc></sitemap>"
        "<!-- a comment --><sitemap><loc>https://example.com/<!-- split -->b.xml</loc></sitemap>"
        "</sitemapindex>"
    ).encode()
    found = parse_xml_links(gzip.compress(body), URL)
    assert found.sitemaps == ["https://example.com/a.xml.gz", "https://example.com/b.xml"]
    assert found.pages == []


def test_rss_lists_each_items_link_and_atom_each_entrys_alternate_link() -> None:
    rss = (
        b'<rss version="2.0"><channel><title>t</title><link>https://example.com/</link>'
        b"<item><title>a</title><link>https://example.com/a</link></item>"
        b"<item><link>https://example.com/b</link><link>https://example.com/b2</link></item>"
        b"</channel></rss>"
    )
    assert parse_xml_links(rss, URL).pages == ["https://example.com/a", "https://example.com/b"]
    atom = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><link href="https://example.com/feed" rel="self"/>'
        b'<entry><link rel="self" href="https://example.com/self"/><link href="https://example.com/a"/></entry>'
        b'<entry><link rel="alternate" href=""/><link rel="alternate" href="https://example.com/b"/></entry>'
        b'<entry><link rel="enclosure" href="https://example.com/c.mp3"/></entry>'
        b"</feed>"
    )
    assert parse_xml_links(atom, URL).pages == ["https://example.com/a", "https://example.com/b"]


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (b"", "not well-formed"),
        (b"\x00\xff\xfe binary", "not well-formed"),
        (b"<html><body><p>a page</p></body></html>", "no sitemap or feed (root element <html>)"),
        (
            b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]>'
            b"<urlset><url><loc>&lol;</loc></url></urlset>",
            "unsafe XML and was not read (DTDForbidden)",
        ),
        (b"\x1f\x8b" + b"not deflate" * 8, "could not be decoded"),
        (gzip.compress(urlset(entry(0)))[:40], "not well-formed"),
    ],
    ids=["empty", "binary", "a-page", "dtd-and-entities", "corrupt-gzip", "cut-gzip"],
)
def test_what_is_no_listing_is_refused_saying_why(body: bytes, says: str) -> None:
    with pytest.raises(DiscoveryError) as raised:
        parse_xml_links(body, URL)
    assert says in raised.value.message
    assert raised.value.kind == "invalid-sitemap" and raised.value.url == URL


def test_a_listing_cut_short_keeps_what_it_listed() -> None:
    """Past a sitemap's or feed's root, malformed XML ends the reading like a limit does: a listing
    cut off in transfer (or broken halfway) still gives the URLs before the break."""
    found = parse_xml_links(urlset(entry(0), entry(1), "<url><loc>https://example.com/p/2</url>"), URL)
    assert found.pages == pages(2)
    assert found.problem is not None
    assert found.problem.startswith(f"{URL} is not well-formed XML (mismatched tag: line 1, column ")
    assert found.problem.endswith("; reading stopped there, the 2 URLs before were kept")
    whole = gzip.compress(urlset(*map(entry, range(3000))))
    cut = parse_xml_links(whole[: len(whole) // 2], URL)
    assert 0 < len(cut.pages) < 3000 and cut.pages == pages(len(cut.pages))
    assert cut.problem is not None and "is not well-formed XML (" in cut.problem


def test_the_root_is_judged_before_the_rest_is_read() -> None:
    """A 50 MB page that is no listing is refused at its first element, whatever follows."""
    body = b"<html>" + b"<p>" * (10 * 1024 * 1024)
    with pytest.raises(DiscoveryError, match=r"root element <html>"):
        parse_xml_links(body, URL)


# -- the limits: reading stops, what came before is kept, and the problem says why ------------------
def test_at_most_the_protocols_50000_urls_are_kept() -> None:
    exactly = parse_xml_links(urlset(*map(entry, range(MAX_URLS_PER_DOCUMENT))), URL)
    assert len(exactly.pages) == MAX_URLS_PER_DOCUMENT and exactly.problem is None
    over = parse_xml_links(urlset(*map(entry, range(MAX_URLS_PER_DOCUMENT + 1))), URL)
    assert over.pages == pages(MAX_URLS_PER_DOCUMENT)
    assert over.problem == (
        f"{URL} lists more than 50,000 URLs (the sitemap protocol's limit); "
        "reading stopped there, the 50,000 URLs before were kept"
    )


def nested(depth: int) -> str:
    """``depth`` levels of elements in all, the root counted, below a urlset's first two entries."""
    below = depth - 1
    return "<a>" * below + "</a>" * below


def test_nesting_deeper_than_the_limit_stops_the_reading() -> None:
    assert parse_xml_links(urlset(entry(0), nested(MAX_XML_DEPTH), entry(1)), URL).pages == pages(2)
    found = parse_xml_links(urlset(entry(0), entry(1), nested(MAX_XML_DEPTH + 1), entry(2)), URL)
    assert found.pages == pages(2)
    assert found.problem is not None and "nests elements more than 100 deep" in found.problem
    assert "the 2 URLs before were kept" in found.problem


def test_more_distinct_names_than_the_limit_stop_the_reading() -> None:
    used = 2  # urlset, url: loc is the third
    room = MAX_XML_NAMES - used - 1
    fits = "".join(f"<n{i}/>" for i in range(room))
    assert parse_xml_links(urlset(entry(0), fits, entry(1)), URL).pages == pages(2)
    over = "".join(f"<n{i}/>" for i in range(room - 1)) + '<n x="1"/>'  # the 1,001st name: x
    found = parse_xml_links(urlset(entry(0), over, entry(1)), URL)
    assert found.pages == pages(1)
    assert found.problem is not None and "uses more than 1,000 element and attribute names" in found.problem


def test_a_long_run_of_elements_without_a_url_stops_the_reading() -> None:
    # the run after entry(0)'s loc: the filler, then entry(1)'s url and loc
    fits = "<a/>" * (MAX_ELEMENTS_WITHOUT_URL - 2)
    assert parse_xml_links(urlset(entry(0), fits, entry(1)), URL).pages == pages(2)
    found = parse_xml_links(urlset(entry(0), fits + "<a/>", entry(1)), URL)
    assert found.pages == pages(1)
    assert found.problem is not None and "20,000 elements in a row without a URL" in found.problem


def test_all_elements_of_one_document_are_bounded() -> None:
    """Entries dense enough never to trip the run limit still stop at ``MAX_XML_ELEMENTS``: the
    last entry's loc is element 3 + lead + count * per_entry (the root is 1), the limit's own
    element or the first over it."""
    per_entry = MAX_ELEMENTS_WITHOUT_URL - 1  # url, loc, filler
    count = (MAX_XML_ELEMENTS - 3) // per_entry
    filler = "<a/>" * (per_entry - 2)
    for lead, kept in (
        (MAX_XML_ELEMENTS - 3 - count * per_entry, count + 1),
        (MAX_XML_ELEMENTS - 2 - count * per_entry, count),
    ):
        entries = [entry(n) + filler for n in range(count)]
        found = parse_xml_links(urlset("<a/>" * lead, *entries, entry(count)), URL)
        assert found.pages == pages(kept)
        assert (found.problem is not None) is (kept == count)
    assert found.problem is not None and "holds more than 2,000,000 elements" in found.problem


def crowded(attributes: int) -> str:
    return "<a " + " ".join(f'x{i}="v"' for i in range(attributes)) + "/>"


def test_an_element_with_too_many_attributes_is_not_handed_to_the_parser() -> None:
    assert parse_xml_links(urlset(entry(0), crowded(MAX_XML_ATTRIBUTES), entry(1)), URL).pages == pages(2)
    found = parse_xml_links(urlset(entry(0), crowded(MAX_XML_ATTRIBUTES + 1), entry(1)), URL)
    assert found.pages == pages(1)
    assert found.problem is not None and "has an element with more than 100 attributes" in found.problem
    # single quotes, spaces around "=", and a ">" in a value (legal in XML) do not hide one
    sneaky = "<a " + " ".join(f"x{i} = '>'" for i in range(MAX_XML_ATTRIBUTES + 1)) + "/>"
    assert "100 attributes" in (parse_xml_links(urlset(entry(0), sneaky), URL).problem or "")


def test_a_tag_across_the_first_chunks_end_is_searched_whole() -> None:
    """Chunks end before a "<", so a crowded tag that starts just before ``FEED_CHUNK`` bytes and
    ends after them is searched in one piece (split at the byte, neither half holds 101)."""
    start = urlset(entry(0)).split(b"</urlset>")[0].decode()
    padding = "<!--" + "p" * (FEED_CHUNK - 50 - len(start) - 7) + "-->"
    for attributes, kept in ((MAX_XML_ATTRIBUTES, 2), (MAX_XML_ATTRIBUTES + 1, 1)):
        tag = crowded(attributes)
        assert len(start) + len(padding) < FEED_CHUNK < len(start) + len(padding) + len(tag)
        found = parse_xml_links(urlset(entry(0), padding, tag, entry(1)), URL)
        assert found.pages == pages(kept)
        assert (found.problem is not None) is (kept == 1)


def read_as_a_tree(body: bytes) -> tuple[list[str], list[str]] | None:
    """What the stream must find: the tree walk it replaced (ElementTree's ``.text`` and direct
    children), on the same defused parser. None for a document that is refused."""
    try:
        root = DefusedET.fromstring(body, forbid_dtd=True)
    except (DefusedXmlException, XmlParseError):
        return None

    def local(tag: object) -> str:
        return (tag if isinstance(tag, str) else "").rsplit("}", 1)[-1].lower()

    def children(node: Any, name: str) -> list[Any]:
        return [child for child in node if local(child.tag) == name]

    def text_of(node: Any, name: str) -> str | None:
        return next((c.text.strip() for c in children(node, name) if c.text and c.text.strip()), None)

    def href_of(entry: Any) -> str | None:
        links = children(entry, "link")
        return next(
            (
                link.get("href")
                for link in links
                if link.get("rel", "alternate") == "alternate" and link.get("href")
            ),
            None,
        )

    kind = local(root.tag)
    if kind == "urlset":
        return [u for item in children(root, "url") if (u := text_of(item, "loc"))], []
    if kind == "sitemapindex":
        return [], [u for item in children(root, "sitemap") if (u := text_of(item, "loc"))]
    if kind == "rss":
        items = [item for channel in children(root, "channel") for item in children(channel, "item")]
        return [u for item in items if (u := text_of(item, "link"))], []
    if kind == "feed":
        return [u for entry in children(root, "entry") if (u := href_of(entry))], []
    return None


LISTING_PATHS = {
    "urlset": ("url", "loc"),
    "sitemapindex": ("sitemap", "loc"),
    "rss": ("channel", "item", "link"),
    "feed": ("entry", "link"),
}
TEXTS = (
    "",
    " ",
    "\n ",
    "https://e.com/1",
    " https://e.com/a ",
    "&amp;q",
    "<!--c-->",
    "<![CDATA[ https://e.com/c ]]>",
    "<?pi x?>",
    "x<b/>y",
)


def random_listing(rng: random.Random) -> bytes:
    """A listing of one kind, its elements mostly where they belong, with noise and stray names."""
    root = rng.choice(list(LISTING_PATHS))
    path = LISTING_PATHS[root]

    def attrs() -> str:
        rel = f' rel="{rng.choice(("alternate", "self", ""))}"' if rng.random() < 0.5 else ""
        href = (
            f' href="{rng.choice(("", f"https://e.com/h{rng.randrange(50)}"))}"' if rng.random() < 0.7 else ""
        )
        return rel + href

    def level(i: int) -> str:
        name = path[i] if rng.random() < 0.85 else rng.choice(("x", path[i].upper(), "link", "loc"))
        if i == len(path) - 1:
            inner = rng.choice(TEXTS) + (level(i) if rng.random() < 0.1 else "") + rng.choice(TEXTS)
        else:
            inner = "".join(rng.choice(TEXTS) + level(i + 1) for _ in range(rng.randrange(5)))
        return f"<{name}{attrs()}>{inner}</{name}>"

    namespace = rng.choice(("", f" {SITEMAP_NS}", ' xmlns="http://www.w3.org/2005/Atom"'))
    body = "".join(rng.choice(TEXTS) + level(0) for _ in range(rng.randrange(5)))
    return f"<{root}{namespace}>{body}</{root}>".encode()


def test_the_stream_finds_what_the_tree_walk_found() -> None:
    rng = random.Random(12)
    found_some = 0
    for _ in range(3000):
        body = random_listing(rng)
        expected = read_as_a_tree(body)
        found = parse_xml_links(body, URL)
        assert expected == (found.pages, found.sitemaps), body
        found_some += bool(found.pages or found.sitemaps)
    assert found_some > 1000  # the generator makes listings, not only noise


HOSTILE_PEAK = """
import resource, sys
from riptide.discovery.xml import parse_xml_links
body = {body}
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
found = parse_xml_links(body, "https://example.com/s.xml")
grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
print(grown // 1024, found.problem)
"""


@pytest.mark.parametrize(
    "body",
    [
        'b"<urlset>" + b"<a>" * (3 << 20)',  # nested: the parser keeps each open element
        'b"<urlset>" + b"".join(b"<n%d/>" % i for i in range(400_000))',  # distinct names
        'b"<urlset><a " + b"".join(b"x%d=\\"\\" " % i for i in range(400_000)) + b"/>"',  # attributes
        'b"<urlset>" + b"<a/>" * (3 << 20)',  # elements
    ],
    ids=["nested", "names", "attributes", "elements"],
)
def test_a_hostile_document_costs_the_host_no_memory_to_speak_of(body: str) -> None:
    """In a fresh process, reading grows the peak RSS by under 32 MB; read as a tree these took
    850, 88, 92 and 270 MB (``benchmarks/hostile_sitemaps.py`` prints the figures for 50 MB)."""
    script = textwrap.dedent(HOSTILE_PEAK).format(body=body)
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    grown_mb, problem = done.stdout.split(" ", 1)
    assert "reading stopped there" in problem
    assert int(grown_mb) < 32, done.stdout
