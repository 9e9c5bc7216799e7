"""Main-content ("article") extraction, Readability.js style.

The pipeline, one named step each:

1. ``_prepare``        once per page: drop scripts/styles and the fallback text of <audio> and
                       <video>, unwrap <noscript> images, turn <font>
                       into <span> and <br><br> runs into paragraphs; measure every element's
                       text, link text and commas bottom-up in the same pass.
2. ``_grab``           per attempt: walk the body, set aside hidden nodes, the byline, the title
                       heading and (first attempt) unlikely candidates, by class/id or by role,
                       stated or implicit (a <nav> is navigation); turn text-only divs into
                       paragraphs; collect the elements to score.
3. ``_score``          paragraphs score by commas and length; the score flows to the parent,
                       grandparent and (divided) further ancestors, then shrinks with link density.
4. ``_pick``           the best candidate, moved up to a common ancestor when several near-best
                       candidates share one, to a parent that scores better, to the container
                       of look-alike sibling wrappers, or to the ancestor holding most of the
                       page's prose when the candidate holds little of it.
5. ``_merge_siblings`` siblings that score well, read like paragraphs or are captioned images
                       (the lead photo beside the body) join it.
   ``_lead_before``    the lead paragraph in a header beside the body's wrapper, a few levels
                       up, joins in front of it.
6. ``cleaning.clean_article`` strips the copy of share bars, forms, link farms, empty blocks…
7. retry               when the result is shorter than ``CHAR_THRESHOLD`` the steps 2-6 run again
                       with one flag fewer; a later attempt replaces an earlier one only when
                       it found ``RELAXED_ATTEMPT_MARGIN`` times as much, so none runs once the
                       whole page holds no more than that (an attempt finds text of the page).

Performance: the page is walked once to prepare and measure; every attempt then works on the
measured tree without re-reading text. Nodes set aside during an attempt are not removed but
recorded (``_Attempt.dropped``) with their measures subtracted from their ancestors, so a retry
restarts from the prepared tree for the price of a dict copy, and only the chosen content is
copied out and cleaned (``cleaning.clean_article``). The first attempt cleans in place when its
parts hold enough text to end the search (``_cleans_in_place``): the page's elements become
the content's, and if another attempt runs after all, the content is copied and the page put
back first (``_put_back``). Inside the component the prepare walk runs
in C (csrc/artpass/, ``prepare_page``), calling back into this module for its rare steps; the
Python ``_prepare`` states the rules, runs natively, and a test inside the guest checks that
both leave the same tree and measures. The grab's walk runs in C there too (csrc/grabpass/),
calling back into ``_grab_node``'s steps for every node a rule may touch but the divs it makes
paragraphs of (``_paragraphs_from_div``, in C), and so does the scoring (``_score``,
csrc/artpass/score.c). The class/id patterns run once per distinct class or id value
(``article_rules.NameMemo``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

from . import cleaning
from .article_rules import (
    ALL_FLAGS,
    ALTER_TO_DIV_EXCEPTIONS,
    ALTERNATIVE_SCORE_RATIO,
    ALWAYS_REMOVED_FROM_ARTICLE,
    AUTHOR_BIO_MAX,
    AUTHOR_BOX_NAME,
    BOX_LABEL,
    BOX_LABEL_MAX,
    BOX_LABEL_OPENINGS,
    BOX_LEVELS,
    BYLINE_MAX_LENGTH,
    BYLINE_NAME,
    CHAR_THRESHOLD,
    CLASS_WEIGHT,
    CLOSE_CONTROL_MAX,
    CLOSE_CONTROL_NAME,
    CLOSE_CONTROL_TEXT,
    DIV_TO_P_ELEMS,
    EMPTY_DROPPABLE,
    FIGURE_MAX_CAPTION,
    FIGURE_MAX_LINK_DENSITY,
    FLAG_CLEAN_CONDITIONALLY,
    FLAG_STRIP_UNLIKELYS,
    FLAG_WEIGHT_CLASSES,
    FURNITURE_LINE_TAGS,
    HEADINGS,
    HIDDEN_STYLE_WORDS,
    IMAGE_FILE,
    IMAGE_SOURCE_ATTRIBUTES,
    IMPLICIT_ROLES,
    LEAD_CLASS,
    LEAD_CONTEXT_MAX,
    LEAD_LEVELS,
    LEAD_MAX_LENGTH,
    LEAD_MAX_LINK_DENSITY,
    LEAD_MIN_LENGTH,
    LEAD_PROSE_MIN_LENGTH,
    MAYBE_NAME,
    MEDIA_ELEMENTS,
    MEDIA_SOURCES,
    MIN_ALTERNATIVE_VOTES,
    MIN_SCORED_PARAGRAPH,
    NEGATIVE_NAME,
    NEVER_UNLIKELY_TAGS,
    NON_ASCII_COMMA_CHARS,
    NON_CONTENT_TAGS,
    NOSCRIPT_PROSE_MIN,
    NOT_LEAD_CLASS,
    PHRASING_ELEMS,
    POSITIVE_NAME,
    PROMO_LINK_DENSITY,
    PROSE_CONTAINER_LINK_DENSITY,
    PROSE_CONTAINER_SHARE,
    PROSE_MAX_LINK_DENSITY,
    PROSE_MIN_LENGTH,
    PROSE_SHARE,
    RELAXED_ATTEMPT_MARGIN,
    SCORE_ANCESTOR_LEVELS,
    SECTION_HEADING_MAX,
    SENTENCE_CLOSE,
    SENTENCE_END,
    SET_ASIDE_RETRY_MAX,
    SIBLING_SCORE_FLOOR,
    SIBLING_SCORE_RATIO,
    SPLIT_BODY_LEVELS,
    SPLIT_BODY_MIN_PEERS,
    SPLIT_BODY_PEER_RATIO,
    TAG_BASE_SCORE,
    TAGS_TO_SCORE,
    TITLE_SIMILARITY,
    TOP_CANDIDATES,
    TRANSPARENT_PHRASING,
    UNLIKELY_NAME,
    UNLIKELY_ROLES,
    class_weight,
    has_ancestor_tag,
    has_single_child_tag,
    is_box_label,
    is_modal_dialog,
    is_phrasing,
    is_probably_visible,
    is_unlikely_name,
    is_whitespace,
    link_weight,
    match_string,
    opens_with_close_control,
    text_measure,
    text_similarity,
)
from .bylines import clean_byline
from .dom import SHORT_TEXT_LIMITS, TEXT_CONTENT_SKIP, Document, Element, ShortSizes, parse, release_tree

try:  # the prepare walk in C (csrc/artpass/); compiled into the guest only
    from . import _artpass  # type: ignore[attr-defined]
except ImportError:
    _artpass = None
try:  # the grab walk in C (csrc/grabpass/); compiled into the guest only
    from . import _grabpass  # type: ignore[attr-defined]
except ImportError:
    _grabpass = None

__all__ = ["ArticleResult", "clean_full_page", "extract_article"]

#: Flags of each attempt: all on, then without stripping unlikely candidates, then also without
#: class weights, then also without conditional cleaning.
ATTEMPTS = (
    ALL_FLAGS,
    FLAG_WEIGHT_CLASSES | FLAG_CLEAN_CONDITIONALLY,
    FLAG_CLEAN_CONDITIONALLY,
    0,
)

#: Measures of one element: (text length, link text length, commas).
Measure = tuple[int, float, int]
_NO_MEASURE: Measure = (0, 0.0, 0)
_IMAGE_SOURCES = frozenset(IMAGE_SOURCE_ATTRIBUTES)

clean_full_page = cleaning.clean_full_page

#: Which walk prepares the page: "c" inside a component built with csrc/artpass/, else "python".
PREPARE_IN = "python" if _artpass is None else "c"
if _artpass is not None:  # its tables are these rules' (article_rules), handed over once
    _artpass.configure(
        Element,
        NON_CONTENT_TAGS,
        MEDIA_ELEMENTS,
        MEDIA_SOURCES,
        DIV_TO_P_ELEMS,
        NON_ASCII_COMMA_CHARS,
        IMAGE_SOURCE_ATTRIBUTES,
    )
    _artpass.score_configure(
        Element,
        TAG_BASE_SCORE,
        NEGATIVE_NAME,
        POSITIVE_NAME,
        FLAG_WEIGHT_CLASSES,
        CLASS_WEIGHT,
        MIN_SCORED_PARAGRAPH,
        SCORE_ANCESTOR_LEVELS,
    )

#: The attributes besides class and id that the set-aside rules read (``_set_aside``:
#: visibility, dialogs, bylines, roles), each with the words one of which its value, lower-cased,
#: holds when a rule may fire (none listed: any value may). An element with none of them, whose
#: class and id no set-aside pattern hits, is not set aside: the C grab walk settles it itself.
SET_ASIDE_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "hidden": (),
    "style": HIDDEN_STYLE_WORDS,
    "role": tuple(sorted(UNLIKELY_ROLES)),
    "aria-hidden": ("true",),
    "aria-modal": ("true",),
    "rel": ("author",),
    "itemprop": ("author",),
}

#: The headings that may repeat the page's title (``_repeats_title``, ``_holds_title_heading``).
TITLE_HEADINGS = ("h1", "h2")
#: An element with an unlikely name is not set aside when one of these is among its
#: ``UNLIKELY_SPARED_DEPTH`` + 1 nearest ancestors (``has_ancestor_tag``): cells of a layout
#: table, code listings.
UNLIKELY_SPARED_UNDER = ("table", "code")
UNLIKELY_SPARED_DEPTH = 3

#: The attributes of ``SET_ASIDE_ATTRIBUTES`` that ``is_probably_visible`` reads: when one of
#: them may hide an element, the C grab walk asks that rule itself (hidden nodes are the
#: commonest set aside by an attribute).
VISIBILITY_ATTRIBUTES = frozenset(["hidden", "style", "aria-hidden"])


#: Which walk grabs the candidates: "c" inside a component built with csrc/grabpass/, else "python".
GRAB_IN = "python" if _grabpass is None else "c"
if _grabpass is not None:  # its tables and class/id memos are these rules', handed over once
    _grabpass.configure(
        FURNITURE_LINE_TAGS,
        frozenset(tag for tag, role in IMPLICIT_ROLES.items() if role in UNLIKELY_ROLES),
        EMPTY_DROPPABLE,
        TAGS_TO_SCORE,
        PHRASING_ELEMS,
        TRANSPARENT_PHRASING,
        SET_ASIDE_ATTRIBUTES,
        NEVER_UNLIKELY_TAGS,
        frozenset(UNLIKELY_SPARED_UNDER),
        frozenset(TITLE_HEADINGS),
        VISIBILITY_ATTRIBUTES,
        UNLIKELY_NAME,
        MAYBE_NAME,
        BYLINE_NAME,
        CLOSE_CONTROL_NAME,
        BOX_LABEL_MAX,
        CLOSE_CONTROL_MAX,
        UNLIKELY_SPARED_DEPTH,
        Element,
        NON_ASCII_COMMA_CHARS,
        link_weight,
        is_probably_visible,
        SHORT_TEXT_LIMITS,  # how far it reads a short block's text (Element.short_text)
        TEXT_CONTENT_SKIP,
        BOX_LABEL,
        CLOSE_CONTROL_TEXT,
        BOX_LABEL_OPENINGS,
    )


@dataclass
class ArticleResult:
    """What ``extract_article`` found: the cleaned content (None when it has no text) and the byline
    node's text, cleaned."""

    content: Element | None
    byline: str | None = None


