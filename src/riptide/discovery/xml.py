"""URLs listed in XML: sitemaps (``urlset``), sitemap indexes (``sitemapindex``), RSS and Atom.

Sitemaps and feeds come from the sites being crawled, so they are untrusted, and the host reads
them itself (the sandbox is for HTML). They are parsed by defusedxml's parser (no DTDs, entities
or external references: no billion laughs, no XXE), after gzip is undone under ``MAX_XML_BYTES``
(a small .gz can expand enormously), as a stream: no tree is built and only the URLs are kept.
Reading stops, keeping the URLs before the stop and saying why in ``XmlLinks.problem``, at the
first URL past ``MAX_URLS_PER_DOCUMENT`` (the sitemap protocol's own limit), at malformed XML past
the root element, and at the limits below that bound what a hostile document costs the host.

Why: read as a tree, 50 MB of nested ``<a>`` took 27 s and 4.6 GB in the host, 50 MB of ``<a/>``
12-18 s and 1.1 GB, and one tag of 4 million attributes 15 s and 0.7 GB (2026-12-07,
``benchmarks/hostile_sitemaps.py``); expat itself keeps every open element, every distinct name
and every attribute of a tag, so the limits are checked as the stream goes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError as XmlParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from ..errors import DiscoveryError, FetchError
from ..fetch.body import BodyReader

#: Largest sitemap or feed accepted, after gzip (the sitemap protocol allows 50 MB).
MAX_XML_BYTES = 50 * 1024 * 1024
#: URLs taken from one document (the sitemap protocol's limit per file).
MAX_URLS_PER_DOCUMENT = 50_000
#: How deep a document may nest elements. Sitemaps and feeds nest 3-5 deep, an Atom entry's
#: XHTML content some more; expat keeps each open element (50 MB of nested ``<a>``: ~0.9 GB).
MAX_XML_DEPTH = 100
#: Distinct element and attribute names one document may use. Sitemaps and feeds use a few
#: dozen; expat keeps each name it has seen (4 million distinct names: ~0.6 GB).
MAX_XML_NAMES = 1_000
#: Elements read from one document: 40 per URL it may list (a URL with its dates, images,
#: videos and language alternates). Reading takes ~1 us per element, so this is ~2 s of the
#: host's CPU; 50 MB of ``<a/>`` holds 13 million.
MAX_XML_ELEMENTS = 40 * MAX_URLS_PER_DOCUMENT
#: Elements read since the last URL kept (or the start). A sitemap entry holds at most ~6,000 (its
#: 1,000 images, the protocol's limit, with their captions and titles); 20,000 without a URL is
#: no listing, and stops the reading after ~20 ms instead of seconds.
MAX_ELEMENTS_WITHOUT_URL = 20_000
#: Attributes one element may have. The parser reads a start tag's attributes all at once,
#: ~1.8 us and ~225 bytes each (one tag with 4 million: 7 s and 0.9 GB), before any limit above
#: can be checked; so the document is searched for such a tag first, and read only up to it.
MAX_XML_ATTRIBUTES = 100
#: A start tag with more than ``MAX_XML_ATTRIBUTES`` attributes. Linear: a try starts at a "<"
#: and reads no further than the next "<" (which an attribute value cannot hold), and its
#: quantifiers are possessive, so it never reads a stretch twice (a greedy name read 64 KB of
#: "c" back one at a time: 1.7 s for 50 MB of comment).
CROWDED_TAG = re.compile(
    rb"<[^\s<>/?!][^\s<>/]*+(?:\s++[^\s<>=]++\s*+=\s*+(?:\"[^\"<]*+\"|'[^'<]*+')){%d}"
    % (MAX_XML_ATTRIBUTES + 1)
)
#: Bytes first handed to the parser (up to the next "<"); each later chunk is ``FEED_GROWTH``
#: times the last.
FEED_CHUNK = 64 * 1024
FEED_GROWTH = 4
#: Content types a sitemap or feed is served with (servers vary; .gz files are often binary).
XML_TYPES = (
    "application/xml",
    "text/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/x-gzip",
    "application/gzip",
    "application/octet-stream",
    "text/plain",
)
GZIP_MAGIC = b"\x1f\x8b"


@dataclass
class XmlLinks:
    """What one document lists: pages, and (for an index) further sitemaps."""

    pages: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    #: Why reading stopped before the document's end (the URLs before the stop are kept), or None.
    problem: str | None = None


@dataclass(frozen=True)
class _Listing:
    """Where one kind of document lists its URLs: under the root, each item (found at ``items``,
    the local names from the root's child down) gives the text of its first ``field`` child
    holding any, or (Atom) the ``href`` of its first alternate ``link``."""

    items: tuple[str, ...]
    field: str
    into: str  # the XmlLinks list: "pages" or "sitemaps"
    by_href: bool = False


#: Each root element read, by its local name.
LISTINGS = {
    "urlset": _Listing(("url",), "loc", "pages"),
    "sitemapindex": _Listing(("sitemap",), "loc", "sitemaps"),
    "rss": _Listing(("channel", "item"), "link", "pages"),
    "feed": _Listing(("entry",), "link", "pages", by_href=True),
}


class _Stop(Exception):
    """Raised from the parser's target to stop reading (``XmlLinks.problem`` says why)."""


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


class _UrlReader:
    """The parser's target: follows the open elements' local names and keeps each item's URL.

    The field's text is what ElementTree's ``.text`` was when a tree was walked: what ``data``
    delivers between the field's start and its first child's, stripped. ``matched`` counts the
    open elements below the root that follow the listing's item path, so no path is compared.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self.found = XmlLinks()
        self.listing = _Listing((), "", "pages")  # set by the root
        self.urls: list[str] = []
        self.names: dict[str, str] = {}  # each element and attribute name seen -> its local name
        self.elements = 0
        self.elements_at_url = 0  # elements read when the last URL was kept
        self.level = 0  # open elements below the root
        self.matched = -1  # of them, how many follow listing.items (-1: the root is not open yet)
        self.item_done = False  # the open item has given its URL
        self.text: list[str] | None = None  # the open field's text, until its first child

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        self.elements += 1
        if self.elements - self.elements_at_url > MAX_ELEMENTS_WITHOUT_URL:
            self.stop(f"holds more than {MAX_ELEMENTS_WITHOUT_URL:,} elements in a row without a URL")
        if self.elements > MAX_XML_ELEMENTS:
            self.stop(f"holds more than {MAX_XML_ELEMENTS:,} elements")
        local = self.names.get(tag)
        if local is None or attrs:
            local = self._learn(tag, attrs)
        if self.matched < 0:
            self._read_root(local)
            return
        if self.text is not None:  # the field's first child: its text is what came before
            self._keep_text()
        self.level += 1
        level, matched, items = self.level, self.matched, self.listing.items
        if level > MAX_XML_DEPTH - 1:
            self.stop(f"nests elements more than {MAX_XML_DEPTH} deep")
        if matched != level - 1:
            return
        if level <= len(items):
            if local == items[level - 1]:
                self.matched = level
                self.item_done = False  # a new item once level == len(items)
        elif local == self.listing.field and not self.item_done:
            if not self.listing.by_href:
                self.text = []
            elif attrs.get("rel", "alternate") == "alternate" and attrs.get("href"):
                self._keep(attrs["href"])

    def data(self, text: str) -> None:
        if self.text is not None:
            self.text.append(text)

    def end(self, tag: str) -> None:
        if self.text is not None:
            self._keep_text()
        if self.matched == self.level:
            self.matched -= 1
        self.level -= 1

    def _keep_text(self) -> None:
        kept = "".join(self.text or ()).strip()
        self.text = None
        if kept:
            self._keep(kept)

    def _learn(self, tag: str, attrs: dict[str, str]) -> str:
        """Note the new names of an element (and its attributes), within ``MAX_XML_NAMES``."""
        names = self.names
        for name in (tag, *attrs):
            if name not in names:
                if len(names) == MAX_XML_NAMES:
                    self.stop(f"uses more than {MAX_XML_NAMES:,} element and attribute names")
                names[name] = _local(name)
        return names[tag]

    def _read_root(self, kind: str) -> None:
        if kind not in LISTINGS:
            raise DiscoveryError(
                f"{self.url} is XML but no sitemap or feed (root element <{kind}>)", self.url
            )
        self.listing = LISTINGS[kind]
        self.urls = getattr(self.found, self.listing.into)
        self.matched = 0

    def _keep(self, url: str) -> None:
        self.item_done = True
        self.elements_at_url = self.elements
        if len(self.urls) == MAX_URLS_PER_DOCUMENT:
            self.stop(f"lists more than {MAX_URLS_PER_DOCUMENT:,} URLs (the sitemap protocol's limit)")
        self.urls.append(url)

    @property
    def root_read(self) -> bool:
        return self.matched >= 0

    def stopped_at(self, why: str) -> str:
        return f"{self.url} {why}; reading stopped there, the {len(self.urls):,} URLs before were kept"

    def stop(self, why: str) -> None:
        self.found.problem = self.stopped_at(why)
        raise _Stop


def gunzip(body: bytes, url: str) -> bytes:
    """``body`` un-gzipped when it is gzip (by its magic bytes), under ``MAX_XML_BYTES``."""
    if not body.startswith(GZIP_MAGIC):
        return body
    reader = BodyReader(url, MAX_XML_BYTES, "gzip")
    try:
        reader.feed(body)
        return reader.body()
    except FetchError as error:
        raise DiscoveryError(f"sitemap {url}: {error.message}", url) from None


def _feed(parser: DefusedXMLParser, reader: _UrlReader, data: bytes) -> None:
    """Hand ``data`` to ``parser`` in chunks, each ending before a "<" and searched for a crowded
    tag first (a tag cannot span two chunks, so none is missed); stop before one.

    Each chunk is ``FEED_GROWTH`` times the last: expat reads a comment or processing instruction
    again from its start at every chunk until it ends (50 MB of comment in 64 KB chunks took
    16 s), so growing chunks keep what it reads again within a third of the document, and a stop
    on a small document still comes early.
    """
    start, size = 0, FEED_CHUNK
    view = memoryview(data)  # chunks without copies
    while start < len(data):
        end = data.find(b"<", start + size)
        end = len(data) if end < 0 else end
        crowded = CROWDED_TAG.search(data, start, end)
        parser.feed(view[start : end if crowded is None else crowded.start()])
        if crowded is not None:
            reader.stop(f"has an element with more than {MAX_XML_ATTRIBUTES} attributes")
        start, size = end, size * FEED_GROWTH
    parser.close()


def parse_xml_links(body: bytes, url: str) -> XmlLinks:
    """The URLs of a sitemap, sitemap index, RSS or Atom document; ``DiscoveryError`` when it is
    none of these, unsafe, or malformed before its root element. CPU-bound (up to ~3.3 s for
    50 MB): async callers run it in a thread."""
    data = gunzip(body, url)
    if len(data) > MAX_XML_BYTES:
        raise DiscoveryError(f"sitemap {url} is larger than {MAX_XML_BYTES} bytes", url)
    reader = _UrlReader(url)
    parser = DefusedXMLParser(target=reader, forbid_dtd=True)
    try:
        _feed(parser, reader, data)
    except _Stop:
        pass
    except DefusedXmlException as error:
        raise DiscoveryError(f"{url} is unsafe XML and was not read ({type(error).__name__})", url) from None
    except XmlParseError as error:
        if not reader.root_read:  # not even a root element: nothing was listed
            raise DiscoveryError(f"{url} is not well-formed XML ({error})", url) from None
        reader.found.problem = reader.stopped_at(f"is not well-formed XML ({error})")
    return reader.found
