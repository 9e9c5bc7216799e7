"""Page metadata: title, byline, dates, site name, language, categories and friends.

The pipeline reads as: gather (one pass over ``<head>``, one over ``<body>``, collecting only the
elements metadata can come from) → summarise JSON-LD → pick each field from its sources in
priority order → clean the value. The document is never modified.

Priority, per field (first source with a valid value wins):

- title: JSON-LD headline of the article node (or its ``name`` when only that matches
  ``<title>``) → Dublin Core title → og:title → twitter:title → ``<meta name=title>``/parsely-title
  → ``<title>`` → first ``<h1>``. Dublin Core comes before Open Graph, as in Readability.js,
  because it is the bibliographic title while og:/twitter: are sharing copy. Whichever wins loses a
  leading or trailing part naming the site ("Story | The Site", "The Site – Story") when the site
  name is known (site name metadata or the URL's host), except on a site's own page (front page,
  section index: no article signal, and at the site root or declared a website with the site
  name leading). A bare ``<title>`` is otherwise cut to the part before or after its separators
  that an ``<h1>``/``<h2>`` repeats — also where the separator is glued to the text ("标题-新华网",
  "見出し｜サイト"; not a hyphen or colon between Latin letters or digits, which joins words) —
  else split as Readability.js does (keep the longer part unless it gets too short), except when
  a heading repeats the whole title.
- byline: JSON-LD author (persons, else organisations) → Dublin Core creator → ``<meta
  name=author>``-like names (author, article:author/og:article:author unless a URL,
  parsely-author, sailthru.author, byl, citation_author) → visible bylines (rel=author,
  itemprop=author, class/id byline|author|writer, first in document order, outside
  comment/"follow"/related boxes) → a line just under the first ``<h1>`` opening
  "By"/"Von"/"Par"/"Por"/"Di"/"Door"/"Av"… and a name.
  Cleaned of "By", dates, roles, e-mails, URLs and usernames; several JSON-LD authors, or a
  ``<meta>`` key repeated once per author, are joined "A, B" (Dublin Core and citation_author
  "Surname, Given" turned to "Given Surname"; a source's first ``MAX_AUTHORS`` read, 100); a
  visible byline keeps its own joins ("A and B").
- published_iso: JSON-LD datePublished → Open Graph/article published_time → Dublin Core
  date/issued/created → other ``<meta>`` dates (pubdate, parsely-pub-date, sailthru.date,
  cXenseParse:recs:publishtime…) →
  microdata datePublished → ``<time pubdate>``/published ``<time>`` → first ``<time datetime>`` →
  a date in the URL path (/2019/05/14/) → dated text in a byline/date element or in the lines
  under the first ``<h1>``, outside site navigation, banners and sidebars. When the winner
  is in UTC and a later source gives the same instant with the publisher's own offset, the
  latter is returned (its calendar date is the one the page shows).
- site_name: JSON-LD publisher (of the article) → og:site_name → JSON-LD WebSite name →
  application-name → the part of ``<title>`` that the title cleaning removed.
- description: JSON-LD → og → twitter → Dublin Core → ``<meta name=description>``; a later
  source that starts with the winner's words and goes on replaces it (sharing copy is often
  the description cut short).
- language: ``<html lang>`` → content-language → ``<meta name=language>``/Dublin Core →
  og:locale → JSON-LD inLanguage; the first valid one, normalised by
  ``language.normalize_language_tag`` (BCP-47 case, names and ISO 639-2 codes to ISO 639-1).
- categories: JSON-LD articleSection → JSON-LD keywords → breadcrumbs (JSON-LD BreadcrumbList,
  else a breadcrumb container's links) → ``<meta name=keywords>`` → article:section → article:tag
  → the text of ``rel=tag`` links (microformats rel-tag: WordPress's "Posted in"/"Tagged"),
  outside navigation, sidebars and the site's header and footer.
- image: og:image → twitter:image → JSON-LD image → ``<link rel=image_src>``; absolute when the
  page URL is known.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urljoin, urlsplit

from .bylines import MAX_AUTHORS, MAX_BYLINE_CHARS, MORE_NAMES, NAME_JOIN, clean_byline
from .dates import date_from_url, parse_date
from .dom import Document, Element
from .jsonld import ARTICLE_TYPES, JsonLd, read_jsonld
from .language import normalize_language_tag

# -- meta names, by field and priority group (keys are lower case, "." and ":" both read as ":") --
#: Dublin Core first: it is the bibliographic title, og:/twitter: are sharing copy (as Readability.js).
TITLE_KEYS = (
    "dc:title",
    "dcterms:title",
    "dcterm:title",
    "og:title",
    "weibo:article:title",
    "weibo:webpage:title",
    "twitter:title",
    "title",
    "parsely-title",
    "sailthru:title",
    "headline",
)
AUTHOR_KEYS = (
    "dc:creator",
    "dcterms:creator",
    "author",
    "article:author",
    "og:article:author",
    "parsely-author",
    "sailthru:author",
    "byl",
    "citation_author",
    "authors",
    "dcsext:author",
)
#: Author keys of bibliographic metadata (Dublin Core, Highwire/Google Scholar), whose values
#: are "Surname, Given names"; each of them may be repeated, once per author.
SURNAME_FIRST_KEYS = frozenset({"dc:creator", "dcterms:creator", "citation_author"})
#: "Surname, Given names": one comma, letters (and initials) only on both sides, a few words each.
SURNAME_FIRST = re.compile(
    r"(?P<surname>[^\W\d_][\w'’.-]*(?:\s+[^\W\d_][\w'’.-]*){0,2}),\s*"
    r"(?P<given>[^\W\d_][\w'’.-]*(?:\s+[^\W\d_][\w'’.-]*){0,3})"
)
DESCRIPTION_KEYS = (
    "og:description",
    "twitter:description",
    "dc:description",
    "dcterms:description",
    "description",
    "sailthru:description",
)
SITE_NAME_KEYS = ("og:site_name",)
SITE_NAME_FALLBACK_KEYS = ("application-name", "apple-mobile-web-app-title")
PUBLISHED_KEYS = (
    # Open Graph and its article: namespace
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "article:published",
    "og:pubdate",
    "og:publish_date",
    # Dublin Core
    "dc:date",
    "dc:date:issued",
    "dcterms:issued",
    "dcterms:created",
    "dc:created",
    "dcterms:date",
    "dc:date:created",
    # other publishers' names
    "parsely-pub-date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "published_time",
    "publication_date",
    "date",
    "sailthru:date",
    "citation_publication_date",
    "citation_date",
    "datepublished",
    "datecreated",
    "article:post_date",
    "displaydate",
    "originalpublicationdate",
    "rnews:datepublished",
    "timestamp",
    # publishing and analytics platforms' names (each also in htmldate's list)
    "article:publicationdate",
    "article:published_date",
    "og:article:published",
    "published_date",
    "published-date",
    "publisheddate",
    "date_published",
    "publish_time",
    "cxenseparse:recs:publishtime",
    "dcsext:articlefirstpublished",
    "shareaholic:article_published_time",
)
LANGUAGE_KEYS = ("content-language", "language", "dc:language", "dcterms:language", "og:locale")
KEYWORD_KEYS = ("keywords", "news_keywords")
IMAGE_KEYS = ("og:image", "og:image:secure_url", "og:image:url", "twitter:image", "twitter:image:src")
URL_KEY = "og:url"
TYPE_KEY = "og:type"
SECTION_KEY = "article:section"
TAG_KEY = "article:tag"
#: Every ``<meta>`` key a pick reads. ``_take_meta`` stores only these: a page's head holds
#: ~23 metas, most of them keys no rule reads (viewport, og:image:width, fb:app_id…), and each
#: stored one cost a normalised content, a list and a dict entry (15k metas on the corpora).
READ_META_KEYS = frozenset(
    (
        *TITLE_KEYS,
        *AUTHOR_KEYS,
        *DESCRIPTION_KEYS,
        *SITE_NAME_KEYS,
        *SITE_NAME_FALLBACK_KEYS,
        *PUBLISHED_KEYS,
        *LANGUAGE_KEYS,
        *KEYWORD_KEYS,
        *IMAGE_KEYS,
        URL_KEY,
        TYPE_KEY,
        SECTION_KEY,
        TAG_KEY,
    )
)
#: The attributes a ``<meta>`` names its keys in; property= first (see ``_take_meta``).
META_KEY_ATTRIBUTES = ("property", "name", "itemprop", "http-equiv")

# -- <link rel> values read --
CANONICAL_REL = "canonical"
IMAGE_REL = "image_src"
#: ``_take_head_element`` records only these rels (12k links on the corpora: stylesheets,
#: icons, preloads, alternates… are never read).
READ_LINK_RELS = frozenset({CANONICAL_REL, IMAGE_REL})

#: class/id of elements that hold a visible byline (Readability.js's list plus "writer", minus
#: "dateline": news datelines name a place, "CAIRO —").
BYLINE_HINT = re.compile(r"byline|author(?!i[sz])|writtenby|p-author|writer", re.I)
#: class/id of byline-like elements that are not bylines (boxes about the author, comments).
BYLINE_AVOID = re.compile(
    r"comment|\bbio\b|avatar|authors?-(?:box|info|page|desc)|about|related|follow|more-by", re.I
)
#: class/id of containers whose names are other people's (comments, "follow", related stories).
BYLINE_AVOID_CONTAINER = re.compile(r"comment|follow|related|more-by|recommend", re.I)
#: class/itemprop of a ``<time>`` that is the publication time, and of one that is not.
TIME_PUBLISHED_HINT = re.compile(r"publish|created|posted", re.I)
TIME_OTHER_HINT = re.compile(r"modif|updat|comment", re.I)
#: Site-wide containers whose "Authors"/"Our writers" links are navigation, not bylines.
BYLINE_AVOID_TAGS = frozenset({"nav", "footer"})
#: class/id of elements showing a publication date.
DATE_HINT = re.compile(r"date|time|publish|posted|dateline|meta|datum|fecha", re.I)
#: Any of the hints above, on lower-cased class/id/aria-label (the body scan's prefilter; ASCII
#: lower case, handed to the C copy of the prefilter too).
HINT_WORDS = (
    "byline",
    "author",
    "writ",
    "date",
    "time",
    "publish",
    "posted",
    "meta",
    "breadcrumb",
    "datum",
    "fecha",
)
ANY_HINT = re.compile("|".join(HINT_WORDS))
#: Elements that belong to <head> but may appear in the body.
_HEAD_LIKE = frozenset({"meta", "link", "script", "base", "title"})
#: Elements the body scan reads whatever their attributes (its prefilter, ``metadata_candidates``,
#: keeps them; of scripts only JSON-LD).
SCANNED_TAGS = _HEAD_LIKE | {"h1", "h2"}
#: The ``type`` of a ``<script>`` the scan reads (lower-cased): JSON-LD.
JSONLD_TYPE = "ld+json"
#: What a ``rel`` holds to mark a byline (as written) or a category link (lower-cased).
REL_AUTHOR = "author"
REL_TAG = "tag"
#: How many candidates of each kind the body scan keeps (bounds work on huge pages).
MAX_CANDIDATES = 25
#: A hint that marks the breadcrumb container (the first one holding it).
BREADCRUMB_HINT = "breadcrumb"
#: A line under the headline that opens with "By"/"Von"/"Par"/"Por"/"Di"/"Door"/"Av"/"Af"/
#: "Przez" and a capitalised word is a byline, whatever its class is called ("autorenzeile",
#: "signature"…).
HEADLINE_BYLINE = re.compile(r"^(?:by|von|par|por|di|da|door|av|af|przez)\s+(?=[^\W\d_])", re.I)
#: How many elements after the headline (and how many levels up from it) may hold that line.
HEADLINE_ZONE_ELEMENTS = 4
HEADLINE_ZONE_LEVELS = 3
#: Site furniture whose dates and tags are today's or other pages', not this page's: these
#: anywhere, and headers/footers outside ``<article>``/``<main>``.
SITE_CHROME_TAGS = frozenset({"nav", "aside"})
SITE_CHROME_ROLES = frozenset({"banner", "navigation", "contentinfo"})
PAGE_FRAME_TAGS = frozenset({"header", "footer"})
CONTENT_TAGS = frozenset({"article", "main"})
#: Declared types of a site's own pages (front page, section index): their title names the site
#: on purpose, so it is kept whole unless the page shows article signals.
SITE_PAGE_TYPES = frozenset({"website", "webpage", "collectionpage"})
#: Shortest description that another, longer one may extend (see ``_pick_description``).
MIN_DESCRIPTION_STEM = 20
#: What a shortened description ends with: an ellipsis, a full stop.
DESCRIPTION_TRUNCATION = re.compile(r"\s*(?:\.{1,3}|…)\s*$")

#: Separators between a title and a site name (spaces required around the short ones).
TITLE_SEPARATOR = re.compile(r"\s+[|\-–—·•»/\\>~:]\s+|\s+::\s+|\s*\|\s*")
#: A separator at the end/start of what remains once a known site name is cut off: any run of
#: symbols set apart by a space (| - – — · • » / : ✩ ★ …), or a bare "|".
TRAILING_SEPARATOR = re.compile(r"(?:\s+[^\w\s]+|\s*\|)\s*$")
LEADING_SEPARATOR = re.compile(r"^\s*(?:[^\w\s]+\s+|\|\s*)")
#: What makes a host name differ from a site name: scheme, "www.", common top-level domains.
URL_DECORATION = re.compile(
    r"^(?:https?://)?(?:www\d?\.)?|\.(?:com|org|net|co\.uk|co|de|fr|es|it|cz|io|info|news)(?:/.*)?$"
)
#: Everything but letters and digits (site names compare without spaces and punctuation).
NON_ALPHANUMERIC = re.compile(r"[\W_]+")
#: Share of words two titles must have in common to be the same title (Readability.js's 0.75).
TITLE_MATCH = 0.75
#: A word, for comparing titles.
WORD = re.compile(r"\w+")
#: A separator glued to the text ("标题-新华网", "見出し｜サイト", "Title_Site"), only trusted when a
#: heading repeats the part before (or after) it.
BARE_SEPARATOR = re.compile(r"\s*[|\-–—·•»/\\>~:：｜_]+\s*\S")
BARE_SEPARATOR_BEFORE = re.compile(r"\S\s*[|\-–—·•»/\\>~:：｜_]+\s*$")
#: Symbols that join words when glued between Latin letters or digits.
WORD_JOINERS = frozenset("-_/:")
#: Shortest heading trusted to mark where a glued site name starts.
MIN_GLUED_HEADING = 4
#: Readability.js's separators (plus en and em dashes): cutting at the last one removes the
#: site name.
READABILITY_SEPARATOR = re.compile(r"\s[|\-–—\\/>»]\s")
#: The separator symbols alone: taken out to count a title's words, as Readability.js does.
SEPARATOR_SYMBOLS = re.compile(r"[|\-–—\\/>»]+")
#: Separators meaning hierarchy ("Section » Page"), after which short titles are kept whole.
HIERARCHY_SEPARATOR = re.compile(r"\s[\\/>»]\s")

#: Breadcrumb first items that only point home.
HOME_CRUMB = re.compile(r"^(?:home|homepage|start|startseite|accueil|inicio|início|home page|news)$", re.I)
#: Values templates emit when a field is empty.
PLACEHOLDER_VALUES = frozenset({"null", "undefined", "none", "n/a", "-"})
#: Longest category worth keeping (longer is a sentence, not a label).
MAX_CATEGORY_CHARS = 60
#: How UTC is written at the end of ISO strings from ``parse_date``.
UTC_SUFFIXES = ("Z", "+00:00")


try:  # the C core's copy of metadata_candidates: compiled into the guest component only
    from ._fastpass import configure_metadata as _configure_c  # type: ignore[import-not-found]
    from ._fastpass import configure_scan as _configure_scan
    from ._fastpass import metadata_candidates as _candidates
    from ._fastpass import scan_body as _scan_c
except ImportError:
    _candidates = _scan_c = _configure_scan = None
else:
    _configure_c(Element, SCANNED_TAGS, HINT_WORDS, (JSONLD_TYPE, REL_AUTHOR, REL_TAG))

#: Which ``metadata_candidates`` runs: "c" inside a component built with the C core, else "python".
CANDIDATES_IN = "python" if _candidates is None else "c"


@dataclass
class Metadata:
    """Facts about a page; see the module docstring for where each comes from."""

    title: str | None = None
    byline: str | None = None
    published_iso: str | None = None
    site_name: str | None = None
    description: str | None = None
    language: str | None = None
    categories: list[str] = field(default_factory=list)
    image: str | None = None


@dataclass
class _Sources:
    """Everything metadata may come from, gathered in one walk of the tree."""

    by_property: dict[str, list[str]] = field(default_factory=dict)
    by_name: dict[str, list[str]] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)
    jsonld_blocks: list[str] = field(default_factory=list)
    itemprops: dict[str, Element] = field(default_factory=dict)
    times: list[Element] = field(default_factory=list)
    bylines: list[Element] = field(default_factory=list)
    dated: list[Element] = field(default_factory=list)
    h1s: list[Element] = field(default_factory=list)
    headings: list[Element] = field(default_factory=list)
    breadcrumb: Element | None = None
    tag_links: list[Element] = field(default_factory=list)
    base_href: str = ""
    title: str = ""

    def values(self, key: str) -> list[str]:
        """``<meta>`` contents under ``key`` (property= ones first), in document order."""
        by_property = self.by_property.get(key)
        by_name = self.by_name.get(key)
        if by_property and by_name:
            return by_property + by_name
        return by_property or by_name or []

    def values_of(self, keys: Iterable[str]) -> Iterator[str]:
        """``values(key)`` of each of ``keys`` in turn (a key the page lacks costs two look-ups:
        the date keys alone are 44)."""
        by_property, by_name = self.by_property, self.by_name
        for key in keys:
            if key in by_property or key in by_name:
                yield from self.values(key)

    def first(self, keys: Iterable[str]) -> str | None:
        """The first ``<meta>`` value among ``keys``, in key order."""
        by_property, by_name = self.by_property, self.by_name
        for key in keys:
            values = by_property.get(key) or by_name.get(key)  # never an empty list
            if values:
                return values[0]
        return None


def extract_metadata(doc: Document, url: str) -> Metadata:
    """Read the page's metadata from its markup (never modifies ``doc``)."""
    sources = _gather(doc)
    jsonld = read_jsonld(sources.jsonld_blocks)
    base = urljoin(url, sources.base_href) if sources.base_href else url
    site_name = _pick_site_name(sources, jsonld)
    title, title_site = _pick_title(sources, jsonld, site_name, url)
    return Metadata(
        title=title,
        byline=_pick_byline(sources, jsonld),
        published_iso=_pick_published(sources, jsonld, url),
        site_name=site_name or title_site,
        description=_pick_description(sources, jsonld),
        language=_pick_language(doc, sources, jsonld),
        categories=_pick_categories(sources, jsonld, title),
        image=_absolute(base, sources.first(IMAGE_KEYS) or jsonld.image or sources.links.get(IMAGE_REL)),
    )


