"""The extraction pipeline: validate → parse → page URL → metadata → content (per mode) → render
→ score.

This is the one entry point both paths call: the guest glue inside the component and the
native fallback in the host. Metadata is read before the article finder runs because the
finder prunes the tree in place. A page given without a URL ("") takes the one it states
itself (``urls.page_url_of``), which the result reports as its ``url``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from operator import attrgetter

from ..errors import InvalidHtmlError, ResourceLimitError
from .article import clean_full_page, extract_article
from .dom import Document, Element, build, gc_paused, release_tree, start_tag_count, tokenize
from .language import detect_language
from .links import LINK_TAGS, collect_page_links, links_of
from .markdown import render_markdown
from .media import MEDIA_TAGS, SKIPPED_TAGS, ImageUrls, elements_outside, media_of
from .metadata import Metadata, extract_metadata
from .modes import ExtractionMode, Mode
from .pagination import find_next_page
from .plaintext import count_words, reading_time_minutes, render_text
from .quality import QualitySignals, content_score, metadata_score, text_signals
from .result import Extraction, Stats
from .selectors import select_outermost
from .urls import base_url_of, page_url_of, validate_page_url

#: A link's text (read by ``map``: a generator costs a frame per link).
LINK_TEXT = attrgetter("text")
#: The elements the link and the media records come from (no tag is both).
LINK_OR_MEDIA_TAGS = LINK_TAGS | MEDIA_TAGS

#: Largest input the engine accepts, in characters (the host applies its own, smaller, limit).
MAX_HTML_CHARS = 64 * 1024 * 1024
#: Element count beyond which a document is refused as too complex.
MAX_ELEMENTS = 1_000_000
#: Elements per 1,024 characters beyond which a document is refused as too dense to be a page.
#: Extraction costs about the same per element on any markup (a few passes over the tree), so
#: its cost per KB is this density times that: hostile markup (nested inline runs, tag soup)
#: packs 140-220 elements per KB to make each KB cost 7-16 normal ones. Real pages stay far
#: below: at most 28 per KB over the 617 pages of ../shared (median 7), 39 on the tiniest.
MAX_ELEMENTS_PER_KB = 100
#: A document of at most this many elements is never refused for its density: in a small page
#: the head's elements weigh a lot, and extracting it costs little whatever its markup.
DENSITY_FLOOR_ELEMENTS = 1_000
#: How much of the input is inspected to tell text from binary.
SNIFF_CHARS = 8192
#: Share of control characters (other than whitespace) above which input is called binary.
MAX_CONTROL_SHARE = 0.02
#: Share of U+FFFD (undecodable bytes) above which input is called binary. Much higher than the
#: control-character share: a text page decoded with the wrong charset has a few percent of
#: U+FFFD and is still worth extracting, while decoded binary (images, archives) is mostly U+FFFD.
MAX_REPLACEMENT_SHARE = 0.25
#: Characters of text handed to the language detector when the page declares no language.
LANGUAGE_SAMPLE_CHARS = 4000
#: Control characters other than whitespace, as the bytes they are in UTF-8 (where no other
#: character's bytes fall below 0x80).
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F])


def _control_count(sample: str) -> int:
    """How many control characters other than whitespace ``sample`` holds.

    Why bytes: a regex search for them (or a Python loop) costs a few percent of extracting a
    10 KB page in the sandbox; deleting their bytes from the UTF-8 is two C loops. Lone
    surrogates (no UTF-8) are encoded as they stand, and are no control character."""
    raw = sample.encode("utf-8", "surrogatepass")
    return len(raw) - len(raw.translate(None, _CONTROL_BYTES))


def validate_html(html: str) -> None:
    """Raise ``InvalidHtmlError``/``ResourceLimitError`` when ``html`` is not usable input."""
    if len(html) > MAX_HTML_CHARS:
        raise ResourceLimitError(
            f"HTML is {len(html):,} characters; the engine accepts at most {MAX_HTML_CHARS:,}"
        )
    if not html or html.isspace():  # not html.strip(), which copies the whole page to test it
        raise InvalidHtmlError("empty HTML: the document has no content")
    sample = html[:SNIFF_CHARS]
    if "\x00" in sample:
        raise InvalidHtmlError("input looks binary (it contains NUL bytes), not HTML")
    controls = _control_count(sample)
    replaced = sample.count("\ufffd")
    if controls > MAX_CONTROL_SHARE * len(sample) or replaced > MAX_REPLACEMENT_SHARE * len(sample):
        share = 100 * (controls + replaced) / len(sample)
        raise InvalidHtmlError(
            f"input looks binary ({share:.0f}% control or undecodable characters in the first "
            f"{len(sample):,}), not HTML; check the file or its character encoding"
        )
    if "<" not in html:
        raise InvalidHtmlError("no HTML markup found: the input contains no tags")


def validate_element_count(elements: int, chars: int) -> None:
    """Raise ``ResourceLimitError`` for a document of too many elements, in all or per KB.

    Asked of the tokens, before the tree is built, so a refusal costs a fraction of an extraction.
    """
    if elements > MAX_ELEMENTS:
        raise ResourceLimitError(
            f"document has {elements:,} elements; the engine accepts at most {MAX_ELEMENTS:,}"
        )
    per_kb = elements * 1024 / chars
    if elements > DENSITY_FLOOR_ELEMENTS and per_kb > MAX_ELEMENTS_PER_KB:
        raise ResourceLimitError(
            f"document has {per_kb:,.0f} elements per KB ({elements:,} in {chars:,} characters); "
            f"the engine accepts at most {MAX_ELEMENTS_PER_KB} per KB above {DENSITY_FLOOR_ELEMENTS:,} "
            "elements (real pages have under 30 per KB)"
        )


def extract(html: str, url: str, mode: Mode) -> Extraction:
    return extract_with_stats(html, url, mode)[0]


def extract_with_stats(html: str, url: str, mode: Mode) -> tuple[Extraction, Stats]:
    with gc_paused():  # the whole extraction allocates trees; see dom.gc_paused
        return _extract_with_stats(html, url, mode)


def _extract_with_stats(html: str, url: str, mode: Mode) -> tuple[Extraction, Stats]:
    started = time.perf_counter()
    validate_html(html)
    validate_page_url(url)
    tokens = tokenize(html)
    validate_element_count(start_tag_count(tokens), len(html))
    doc = build(tokens)
    try:
        result = _extract_from_tree(doc, url, mode)
    finally:
        if mode.kind.spec.builds_body:  # the content passes edit the tree: walk what it is now
            release_tree(doc.root, doc.body_elements)
        else:  # still as parsed: the parser's lists hold every element
            release_tree(doc.root, [doc.head, doc.body, *doc.head.iter(), *doc.body_elements], walk=False)
    stats = Stats(
        processing_time_ms=round((time.perf_counter() - started) * 1000),
        nodes_processed=min(doc.element_count, 2**32 - 1),
        links_found=len(result.links),
        images_found=sum(1 for m in result.media if m.kind == "image"),
    )
    return result, stats


def _extract_from_tree(doc: Document, url: str, mode: Mode) -> Extraction:
    url = url or page_url_of(doc)
    meta = extract_metadata(doc, url)
    base = base_url_of(doc, url)
    next_page = find_next_page(doc, url, base)  # before the article finder prunes the pager
    if mode.kind.spec.builds_body:
        result = _with_content(doc, url, base, meta, mode)
    else:
        result = _metadata_only(doc, url, base, meta)
    result.next_page = next_page
    return result


def _metadata_only(doc: Document, url: str, base: str, meta: Metadata) -> Extraction:
    """Metadata mode: no body is built; links are the page's, media only the page image."""
    language = meta.language or _detect(meta.description or "")
    fields = (meta.title, meta.byline, meta.published_iso, meta.site_name, meta.description, meta.language)
    return Extraction(
        url=url,
        title=meta.title or doc.title or None,
        byline=meta.byline,
        published_iso=meta.published_iso,
        links=collect_page_links(doc, base),
        media=media_of((), base, meta.image),
        language=language,
        quality_score=metadata_score(sum(1 for f in fields if f), len(fields)),
        categories=list(meta.categories),
        site_name=meta.site_name,
        description=meta.description,
    )