@dataclass
class _Page:
    """The prepared page: measures of every element, and which ones hold block elements."""

    body: Element
    title: str
    measures: dict[Element, Measure] = field(default_factory=dict)
    holds_blocks: set[Element] = field(default_factory=set)
    byline: str | None = None
    byline_seen: bool = False
    title_header_seen: bool = False
    #: The heading repeating the title, set aside by the first attempt (``_repeats_title``).
    title_heading: Element | None = None
    #: Set while the markup of a <noscript> is prepared (see ``_unwrap_noscript_prose``).
    inside_noscript: bool = False


@dataclass
class _Attempt:
    """One grab: what was set aside, measures after that, and what to score."""

    flags: int
    measures: dict[Element, Measure]
    dropped: set[Element] = field(default_factory=set)
    to_score: list[Element] = field(default_factory=list)
    scores: dict[Element, float] = field(default_factory=dict)
    #: Per element: text of the prose paragraphs below it (see ``_count_prose``).
    prose: dict[Element, int] = field(default_factory=dict)
    #: The most unlinked text a block set aside as an unlikely candidate held, when it held
    #: the title heading too (see ``SET_ASIDE_RETRY_MAX``).
    set_aside_prose: float = 0.0
    #: The short texts this grab reads (labels, dismiss controls, the byline, title headings).
    short_sizes: ShortSizes = field(default_factory=ShortSizes)


def extract_article(doc: Document, title: str | None) -> ArticleResult:
    """Find and clean the main content of ``doc`` (which this mutates: callers parse afresh).

    ``title`` is the page's title as ``metadata`` found it: the first heading that repeats it is
    left out of the content (it is reported as the title). Relative URLs are left for a later stage.
    """
    page = _Page(doc.body, title or "")
    prepare_page(page)
    best: tuple[Element, int] | None = None
    best_top: Element | None = None  # the candidate ``best`` was made from
    set_aside = 0.0  # the most a block set aside with the title heading held (any attempt)
    made: list[Element] = []  # every attempt's cleaned copy: those not returned are released
    # What an attempt finds is text of the prepared body, so none finds more than all of it.
    page_text = page.measures[page.body][0]
    in_place: cleaning.InPlace | None = None  # while the first attempt's content is the page's own
    for flags in ATTEMPTS:
        if best is not None and page_text <= best[1] * RELAXED_ATTEMPT_MARGIN:
            break  # no relaxed attempt could replace it (a page with next to no text ran all four)
        if in_place is not None:  # this attempt reads the page: the first one's content moves out
            best = _put_back(in_place, made, best)
            in_place = None
        attempt, top, content, found, in_place = _find(page, flags, first=not made)
        made.append(content)
        if best is not None and best[1]:
            if _is_author_box(top, page.measures):
                continue  # a looser attempt picked the writer's bio over the short story found first
            if _surrounds_story(page, best_top, top):
                continue  # …or the page around it: its sidebars, comment form and comments
        # A relaxed attempt keeps what a stricter one set aside (author boxes, comments), so
        # it must find clearly more to replace a short article the stricter one found.
        if best is None or found > best[1] * RELAXED_ATTEMPT_MARGIN:
            best = (content, found)
            best_top = top
        # Enough text ends the search, unless it is short and a block set aside as furniture
        # (a wrapper whose class says "footer") held enough to replace it: the article may be there.
        set_aside = max(set_aside, attempt.set_aside_prose)
        if found >= CHAR_THRESHOLD and (
            found >= SET_ASIDE_RETRY_MAX or found * RELAXED_ATTEMPT_MARGIN >= set_aside
        ):
            break
    assert best is not None
    content, found = best
    for other in made:
        if other is not content or not found:
            release_tree(other)
    if in_place is not None:
        cleaning.release_left_out(in_place)
    return ArticleResult(content if found else None, page.byline)