# -- gathering --------------------------------------------------------------------------------


def _gather(doc: Document) -> _Sources:
    sources = _Sources()
    for node in doc.head.iter(*_HEAD_LIKE):
        _take_head_element(node, sources)
    _scan_body(doc, sources)
    return sources


def _take_head_element(node: Element, sources: _Sources) -> None:
    tag = node.tag
    attrs = node.attrs
    if tag == "meta":
        _take_meta(attrs, sources)
    elif tag == "link":
        rel = attrs.get("rel")
        if rel:
            href = attrs.get("href", "").strip()
            if href:
                for word in rel.lower().split():
                    if word in READ_LINK_RELS:
                        sources.links.setdefault(word, href)
    elif tag == "script":
        if JSONLD_TYPE in attrs.get("type", "").lower():
            sources.jsonld_blocks.append(node.text_content(frozenset()))
    elif tag == "base" and not sources.base_href:
        sources.base_href = attrs.get("href", "").strip()
    elif tag == "title" and not sources.title and not any(a.tag == "svg" for a in node.ancestors()):
        sources.title = node.text()


def _take_meta(attrs: dict[str, str], sources: _Sources) -> None:
    """Record a ``<meta>`` under each of its (space-separated) property/name/itemprop keys that
    a pick reads (``READ_META_KEYS``); its content is normalised only once one is."""
    content = attrs.get("content")
    if content is None:
        return
    normalised = None
    for attr in META_KEY_ATTRIBUTES:
        keys = attrs.get(attr)
        if keys:
            # RDFa property= (Open Graph's own syntax) beats name= look-alikes of the same key
            target = sources.by_property if attr == "property" else sources.by_name
            for key in keys.lower().replace(".", ":").split():
                if key in READ_META_KEYS:
                    if normalised is None:
                        normalised = " ".join(content.split())
                    if not normalised:
                        return
                    target.setdefault(key, []).append(normalised)