def _with_content(doc: Document, url: str, base: str, meta: Metadata, mode: Mode) -> Extraction:
    content, found_byline = _CONTENT[mode.kind](doc, meta, mode)
    try:
        return _rendered(doc, url, base, meta, content, found_byline)
    finally:
        release_tree(content)  # the article finder's copy, or custom mode's container


def _rendered(
    doc: Document, url: str, base: str, meta: Metadata, content: Element, found_byline: str | None
) -> Extraction:
    byline = meta.byline or found_byline
    image_urls: ImageUrls = {}  # each image's URL, worked out once for Markdown and media
    markdown = render_markdown(content, base, image_urls)
    text = render_text(content)
    words = count_words(text)
    anchors, media_elements = links_and_media(content)
    links = links_of(anchors, base)
    link_text = sum(map(len, map(LINK_TEXT, links)))  # no generator frame per link (14.5k on some pages)
    link_density, words_per_line, sentence_share = text_signals(text, link_text, words)
    signals = QualitySignals(
        word_count=words,
        link_density=link_density,
        words_per_line=words_per_line,
        sentence_share=sentence_share,
        has_title=bool(meta.title),
        has_byline=bool(byline),
        has_date=bool(meta.published_iso),
    )
    return Extraction(
        url=url,
        title=meta.title or doc.title or None,
        byline=byline,
        published_iso=meta.published_iso,
        markdown=markdown,
        text=text,
        links=links,
        media=media_of(media_elements, base, meta.image, image_urls),
        language=meta.language or _detect(text or meta.description or ""),
        reading_time=reading_time_minutes(words, text),
        quality_score=content_score(signals),
        word_count=words,
        categories=list(meta.categories),
        site_name=meta.site_name,
        description=meta.description,
    )