def _find(
    page: _Page, flags: int, first: bool = False
) -> tuple[_Attempt, Element, Element, int, cleaning.InPlace | None]:
    """Steps 2-6 with ``flags``: the attempt, the candidate it picked, the cleaned content, how
    much text it found, which is what ``extract_article`` compares between attempts, and the
    ``InPlace`` of a ``first`` attempt that cleaned in place."""
    attempt = _grab(page, flags)
    _score(attempt)
    top, top_score = _pick(page, attempt)
    parts = _merge_siblings(page, attempt, top, top_score)
    parts = _lead_before(page, attempt, top, parts) + parts
    in_place = cleaning.InPlace() if first and _cleans_in_place(attempt, parts) else None
    content, figures = cleaning.clean_article(parts, attempt.dropped, flags, in_place)
    # The furniture lines left out still count (an article with promos in it is found)…
    # …but content that was all furniture (a teaser grid of bylines) is not an article.
    found = figures.text_length + figures.furniture_length if figures.text_length else 0
    return attempt, top, content, found, in_place


def _cleans_in_place(attempt: _Attempt, parts: list[tuple[Element | str, bool]]) -> bool:
    """Whether the first attempt cleans ``parts`` in place (``cleaning.InPlace``): when they hold
    the text that may end the search, so that most likely nothing reads the page after it (else
    the page would be put back at once, for more than the copy costs), and no part lies inside
    another (an element is its content's copy once). The parts are the top candidate, its
    siblings and lead blocks outside them, so none does; the check costs each ancestor once."""
    text = 0
    elements: set[Element] = set()
    for node, _ in parts:
        if isinstance(node, Element):
            text += attempt.measures.get(node, _NO_MEASURE)[0]
            elements.add(node)
        else:
            text += len(node)
    if text < CHAR_THRESHOLD:
        return False
    clear: set[Element] = set()  # ancestors with no part at or above them
    for node in elements:
        path: list[Element] = []
        ancestor = node.parent
        while ancestor is not None and ancestor not in clear:
            if ancestor in elements:
                return False
            path.append(ancestor)
            ancestor = ancestor.parent
        clear.update(path)
    return True


def _put_back(
    in_place: cleaning.InPlace, made: list[Element], best: tuple[Element, int] | None
) -> tuple[Element, int] | None:
    """Before another attempt reads the page: the first attempt's content (``made[0]``, cleaned
    in place) becomes a copy of itself, and the page gets back what the cleaning changed.
    Returns ``best`` with the copy for that content."""
    content = made[0]
    kept = cleaning.copy_tree(content)
    release_tree(content)  # its links (and those of what the tidy made); the page's come back next
    cleaning.restore_page(in_place)
    made[0] = kept
    if best is not None and best[0] is content:
        return kept, best[1]
    return best


# -- 1. prepare ---------------------------------------------------------------------------------
def prepare_page(page: _Page) -> None:
    """``_prepare`` the page's body: in C inside the component (``_artpass.prepare``, the same
    steps, calling back here for the rare ones), else in Python."""
    if _artpass is None:
        _prepare(page, page.body)
        return
    _artpass.prepare(
        page.body,
        page.measures,
        page.holds_blocks,
        lambda noscript, parent, kept: _prepare_noscript(page, noscript, parent, kept),
        lambda node, kept: _split_br_runs(page, node, kept),
        _has_image_source,
        link_weight,
    )


def _prepare(page: _Page, node: Element) -> Measure:
    """Clean ``node``'s subtree in place and return its measure (also stored in ``page``).

    Recursion depth is bounded by the parser's ``MAX_DEPTH``. The loop is the engine's hottest
    (every node of the page passes once): elements without a rule of their own
    (``_PREPARED_TAGS``) cost one set lookup, and the children's measures are only listed
    (``_child_measures``) for the rare steps that need them.
    """
    kept: list[Element | str] = []
    measures = page.measures
    holds = page.holds_blocks
    text = commas = brs = 0
    links = 0.0
    holds_blocks = unwrapped = False
    media_fallback = node.tag in MEDIA_ELEMENTS
    for child in node.children:
        if type(child) is str:
            if media_fallback:
                continue  # what a browser without <audio>/<video> shows: no reader sees it
            kept.append(child)
            if not child.isspace():
                length, comma_count = text_measure(child)
                text += length
                commas += comma_count
            continue
        tag = child.tag  # type: ignore[union-attr]
        if media_fallback and tag not in MEDIA_SOURCES:
            continue
        if tag in _PREPARED_TAGS:
            if tag in NON_CONTENT_TAGS:
                if tag == "noscript":
                    count = len(kept)
                    sums = _prepare_noscript(page, child, node, kept)  # type: ignore[arg-type]
                    if sums is not None:
                        text, links, commas = sums
                        if len(kept) > count:
                            holds_blocks = unwrapped = True
                continue
            if tag == "img" and not _has_image_source(child.attrs):  # type: ignore[union-attr]
                continue  # a placeholder: the real image is usually in a <noscript> beside it
            if tag == "font":
                child.tag = tag = "span"  # type: ignore[union-attr]
            elif tag == "br":
                brs += 1
        kept.append(child)
        child_text, child_links, child_commas = _prepare(page, child)  # type: ignore[arg-type]
        text += child_text
        links += child_links
        commas += child_commas
        if not holds_blocks and (tag in DIV_TO_P_ELEMS or child in holds):
            holds_blocks = True
    if brs > 1:
        kept, made_paragraph = _split_br_runs(page, node, kept)
        holds_blocks = holds_blocks or made_paragraph
    if len(kept) != len(node.children) or brs > 1 or unwrapped:
        node.children = kept
    if holds_blocks:
        holds.add(node)
    if node.tag == "a":
        links = text * link_weight(node)
    measure = (text, links, commas)
    measures[node] = measure
    return measure


#: Child elements ``_prepare`` has a rule for: dropped (scripts, styles, <noscript> unless
#: unwrapped, <template>, images without a source), renamed (<font>) or counted (<br>).
_PREPARED_TAGS = NON_CONTENT_TAGS | {"img", "font", "br"}


def _prepare_noscript(
    page: _Page, noscript: Element, parent: Element, kept: list[Element | str]
) -> Measure | None:
    """Unwrap a <noscript> child of ``parent`` into ``kept`` (the children kept so far) when it
    holds the real image of a placeholder or the page's prose; then the new sum of their
    measures (``kept`` grew when prose was unwrapped), else None (the <noscript> just goes)."""
    if _unwrap_noscript_image(page, noscript, kept) or _unwrap_noscript_prose(page, noscript, parent, kept):
        return _sum_sizes(_child_measures(page, kept))
    return None


def _split_br_runs(page: _Page, node: Element, kept: list[Element | str]) -> tuple[list[Element | str], bool]:
    """``_paragraphs_from_br_runs`` over ``node``'s kept children, already prepared."""
    return _paragraphs_from_br_runs(page, node, kept)


def _child_measures(page: _Page, kept: list[Element | str]) -> list[Measure]:
    """The measure of each of ``kept`` (children already prepared), in order."""
    measures = page.measures
    return [_measure_of(measures, child) for child in kept]


def _measure_of(measures: dict[Element, Measure], child: Element | str) -> Measure:
    """The measure of a child already prepared: its own, or its text's."""
    if type(child) is not str:
        return measures[child]  # type: ignore[index]
    if child.isspace():
        return _NO_MEASURE
    length, comma_count = text_measure(child)
    return length, 0.0, comma_count