def metadata_candidates(elements: list[Element]) -> list[Element]:
    """The elements of ``elements`` that ``_scan_body`` may take something from, in order.

    Those are the ones with a tag in ``SCANNED_TAGS`` (a ``<script>`` only of ``JSONLD_TYPE``),
    an ``itemprop`` or ``datetime`` attribute, a ``rel`` the scan reads, or a
    lower-cased ``class``/``id``/``aria-label`` holding a word of ``ANY_HINT`` (a superset of
    what ``_scan_body`` keeps). Why a filter of its own: only ~5% of a body's elements pass,
    and this loop over all of them was most of the cost of ``extract_metadata``; inside the
    component the C core runs it (``_fastpass.metadata_candidates``, csrc/fastpass/), which
    this function defines. The C core lower-cases ASCII letters only, which finds the same
    words: the only other characters whose lower case holds an ASCII letter are "K" (Kelvin
    sign: "k", in no word) and "İ" ("i" + a combining dot, which no word has after an "i").
    """
    candidates = []
    for node in elements:
        attrs = node.attrs
        tag = node.tag
        if tag in SCANNED_TAGS:
            if tag != "script" or JSONLD_TYPE in attrs.get("type", "").lower():
                candidates.append(node)
        elif attrs and (
            "itemprop" in attrs
            or "datetime" in attrs
            # a rel the scan reads: rel=author marks a byline, rel=tag a category link (any
            # "author", any "tag" in any case; nofollow, noopener… are not read)
            or ("rel" in attrs and (REL_AUTHOR in attrs["rel"] or REL_TAG in attrs["rel"].lower()))
            # the three searched at once: a space cannot be part of a hint
            or ANY_HINT.search(
                (
                    attrs.get("class", "") + " " + attrs.get("id", "") + " " + attrs.get("aria-label", "")
                ).lower()
            )
        ):
            candidates.append(node)
    return candidates


