"""The images, videos and audio a subtree shows, as ``Media`` records.

Also home of the one rule for "which URL is this <img> really showing" (``best_image_url``),
which the Markdown renderer shares so that ``![](…)`` and ``Media.url`` always agree:

1. the largest ``srcset`` candidate (``w`` descriptors beat ``x`` ones; ties keep the first),
   looking at ``data-srcset`` when ``srcset`` is absent and at the ``<source>`` siblings when
   the image sits in a ``<picture>``;
2. else ``src``, unless it is missing or a placeholder (``data:`` URI, ``blank.gif``…) and a
   lazy-load attribute (``data-src``, ``data-original``…) holds the real one;
3. only http(s) survives (``resolve_url``), so ``data:`` images never come out.

Decisions: a ``<video poster>`` is reported as an image after its video (it is usually the
page's still of that video); every distinct ``<source>`` of a video or audio is listed (formats
of one clip differ in URL and consumers may want either); records are de-duplicated by URL and
the first occurrence wins, except that an ``extra_image`` (og:image) is appended only when new.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .dom import Element
from .result import Media
from .urls import resolve_url

#: Attributes lazy-loading scripts keep the real image URL in, most common first.
LAZY_SRC_ATTRS = ("data-src", "data-original", "data-lazy-src", "data-lazy", "data-original-src")
#: Attributes lazy-loading scripts keep the real srcset in.
LAZY_SRCSET_ATTRS = ("data-srcset", "data-lazy-srcset")
#: Images this small (in either dimension, from the attributes) are tracking pixels or spacers.
TRACKING_PIXEL_MAX_SIZE = 1
#: Elements whose src and <source> children are video or audio records (kind = tag).
PLAYABLE_TAGS = frozenset({"video", "audio"})
#: Subtrees whose media and links are not shown to readers.
SKIPPED_TAGS = frozenset({"template", "script", "style"})
#: The elements media records come from.
MEDIA_TAGS = frozenset({"img"}) | PLAYABLE_TAGS
#: How far up from an image we look for the <figure> whose <figcaption> captions it.
FIGURE_SEARCH_DEPTH = 4

#: A ``src`` that only holds the place of a lazily loaded image.
_PLACEHOLDER_SRC = re.compile(
    r"^(?:data:|about:)|(?:blank|spacer|placeholder|transparent|pixel|lazy|loading|1x1|empty)"
    r"[^/]*\.(?:gif|png|svg|jpe?g|webp)(?:[?#]|$)",
    re.I,
)
#: One srcset URL (a run of non-whitespace, leading commas and spaces skipped).
_SRCSET_URL = re.compile(r"[\s,]*(\S+)")
#: A numeric width/height attribute ("640", "640px", "640.5").
_DIMENSION = re.compile(r"\s*(\d+)(?:\.\d*)?\s*(?:px)?\s*$", re.A)


#: The URL each ``<img>`` of one tree shows, for one base URL (``shown_image_url``'s memo).
ImageUrls = dict[Element, str | None]


def collect_media(
    root: Element, base_url: str, extra_image: str | None = None, image_urls: ImageUrls | None = None
) -> list[Media]:
    """Images, videos and audio under ``root`` in document order, one record per URL.

    ``extra_image`` (typically og:image) is appended when no record has its URL yet.
    ``image_urls``: the memo the Markdown rendering of the same tree filled (``shown_image_url``).
    """
    return media_of(_media_elements(root), base_url, extra_image, image_urls)


def media_of(
    elements: Iterable[Element],
    base_url: str,
    extra_image: str | None = None,
    image_urls: ImageUrls | None = None,
) -> list[Media]:
    """``collect_media`` of the media elements under a root (``MEDIA_TAGS`` outside
    ``SKIPPED_TAGS``, in document order) found already."""
    media: list[Media] = []
    seen: set[str] = set()
    captions: dict[int, str | None] = {}

    def add(kind: str, url: str | None, element: Element, alt: str | None = None) -> None:
        if url is None or url in seen:
            return
        seen.add(url)
        attrs = element.attrs
        media.append(
            Media(
                kind=kind,
                url=url,
                alt=alt,
                caption=_figure_caption(element, captions),
                width=_dimension(attrs.get("width")),
                height=_dimension(attrs.get("height")),
            )
        )

    for element in elements:
        tag = element.tag
        if tag == "img":
            url = shown_image_url(element, base_url, image_urls)
            if url is not None:
                alt = " ".join(element.attrs.get("alt", "").split()) or None
                add("image", url, element, alt)
        elif tag in PLAYABLE_TAGS:
            for url in _playable_urls(element, base_url):
                add(tag, url, element)
            poster = element.attrs.get("poster")
            if poster:
                add("image", resolve_url(poster, base_url), element)
    extra_url = resolve_url(extra_image, base_url) if extra_image else None
    if extra_url is not None and extra_url not in seen:
        media.append(Media(kind="image", url=extra_url))
    return media


def _media_elements(root: Element) -> Iterable[Element]:
    """The ``<img>``, ``<video>`` and ``<audio>`` under ``root`` outside ``SKIPPED_TAGS``
    subtrees, in document order (``elements_outside``)."""
    return elements_outside(root, MEDIA_TAGS, SKIPPED_TAGS)


def elements_outside(root: Element, tags: frozenset[str], skipped: frozenset[str]) -> list[Element]:
    """The ``tags`` elements under ``root`` outside ``skipped`` subtrees, in document order:
    ``root.walk(skipped)`` filtered by tag (``collect_links`` asks it too).

    Why not that walk: it hands every element of the content to the caller's loop, which keeps
    ~1 in 40. ``root.iter`` finds the wanted and the skipped elements (in C, inside the
    component); when no skipped element holds an element, nothing is inside one and the walk's
    answer is the elements found. Else (a ``<template>`` of markup) the walk runs.
    """
    found = list(root.iter(*tags, *skipped))
    inside = [element for element in found if element.tag in skipped]
    if not inside:
        return found
    if any(type(child) is Element for element in inside for child in element.children):
        return [element for element in root.walk(skipped) if element.tag in tags]
    return [element for element in found if element.tag not in skipped]


def shown_image_url(img: Element, base_url: str, memo: ImageUrls | None = None) -> str | None:
    """The URL ``img`` is reported and rendered with: None for a tracking pixel
    (``is_tracking_pixel``), else ``best_image_url``.

    ``memo`` (one per tree and base URL) keeps each image's answer: the Markdown renderer and
    ``collect_media`` both ask it of every image of the content, and inside the component the
    srcset parsing and the attribute look-ups cost ~50 µs an image.
    """
    if memo is None:
        return None if is_tracking_pixel(img) else best_image_url(img, base_url)
    url = memo.get(img, _NOT_YET)
    if url is _NOT_YET:
        url = memo[img] = None if is_tracking_pixel(img) else best_image_url(img, base_url)
    return url  # type: ignore[return-value]  # str | None: _NOT_YET was replaced above


#: ``shown_image_url``'s "not in the memo yet" (None is an answer).
_NOT_YET = object()


def best_image_url(img: Element, base_url: str) -> str | None:
    """The absolute URL of the biggest rendition ``img`` can show, or None (rules: module doc)."""
    attrs = img.attrs
    best: str | None = None
    best_key = (-1, 0.0)
    parent = img.parent
    if parent is not None and parent.tag == "picture":
        for source in parent.children:
            if type(source) is Element and source.tag == "source":
                best, best_key = _largest_candidate(_srcset_of(source.attrs), best, best_key)
    best, best_key = _largest_candidate(_srcset_of(attrs), best, best_key)
    if best is not None:
        url = resolve_url(best, base_url)
        if url is not None:
            return url
    src = attrs.get("src", "").strip()
    if not src or _PLACEHOLDER_SRC.search(src):
        for name in LAZY_SRC_ATTRS:
            lazy = attrs.get(name, "").strip()
            if lazy:
                src = lazy
                break
    return resolve_url(src, base_url) if src else None


def is_tracking_pixel(img: Element) -> bool:
    """True when the width or height attribute says the image is at most one pixel."""
    attrs = img.attrs
    for name in ("width", "height"):
        size = _dimension(attrs.get(name))
        if size is not None and size <= TRACKING_PIXEL_MAX_SIZE:
            return True
    return False


def srcset_candidates(srcset: str) -> list[tuple[str, str]]:
    """``(url, descriptor)`` pairs of a srcset, parsed as the HTML standard does.

    A URL is a run of non-whitespace, so commas inside URLs (``w_100,h_50`` image CDNs) are
    kept; a URL that ends in commas has them stripped and no descriptor.
    """
    candidates: list[tuple[str, str]] = []
    pos = 0
    end = len(srcset)
    while pos < end:
        match = _SRCSET_URL.match(srcset, pos)
        if match is None:
            break
        url = match.group(1)
        pos = match.end()
        if url.endswith(","):
            candidates.append((url.rstrip(","), ""))
            continue
        comma = srcset.find(",", pos)
        if comma < 0:
            comma = end
        candidates.append((url, srcset[pos:comma].strip()))
        pos = comma + 1
    return candidates


def _srcset_of(attrs: dict[str, str]) -> str:
    srcset = attrs.get("srcset", "")
    if not srcset.strip():
        for name in LAZY_SRCSET_ATTRS:
            srcset = attrs.get(name, "")
            if srcset.strip():
                break
    return srcset


def _largest_candidate(
    srcset: str, best: str | None, best_key: tuple[int, float]
) -> tuple[str | None, tuple[int, float]]:
    """Fold one srcset into the running best; a ``w`` candidate outranks any ``x`` one."""
    if not srcset:
        return best, best_key
    for url, descriptor in srcset_candidates(srcset):
        if not url or url.startswith("data:"):
            continue
        key = _descriptor_key(descriptor)
        if key > best_key:
            best, best_key = url, key
    return best, best_key


def _descriptor_key(descriptor: str) -> tuple[int, float]:
    """Sort key of one candidate: (1, width) for ``640w``, (0, density) for ``2x`` or none."""
    for token in descriptor.split():
        unit = token[-1:].lower()
        if unit in ("w", "x"):
            try:
                value = float(token[:-1])
            except ValueError:
                continue
            return (1, value) if unit == "w" else (0, value)
    return (0, 1.0)


def _playable_urls(element: Element, base_url: str) -> list[str]:
    """``src`` (or ``data-src``) of a video/audio, then its ``<source>`` children."""
    urls: list[str] = []
    attrs = element.attrs
    src = attrs.get("src") or attrs.get("data-src")
    if src:
        url = resolve_url(src, base_url)
        if url is not None:
            urls.append(url)
    for child in element.children:
        if type(child) is Element and child.tag == "source":
            source_attrs = child.attrs
            src = source_attrs.get("src") or source_attrs.get("data-src")
            if src:
                url = resolve_url(src, base_url)
                if url is not None:
                    urls.append(url)
    return urls


def _figure_caption(element: Element, cache: dict[int, str | None]) -> str | None:
    """Text of the figcaption of the <figure> close above ``element`` (cached per figure)."""
    node = element.parent
    for _ in range(FIGURE_SEARCH_DEPTH):
        if node is None:
            return None
        if node.tag == "figure":
            key = id(node)
            if key not in cache:
                caption = node.find("figcaption")
                cache[key] = (caption.text() or None) if caption is not None else None
            return cache[key]
        node = node.parent
    return None


def _dimension(value: str | None) -> int | None:
    if not value:
        return None
    match = _DIMENSION.match(value)
    return int(match.group(1)) if match else None