def _sum_sizes(sizes: list[Measure]) -> Measure:
    return sum(m[0] for m in sizes), sum(m[1] for m in sizes), sum(m[2] for m in sizes)


def _has_image_source(attrs: dict[str, str]) -> bool:
    """Whether an <img> has a source: a placeholder without one is dropped (``_prepare``)."""
    if not _IMAGE_SOURCES.isdisjoint(attrs):
        return True
    return any(IMAGE_FILE.search(value) for value in attrs.values())


def _single_image(node: Element) -> Element | None:
    """The image when ``node`` is an <img> or wraps exactly one image and no text."""
    while True:
        if node.tag == "img":
            return node
        elements = node.element_children()
        if len(elements) != 1 or any(type(c) is str and c.strip() for c in node.children):
            return None
        node = elements[0]


def _unwrap_noscript_image(page: _Page, noscript: Element, kept: list[Element | str]) -> bool:
    """Replace a lazy-loading placeholder image by the real one its <noscript> sibling holds.

    The new image is measured like every other element, so later steps (which look measures up
    by element: setting a hidden one aside, scoring) treat it as any other.
    """
    raw = noscript.text_content(frozenset())
    if "<img" not in raw and "<IMG" not in raw:
        return False
    previous = next((i for i in range(len(kept) - 1, -1, -1) if type(kept[i]) is not str), -1)
    if previous < 0:
        return False
    old = _single_image(kept[previous])  # type: ignore[arg-type]
    if old is None:
        return False
    fragment = parse(raw).body
    if _single_image(fragment) is None:
        return False
    new = fragment.find("img")
    assert new is not None
    for name, value in old.attrs.items():
        if not value or not (name in ("src", "srcset") or IMAGE_FILE.search(value)):
            continue
        if new.attrs.get(name) == value:
            continue
        new.attrs["data-old-" + name if name in new.attrs else name] = value
    new.parent = kept[previous].parent  # type: ignore[union-attr]
    kept[previous] = new
    page.measures[new] = _NO_MEASURE
    return True


def _unwrap_noscript_prose(
    page: _Page, noscript: Element, parent: Element, kept: list[Element | str]
) -> bool:
    """Put the markup of a <noscript> holding prose in its place, as a <div>.

    Some templates render the post with script and put the same post, as markup, in a
    <noscript> for readers without it (Blogger's): the <noscript> is all the page's text. One
    holding at least ``NOSCRIPT_PROSE_MIN`` characters of text is what a reader without
    script reads; a shorter one ("Please enable JavaScript") stays out.
    """
    if page.inside_noscript:
        return False  # never one inside another: the tree stays within twice the parser's depth
    raw = noscript.text_content(frozenset())
    if len(raw) < NOSCRIPT_PROSE_MIN or "<" not in raw:
        return False
    fragment = parse(raw).body
    if len(fragment.text_content()) < NOSCRIPT_PROSE_MIN:
        return False
    div = Element("div", {}, parent)
    div.children = fragment.children
    for child in div.children:
        if type(child) is not str:
            child.parent = div  # type: ignore[union-attr]
    kept.append(div)
    page.inside_noscript = True
    _prepare(page, div)
    page.inside_noscript = False
    return True


def _paragraphs_from_br_runs(
    page: _Page, node: Element, kept: list[Element | str]
) -> tuple[list[Element | str], bool]:
    """``a<br><br>b<br>c`` → ``a<p>b<br>c</p>``: a run of two or more <br> starts a paragraph.

    Asked of every node with two <br>s or more, most of which have no run (a poem's lines, an
    address): those keep ``kept`` as it is. Only the children moved into a paragraph are measured
    (``_measure_of``), for the paragraph's measure.
    """
    index = _first_br_run(kept)
    if index < 0:
        return kept, False
    out = kept[:index]
    measures = page.measures
    count = len(kept)
    while index < count:
        child = kept[index]
        if not _is_br(child) or _next_significant_br(kept, index + 1) < 0:
            out.append(child)
            index += 1
            continue
        index += 1  # drop the first <br>; later ones of the run go too, blank text stays
        while (following := _next_significant_br(kept, index)) >= 0:
            out.extend(kept[index:following])
            index = following + 1
        paragraph = Element("p", {}, node)
        text = commas = 0
        links = 0.0
        while index < count:
            child = kept[index]
            if _is_br(child) and _next_significant_br(kept, index + 1) >= 0:
                break
            if not is_phrasing(child):
                break
            paragraph.children.append(child)
            if type(child) is not str:
                child.parent = paragraph  # type: ignore[union-attr]
            length, link, comma_count = _measure_of(measures, child)
            text += length
            links += link
            commas += comma_count
            index += 1
        while paragraph.children and is_whitespace(paragraph.children[-1]):
            paragraph.children.pop()
        measures[paragraph] = (text, links, commas)
        out.append(paragraph)
    if node.tag == "p":
        node.tag = "div"
    return out, True


def _first_br_run(nodes: list[Element | str]) -> int:
    """Index of the first <br> another <br> follows past blank text only, else -1."""
    for index, node in enumerate(nodes):
        if type(node) is not str and node.tag == "br" and _next_significant_br(nodes, index + 1) >= 0:  # type: ignore[union-attr]
            return index
    return -1


def _is_br(node: Element | str) -> bool:
    return type(node) is not str and node.tag == "br"  # type: ignore[union-attr]


def _next_significant_br(nodes: list[Element | str], start: int) -> int:
    """Index of a <br> reached from ``start`` past blank text only, else -1."""
    for index in range(start, len(nodes)):
        node = nodes[index]
        if type(node) is str:
            if node.strip():
                return -1
            continue
        return index if node.tag == "br" else -1  # type: ignore[union-attr]
    return -1


# -- 2. grab ------------------------------------------------------------------------------------
def _grab(page: _Page, flags: int) -> _Attempt:
    """Walk the body top-down: set aside what cannot be content, collect what to score.

    The rules for each node are ``_grab_node``'s. Every node of the page passes here once per
    attempt, so the walk pushes children inline rather than through a helper. Inside the
    component the walk runs in C (csrc/grabpass/, ``_grabpass.grab``): it takes ``_grab_node``'s
    steps in the same order, settles what no rule touches (no set-aside attribute, no class or
    id a pattern hits, a div of blocks…), hidden nodes (asking ``is_probably_visible``) and
    what only the unlikely-candidate rules set aside (an unlikely name, a pop-up, an implicit
    role; ``_notes_title_heading`` answers for the headings in it) itself, reads a short block's
    text (as ``Element.short_text`` does) to rule out a box label (``BOX_LABEL``) or a dismiss control
    (``CLOSE_CONTROL_TEXT``) itself, and calls back here for each step it cannot rule out.
    """
    attempt = _Attempt(flags, dict(page.measures))
    strip_unlikely = flags & FLAG_STRIP_UNLIKELYS
    if _grabpass is not None:
        _grabpass.grab(
            page.body,
            attempt.dropped,
            attempt.to_score,
            attempt.measures,
            page.measures,
            page.holds_blocks,
            page,
            strip_unlikely,
            # partials, not lambdas: a call back costs no frame of its own
            partial(_set_aside_box, attempt),
            partial(opens_with_close_control, measures=page.measures, sizes=attempt.short_sizes),
            partial(_set_aside_node, page, attempt, strip_unlikely=strip_unlikely),
            partial(_set_aside_empty_or_title, page, attempt),
            partial(_paragraphs_from_div, page, attempt),
            partial(_notes_title_heading, page, attempt),
        )
        return attempt
    dropped = attempt.dropped
    # (node, its index in its parent's children): a div may be replaced in place by its <p>.
    stack = _element_children_reversed(page.body)
    push = stack.append
    while stack:
        node, position = stack.pop()
        if node in dropped:  # the box under a box label, set aside with it (``_set_aside_box``)
            continue
        walked = _grab_node(page, attempt, node, position, strip_unlikely)
        if walked is None:
            continue
        children = walked.children
        for index in range(len(children) - 1, -1, -1):
            child = children[index]
            if type(child) is not str:
                push((child, index))  # type: ignore[arg-type]
    return attempt