def _scan_body(doc: Document, sources: _Sources) -> None:
    """One pass over the body's elements that can carry metadata (``metadata_candidates``).

    It reads ``doc.body_elements``, the parser's list of the body in document order, rather than
    walking the tree; the tree is still as parsed here (metadata is read before anything edits it).
    Inside the component the C core runs the loop (``_fastpass.scan_body``, csrc/fastpass/): ~24k
    candidates on the shared corpora, a dozen attribute reads and a hint string each, were most
    of the scan's guest time; ``_scan_body_python`` states the steps, and the C calls this
    module's own ``_take_head_element`` and hint patterns (``configure_scan``).
    """
    if _scan_c is not None:
        _scan_c(doc.body_elements, sources)
    else:
        _scan_body_python(doc.body_elements, sources)


def _scan_body_python(elements: list[Element], sources: _Sources) -> None:
    """``_scan_body``'s loop over ``elements`` (the body's, in document order)."""
    for node in (_candidates or metadata_candidates)(elements):
        attrs = node.attrs
        tag = node.tag
        if tag in _HEAD_LIKE:
            _take_head_element(node, sources)
            if tag != "meta" or "itemprop" not in attrs:
                continue
        if (tag == "h1" or tag == "h2") and len(sources.headings) < MAX_CANDIDATES:
            sources.headings.append(node)
            if tag == "h1":
                sources.h1s.append(node)
        if not attrs:
            continue
        itemprop = attrs.get("itemprop")
        if itemprop:
            for prop in itemprop.lower().split():
                sources.itemprops.setdefault(prop, node)
        if tag == "time" and "datetime" in attrs and len(sources.times) < MAX_CANDIDATES:
            sources.times.append(node)
        rel = attrs.get("rel", "")
        if REL_AUTHOR in rel or REL_AUTHOR in (itemprop or ""):
            if len(sources.bylines) < MAX_CANDIDATES:
                sources.bylines.append(node)
            continue
        if tag == "a" and REL_TAG in rel.lower().split() and len(sources.tag_links) < MAX_CANDIDATES:
            sources.tag_links.append(node)
        hints = (
            attrs.get("class", "") + " " + attrs.get("id", "") + " " + attrs.get("aria-label", "")
        ).lower()
        if len(hints) > 2 and ANY_HINT.search(hints):  # one cheap test; most elements stop here
            _classify_hinted(node, hints, sources)


