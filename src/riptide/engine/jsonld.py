"""Schema.org JSON-LD: lenient parsing and the few facts page metadata needs from it.

Why lenient: real pages ship JSON-LD with trailing commas, raw newlines and control characters in
strings, CDATA or HTML-comment wrappers, and several blocks per page; one broken block must not
hide the others. Why a summary object: the graph shapes vary (a bare object, a list, ``@graph``,
``mainEntity`` nesting, authors given by ``@id`` reference), so they are resolved once here and
``metadata`` reads plain fields.

Guarantees:
- ``read_jsonld`` never raises; blocks that stay invalid after cleaning, or nest deeper than
  ``MAX_DEPTH``, are skipped and counted in ``JsonLd.skipped_blocks``.
- Strings are whitespace-collapsed; lists keep document order without duplicates.
- Time linear in the blocks' length (a block of 10,000 authors, a block of 100,000 brackets).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

from .bylines import MAX_AUTHORS
from .language import normalize_language_tag

#: Schema.org types whose node describes the page's main content (Readability.js's list).
ARTICLE_TYPES = frozenset(
    [
        "Article",
        "AdvertiserContentArticle",
        "NewsArticle",
        "AnalysisNewsArticle",
        "AskPublicNewsArticle",
        "BackgroundNewsArticle",
        "OpinionNewsArticle",
        "ReportageNewsArticle",
        "ReviewNewsArticle",
        "Report",
        "SatiricalArticle",
        "ScholarlyArticle",
        "MedicalScholarlyArticle",
        "SocialMediaPosting",
        "BlogPosting",
        "LiveBlogPosting",
        "DiscussionForumPosting",
        "TechArticle",
        "APIReference",
    ]
)
#: Other content types, used only when no article type is present (a recipe or video page).
OTHER_CONTENT_TYPES = frozenset(
    ["Review", "Recipe", "HowTo", "VideoObject", "Movie", "Book", "Episode", "CreativeWork"]
)
#: Types describing the page or site rather than its content (used when no article node exists).
PAGE_TYPES = frozenset(
    ["WebPage", "ItemPage", "AboutPage", "FAQPage", "QAPage", "ProfilePage", "CollectionPage"]
)
#: Wrappers some CMSs put around the JSON text (stripped with string operations: blocks can be
#: tens of kilobytes, and a regex anchored at the end would be tried at every position).
_WRAPPER_STARTS = ("//<![CDATA[", "// <![CDATA[", "<![CDATA[", "<!--")
_WRAPPER_ENDS = ("//]]>", "// ]]>", "]]>", "-->")
#: Trailing commas before a closing bracket: {"a": 1,} and [1, 2,].
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
#: Control characters JSON forbids even with strict=False outside strings.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: Nodes nested under these keys are content nodes too (WebPage.mainEntity = NewsArticle).
_NESTING_KEYS = ("mainEntity", "mainEntityOfPage", "@graph", "hasPart", "subjectOf")
#: A block nested deeper than this (arrays and objects) is skipped as invalid. Schema.org graphs
#: nest a few levels; the JSON decoder recurses once per level, and ~1,000 levels overflowed the
#: sandbox's stack (natively: RecursionError), so one such block got the whole page refused.
MAX_DEPTH = 100
#: A JSON string, or the rest of the text after an unterminated one (so the scan never retries a
#: quote: linear on any text).
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_DEPTH_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


@dataclass
class JsonLd:
    """What the page's JSON-LD says about its main content (empty fields when silent)."""

    title: str | None = None
    name: str | None = None
    authors: list[str] = field(default_factory=list)
    publisher: str | None = None
    website_name: str | None = None
    published: str | None = None
    description: str | None = None
    language: str | None = None  # a BCP-47 tag (``language.normalize_language_tag``)
    sections: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    breadcrumbs: list[str] = field(default_factory=list)
    image: str | None = None
    type: str | None = None
    skipped_blocks: int = 0


def read_jsonld(blocks: Iterable[str]) -> JsonLd:
    """Summarise the JSON-LD ``blocks`` (script texts in document order)."""
    result = JsonLd()
    nodes: list[dict[str, Any]] = []
    for block in blocks:
        data = _loads_lenient(block)
        if data is None:
            result.skipped_blocks += 1
            continue
        _collect_nodes(data, nodes, 0)
    if not nodes:
        return result
    by_id = {node["@id"]: node for node in nodes if isinstance(node.get("@id"), str)}
    main = _pick_main(nodes)
    if main is not None:
        _read_main(main, by_id, result)
    _read_site(nodes, by_id, result)
    return result


def _loads_lenient(text: str) -> Any:
    """Parse JSON, unwrapping CDATA/comments, retrying once without trailing commas and control chars."""
    text = _unwrap(text.strip())
    if not text or _nested_deeper_than(text, MAX_DEPTH):
        return None
    try:
        return json.loads(text, strict=False)
    except ValueError:
        pass
    cleaned = _CONTROL.sub(" ", _TRAILING_COMMA.sub(r"\1", text))
    try:
        return json.loads(cleaned, strict=False)
    except ValueError:
        return None


def _nested_deeper_than(text: str, limit: int) -> bool:
    """Whether arrays and objects outside strings nest deeper than ``limit`` in ``text``."""
    if text.count("[") + text.count("{") <= limit:
        return False  # most blocks: no scan
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    depths = accumulate(map(_DEPTH_STEP.__getitem__, brackets))  # all in C, stopping at the first
    return next(filter(limit.__lt__, depths), None) is not None


def _unwrap(text: str) -> str:
    for start in _WRAPPER_STARTS:
        if text.startswith(start):
            text = text[len(start) :].lstrip()
            break
    for end in _WRAPPER_ENDS:
        if text.endswith(end):
            text = text[: -len(end)].rstrip()
            break
    return text