def links_and_media(content: Element) -> tuple[list[Element], list[Element]]:
    """What ``collect_links`` and ``collect_media`` read of ``content`` (their elements outside
    ``SKIPPED_TAGS``, in document order), found by one walk of the tree instead of one each:
    on element-dense markup each walk was ~2% of a call in the component."""
    found = elements_outside(content, LINK_OR_MEDIA_TAGS, SKIPPED_TAGS)
    anchors = [element for element in found if element.tag in LINK_TAGS]
    if len(anchors) == len(found):
        return anchors, []
    return anchors, [element for element in found if element.tag not in LINK_TAGS]


def _article_content(doc: Document, meta: Metadata, mode: Mode) -> tuple[Element, str | None]:
    """Article mode: the main content, and a byline found beside it (used when metadata has none)."""
    article = extract_article(doc, meta.title)
    return (article.content if article.content is not None else Element("div")), article.byline


def _full_content(doc: Document, meta: Metadata, mode: Mode) -> tuple[Element, str | None]:
    return clean_full_page(doc), None


def _custom_content(doc: Document, meta: Metadata, mode: Mode) -> tuple[Element, str | None]:
    """Custom mode: the outermost matches of the selectors, in document order, under one root."""
    container = Element("div")
    container.adopt(select_outermost(doc.root, list(mode.selectors)))
    return container, None


#: The body of each mode that builds one (``ModeSpec.builds_body``).
_CONTENT: dict[ExtractionMode, Callable[[Document, Metadata, Mode], tuple[Element, str | None]]] = {
    ExtractionMode.ARTICLE: _article_content,
    ExtractionMode.FULL: _full_content,
    ExtractionMode.CUSTOM: _custom_content,
}


def _detect(text: str) -> str | None:
    return detect_language(text[:LANGUAGE_SAMPLE_CHARS]) if text else None