def _classify_hinted(node: Element, hints: str, sources: _Sources) -> None:
    if len(sources.bylines) < MAX_CANDIDATES and BYLINE_HINT.search(hints):
        sources.bylines.append(node)
    elif len(sources.dated) < MAX_CANDIDATES and DATE_HINT.search(hints):
        sources.dated.append(node)
    if sources.breadcrumb is None and BREADCRUMB_HINT in hints:
        sources.breadcrumb = node


if _configure_scan is not None:
    _configure_scan(
        _take_head_element,
        _HEAD_LIKE,
        BYLINE_HINT.search,
        DATE_HINT.search,
        MAX_CANDIDATES,
        BREADCRUMB_HINT,
    )


# -- title and site name ----------------------------------------------------------------------


def _pick_site_name(sources: _Sources, jsonld: JsonLd) -> str | None:
    return _first_text(
        (
            jsonld.publisher,
            sources.first(SITE_NAME_KEYS),
            jsonld.website_name,
            sources.first(SITE_NAME_FALLBACK_KEYS),
        )
    )


def _pick_title(
    sources: _Sources, jsonld: JsonLd, site_name: str | None, url: str
) -> tuple[str | None, str | None]:
    """(title, the site name its cleaning removed, if any)."""
    title_tag = sources.title
    site_names = [
        name
        for name in (site_name, sources.first(SITE_NAME_KEYS), jsonld.website_name)
        if name and name.casefold() != title_tag.casefold()
    ]
    host = urlsplit(url).hostname or ""
    if "." in host:
        site_names.append(host)
    metadata_title = _first_text((_jsonld_title(jsonld, title_tag), sources.first(TITLE_KEYS)))
    if metadata_title:
        stripped, removed = _strip_site_name(metadata_title, site_names)
        if removed and _is_site_page(sources, jsonld, url, metadata_title, removed):
            return metadata_title, removed
        return stripped, removed
    if title_tag:
        stripped, removed = _strip_site_name(title_tag, site_names)
        if removed and _is_site_page(sources, jsonld, url, title_tag, removed):
            return " ".join(title_tag.split()), removed
        if removed:
            return stripped, removed
        return _split_title_tag(title_tag, sources.headings, sources.h1s), None
    for h1 in sources.h1s:
        text = h1.text()
        if text:
            return text, None
    return None, None


