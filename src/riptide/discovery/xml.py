"""URLs listed in XML: sitemaps (``urlset``), sitemap indexes (``sitemapindex``), RSS and Atom.

Sitemaps and feeds come from the sites being crawled, so they are untrusted: they are parsed
with defusedxml (no DTDs, entities or external references: no billion laughs, no XXE), after
gzip is undone under ``MAX_XML_BYTES`` (a small .gz can expand enormously), and at most
``MAX_URLS_PER_DOCUMENT`` URLs are taken from one document (the sitemap protocol's own limit).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.etree.ElementTree import Element
from xml.etree.ElementTree import ParseError as XmlParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from ..errors import DiscoveryError, FetchError
from ..fetch.body import BodyReader

#: Largest sitemap or feed accepted, after gzip (the sitemap protocol allows 50 MB).
MAX_XML_BYTES = 50 * 1024 * 1024
#: URLs taken from one document (the sitemap protocol's limit per file).
MAX_URLS_PER_DOCUMENT = 50_000
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


def _local(tag: object) -> str:
    text = tag if isinstance(tag, str) else ""
    return text.rsplit("}", 1)[-1].lower()


def _children(node: Element, name: str) -> list[Element]:
    return [child for child in node if _local(child.tag) == name]


def _text_of(node: Element, name: str) -> str | None:
    for child in _children(node, name):
        if child.text and child.text.strip():
            return child.text.strip()
    return None


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


def parse_xml_links(body: bytes, url: str) -> XmlLinks:
    """The URLs of a sitemap, sitemap index, RSS or Atom document; ``DiscoveryError`` otherwise."""
    data = gunzip(body, url)
    if len(data) > MAX_XML_BYTES:
        raise DiscoveryError(f"sitemap {url} is larger than {MAX_XML_BYTES} bytes", url)
    try:
        root = fromstring(data, forbid_dtd=True)
    except DefusedXmlException as error:
        raise DiscoveryError(f"{url} is unsafe XML and was not read ({type(error).__name__})", url) from None
    except XmlParseError as error:
        raise DiscoveryError(f"{url} is not well-formed XML ({error})", url) from None
    kind = _local(root.tag)
    found = XmlLinks()
    if kind == "urlset":
        found.pages = [loc for item in _children(root, "url") if (loc := _text_of(item, "loc"))]
    elif kind == "sitemapindex":
        found.sitemaps = [loc for item in _children(root, "sitemap") if (loc := _text_of(item, "loc"))]
    elif kind == "rss":
        items = [item for channel in _children(root, "channel") for item in _children(channel, "item")]
        found.pages = [link for item in items if (link := _text_of(item, "link"))]
    elif kind == "feed":
        found.pages = [href for entry in _children(root, "entry") if (href := _atom_link(entry))]
    else:
        raise DiscoveryError(f"{url} is XML but no sitemap or feed (root element <{kind}>)", url)
    found.pages = found.pages[:MAX_URLS_PER_DOCUMENT]
    found.sitemaps = found.sitemaps[:MAX_URLS_PER_DOCUMENT]
    return found


def _atom_link(entry: Element) -> str | None:
    """An Atom entry's page: its ``rel="alternate"`` link (the default rel), else none."""
    for link in _children(entry, "link"):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link.get("href")
    return None