def _grab_node(
    page: _Page, attempt: _Attempt, node: Element, position: int, strip_unlikely: int
) -> Element | None:
    """The grab's steps for one node (at ``position`` among its parent's children), in order:
    None when it is set aside, else the element whose children the walk visits next.

    Set aside: the box under a box label and the label (``_set_aside_box``); hidden nodes,
    dialogs, the byline and (first attempt) unlikely candidates (``_set_aside_node``); the
    heading that repeats the title and empty containers (``_set_aside_empty_or_title``). Kept:
    paragraphs, cells and sections to score; divs, turned into paragraphs when they are
    (``_paragraphs_from_div``).
    """
    tag = node.tag
    if strip_unlikely and tag in FURNITURE_LINE_TAGS and _set_aside_box(attempt, node, position):
        return None
    if (node.attrs or tag in IMPLICIT_ROLES) and _set_aside_node(page, attempt, node, strip_unlikely):
        return None
    if tag in EMPTY_DROPPABLE and _set_aside_empty_or_title(page, attempt, node):
        return None
    if tag in TAGS_TO_SCORE:
        attempt.to_score.append(node)
    elif tag == "div":
        return _paragraphs_from_div(page, attempt, node, position)
    return node


def _set_aside_node(page: _Page, attempt: _Attempt, node: Element, strip_unlikely: int) -> bool:
    """Set ``node`` aside when ``_set_aside`` says so, noting what it held if it held the
    title heading (``_Attempt.set_aside_prose``)."""
    attrs = node.attrs
    if not _set_aside(page, attempt.short_sizes, node, attrs, strip_unlikely):
        return False
    if strip_unlikely and is_probably_visible(attrs) and _holds_title_heading(page, attempt, node):
        _note_set_aside_prose(attempt, node)
    _drop(attempt, node)
    return True


def _note_set_aside_prose(attempt: _Attempt, node: Element) -> None:
    """Note the unlinked text of ``node``, set aside though it holds the title heading
    (``_Attempt.set_aside_prose``)."""
    text, links, _ = attempt.measures[node]
    attempt.set_aside_prose = max(attempt.set_aside_prose, text - links)


def _notes_title_heading(page: _Page, attempt: _Attempt, node: Element, heading: Element) -> bool:
    """For the C grab walk, which sets ``node`` aside itself and finds its h1/h2: whether
    ``heading`` repeats the title (``_repeats_page_title``), noting ``node``'s prose when it does
    (as ``_set_aside_node`` does)."""
    if not _repeats_page_title(page, attempt, heading):
        return False
    _note_set_aside_prose(attempt, node)
    return True


def _set_aside_empty_or_title(page: _Page, attempt: _Attempt, node: Element) -> bool:
    """Set aside the heading that repeats the title (noted in ``page``) or a block without
    text nor anything but line breaks."""
    if _repeats_title(page, attempt, node):
        page.title_header_seen = True
        page.title_heading = node
        _drop(attempt, node)
        return True
    if attempt.measures[node][0] == 0 and _only_breaks(node):
        _drop(attempt, node)
        return True
    return False


def _element_children_reversed(node: Element) -> list[tuple[Element, int]]:
    """``node``'s element children with their index among its children, last first (a stack)."""
    children = node.children
    return [(children[i], i) for i in range(len(children) - 1, -1, -1) if type(children[i]) is not str]  # type: ignore[misc]


def _set_aside_box(attempt: _Attempt, node: Element, position: int) -> bool:
    """Set aside a box label ("Über den Autor", "Autor:innen", "Kontakt") and the box after it.

    The cleaner drops both from the content (``cleaning``'s box label); they must not win the
    scoring either: a writer's bio of a few sentences outscores a story told in one sentence
    and a graphic. The box is the label's next sibling with text, at most ``AUTHOR_BIO_MAX``
    long; a later attempt keeps both, in case the page is the bio.
    """
    measures = attempt.measures
    text = measures[node][0]
    if not text or text > BOX_LABEL_MAX:
        return False
    label = attempt.short_sizes.text(node)
    if label is None or not is_box_label(label):
        return False
    parent = node.parent
    assert parent is not None
    for sibling in parent.children[position + 1 :]:
        if not isinstance(sibling, Element) or not measures.get(sibling, _NO_MEASURE)[0]:
            continue
        if measures[sibling][0] > AUTHOR_BIO_MAX:
            return False
        _drop(attempt, node)
        _drop(attempt, sibling)
        return True
    return False


def _repeats_title(page: _Page, attempt: _Attempt, node: Element) -> bool:
    """The first h1/h2 that says what the title says is the title, shown separately."""
    if (node.tag != "h1" and node.tag != "h2") or not page.title or page.title_header_seen:
        return False
    return _repeats_page_title(page, attempt, node)


def _is_author_box(node: Element, measures: dict[Element, Measure]) -> bool:
    """Whether ``node`` or its parent is named as an author box (``AUTHOR_BOX``), or is (or
    sits in) the box a box label announces ("Über den Autor", then a bio of at most
    ``AUTHOR_BIO_MAX``), ``BOX_LEVELS`` up at most."""
    for element in (node, node.parent):
        if element is not None and element.attrs and AUTHOR_BOX_NAME.found_in_names(element.attrs):
            return True
    element = node
    for _ in range(BOX_LEVELS):
        parent = element.parent
        if parent is None:
            return False
        previous = _previous_with_text(parent, element, measures)
        if (
            previous is not None
            and measures[previous][0] <= BOX_LABEL_MAX
            and measures[element][0] <= AUTHOR_BIO_MAX
            and is_box_label(previous.text())
        ):
            return True
        element = parent
    return False


def _surrounds_story(page: _Page, story: Element | None, top: Element) -> bool:
    """Whether ``top`` is an ancestor of ``story``, a find holding the page's title heading.

    A find holding the heading that repeats the title is the story under its headline, however
    short (a post of one link, a few lines and a photo). A looser attempt that picks a block
    around it keeps what the stricter one set aside there, the sidebars, comment form and
    comments, and finds more only because of them.
    """
    heading = page.title_heading
    if story is None or heading is None or top is story or story not in heading.ancestors():
        return False
    return top in story.ancestors()


def _previous_with_text(parent: Element, node: Element, measures: dict[Element, Measure]) -> Element | None:
    """The last element before ``node`` among ``parent``'s children that holds text, if any."""
    previous: Element | None = None
    for child in parent.element_children():
        if child is node:
            return previous
        if measures.get(child, _NO_MEASURE)[0]:
            previous = child
    return previous


def _holds_title_heading(page: _Page, attempt: _Attempt, node: Element) -> bool:
    """Whether a heading repeating the title sits in ``node``: the story is likely there.

    Asked only of blocks set aside whole (never entered), so each element is read once.
    """
    if not page.title:
        return False
    return any(_repeats_page_title(page, attempt, heading) for heading in node.iter(*TITLE_HEADINGS))