def _is_site_page(sources: _Sources, jsonld: JsonLd, url: str, title: str, site_part: str) -> bool:
    """Whether ``title`` is a front page's or section index's, whose site name is meant to stay.

    Such pages show no article signal (article type, publication date, author) and either sit
    at the site's root or are declared a website with a title that leads with the site's name
    ("The Courier — Local news and weather"; articles put it last: "Story | The Courier").
    """
    if jsonld.type in ARTICLE_TYPES or jsonld.published or jsonld.authors:
        return False
    if any(True for _ in sources.values_of(PUBLISHED_KEYS)):
        return False
    page_url = sources.links.get(CANONICAL_REL) or sources.first((URL_KEY,)) or url
    if urlsplit(page_url).path in ("", "/"):
        return True
    declared = (sources.first((TYPE_KEY,)) or jsonld.type or "").casefold()
    return declared in SITE_PAGE_TYPES and title.casefold().startswith(site_part.casefold())


def _jsonld_title(jsonld: JsonLd, title_tag: str) -> str | None:
    """The JSON-LD headline, unless it is a summary and ``name`` is the title ``<title>`` shows.

    Some sites put a description in ``headline`` (or their own name in ``name``), so when the
    two differ the one closer to ``<title>`` wins.
    """
    headline, name = jsonld.title, jsonld.name
    if name and jsonld.publisher and name.casefold() == jsonld.publisher.casefold():
        name = None
    if not headline or not name or headline == name or not title_tag:
        return headline or name
    if _similarity(headline, title_tag) < TITLE_MATCH <= _similarity(name, title_tag):
        return name
    return headline


def _similarity(text: str, reference: str) -> float:
    """Share of ``text``'s words found in ``reference`` (case-folded)."""
    words = WORD.findall(text.casefold())
    if not words:
        return 0.0
    reference_words = set(WORD.findall(reference.casefold()))
    return sum(1 for word in words if word in reference_words) / len(words)


def _strip_site_name(title: str, site_names: list[str]) -> tuple[str, str | None]:
    """Drop a leading or trailing part of ``title`` that names the site: (kept, removed)."""
    folded = title.casefold()
    for name in site_names:  # whole names first: they may contain separators themselves
        site = name.casefold()
        if len(site) < len(folded) and folded.endswith(site):
            cut = TRAILING_SEPARATOR.search(title[: len(title) - len(site)])
            if cut is not None and cut.start() > 0:
                return title[: cut.start()].strip(), title[len(title) - len(site) :]
        if len(site) < len(folded) and folded.startswith(site):
            cut = LEADING_SEPARATOR.match(title[len(site) :])
            if cut is not None and cut.end() < len(title) - len(site):
                return title[len(site) + cut.end() :].strip(), title[: len(site)]
    separators = list(TITLE_SEPARATOR.finditer(title))
    if not separators:
        return title, None
    keys = [key for key in (_name_key(name) for name in site_names) if len(key) >= 2]
    last, first = title[separators[-1].end() :], title[: separators[0].start()]
    if _names_site(last, keys):
        return title[: separators[-1].start()].strip(), last.strip()
    if _names_site(first, keys):
        return title[separators[0].end() :].strip(), first.strip()
    return title, None


def _names_site(part: str, keys: list[str]) -> bool:
    """Whether a title part is the site's name (or a short variant containing it)."""
    part_key = _name_key(part)
    if not part_key:
        return False
    for key in keys:
        if part_key == key:
            return True
        # "BBC News" for site "BBC"; "Guardian" for site "The Guardian"
        if (
            len(part_key) >= 4
            and len(part.split()) <= 3
            and (part_key.startswith(key) or key.endswith(part_key))
        ):
            return True
    return False


def _name_key(name: str) -> str:
    """Comparable form of a site name: "www.The-Guardian.com" -> "theguardian"."""
    name = URL_DECORATION.sub("", name.casefold())
    return NON_ALPHANUMERIC.sub("", name)


def _split_title_tag(title: str, headings: list[Element], h1s: list[Element]) -> str:
    """Readability.js's ``<title>`` cleaning: cut the site part off at a separator or colon,
    unless a heading repeats the whole title."""
    original = " ".join(title.split())
    if any(heading.short_text() == original for heading in headings):
        return original
    heading_part = _part_repeated_by_heading(original, headings)
    if heading_part:
        return heading_part
    current = original
    hierarchical = False
    separators = list(READABILITY_SEPARATOR.finditer(original))
    if separators:
        hierarchical = HIERARCHY_SEPARATOR.search(original) is not None
        current = original[: separators[-1].start()]
        if _word_count(current) < 3:
            current = original[separators[0].end() :]
    elif ": " in original:
        current = original[original.rfind(":") + 1 :]
        if _word_count(current) < 3:
            current = original[original.find(":") + 1 :]
        elif _word_count(original[: original.find(":")]) > 5:
            current = original
    elif (len(original) > 150 or len(original) < 15) and len(h1s) == 1:
        current = h1s[0].text() or original
    current = " ".join(current.split())
    words = _word_count(current)
    if words <= 4 and (not hierarchical or words != _word_count(SEPARATOR_SYMBOLS.sub("", original)) - 1):
        return original
    return current


def _part_repeated_by_heading(title: str, headings: list[Element]) -> str | None:
    """The first or last separator-delimited part of ``title`` when a heading says just that.

    "Configuring Retries — Anchorage 2.4 documentation" with ``<h1>Configuring Retries</h1>``
    is "Configuring Retries", however few words it has (the heading's own symbols, such as a
    permalink "¶", are ignored).
    """
    separators = list(TITLE_SEPARATOR.finditer(title))
    if separators:
        first, last = title[: separators[0].start()].strip(), title[separators[-1].end() :].strip()
        heading_keys = {_text_key(text) for heading in headings if (text := heading.short_text()) is not None}
        for part in (first, last):
            if _text_key(part) and _text_key(part) in heading_keys:
                return part
    # "标题-新华网", "見出し｜サイト", "Title|Site": a heading, then a separator with no spaces
    for heading in headings:
        text = heading.short_text()
        if text is None or len(text) < MIN_GLUED_HEADING or len(text) >= len(title):
            continue
        if title.startswith(text):
            glued = BARE_SEPARATOR.match(title, len(text))
            if glued is not None and _separates(title, len(text) - 1, glued.end() - 1):
                return text
        elif title.endswith(text):
            start = len(title) - len(text)
            glued = BARE_SEPARATOR_BEFORE.search(title, 0, start)
            if glued is not None and _separates(title, glued.start(), start):
                return text
    return None