def _collect_nodes(data: Any, nodes: list[dict[str, Any]], depth: int) -> None:
    """Append every typed object from top-level lists, ``@graph`` and main-entity nesting."""
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            _collect_nodes(item, nodes, depth + 1)
        return
    if not isinstance(data, dict):
        return
    if "@type" in data or "@id" in data:
        nodes.append(data)
    for key in _NESTING_KEYS:
        nested = data.get(key)
        if isinstance(nested, (dict, list)):
            _collect_nodes(nested, nodes, depth + 1)


def types_of(node: dict[str, Any]) -> list[str]:
    """``@type`` as bare names: "schema:NewsArticle" and "http://schema.org/NewsArticle" -> "NewsArticle"."""
    raw = node.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    return [v.rsplit("/", 1)[-1].rsplit(":", 1)[-1] for v in values if isinstance(v, str)]


def _pick_main(nodes: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The first article-type node, else other content, else a page-type node with a headline."""
    for wanted in (ARTICLE_TYPES, OTHER_CONTENT_TYPES):
        for node in nodes:
            if any(t in wanted for t in types_of(node)):
                return node
    for node in nodes:
        if any(t in PAGE_TYPES for t in types_of(node)) and ("headline" in node or "datePublished" in node):
            return node
    return None


def _read_main(node: dict[str, Any], by_id: dict[str, dict[str, Any]], result: JsonLd) -> None:
    node_types = types_of(node)
    result.type = node_types[0] if node_types else None
    result.title = _text(node.get("headline"))
    result.name = _text(node.get("name"))
    result.authors = _names(node.get("author") or node.get("creator"), by_id)
    result.publisher = next(iter(_names(node.get("publisher"), by_id, persons_first=False)), None)
    result.published = _text(node.get("datePublished") or node.get("dateCreated") or node.get("uploadDate"))
    result.description = _text(node.get("description"))
    result.language = _language(node.get("inLanguage"))
    result.sections = _strings(node.get("articleSection"))
    result.keywords = _keywords(node.get("keywords"))
    result.image = _url(node.get("image") or node.get("thumbnailUrl"))


def _read_site(nodes: list[dict[str, Any]], by_id: dict[str, dict[str, Any]], result: JsonLd) -> None:
    """Facts from other nodes: the WebSite name, breadcrumbs, and page-level fallbacks."""
    for node in nodes:
        node_types = types_of(node)
        if "WebSite" in node_types and result.website_name is None:
            result.website_name = _text(node.get("name"))
        elif "BreadcrumbList" in node_types and not result.breadcrumbs:
            result.breadcrumbs = _breadcrumb_names(node.get("itemListElement"), by_id)
        if result.language is None:
            result.language = _language(node.get("inLanguage"))
        if result.publisher is None and any(t in PAGE_TYPES or t == "WebSite" for t in node_types):
            result.publisher = next(iter(_names(node.get("publisher"), by_id, persons_first=False)), None)


def _text(value: Any) -> str | None:
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    return text or None


def _strings(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [text for text in (_text(item) for item in items) if text]


def _keywords(value: Any) -> list[str]:
    """Keywords as a list, or one comma-separated string."""
    if isinstance(value, str):
        return [text for text in (" ".join(part.split()) for part in value.split(",")) if text]
    return _strings(value)


def _url(value: Any) -> str | None:
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, dict):
        value = value.get("url") or value.get("contentUrl") or value.get("@id")
    return _text(value)


def _language(value: Any) -> str | None:
    """``inLanguage`` as a BCP-47 tag: a code, a name, or a Language object ({"name": "English"})."""
    candidates = [value.get("alternateName"), value.get("name")] if isinstance(value, dict) else [value]
    for candidate in candidates:
        text = _text(candidate)
        tag = normalize_language_tag(text) if text else None
        if tag:
            return tag
    return None


def _names(value: Any, by_id: dict[str, dict[str, Any]], persons_first: bool = True) -> list[str]:
    """Names of authors/publishers given as strings, objects, ``@id`` references or lists.

    With ``persons_first``, organisations are only returned when no person is named. A list is
    read up to its first ``MAX_AUTHORS`` entries: a byline names no more (``bylines``).
    """
    persons: dict[str, None] = {}  # ordered sets: a list's `in` made 10,000 authors quadratic
    others: dict[str, None] = {}
    items = value[:MAX_AUTHORS] if isinstance(value, list) else [value]
    for item in items:
        if isinstance(item, dict) and "name" not in item and isinstance(item.get("@id"), str):
            item = by_id.get(item["@id"], item)
        if isinstance(item, str):
            name, is_person = _text(item), True
        elif isinstance(item, dict):
            name, is_person = _text(item.get("name")), "Organization" not in types_of(item)
        else:
            continue
        if name and not name.startswith(("http://", "https://")):
            (persons if is_person else others)[name] = None
    if persons_first:
        return list(persons or others)
    return list(others | persons)


def _breadcrumb_names(value: Any, by_id: dict[str, dict[str, Any]]) -> list[str]:
    items = [item for item in (value if isinstance(value, list) else []) if isinstance(item, dict)]
    items.sort(key=lambda item: _position(item.get("position")))
    names: dict[str, None] = {}  # an ordered set
    for item in items:
        name = _text(item.get("name"))
        target = item.get("item")
        if name is None and isinstance(target, dict):
            if "name" not in target and isinstance(target.get("@id"), str):
                target = by_id.get(target["@id"], target)
            name = _text(target.get("name"))
        if name:
            names[name] = None
    return list(names)


def _position(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("inf")
