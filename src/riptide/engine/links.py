"""The hyperlinks of a subtree, as ``Link`` records.

Rules (why: consumers crawl or cite these, so one record per followable target):

- only absolute http(s) targets (``resolve_url``): ``javascript:``, ``mailto:``, ``tel:`` and
  in-page ``#anchors`` are left out;
- the fragment is dropped from the URL and records are de-duplicated on what remains, since
  ``/a#x`` and ``/a#y`` fetch the same document; the first occurrence keeps its place and rel
  flags, and its text unless that is empty, in which case the first non-empty text is taken;
- the text is the visible anchor text, whitespace-collapsed; for image-only links it falls back
  to ``aria-label``, then the image's ``alt``, then ``title``;
- rel is a token list (``rel="nofollow noopener"``), matched case-insensitively.
"""

from __future__ import annotations

from collections.abc import Iterable

from .dom import TEXT_CONTENT_SKIP, Document, Element
from .media import SKIPPED_TAGS, elements_outside
from .result import Link
from .urls import http_origin, resolve_url

#: Elements that carry a hyperlink in ``href``.
LINK_TAGS = frozenset({"a", "area"})


def collect_links(root: Element, base_url: str) -> list[Link]:
    """Links under ``root`` in document order, one per fragment-less URL (rules: module doc)."""
    return links_of(elements_outside(root, LINK_TAGS, SKIPPED_TAGS), base_url)


def collect_page_links(doc: Document, base_url: str) -> list[Link]:
    """``collect_links(doc.body, base_url)`` of a tree still as parsed, without walking it.

    The parser lists every ``<a>``/``<area>`` in document order (``Document.link_elements``),
    all of them in the body (they open it), none inside a script or style (raw text): only a
    ``<template>`` can hide some, and a page with one is walked. Why: the links of the whole
    page are metadata mode's largest cost, and the walk was most of it.
    """
    if any(element.tag == "template" for element in doc.body_elements):
        return collect_links(doc.body, base_url)
    return links_of([node for node in doc.link_elements if node.tag in LINK_TAGS], base_url)


def links_of(anchors: Iterable[Element], base_url: str) -> list[Link]:
    """The link records of ``anchors`` (link elements in document order, as ``collect_links``
    finds them). ``_links_python``; inside the component its loop runs in C (``_fastpass.collect_links``,
    csrc/fastpass/links.c), which resolves the plain hrefs itself and calls back the helpers
    below for the rest. Why: on link-heavy pages each link cost ~45k wasm instructions there,
    half of them resolving an href as plain as "/t/1"."""
    if _collect_links_c is not None:
        return _collect_links_c(anchors, base_url, http_origin(base_url))  # type: ignore[no-any-return]
    return _links_python(anchors, base_url)


def _links_python(anchors: Iterable[Element], base_url: str) -> list[Link]:
    """The link records of ``anchors`` (rules: module doc); the statement of the C loop's rules."""
    links: list[Link] = []
    by_url: dict[str, Link] = {}
    for node in anchors:
        attrs = node.attrs
        href = attrs.get("href")
        if not href:
            continue
        url = resolve_url(href, base_url)
        if url is None:
            continue
        if "#" in url:
            url = url.split("#", 1)[0]
        known = by_url.get(url)
        if known is not None:
            if not known.text:
                known.text = _anchor_text(node)
            continue
        link = _link(url, node, attrs)
        by_url[url] = link
        links.append(link)
    return links


def _link(url: str, anchor: Element, attrs: dict[str, str]) -> Link:
    text = _anchor_text(anchor)
    rel_value = attrs.get("rel")
    hreflang = attrs.get("hreflang")
    hreflang = hreflang.strip() if hreflang else None
    if not rel_value:  # most links: no rel to split
        return Link(url, text, False, False, False, hreflang or None)
    rel = rel_value.lower().split()
    return Link(url, text, "nofollow" in rel, "ugc" in rel, "sponsored" in rel, hreflang or None)


def _anchor_text(anchor: Element) -> str:
    text = anchor.text()
    if text:
        return text
    attrs = anchor.attrs
    label = attrs.get("aria-label", "").strip()
    if label:
        return " ".join(label.split())
    img = anchor.find("img")
    if img is not None:
        alt = " ".join(img.attrs.get("alt", "").split())
        if alt:
            return alt
    return " ".join(attrs.get("title", "").split())


try:  # the C copy of _links_python's loop: compiled into the guest component only
    from . import _fastscan  # type: ignore[attr-defined]  # its text() is what Element.text runs
    from ._fastpass import collect_links as _collect_links_c  # type: ignore[import-not-found]
    from ._fastpass import configure_links as _configure_c
except ImportError:
    _collect_links_c = None
else:
    _configure_c(Element, Link, resolve_url, _link, _anchor_text, _fastscan.text, TEXT_CONTENT_SKIP)