def _separates(title: str, before: int, after: int) -> bool:
    """Whether the symbols between ``title[before]`` and ``title[after]`` separate two parts.

    Hyphens, underscores, slashes and colons between Latin letters or digits join words
    ("Self-driving", "10:30"); between CJK characters, or any other symbol, they separate.
    """
    between = title[before + 1 : after].strip()
    if not set(between) <= WORD_JOINERS:
        return True
    return not (_latin(title[before]) and _latin(title[after]))


def _latin(char: str) -> bool:
    return char.isalnum() and char.isascii()


def _text_key(text: str) -> str:
    """Comparable form of a title or heading: letters and digits only, case-folded."""
    return NON_ALPHANUMERIC.sub("", text.casefold())


def _word_count(text: str) -> int:
    return len(text.split())


# -- byline -----------------------------------------------------------------------------------


def _pick_byline(sources: _Sources, jsonld: JsonLd) -> str | None:
    if jsonld.authors:
        names = [name for name in (clean_byline(author) for author in jsonld.authors) if name]
        if names:
            return ", ".join(names)
    for key in AUTHOR_KEYS:
        # A repeated tag is one author each (<meta name="DC.Creator"> twice: two authors); the
        # same key in property= and name= syntax is two spellings of one field: property= wins.
        for values in (sources.by_property.get(key), sources.by_name.get(key)):
            if not values:
                continue
            names = _author_names(key, values)
            if names:
                return ", ".join(names)
    return _visible_byline(sources) or _headline_byline(sources)


def _author_names(key: str, values: list[str]) -> list[str]:
    """The distinct, cleaned author names among one key's first ``MAX_AUTHORS`` ``<meta>`` values."""
    names: dict[str, str] = {}  # case-folded -> as written
    for value in values[:MAX_AUTHORS]:
        if key.endswith("article:author") and "/" in value:
            continue  # a profile URL
        if key in SURNAME_FIRST_KEYS:
            value = _surname_last(value)
        name = clean_byline(value)
        if name:
            names.setdefault(name.casefold(), name)
    return list(names.values())


def _surname_last(name: str) -> str:
    """ "Jong, Michiel de" -> "Michiel de Jong": bibliographic metadata writes surnames first.

    Left alone when the part after the comma holds an acronym ("Reuters, AP": two agencies).
    """
    match = SURNAME_FIRST.fullmatch(name.strip())
    if match is None or any(len(w) > 1 and w.isupper() and "." not in w for w in match["given"].split()):
        return name
    return f"{match['given']} {match['surname']}"


def _visible_byline(sources: _Sources) -> str | None:
    """The first byline-like element, in document order, whose text cleans to a name."""
    for node in sources.bylines:
        if node.tag in ("meta", "link", "script", "style", "img") or _is_hidden(node):
            continue
        if BYLINE_AVOID.search(_hints(node)) or any(
            element.tag in BYLINE_AVOID_TAGS or BYLINE_AVOID_CONTAINER.search(_hints(element))
            for element in node.ancestors()
        ):
            continue
        text = node.short_text()
        if not text or len(text) >= MAX_BYLINE_CHARS:
            continue
        name = None
        name_node = _name_child(node)
        if name_node is not None:
            name_text = name_node.text()
            rest = text.replace(name_text, " ", 1)
            if not NAME_JOIN.search(rest) and not MORE_NAMES.search(rest):  # other names outside it
                name = clean_byline(name_text)
        name = name or clean_byline(text)
        if name:
            return name
    return None


def _headline_byline(sources: _Sources) -> str | None:
    """A "By Jane Doe" line just under the headline, in any of the languages of ``HEADLINE_BYLINE``."""
    for node in _headline_zone(sources):
        text = node.short_text()
        if text is None or len(text) >= MAX_BYLINE_CHARS:
            continue
        prefix = HEADLINE_BYLINE.match(text)
        if prefix is None or not text[prefix.end()].isupper():
            continue
        name = clean_byline(text[prefix.end() :])
        if name:
            return name
    return None


def _headline_zone(sources: _Sources) -> list[Element]:
    """The few elements that follow the first ``<h1>``, climbing out of wrappers that hold only it.

    This is where pages put the byline and date line, whatever they name its class.
    """
    if not sources.h1s:
        return []
    node = sources.h1s[0]
    for _ in range(HEADLINE_ZONE_LEVELS):
        parent = node.parent
        if parent is None:
            break
        siblings = parent.element_children()
        following = siblings[siblings.index(node) + 1 :][:HEADLINE_ZONE_ELEMENTS]
        if following:
            return following
        node = parent
    return []


def _hints(node: Element) -> str:
    attrs = node.attrs
    return attrs.get("class", "") + " " + attrs.get("id", "") if attrs else ""


def _name_child(node: Element) -> Element | None:
    """Where the name itself is: an itemprop=name descendant, else the byline's only link."""
    links = []
    for child in node.iter():
        if "name" in child.attrs.get("itemprop", ""):
            return child
        if child.tag == "a":
            links.append(child)
    return links[0] if len(links) == 1 else None