def _repeats_page_title(page: _Page, attempt: _Attempt, heading: Element) -> bool:
    """Whether ``heading``'s text says what the page's title says (a heading past the short-text
    limits does not: headings nest, and each would read all below it)."""
    text = attempt.short_sizes.text(heading)
    return text is not None and text_similarity(page.title, text) > TITLE_SIMILARITY


def _set_aside(
    page: _Page, sizes: ShortSizes, node: Element, attrs: dict[str, str], strip_unlikely: int
) -> bool:
    """Hidden, modal, byline or (when stripping) unlikely-candidate nodes are left out.

    Unlikely: by class/id (``UNLIKELY_CANDIDATES``), a block opening with a dismiss control
    (a pop-up), or by role.

    Unlikely by role includes a role the element has implicitly (``IMPLICIT_ROLES``): a <nav>
    inside the article (print and share links, previous/next post) is navigation as surely as a
    ``role="navigation"`` block. Only the first attempt strips these; if what is left is too
    short, later attempts keep them.
    """
    if not is_probably_visible(attrs) or is_modal_dialog(attrs):
        return True
    if not page.byline_seen and (byline := _byline_text(sizes, node, attrs)) is not None:
        page.byline_seen = True
        page.byline = clean_byline(byline)
        return True
    if not strip_unlikely:
        return False
    if is_unlikely_name(attrs) and node.tag not in NEVER_UNLIKELY_TAGS and not _spared_by_ancestor(node):
        return True
    if (node.tag == "div" or node.tag == "section") and opens_with_close_control(node, page.measures, sizes):
        return True
    return (attrs.get("role") or IMPLICIT_ROLES.get(node.tag)) in UNLIKELY_ROLES


def _spared_by_ancestor(node: Element) -> bool:
    """Whether ``node`` sits in a table or code (``UNLIKELY_SPARED_UNDER``), close enough that its
    unlikely name does not set it aside: a layout table's cells and code listings keep theirs."""
    return any(has_ancestor_tag(node, tag, UNLIKELY_SPARED_DEPTH) for tag in UNLIKELY_SPARED_UNDER)


def _byline_text(sizes: ShortSizes, node: Element, attrs: dict[str, str]) -> str | None:
    """The text of a byline: a short text in an element marked as the author or named as a
    byline (``BYLINE``); None for any other element."""
    if not (
        attrs.get("rel") == "author"
        or "author" in attrs.get("itemprop", "")
        or BYLINE_NAME.found_in_names(attrs)
    ):
        return None
    text = sizes.text(node)
    return text if text is not None and 0 < len(text) < BYLINE_MAX_LENGTH else None


def _only_breaks(node: Element) -> bool:
    """No element children other than <br>/<hr> (the text is known to be empty)."""
    return all(type(c) is str or c.tag == "br" or c.tag == "hr" for c in node.children)  # type: ignore[union-attr]


def _drop(attempt: _Attempt, node: Element) -> None:
    """Set ``node`` aside and take its text out of its ancestors' measures."""
    attempt.dropped.add(node)
    measures = attempt.measures
    text, links, commas = measures[node]
    if not text:
        return
    ancestor = node.parent
    while ancestor is not None and ancestor.parent is not None:  # up to the body, not <html>
        old_text, old_links, old_commas = measures[ancestor]
        if ancestor.tag == "a":
            links = text * link_weight(ancestor)
        measures[ancestor] = (old_text - text, old_links - links, old_commas - commas)
        ancestor = ancestor.parent


def _paragraphs_from_div(page: _Page, attempt: _Attempt, div: Element, position: int) -> Element:
    """Wrap a div's loose inline content in <p>; a div that is really a paragraph becomes one.

    Returns the element the walk continues into (the div, or the <p> that replaced it). Inside
    the component the C grab walk takes these steps itself (csrc/grabpass/paragraphs.c).
    """
    wrapped = _wrap_phrasing_runs(page, attempt, div)
    only = has_single_child_tag(div, "p")
    if only is not None:
        text, links, _ = attempt.measures[div]
        if not text or links / text < 0.25:
            parent = div.parent
            assert parent is not None
            parent.children[position] = only
            only.parent = parent
            if not only.attrs:  # keep "share-bar"/"ad" style names for the cleaner to see
                only.attrs = {k: v for k, v in div.attrs.items() if k == "class" or k == "id"}
            div.parent = None
            attempt.to_score.append(only)
            return only
    if not wrapped and div not in page.holds_blocks:
        div.tag = "p"
        attempt.to_score.append(div)
    return div


def _wrap_phrasing_runs(page: _Page, attempt: _Attempt, div: Element) -> bool:
    """Put each run of inline children (text, spans, links…) of ``div`` into a new <p>."""
    children = div.children
    for child in children:  # any inline content at all? (a loop: no generator per div)
        if (not child.isspace()) if type(child) is str else is_phrasing(child):
            break
    else:
        return False
    out: list[Element | str] = []
    paragraph: Element | None = None
    made: list[Element] = []
    for child in children:
        if is_phrasing(child):
            if paragraph is not None:
                paragraph.children.append(child)
            elif not is_whitespace(child):
                paragraph = Element("p", {}, div)
                paragraph.children.append(child)
                made.append(paragraph)
                out.append(paragraph)
            else:
                out.append(child)
                continue
            if type(child) is not str:
                child.parent = paragraph  # type: ignore[union-attr]
        else:
            if paragraph is not None:
                while paragraph.children and is_whitespace(paragraph.children[-1]):
                    paragraph.children.pop()
                paragraph = None
            out.append(child)
    if not made:
        return False
    div.children = out
    for paragraph in made:
        measure = _sum_measures(paragraph, page.measures)
        page.measures[paragraph] = measure
        attempt.measures[paragraph] = _sum_measures(paragraph, attempt.measures)
    page.holds_blocks.add(div)
    return True


def _sum_measures(node: Element, measures: dict[Element, Measure]) -> Measure:
    text = commas = 0
    links = 0.0
    for child in node.children:
        if type(child) is str:
            length, comma_count = text_measure(child)
            text += length
            commas += comma_count
        else:
            child_text, child_links, child_commas = measures.get(child, _NO_MEASURE)  # type: ignore[arg-type]
            text += child_text
            links += child_links
            commas += child_commas
    return text, links, commas


# -- 3. score -----------------------------------------------------------------------------------
def _initial_score(node: Element, flags: int) -> float:
    return TAG_BASE_SCORE.get(node.tag, 0) + class_weight(node.attrs, flags)