def _is_hidden(node: Element) -> bool:
    attrs = node.attrs
    style = attrs.get("style", "").replace(" ", "").lower()
    return "hidden" in attrs or attrs.get("aria-hidden") == "true" or "display:none" in style


# -- dates ------------------------------------------------------------------------------------


def _pick_published(sources: _Sources, jsonld: JsonLd, url: str) -> str | None:
    found = None
    for candidate in _published_candidates(sources, jsonld):
        parsed = parse_date(candidate) if candidate else None
        if parsed is None:
            continue
        if found is None:
            found = parsed
            if not found.endswith(UTC_SUFFIXES):
                return found
        elif _same_instant(found, parsed) and not parsed.endswith(UTC_SUFFIXES):
            return parsed  # the publisher's local time: its calendar date is the one readers saw
    if found:
        return found
    found = date_from_url(url)
    if found:
        return found
    for node in [*sources.dated[:10], *_headline_zone(sources)]:
        if _in_site_chrome(node):
            continue  # a masthead's "today", a teaser's date
        text = node.short_text()
        if text is not None and len(text) < 120:
            found = parse_date(text)
            if found:
                return found
    return None


def _in_site_chrome(node: Element) -> bool:
    """Inside navigation, a sidebar, or the site's own header/footer (one outside any article)."""
    for element in (node, *node.ancestors()):
        tag = element.tag
        if tag in SITE_CHROME_TAGS or element.attrs.get("role") in SITE_CHROME_ROLES:
            return True
        if tag in PAGE_FRAME_TAGS and not any(a.tag in CONTENT_TAGS for a in element.ancestors()):
            return True
    return False


def _same_instant(first: str, second: str) -> bool:
    try:
        one, other = datetime.fromisoformat(first), datetime.fromisoformat(second)
    except ValueError:
        return False
    return one.tzinfo is not None and other.tzinfo is not None and one == other


def _published_candidates(sources: _Sources, jsonld: JsonLd) -> Iterable[str | None]:
    yield jsonld.published
    yield from sources.values_of(PUBLISHED_KEYS)
    for prop in ("datepublished", "datecreated"):
        node = sources.itemprops.get(prop)
        if node is not None:
            yield _microdata_value(node)
    for node in sources.times:
        hints = node.attrs.get("class", "") + node.attrs.get("itemprop", "")
        if "pubdate" in node.attrs or TIME_PUBLISHED_HINT.search(hints):
            yield node.attrs.get("datetime")
    for node in sources.times:
        if not TIME_OTHER_HINT.search(node.attrs.get("class", "")):
            yield node.attrs.get("datetime")


def _microdata_value(node: Element) -> str:
    attrs = node.attrs
    return attrs.get("content") or attrs.get("datetime") or node.text()


# -- the other fields -------------------------------------------------------------------------


def _pick_description(sources: _Sources, jsonld: JsonLd) -> str | None:
    """The first description in priority order, or a fuller one that it only shortens.

    Sharing copy (og:, twitter:) is often the page's own description cut after a sentence; when
    another source starts with the same words and goes on, that one is the whole description.
    """
    candidates = [jsonld.description, *(sources.first((key,)) for key in DESCRIPTION_KEYS)]
    texts = [" ".join(value.split()) for value in candidates if value and not value.isspace()]
    if not texts:
        return None
    best = texts[0]
    stem = DESCRIPTION_TRUNCATION.sub("", best)
    if len(stem) >= MIN_DESCRIPTION_STEM:
        for text in texts[1:]:
            if len(text) > len(best) and text.startswith(stem) and _has_words(text[len(stem) :]):
                best = text
    return best


def _has_words(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def _pick_language(doc: Document, sources: _Sources, jsonld: JsonLd) -> str | None:
    declared = [
        doc.root.attrs.get("lang"),
        doc.root.attrs.get("xml:lang"),
        *sources.values_of(LANGUAGE_KEYS),
    ]
    for value in declared:
        tag = normalize_language_tag(value) if value else None
        if tag:
            return tag
    return jsonld.language


def _pick_categories(sources: _Sources, jsonld: JsonLd, title: str | None) -> list[str]:
    groups: list[Iterable[str]] = [jsonld.sections, jsonld.keywords, _breadcrumbs(sources, jsonld, title)]
    for key in KEYWORD_KEYS:
        for value in sources.values(key):
            groups.append(value.split(","))
    groups.append(sources.values(SECTION_KEY))
    groups.append(sources.values(TAG_KEY))
    groups.append(link.text() for link in sources.tag_links if not _in_site_chrome(link))
    seen: set[str] = set()
    categories: list[str] = []
    for group in groups:
        for raw in group:
            label = " ".join(raw.split()).strip(" ,;|/>»·")
            key = label.casefold()
            if (
                label
                and len(label) <= MAX_CATEGORY_CHARS
                and key not in seen
                and key not in PLACEHOLDER_VALUES
                and "://" not in label
            ):
                seen.add(key)
                categories.append(label)
    return categories


def _breadcrumbs(sources: _Sources, jsonld: JsonLd, title: str | None) -> list[str]:
    crumbs = list(jsonld.breadcrumbs)
    if not crumbs and sources.breadcrumb is not None:
        crumbs = [a.text() for a in sources.breadcrumb.iter("a")]
    if crumbs and HOME_CRUMB.match(crumbs[0]):
        crumbs = crumbs[1:]
    if crumbs and title and crumbs[-1].casefold() == title.casefold():
        crumbs = crumbs[:-1]
    return crumbs


def _first_text(values: Iterable[str | None]) -> str | None:
    for value in values:
        if value:
            text = " ".join(value.split())
            if text:
                return text
    return None


def _absolute(base: str, value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    if value.startswith("data:"):
        return None
    return urljoin(base, value)