def _score(attempt: _Attempt) -> None:
    """Score paragraphs into their ancestors, then scale each candidate by its link density.

    Inside the component the same steps run in C (csrc/artpass/score.c), which hands back to
    this loop (scores left empty) anything unusual: scores already there, a measure that is
    not the article pass's (int, float, int).
    """
    if _artpass is not None and _artpass.score(
        attempt.to_score, attempt.measures, attempt.scores, attempt.flags
    ):
        return
    measures = attempt.measures
    flags = attempt.flags
    scores = attempt.scores
    for element in attempt.to_score:
        text, _, commas = measures[element]
        if text < MIN_SCORED_PARAGRAPH or element.parent is None:
            continue
        points = 2 + commas + min(text // 100, 3)
        ancestor = element.parent
        for level in range(SCORE_ANCESTOR_LEVELS):
            if ancestor is None or ancestor.parent is None:  # the <html> root is never a candidate
                break
            score = scores.get(ancestor)
            if score is None:
                score = _initial_score(ancestor, flags)
            scores[ancestor] = score + points / (1 if level == 0 else 2 if level == 1 else level * 3)
            ancestor = ancestor.parent
    for candidate, score in scores.items():
        text, links, _ = measures[candidate]
        if text:
            scores[candidate] = score * (1 - links / text)


# -- 4. pick ------------------------------------------------------------------------------------
def _pick(page: _Page, attempt: _Attempt) -> tuple[Element, float]:
    """The top candidate, possibly moved up the tree; the body when nothing scored."""
    scores = attempt.scores
    body = page.body
    ranked = sorted(scores, key=scores.__getitem__, reverse=True)[:TOP_CANDIDATES]
    if not ranked or ranked[0] is body:
        scores[body] = _initial_score(Element("div"), attempt.flags)
        return body, scores[body]
    top = ranked[0]
    first = _first_of_stacked_stories(top, attempt, body)
    if first is not None:  # not moved up: its wrapper's look-alikes (the next stories) would join
        return first, scores[first]
    top = _common_ancestor_of_close_runners_up(top, ranked, scores, body)
    if top not in scores:
        scores[top] = _initial_score(top, attempt.flags)
    top = _better_scoring_parent(top, scores, body)
    top = _container_of_split_body(top, attempt, body)
    top = _container_of_most_prose(top, attempt, body)
    parent = top.parent
    while parent is not None and parent is not body and _has_one_live_child(parent, attempt.dropped):
        top = parent
        parent = top.parent
    if top not in scores:
        scores[top] = _initial_score(top, attempt.flags)
    return top, scores[top]


def _common_ancestor_of_close_runners_up(
    top: Element, ranked: list[Element], scores: dict[Element, float], body: Element
) -> Element:
    """When several near-best candidates sit under one ancestor of ``top``, that is the article."""
    best = scores[top]
    if best <= 0:
        return top
    voters = [set(c.ancestors()) for c in ranked[1:] if scores[c] / best >= ALTERNATIVE_SCORE_RATIO]
    if len(voters) < MIN_ALTERNATIVE_VOTES:
        return top
    ancestor = top.parent
    while ancestor is not None and ancestor is not body:
        if sum(1 for ancestors in voters if ancestor in ancestors) >= MIN_ALTERNATIVE_VOTES:
            return ancestor
        ancestor = ancestor.parent
    return top


def _better_scoring_parent(top: Element, scores: dict[Element, float], body: Element) -> Element:
    """Climb while parents keep a fair share of the score; take the first that beats it."""
    last = scores[top]
    threshold = last / 3
    parent = top.parent
    while parent is not None and parent is not body:
        score = scores.get(parent)
        if score is not None:
            if score < threshold:
                break
            if score > last:
                return parent
            last = score
        parent = parent.parent
    return top


def _first_of_stacked_stories(top: Element, attempt: _Attempt, body: Element) -> Element | None:
    """The first story of an infinite-scroll page, when ``top`` sits in a later one.

    Such pages stack the next stories below the first, each in a look-alike wrapper (same tag
    and class) holding an <article> with its own <h1>: the longest often wins, but the page's
    story is the first. Within ``SPLIT_BODY_LEVELS`` above the best candidate, when an earlier
    sibling looks like the wrapper on the way up, is a story too (``_is_story``) and holds
    ``CHAR_THRESHOLD`` characters, the first such is the article. (Sections of one story are
    not <article>s: they are ``_container_of_split_body``'s.)
    """
    node = top
    measures = attempt.measures
    dropped = attempt.dropped
    for _ in range(SPLIT_BODY_LEVELS + 1):
        parent = node.parent
        if parent is None or parent is body:
            return None
        signature = (node.tag, node.attrs.get("class"))
        siblings = parent.element_children()
        if siblings[0] is node or not _is_story(node):
            node = parent
            continue
        for sibling in siblings:
            if sibling is node:
                break
            if (
                sibling not in dropped
                and (sibling.tag, sibling.attrs.get("class")) == signature
                and measures[sibling][0] >= CHAR_THRESHOLD
                and _is_story(sibling)
            ):
                story = sibling if sibling.tag == "article" else sibling.find("article")
                assert story is not None
                if story not in attempt.scores:
                    attempt.scores[story] = _initial_score(story, attempt.flags)
                return story
        node = parent
    return None


def _is_story(node: Element) -> bool:
    """An <article> (or a wrapper of one) with its own <h1>: a story, not a section of one."""
    return (node.tag == "article" or node.find("article") is not None) and node.find("h1") is not None


def _container_of_split_body(top: Element, attempt: _Attempt, body: Element) -> Element:
    """The container of a body split into sibling wrappers, one per paragraph or section.

    Some pages wrap each section of the story in its own container (``<div class="paragraph">``
    after ``<div class="paragraph">``): the best one is a single section. When, within
    ``SPLIT_BODY_LEVELS`` above ``top``, at least ``SPLIT_BODY_MIN_PEERS`` siblings look the
    same (tag and class) and score like the wrapper on the way up, their parent is the article.
    """
    scores = attempt.scores
    dropped = attempt.dropped
    node = top
    for _ in range(SPLIT_BODY_LEVELS):
        parent = node.parent
        if parent is None or parent is body:
            break
        own = scores.get(node, 0.0)
        if own > 0:
            signature = (node.tag, node.attrs.get("class"))
            peers = sum(
                1
                for c in parent.element_children()
                if c is not node
                and c not in dropped
                and (c.tag, c.attrs.get("class")) == signature
                and scores.get(c, 0.0) >= own * SPLIT_BODY_PEER_RATIO
            )
            if peers >= SPLIT_BODY_MIN_PEERS:
                if parent not in scores:
                    scores[parent] = _initial_score(parent, attempt.flags)
                return parent
        node = parent
    return top


def _container_of_most_prose(top: Element, attempt: _Attempt, body: Element) -> Element:
    """The nearest ancestor holding most of the page's prose, when ``top`` holds little of it.

    A body split across sibling sections, or a table of names whose commas outscore the
    letter above it, makes a part of the story win: the paragraphs that read like prose
    (``_count_prose``) say where the rest is. The ancestor must hold ``PROSE_SHARE`` of them
    and not be mostly links or other text (navigation, teaser grids). It may be the body
    (sections set right under it) when the first attempt has set the page's furniture aside.
    """
    prose = _count_prose(attempt, body)
    wanted = prose.get(body, 0) * PROSE_SHARE
    if not wanted or prose.get(top, 0) >= wanted:
        return top
    measures = attempt.measures
    node = top.parent
    # The body itself only when the furniture was stripped: later attempts keep it all.
    last = body.parent if attempt.flags & FLAG_STRIP_UNLIKELYS else body
    while node is not None and node is not last:
        below = prose.get(node, 0)
        if below >= wanted:
            text, links, _ = measures[node]
            if links <= text * PROSE_CONTAINER_LINK_DENSITY and below >= text * PROSE_CONTAINER_SHARE:
                if node not in attempt.scores:
                    attempt.scores[node] = _initial_score(node, attempt.flags)
                return node
            return top
        node = node.parent
    return top


def _count_prose(attempt: _Attempt, body: Element) -> dict[Element, int]:
    """Per element, the text of the prose paragraphs below it: paragraphs (and divs that are
    paragraphs) at least ``PROSE_MIN_LENGTH`` long with little link text.

    Paragraphs come in runs under one parent: their text is summed per parent first, so each
    parent's ancestors are walked once, not once per paragraph (the sums are the same).
    """
    prose = attempt.prose
    measures = attempt.measures
    below: dict[Element, int] = {}  # per parent of a prose paragraph, the text of those under it
    for paragraph in attempt.to_score:
        if paragraph.tag != "p":  # sections and cells hold paragraphs: counted once, in them
            continue
        text, links, _ = measures[paragraph]
        parent = paragraph.parent
        if text < PROSE_MIN_LENGTH or links > text * PROSE_MAX_LINK_DENSITY or parent is None:
            continue
        prose[paragraph] = prose.get(paragraph, 0) + text
        if paragraph is not body:
            below[parent] = below.get(parent, 0) + text
    for parent, text in below.items():
        node: Element | None = parent
        while node is not None:
            prose[node] = prose.get(node, 0) + text
            if node is body:
                break
            node = node.parent
    return prose


def _has_one_live_child(node: Element, dropped: set[Element]) -> bool:
    """Whether ``node`` has exactly one element child that the grab did not set aside.

    A plain loop, stopped at the second: ``_pick`` asks it of every wrapper it climbs, and
    element-dense markup nests hundreds deep (a generator and a ``sum`` per level were ~15%
    of a call on 250 nested divs around a short article, in the component)."""
    live = False
    for child in node.children:
        if type(child) is not str and child not in dropped:
            if live:
                return False
            live = True
    return live


# -- 5. merge siblings ----------------------------------------------------------------------------
def _merge_siblings(
    page: _Page, attempt: _Attempt, top: Element, top_score: float
) -> list[tuple[Element | str, bool]]:
    """The top candidate and the siblings that belong with it, each with "rename to div"."""
    if top is page.body:  # nothing scored: the whole body, as one div
        return [(top, True)]
    parent = top.parent
    assert parent is not None
    scores = attempt.scores
    measures = attempt.measures
    dropped = attempt.dropped
    threshold = max(SIBLING_SCORE_FLOOR, top_score * SIBLING_SCORE_RATIO)
    top_class = top.attrs.get("class", "")
    parts: list[tuple[Element | str, bool]] = []
    heading: Element | None = None  # a heading just before ``sibling``, not (yet) taken
    for sibling in parent.children:
        if isinstance(sibling, str) or sibling in dropped:
            continue
        previous, heading = heading, None
        if sibling.tag in HEADINGS and sibling not in scores:  # a heading, not a wrapper of text
            heading = sibling if _is_section_heading(sibling, measures) else None
            continue
        if sibling is not top and sibling.tag in ALWAYS_REMOVED_FROM_ARTICLE:
            continue  # the cleaner would drop it inside the content: beside it, it is no better
        if sibling is not top:
            bonus = (
                top_score * SIBLING_SCORE_RATIO
                if top_class and sibling.attrs.get("class") == top_class
                else 0
            )
            score = scores.get(sibling)
            if _is_captioned_image(sibling, measures):
                parts.append((sibling, False))  # kept a <figure>, so its caption stays attached
                continue
            if (score is None or score + bonus < threshold) and not _reads_like_paragraph(sibling, measures):
                continue
        if previous is not None and parts:
            parts.append((previous, False))  # the heading of a later section that joins
        parts.append((sibling, sibling.tag not in ALTER_TO_DIV_EXCEPTIONS))
    return parts


def _is_section_heading(node: Element, measures: dict[Element, Measure]) -> bool:
    """A heading of section length, not a linked teaser title: it heads the block after it."""
    text, links, _ = measures[node]
    return 0 < text <= SECTION_HEADING_MAX and links <= text * PROMO_LINK_DENSITY


def _is_captioned_image(node: Element, measures: dict[Element, Measure]) -> bool:
    """A <figure> beside the article text (its lead image): an image with a short, unlinked caption.

    Readability.js only merges siblings that score or read like paragraphs, so the lead photo a
    news page puts between the headline and the body was lost with its caption and alt text.
    """
    if node.tag != "figure" or node.find("img", "picture") is None:
        return False
    text, links, _ = measures[node]
    return text <= FIGURE_MAX_CAPTION and links <= text * FIGURE_MAX_LINK_DENSITY


def _reads_like_paragraph(node: Element, measures: dict[Element, Measure]) -> bool:
    """A <p> sibling joins when long and not linky, or short, link-free and sentence-like."""
    if node.tag != "p":
        return False
    text, links, _ = measures[node]
    density = links / text if text else 0.0
    if text > 80:
        return density < 0.25
    return 0 < text < 80 and density == 0 and SENTENCE_END.search(node.text()) is not None


# -- 5b. the lead before the body -------------------------------------------------------------
#: Subtrees a lead is never looked for in: captions, titles, navigation, lists and forms.
_NOT_LEAD_TAGS = frozenset(
    ("figure", "figcaption", "h1", "nav", "aside", "ul", "ol", "table", "form", "button")
)
#: Blocks that may be a lead (a heading only when its class says "deck", "subtitle"…).
_LEAD_TAGS = frozenset(("p", "div", "section", "h2", "h3", "h4", "span"))


def _lead_before(
    page: _Page, attempt: _Attempt, top: Element, parts: list[tuple[Element | str, bool]]
) -> list[tuple[Element | str, bool]]:
    """The lead ("standfirst") of the story when it sits before the chosen content, outside it.

    News and magazine templates put the lead in the article header, beside the wrapper of the
    body (``<header><h1/><p class="lead">…</p></header><div class="body">…``), so the body
    wins the scoring and the lead, a single paragraph, is left behind. Up to ``LEAD_LEVELS``
    above ``top`` (not past an <article> or <main>), the earlier siblings that hold little text
    (a header, not a teaser grid or another story) are searched for lead blocks; they join in
    document order. The cleaner then treats them like the rest of the content.
    """
    if top is page.body:
        return []
    taken = {node for node, _ in parts if type(node) is not str}
    dropped = attempt.dropped
    measures = attempt.measures
    levels: list[list[Element]] = []
    node = top
    for _ in range(LEAD_LEVELS):
        parent = node.parent
        if parent is None or parent is page.body:
            break
        found: list[Element] = []
        for sibling in parent.element_children():
            if sibling is node:
                break
            if sibling in taken or sibling in dropped or not 0 < measures[sibling][0] <= LEAD_CONTEXT_MAX:
                continue
            found.extend(_lead_blocks(sibling, attempt))
        levels.append(found)
        if parent.tag == "article" or parent.tag == "main":
            break
        node = parent
    return [(lead, lead.tag not in ALTER_TO_DIV_EXCEPTIONS) for level in reversed(levels) for lead in level]


def _lead_blocks(root: Element, attempt: _Attempt) -> list[Element]:
    """The outermost lead blocks in ``root``'s subtree, in document order (see ``_is_lead``)."""
    leads: list[Element] = []
    dropped = attempt.dropped
    measures = attempt.measures
    stack = [root]
    while stack:
        node = stack.pop()
        if node in dropped or node.tag in _NOT_LEAD_TAGS:
            continue
        if node.attrs and NOT_LEAD_CLASS.search(match_string(node.attrs)):
            continue
        if node.tag in _LEAD_TAGS and _is_lead(node, measures[node]):
            leads.append(node)
            continue
        stack.extend(reversed(node.element_children()))
    return leads


def _is_lead(node: Element, measure: Measure) -> bool:
    """A block of lead length, nearly link-free, that says it is a lead by class or id, or a
    longer paragraph without links that ends like a sentence (not a one-line notice)."""
    if node.tag not in _LEAD_TAGS:
        return False
    text, links, _ = measure
    if not LEAD_MIN_LENGTH <= text <= LEAD_MAX_LENGTH or links > text * LEAD_MAX_LINK_DENSITY:
        return False
    if node.attrs and LEAD_CLASS.search(match_string(node.attrs)):
        return True
    return (
        node.tag == "p"
        and text >= LEAD_PROSE_MIN_LENGTH
        and not links
        and SENTENCE_CLOSE.search(node.text().rstrip()) is not None
    )
