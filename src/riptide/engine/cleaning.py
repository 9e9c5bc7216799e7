"""Cleaning: what is cut from the chosen article content, and from a whole page in ``full`` mode.

Article content (Readability's ``_prepArticle``), in ``clean_article``:

1. copy and measure  the chosen nodes are copied out of the page in one bottom-up pass that leaves
                     out what the grab set aside and what never belongs in an article (non-video
                     embeds, footers, asides, form controls, low-weight h1/h2, small share/social
                     and newsletter sign-up boxes), strips presentational attributes, gives lazy
                     images their real source, and measures every copied node (text, links,
                     commas, p/img/li/input counts, heading and list text) for the next step.
                     With an ``InPlace`` the page's elements are their own copies (see there).
2. conditional       "fishy" forms, tables, lists and divs go, innermost first (link density,
                     image/paragraph ratio, heading density, stray list items, inputs, ad/loading
                     labels); each removal updates its ancestors' measures, so no subtree is ever
                     read twice.
3. tidy              h1 becomes h2; empty paragraphs and containers, a short paragraph or heading
                     repeating an earlier one verbatim, <br> before <p>, single-cell
                     layout tables and needless div-in-div nesting go.

``clean_full_page`` keeps the page (nav, sidebars) but drops what no reader sees or wants.
"""

from __future__ import annotations

import re
from collections.abc import Callable, MutableMapping, Sequence
from dataclasses import dataclass, field
from operator import add

from .article_rules import (
    AD_WORDS,
    ALWAYS_REMOVED_FROM_ARTICLE,
    AUTHOR_BIO_MAX,
    AUTHOR_BOX_NAME,
    AUTHOR_LABEL,
    B64_DATA_URL,
    BYLINE_LINE,
    CALL_TO_ACTION,
    CALL_TO_ACTION_MAX,
    CAPTION_CLASS,
    CAPTION_TAGS,
    CLASS_WEIGHT,
    CONSENT_LINE,
    CONSENT_LINE_MAX,
    CONTACT_LABEL,
    CREDIT_LINE,
    CREDIT_TAIL,
    DATELINE,
    DEPRECATED_SIZE_ATTRIBUTE_ELEMS,
    DISCLAIMER_ELEMENTS,
    EMBED_TAGS,
    FIGURE_MAX_CAPTION,
    FLAG_CLEAN_CONDITIONALLY,
    FLAG_WEIGHT_CLASSES,
    FURNITURE_LINE_MAX,
    FURNITURE_LINE_TAGS,
    GALLERY_LINE,
    HEADINGS,
    IMAGE_FILE,
    LABEL_WORDS_OPENINGS,
    LAZY_SRC_VALUE,
    LAZY_SRCSET_VALUE,
    LEGAL_LINE,
    LEGAL_LINE_MAX,
    LOADING_WORDS,
    NAME_MEMOS,
    NEGATIVE_NAME,
    NON_CONTENT_TAGS,
    PHRASING_ELEMS,
    POSITIVE_NAME,
    PRESENTATIONAL_ATTRIBUTES,
    PROMO_LABEL_MAX,
    PROMO_LEAD,
    PROMO_LINK_DENSITY,
    PROMPT_LINE,
    REPEATABLE_BLOCK_TAGS,
    REPEATED_BLOCK_MIN,
    SHARE_ELEMENTS,
    SHARE_MAX_TEXT,
    SIGNUP_ELEMENTS,
    TEXTISH_TAGS,
    TRANSPARENT_PHRASING,
    VIDEOS,
    NameMemo,
    class_weight,
    has_ancestor_tag,
    is_box_label,
    is_modal_dialog,
    is_phrasing,
    is_probably_visible,
    link_weight,
    match_string,
    text_measure,
)
from .dom import (
    SHORT_TEXT_LIMITS,
    TEXT_CONTENT_SKIP,
    Document,
    Element,
    past_short_limits,
    release_subtrees,
    release_tree,
    short_text_of,
)
from .literal_gate import FOLDED_FOR_IGNORECASE, LiteralGates, OpeningGate, fold

try:  # the copy walk in C (csrc/copypass/): built into the component only, never on the host
    from . import _copypass  # type: ignore[attr-defined]
except ImportError:
    _copypass = None
try:  # the conditional pass's loop, settle and remove in C (csrc/cleanpass/): likewise guest-only
    from . import _cleanpass  # type: ignore[attr-defined]
except ImportError:
    _cleanpass = None
try:  # the measure vectors in C memory (csrc/measures/, csrc/measures.h): likewise guest-only
    from . import _measures  # type: ignore[attr-defined]
except ImportError:
    _measures = None

__all__ = ["ContentFigures", "clean_article", "clean_full_page"]

#: Form controls and widgets dropped from a full page.
FULL_PAGE_REMOVED_TAGS = NON_CONTENT_TAGS | frozenset(
    ("input", "button", "select", "textarea", "option", "iframe", "svg", "dialog", "frame", "frameset")
)
#: Template junk in a full page: cookie/consent banners, modal overlays, pop-ups.
OVERLAY_JUNK = re.compile(
    r"cookie|consent|gdpr|onetrust|modal|popup|pop-up|interstitial|lightbox"
)  # lower-cased
#: Layout-table test (Firefox's data-table heuristics): tags that only data tables use.
DATA_TABLE_DESCENDANTS = frozenset(("col", "colgroup", "tfoot", "thead", "th"))
#: Elements the conditional cleaner judges (inputs are collected to be removed outright).
CLEANED_CONDITIONALLY = ("form", "fieldset", "input", "table", "ul", "div")
#: Content whose text is shorter than this may be an ad or loading label; only those are read.
SHORT_LABEL = 40
#: Conditional cleaning: thresholds of the "fishy" tests.
MIN_COMMAS_TO_KEEP = 10
LIST_TEXT_RATIO = 0.9
LI_ALLOWANCE = 100
MAX_HEADING_DENSITY = 0.9
MIN_CONTENT_LENGTH = 25
LOW_WEIGHT_LINK_DENSITY = 0.2
HIGH_WEIGHT_LINK_DENSITY = 0.5
MIN_P_PER_IMG = 0.5
#: Class weight (``class_weight``) from which a block is judged by the high link density only.
MIN_CONTENT_WEIGHT = 25
#: How far above its parent a judged element looks for a <code> or <figure> around it
#: (``has_ancestor_tag``'s ``max_depth``).
NEAR_ANCESTOR_DEPTH = 3
#: A block with this share of the content's text is the article itself, not furniture inside
#: it: a few links in a short story (a download link, three names) do not remove it, only a
#: link density above ``HIGH_WEIGHT_LINK_DENSITY`` does.
MAIN_BLOCK_SHARE = 0.8

# Indexes into a node's measure vector (all about its descendants, not itself).
_TEXT, _LINKS, _COMMAS, _P, _IMG, _LI, _INPUT, _EMBED, _HEADING, _LIST, _DATA_TABLES = range(11)
_WIDTH = 11
_COUNTED = {
    "p": _P,
    "img": _IMG,
    "li": _LI,
    "input": _INPUT,
    "object": _EMBED,
    "embed": _EMBED,
    "iframe": _EMBED,
}
#: Elements whose lazy-loading attributes are turned into a real source (``_fix_lazy_image``).
_IMAGE_TAGS = frozenset(("img", "picture", "figure"))
#: Never copied into an article (below the chosen nodes themselves).
_NEVER_COPIED = ALWAYS_REMOVED_FROM_ARTICLE | NON_CONTENT_TAGS
#: Copied or not as ``_Content.skips`` says (embeds by their source, h1/h2 by their class weight).
_ASKED_BEFORE_COPY = EMBED_TAGS | {"h1", "h2"}
#: Tags whose vector differs from what they pass to their parent (``_Content._contribution``).
_CONTRIBUTING_TAGS = frozenset(_COUNTED) | HEADINGS | {"ul", "ol", "a", "table"}


@dataclass
class ContentFigures:
    """Size of cleaned content: whitespace-normalised text, link text, paragraphs."""

    text_length: int
    link_length: float
    paragraphs: int
    #: Text of the furniture lines (promos, credits, datelines…) left out: the content's size
    #: before they went is what decides whether the attempt found the article.
    furniture_length: int = 0


# -- 1. copy and measure ---------------------------------------------------------------------
@dataclass(slots=True)
class InPlace:
    """A cleaning in place: the page's elements become the content's, and this keeps what
    ``restore_page`` needs to put the page back.

    Why: the copy makes an element per element of the content, and two trees are freed at the
    end; the article finder's first attempt ends the search on most pages (563 of the 617 of
    ../shared clean in place, 15 of them are put back), after which nothing reads the page. In
    the component a call on issue 12's element-dense shapes costs up to 2.3% fewer instructions
    (the log below costs part of what the elements saved). An element copied in place keeps its
    attributes' dict unless presentational ones go (as a copy shares it), gets a new children
    list and no parent, and from then on is edited as a copy would be.
    ``slots`` holds, per element so copied, (element, tag, attrs, children, parent) as they
    were, flat; ``left_out`` the elements set aside or never copied below them, whose subtrees
    no walk of the page reaches any more (``release_left_out``).
    """

    slots: list[object] = field(default_factory=list)
    left_out: list[Element] = field(default_factory=list)


def restore_page(in_place: InPlace) -> None:
    """Put back every slot ``clean_article`` changed in place, so the page is as it was before
    (its elements, their children lists and attributes the same objects). The content made
    then is unusable after this: its elements are the page's again."""
    if _copypass is not None:  # the same steps in C (csrc/copypass/copy.c), inside the guest
        _copypass.restore(in_place.slots)
    else:
        _restore_python(in_place.slots)
    in_place.slots.clear()
    in_place.left_out.clear()


def _restore_python(slots: list[object]) -> None:
    """``restore_page``'s steps: the statement of ``_copypass.restore``."""
    if len(slots) % 5:
        raise ValueError(
            "restore_page: the slots kept are not in fives (element, tag, attrs, children, parent)"
        )
    for at in range(0, len(slots), 5):
        node: Element = slots[at]  # type: ignore[assignment]
        node.tag = slots[at + 1]  # type: ignore[assignment]
        node.attrs = slots[at + 2]  # type: ignore[assignment]
        node.children = slots[at + 3]  # type: ignore[assignment]
        node.parent = slots[at + 4]  # type: ignore[assignment]


def release_left_out(in_place: InPlace) -> None:
    """Cut the parent links in the subtrees a cleaning in place left out (``dom.release_tree``):
    the page's final release walks the tree as it is now, which no longer reaches them. Only
    once the content stays (the page is not put back)."""
    release_subtrees(in_place.left_out)
    in_place.left_out.clear()


def copy_tree(root: Element) -> Element:
    """A new tree of ``root``'s tags and texts, sharing its attributes' dicts (as a copy does: no
    step changes a content element's attributes in place). For content cleaned in place that
    must outlive ``restore_page``."""
    top = Element(root.tag, root.attrs)
    stack = [(root, top)]
    while stack:
        node, copy = stack.pop()
        children = copy.children
        for child in node.children:
            if type(child) is str:
                children.append(child)
            else:
                made = Element(child.tag, child.attrs, copy)  # type: ignore[union-attr]
                children.append(made)
                stack.append((child, made))  # type: ignore[arg-type]
    return top


class _Content:
    """The copied content with its measures, data tables and conditional-cleaning targets.

    Vectors are per node and about its descendants (``_TEXT`` … ``_DATA_TABLES``), in a dict
    natively and inside the component in a ``_measures.Measures``, which keeps them as rows of
    doubles for the C passes and hands Python a new list on each read: a vector changes only by
    being stored again (``vectors[node] = vector``), never in place. ``remove``
    does not walk up to the root at once (that costs the depth of the tree per removal, and
    nested tables removed one by one made cleaning quadratic): the removed share waits in
    ``pending`` until ``settle`` carries it up to the next node read, each edge once.
    """

    __slots__ = (
        "data_tables",
        "dropped",
        "emptied",
        "flags",
        "furniture_length",
        "gone",
        "inside_data_table",
        "left_out",
        "long_labels",
        "main_block_length",
        "pending",
        "root",
        "seen_blocks",
        "spans",
        "table_markers",
        "targets",
        "textish_below",
        "undo",
        "vectors",
    )

    def __init__(
        self, root: Element, dropped: set[Element], flags: int, in_place: InPlace | None = None
    ) -> None:
        self.root = root
        self.flags = flags
        self.dropped = dropped
        #: With ``in_place``: its ``slots``, where each element copied in place is logged, and
        #: its ``left_out``. None: the copy makes new elements.
        self.undo = None if in_place is None else in_place.slots
        self.left_out = None if in_place is None else in_place.left_out
        self.data_tables: set[Element] = set()
        measures = None if _measures is None else _measures.Measures(_WIDTH)
        self.vectors: MutableMapping[Element, list[float]] = {} if measures is None else measures
        #: Elements per tag of ``CLEANED_CONDITIONALLY``, innermost first (post-order).
        self.targets: dict[str, list[Element]] = {tag: [] for tag in CLEANED_CONDITIONALLY}
        #: Removed elements and everything under them.
        self.gone: set[Element] = set()
        #: Text length of the furniture lines left out while copying.
        self.furniture_length = 0
        #: Texts of the paragraphs and headings copied so far (a repeat is left out).
        self.seen_blocks: set[str] = set()
        #: Parents whose children lists still hold removed elements (see ``compact``).
        self.emptied: set[Element] = set()
        #: Per target: the post-order positions (in ``vectors``) of its first descendant and
        #: itself, so ``settle`` tells a pending removal inside its subtree by two comparisons.
        #: Set after the target's vector. Inside the component the vectors' rows hold them.
        self.spans: MutableMapping[Element, tuple[int, int]] = {} if measures is None else measures.spans()
        #: Shares not yet taken out of the ancestors: (node, what it still takes from its
        #: parent and above), in post order (see ``settle``).
        self.pending: list[tuple[Element, list[float]]] = []
        #: Per copied table: (data-table markup below it, another table below it). The Python
        #: copy's memo; the C walk carries these up its frames and leaves this empty.
        self.table_markers: dict[Element, tuple[bool, bool]] = {}
        #: Per element asked about: whether it is, or sits inside, a data table.
        self.inside_data_table: dict[Element, bool] = {}
        #: Per element read in this cleaning pass: whether ``_has_textish_text`` holds.
        self.textish_below: dict[Element, bool] = {}
        #: The elements of this removal pass whose label read met more than the short-text
        #: limits (see ``live_short_text``); each pass starts it afresh.
        self.long_labels: set[Element] = set()
        # (The C verdict, csrc/cleanpass/fishy.c, keeps both memos per row of the vectors.)
        #: A block holding at least this much text holds most of the content (set once copied).
        self.main_block_length = float("inf")

    def copy(self, node: Element, top_level: bool) -> tuple[Element, list[float]] | None:
        """Copy ``node`` minus junk; return the copy and what it adds to its parent's vector."""
        copied = self._copy_counted(node, top_level)
        return None if copied is None else copied[:2]

    def _copy_counted(
        self, node: Element, top_level: bool
    ) -> tuple[Element, list[float], int, int, str | None] | None:
        """``copy``, and how many elements and characters of text the copy holds below it: what
        ``Element.short_text`` counts on it (no copy holds a tag it skips), so a block past its
        limits is no line without a read (a chain of nested blocks read each other's subtrees).
        Last, the copy's text as it stands, not yet collapsed, while those counts are within the
        short-text limits (else None): the line screen reads a block's text from it, so nested
        blocks do not each read the text below them again (the C walk gathers it likewise)."""
        tag = node.tag
        attrs = node.attrs
        if not top_level and (tag in _NEVER_COPIED or (tag in _ASKED_BEFORE_COPY and self.skips(node))):
            if self.left_out is not None:
                self.left_out.append(node)
            return None
        below = node.children
        undo = self.undo
        if undo is None:
            copy = Element(tag, _kept_attributes(tag, attrs) if attrs else {})
        else:  # in place: the element is its copy, its slots logged for ``restore_page``
            undo += (node, tag, attrs, below, node.parent)
            node.attrs = _kept_attributes(tag, attrs) if attrs else attrs
            node.children = []
            node.parent = None
            copy = node
        first = len(self.vectors)
        children = copy.children
        total: list[float] | None = None  # the element children's shares, summed in order
        text_length = commas = 0  # the text children's (integers: their order does not matter)
        elements = chars = 0  # below the copy (see _copy_counted)
        pieces: list[str] | None = []  # its text, while within the short-text limits
        dropped = self.dropped
        gone = self.gone
        follows: str | None = None  # the label the previous sibling was (see drops_furniture_line)
        for child in below:
            if type(child) is str:
                children.append(child)
                chars += len(child)
                if pieces is not None and not past_short_limits(elements, chars):
                    pieces.append(child)
                else:
                    pieces = None
                if not child.isspace():
                    text_length += text_measure(child)[0]
                    commas += child.count(",")
            elif child in dropped:
                if self.left_out is not None:
                    self.left_out.append(child)
            else:
                copied = self._copy_counted(child, False)  # type: ignore[arg-type]
                if copied is not None:
                    child_copy, share, child_elements, child_chars, child_text = copied
                    # Only a furniture tag, or what follows a label, can be a furniture line;
                    # past the short-text limits (no text) it is none.
                    line = child_text is not None and child_copy.tag in FURNITURE_LINE_TAGS
                    if follows is not None or line:
                        follows = self.drops_furniture_line(child_copy, share, follows, child_text)
                        if child_copy in gone:
                            continue
                    child_copy.parent = copy
                    children.append(child_copy)
                    elements += 1 + child_elements
                    chars += child_chars
                    if (
                        child_text is not None
                        and pieces is not None
                        and not past_short_limits(elements, chars)
                    ):
                        pieces.append(child_text)
                    else:
                        pieces = None
                    # in C: this runs once per element
                    total = share[:] if total is None else list(map(add, total, share))
        if total is None:
            total = [0.0] * _WIDTH
        if text_length:
            total[_TEXT] += text_length
            total[_COMMAS] += commas
        if not top_level and ("class" in attrs or "id" in attrs):  # all that match_string reads
            if self.leaves_box(copy, attrs, total):
                return None
            tag = copy.tag
        if tag in _IMAGE_TAGS:
            held = len(children)
            total = self.measure_lazy_image(copy, total)
            elements += len(children) - held  # an image given its source is one more
        self.vectors[copy] = total
        targets = self.targets.get(tag)
        if targets is not None:
            targets.append(copy)
            self.spans[copy] = (first, len(self.vectors) - 1)
            if tag == "table" and _is_data_table(copy, self.table_markers):
                self.data_tables.add(copy)
        share = self._contribution(copy, total) if tag in _CONTRIBUTING_TAGS else total
        text = None if pieces is None or past_short_limits(elements, chars) else "".join(pieces)
        return copy, share, elements, chars, text

    def measure_root(self, total: list[float]) -> None:
        """Give the root its vector ``total`` (the sum of its copied parts') and a span over every
        element measured: the last target, which every removal settles into."""
        self.vectors[self.root] = total
        self.spans[self.root] = (0, len(self.vectors) - 1)

    # The steps of ``copy`` with rules of their own; the C walk (``_copypass``) calls them too.
    def skips(self, node: Element) -> bool:
        """An embed not pointing at a video, or a low-weight h1/h2 (``_ASKED_BEFORE_COPY``)."""
        if node.tag in EMBED_TAGS:
            return not _is_video(node)
        return class_weight(node.attrs, self.flags) < 0

    def leaves_box(self, copy: Element, attrs: dict[str, str], total: list[float]) -> bool:
        """Forget ``copy`` (of an element with class/id ``attrs``, measuring ``total``) when it is
        a share or sign-up box, an author box or a disclaimer; make a caption a <figcaption>."""
        if not _may_name_a_box(attrs):
            return False  # most classed elements: their class and id were judged before
        if total[_TEXT] < SHARE_MAX_TEXT and _is_share_or_signup(attrs):
            self._forget(copy)
            return True
        box = _box_kind(copy.tag, attrs, total)
        if box == _CAPTION:
            copy.tag = "figcaption"  # left out of the text, kept by the Markdown
        elif box is not None:
            self._forget(copy)
            self.furniture_length += int(total[_TEXT])
            return True
        return False

    def measure_lazy_image(self, copy: Element, total: list[float]) -> list[float]:
        """``total`` after giving a lazy image its source (``_fix_lazy_image``)."""
        added = _fix_lazy_image(copy)
        if added is None:
            return total
        # measured like any copied element, so later steps can look it up
        self.vectors[added] = [0.0] * _WIDTH
        return [a + b for a, b in zip(total, self._contribution(added, self.vectors[added]), strict=True)]

    def drops_furniture_line(
        self, node: Element, share: list[float], follows: str | None, text: str | None = None
    ) -> str | None:
        """Forget ``node`` when it is a furniture line, or what a label before it announced.

        ``follows`` is the label the previous sibling was, if any: after a promo label alone
        ("Mehr zum Thema") a list or link-dense block is its teaser headlines; after an author
        label ("Über den Autor") a block up to ``AUTHOR_BIO_MAX`` is the bio. Returns the label
        ``node`` is, for the next sibling. ``text``: the node's text not yet collapsed, when the
        caller has it (``_copy_counted``); else it is read.
        """
        if (follows == _PROMO_LABEL and _is_teaser_block(node, share)) or (
            follows == _BOX_LABEL and share[_TEXT] <= AUTHOR_BIO_MAX
        ):
            self._forget(node)
            self.furniture_length += int(share[_TEXT])
            return follows if follows == _PROMO_LABEL else None
        kind = _furniture_line(node, share, text)
        if kind is None:
            return None
        self._forget(node)
        self.furniture_length += int(share[_TEXT])
        return kind if kind in (_PROMO_LABEL, _BOX_LABEL) else None

    def repeats_a_block(self, node: Element, share: list[float]) -> bool:
        """A short paragraph or heading saying verbatim what an earlier one said (a caption or
        teaser shown twice, a desktop and a mobile copy of the same line). Long paragraphs are
        prose: a repeated one is the author's (or a test page's) choice. The C tidy
        (csrc/cleanpass/tidy.c) states these same steps."""
        length = share[_TEXT]
        if node.tag not in REPEATABLE_BLOCK_TAGS or not REPEATED_BLOCK_MIN <= length <= FURNITURE_LINE_MAX:
            return False
        if any(type(c) is Element and c.tag in REPEATABLE_BLOCK_TAGS for c in node.children):
            return False  # <h2><h2>…</h2></h2>: the inner one was seen, the outer is not a repeat
        text = node.short_text()
        if text is None:
            return False  # past the short-text limits: no short paragraph
        if text in self.seen_blocks:
            return True
        self.seen_blocks.add(text)
        return False

    def _contribution(self, node: Element, vector: list[float]) -> list[float]:
        """What ``node`` (with this descendants' vector) adds to its parent's vector."""
        tag = node.tag
        counted = _COUNTED.get(tag)
        if (
            counted is None
            and tag not in HEADINGS
            and tag != "ul"
            and tag != "ol"
            and tag != "a"
            and (tag != "table" or node not in self.data_tables)
        ):
            return vector
        vector = vector[:]
        if counted is not None:
            vector[counted] += 1
        elif tag in HEADINGS:
            vector[_HEADING] = vector[_TEXT]
        elif tag == "ul" or tag == "ol":
            vector[_LIST] = vector[_TEXT]
        elif tag == "a":
            vector[_LINKS] = vector[_TEXT] * link_weight(node)
        elif node in self.data_tables:
            vector[_DATA_TABLES] += 1
        return vector

    def compact(self) -> None:
        """Drop removed elements from their parents' children lists (in C inside the component:
        ``_cleanpass.compact``, the same steps)."""
        if _cleanpass is not None:
            _cleanpass.compact(self.emptied, self.gone)
            return
        gone = self.gone
        for parent in self.emptied:
            kept: list[Element | str] = []
            for child in parent.children:
                if type(child) is str or child not in gone:
                    kept.append(child)
                else:
                    child.parent = None
            parent.children = kept
        self.emptied.clear()

    def live_short_text(self, node: Element) -> str | None:
        """``node``'s text without removed descendants, read as ``Element.short_text`` reads:
        None past its limits (not a label). A node past them is remembered for the rest of the
        pass (``long_labels``): the pass judges innermost first and removes nothing inside a
        node once judged, so an ancestor's read that enters it is past them too, without
        reading it again (nested divs each read all the ones below)."""
        gone = self.gone
        text = short_text_of(
            node.children,
            lambda item: item.children if item not in gone and item.tag not in NON_CONTENT_TAGS else None,
            self.long_labels,
        )
        if text is None:
            self.long_labels.add(node)
        return text

    def live(self, tag: str) -> list[Element]:
        """The ``tag`` elements still in the content, innermost first."""
        gone = self.gone
        return [node for node in self.targets[tag] if node not in gone]

    def _forget(self, node: Element) -> None:
        """Mark ``node``'s subtree as gone (it was copied, then found to be junk, or removed).

        A gone element's subtree is all gone, so the walk stops there: removing nested
        containers innermost first reads each element once, not once per enclosing removal.
        """
        gone = self.gone
        stack = [node]
        while stack:
            item = stack.pop()
            gone.add(item)
            stack.extend(c for c in item.children if type(c) is not str and c not in gone)  # type: ignore[misc]

    def remove(self, node: Element) -> None:
        """Mark ``node`` removed; what it held leaves its ancestors' vectors at the next ``settle``.

        It leaves its parent's children list at the next ``compact``: removing one by one costs
        O(siblings) each, quadratic for a wide parent losing many children. ``node`` must be
        settled (its vector current).
        """
        parent = node.parent
        if parent is not None:
            self.emptied.add(parent)
        self._forget(node)
        self.pending.append((node, self._contribution(node, self.vectors[node])))

    def settle(self, node: Element) -> None:
        """Bring the vectors of ``node`` and its subtree up to date with every removal so far.

        Targets are judged in post order, so the removals inside ``node``'s subtree are the
        newest entries of ``pending``. Their shares are summed where their paths to ``node``
        meet and carried up once per edge; what ``node``'s ancestors still lack waits as one
        entry at ``node``. Linear overall, where removing eagerly cost the depth per removal.
        """
        pending = self.pending
        first = self.spans[node][0]
        spans = self.spans
        if not pending or spans[pending[-1][0]][1] < first:
            return
        width = range(_WIDTH)
        incoming: dict[Element, list[float]] = {}
        paths: list[list[Element]] = []
        carried = [0.0] * _WIDTH  # what ``node`` itself passes on to its ancestors
        while pending and spans[pending[-1][0]][1] >= first:
            entry, delta = pending.pop()
            if entry is node:
                carried = [a + b for a, b in zip(carried, delta, strict=True)]
                continue
            parent = entry.parent
            assert parent is not None  # every entry sits below ``node``
            seed = incoming.get(parent)
            if seed is not None:
                for index in width:
                    seed[index] += delta[index]
                continue
            incoming[parent] = delta[:]
            path = [parent]
            ancestor = parent
            while ancestor is not node:
                ancestor = ancestor.parent  # type: ignore[assignment]
                if ancestor in incoming:
                    break  # the rest of the way is on an earlier path
                incoming[ancestor] = [0.0] * _WIDTH
                path.append(ancestor)
            paths.append(path)
        vectors = self.vectors
        # A later path ends below a node of an earlier one: later paths first is children first.
        for path in reversed(paths):
            for ancestor in path:
                delta = incoming.pop(ancestor)
                vector = vectors[ancestor]
                for index in width:
                    if delta[index]:
                        vector[index] -= delta[index]
                vectors[ancestor] = vector  # stored again: a Measures hands out copies
                tag = ancestor.tag
                if tag in HEADINGS or tag in ("ul", "ol", "a"):
                    target = _HEADING if tag in HEADINGS else _LINKS if tag == "a" else _LIST
                    delta[target] = delta[_TEXT] * (link_weight(ancestor) if tag == "a" else 1)
                if ancestor is node:
                    carried = [a + b for a, b in zip(carried, delta, strict=True)]
                    continue
                above = ancestor.parent
                assert above is not None
                seed = incoming.get(above)
                if seed is None:
                    incoming[above] = delta
                else:
                    for index in width:
                        seed[index] += delta[index]
        pending.append((node, carried))

    def flush(self) -> None:
        """Settle every vector, up to the root (after each cleaning pass)."""
        self.settle(self.root)
        self.pending.clear()  # what the root would pass on: it has no parent


_PROMO_LABEL = "promo label"
#: An author or contact label: the box under it (a bio, an address) goes with it.
_BOX_LABEL = "box label"
#: The furniture rules searched anywhere in a line (the others are matched at its start, which
#: costs little): asked first which of them can match at all (see ``literal_gate``).
_SEARCHED_LINES = LiteralGates((LEGAL_LINE, CONSENT_LINE, CREDIT_TAIL, PROMPT_LINE, CALL_TO_ACTION))
#: No rule after the promo reads a longer line.
_LONGEST_RULED_LINE = max(LEGAL_LINE_MAX, CONSENT_LINE_MAX, FURNITURE_LINE_MAX)


#: Neither a promo (mostly links) nor short enough for any other line rule: longer lines
#: are not read.
_LONGEST_PLAIN_LINE = max(FURNITURE_LINE_MAX, LEGAL_LINE_MAX)


def _is_unread_line(length: float, links: float) -> bool:
    """Whether ``_furniture_line`` leaves a block of this text and link length unread (no text,
    or too long for every rule). Settled before the text is built: the C copy walk asks it
    (restated there with these constants) before calling back at all."""
    return not length or (links < length * PROMO_LINK_DENSITY and length > _LONGEST_PLAIN_LINE)


def _joined(*patterns: re.Pattern[str]) -> re.Pattern[str]:
    """One pattern that matches at a position where any of ``patterns`` does (each keeps its
    case-insensitivity in a scoped flag): its ``match`` says whether one of them matches at the
    start, its ``search`` whether one is found, for the cost of one call where none is."""
    alternatives = []
    for pattern in patterns:
        flags = pattern.flags & ~re.UNICODE
        if flags & ~re.IGNORECASE or pattern.groupindex or _BACKREFERENCE.search(pattern.pattern):
            raise ValueError(f"cannot join {pattern.pattern!r}: flags or group references of its own")
        alternatives.append(f"(?{'i' if flags else ''}:{pattern.pattern})")
    return re.compile("|".join(alternatives))


#: A numbered back-reference, which would point at another group once patterns are joined.
_BACKREFERENCE = re.compile(r"\\[1-9]")
#: The line rules matched at a line's start (``PROMO_LEAD`` … ``BYLINE_LINE``), as one gate.
_LINE_STARTS = _joined(
    PROMO_LEAD, AUTHOR_LABEL, CONTACT_LABEL, CREDIT_LINE, DATELINE, GALLERY_LINE, BYLINE_LINE
)
#: The literals one of which every match of ``_LINE_STARTS`` opens with ("read more", "bild",
#: "by", "©" …): a line opening with none is not matched at all (most lines).
_STARTED_LINES = OpeningGate(_LINE_STARTS)


def _line_clues(text: str, length: float) -> tuple[bool, tuple[bool, ...]]:
    """Which line rules may hold for a block of this text and text length: whether one of the
    rules read at the line's start matches (one match for all seven, asked only of a line that
    opens with one of their literals, ``_STARTED_LINES``: for most lines, none), and
    per rule searched anywhere in the line whether it may match (``_SEARCHED_LINES``, asked only
    up to ``_LONGEST_RULED_LINE``: for most lines, none). No start and no search settles a line
    as plain: the C copy walk (csrc/copypass/) decides that itself, with the same pattern and
    the gates' C table, before calling ``drops_furniture_line`` back."""
    starts = _STARTED_LINES.may_match(text) and _LINE_STARTS.match(text) is not None
    if length > _LONGEST_RULED_LINE:
        return starts, _SEARCHED_LINES.none
    return starts, _SEARCHED_LINES.may_match(text)


def _furniture_line(node: Element, share: list[float], raw: str | None = None) -> str | None:
    """What kind of furniture line ``node`` is (promo, credit, dateline…), or None for content.

    Only short blocks are read; a promo may be longer when it is mostly links (a label and a
    long teaser headline), a legal notice up to ``LEGAL_LINE_MAX``. A promo label alone returns
    ``_PROMO_LABEL``: its teasers follow. ``raw``: the node's text not yet collapsed, when the
    caller has it; else ``Element.short_text`` reads it.
    """
    if node.tag not in FURNITURE_LINE_TAGS:
        return None
    length = share[_TEXT]
    if _is_unread_line(length, share[_LINKS]):
        return None
    short = length <= FURNITURE_LINE_MAX
    linky = share[_LINKS] >= length * PROMO_LINK_DENSITY
    text = node.short_text() if raw is None else " ".join(raw.split())
    if text is None:
        return None  # past the short-text limits: not a line
    starts, searched = _line_clues(text, length)
    if not starts and not any(searched):
        return None  # most lines: no rule can match
    promo = PROMO_LEAD.match(text) if starts else None
    if promo is not None and (short or linky):
        alone = len(text) - promo.end() <= 2 or (not share[_LINKS] and length <= PROMO_LABEL_MAX)
        return _PROMO_LABEL if alone else "promo"
    if length > _LONGEST_RULED_LINE:
        return None
    legal, consent, credit_tail, prompt, call_to_action = searched
    if length <= LEGAL_LINE_MAX and legal and LEGAL_LINE.search(text):
        return "legal"
    if length <= CONSENT_LINE_MAX and consent and CONSENT_LINE.search(text):
        return "consent"
    if not short:
        return None
    if starts and is_box_label(text):
        return _BOX_LABEL
    if starts and (CREDIT_LINE.match(text) or DATELINE.match(text) or GALLERY_LINE.match(text)):
        return "furniture"
    if credit_tail and CREDIT_TAIL.search(text):
        return "caption"
    if prompt and PROMPT_LINE.search(text):
        return "prompt"
    if starts and BYLINE_LINE.match(text):
        return "byline"
    if length <= CALL_TO_ACTION_MAX and call_to_action and CALL_TO_ACTION.search(text):
        return "call to action"
    return None


def _is_teaser_block(node: Element, share: list[float]) -> bool:
    """A list, or a block mostly of links: the teaser headlines under a promo label."""
    if node.tag in ("ul", "ol"):
        return True
    return bool(share[_TEXT]) and share[_LINKS] >= share[_TEXT] * PROMO_LINK_DENSITY


_CAPTION = "caption"


def _box_kind(tag: str, attrs: dict[str, str], total: list[float]) -> str | None:
    """What kind of furniture box a classed element is by its class/id: a caption (kept as a
    <figcaption>), an author box or a disclaimer (dropped), or None.

    Each has a length limit: a long block named so is the article's own text (a biography
    page's body, a legal text).
    """
    text = total[_TEXT]
    if not text:
        return None
    if (
        tag in CAPTION_TAGS
        and text <= FIGURE_MAX_CAPTION
        and not total[_IMG]
        and _CAPTION_NAME.found_in_names(attrs)
    ):
        return _CAPTION
    if text <= AUTHOR_BIO_MAX and (
        AUTHOR_BOX_NAME.found_in_names(attrs) or _DISCLAIMER_NAME.found_in_names(attrs)
    ):
        return "author box or disclaimer"
    return None


def _is_share_or_signup(attrs: dict[str, str]) -> bool:
    """A share bar or a newsletter/subscription sign-up box, by its class/id."""
    return _SHARE_NAME.found_in_names(attrs) or _SIGNUP_NAME.found_in_names(attrs)


#: The box rules' class/id patterns, remembered per class or id value (``NameMemo`` says why
#: that gives the verdict on ``match_string``: none of them can match across its space).
_CAPTION_NAME = NameMemo(CAPTION_CLASS, NAME_MEMOS)
_DISCLAIMER_NAME = NameMemo(DISCLAIMER_ELEMENTS, NAME_MEMOS)
_SHARE_NAME = NameMemo(SHARE_ELEMENTS, NAME_MEMOS)
_SIGNUP_NAME = NameMemo(SIGNUP_ELEMENTS, NAME_MEMOS)
#: Per class or id value: whether one of ``leaves_box``'s class/id rules is found in it (a
#: value none of them finds cannot make a box), settled with the memos (``NAME_MEMOS``). The C
#: copy walk reads it, and calls back (``_is_box_name``) only for values it does not hold.
_BOX_NAMES: dict[str, bool] = NAME_MEMOS.any_of(
    _SHARE_NAME, _SIGNUP_NAME, _CAPTION_NAME, AUTHOR_BOX_NAME, _DISCLAIMER_NAME
)


def _is_box_name(value: str) -> bool:
    """Whether one of the box rules is found in this class or id value (remembered)."""
    known = _BOX_NAMES.get(value)
    if known is None:
        NAME_MEMOS.settle(value)
        known = _BOX_NAMES[value]
    return known


def _may_name_a_box(attrs: dict[str, str]) -> bool:
    """Whether the class or id may make an element a box (``leaves_box``); False settles it."""
    cls = attrs.get("class")
    if cls and _is_box_name(cls):
        return True
    ident = attrs.get("id")
    return bool(ident) and _is_box_name(ident)  # type: ignore[arg-type]


def _kept_attributes(tag: str, attrs: dict[str, str]) -> dict[str, str]:
    """A copy's attributes: the presentational ones left out. With none to leave out the copy
    shares the page's dict (as the C walk does): a dict per copied element was ~2% of a call on
    element-dense markup. So no step may change a copy's attributes in place: the page's would
    change too, and a later attempt reads them (``_fix_lazy_image`` and ``_tidied_block`` give
    the element a new dict)."""
    sized = tag in DEPRECATED_SIZE_ATTRIBUTE_ELEMS
    if not sized and PRESENTATIONAL_ATTRIBUTES.isdisjoint(attrs):
        return attrs  # most elements: nothing to strip, so the copy shares the page's dict
    return {
        name: value
        for name, value in attrs.items()
        if name not in PRESENTATIONAL_ATTRIBUTES and not (sized and (name == "width" or name == "height"))
    }


def _is_video(node: Element) -> bool:
    """An embed pointing at a known video host (for <object>, its <param>s count too)."""
    if any(VIDEOS.search(value) for value in node.attrs.values()):
        return True
    if node.tag == "object":
        return any(VIDEOS.search(v) for d in node.iter() for v in d.attrs.values()) or bool(
            VIDEOS.search(node.text_content(frozenset()))
        )
    return False


def _fix_lazy_image(element: Element) -> Element | None:
    """Give lazy-loaded images a real ``src``/``srcset`` from their data-* attributes.

    Returns the <img> it adds to a <figure> that had only a data-* image attribute, if any.
    A changed image gets a new dict: its attributes may be the page's (``_kept_attributes``).
    """
    attrs = element.attrs
    src = attrs.get("src", "")
    match = B64_DATA_URL.match(src) if src else None
    if match is not None:
        if match.group(1) == "image/svg+xml":
            return None
        # A tiny base64 placeholder goes when another attribute names the real image file.
        if any(name != "src" and IMAGE_FILE.search(value) for name, value in attrs.items()):
            start = src.lower().find("base64") + 7
            if len(src) - start < 133:
                attrs = element.attrs = {name: value for name, value in attrs.items() if name != "src"}
                src = ""
    srcset = attrs.get("srcset", "")
    if (src or (srcset and srcset != "null")) and "lazy" not in attrs.get("class", "").lower():
        return None
    for name, value in list(attrs.items()):
        if name in ("src", "srcset", "alt"):
            continue
        target = None
        if LAZY_SRCSET_VALUE.search(value):
            target = "srcset"
        elif LAZY_SRC_VALUE.match(value):
            target = "src"
        if target is None:
            continue
        if element.tag in ("img", "picture"):
            attrs = element.attrs = {**attrs, target: value}
        elif element.tag == "figure" and element.find("img", "picture") is None:
            image = Element("img", {target: value}, element)
            element.children.append(image)
            return image
    return None


# -- 2. conditional cleaning ----------------------------------------------------------------------
def _copy_part(content: _Content, node: Element) -> tuple[Element, list[float]]:
    """``content.copy(node, True)``: in C inside the component (``_copypass.copy``, the same
    steps calling back into ``_Content`` for the rule-heavy ones), in Python natively."""
    copied = content.copy(node, True) if _copypass is None else _copypass.copy(content, node, True)
    assert copied is not None  # a part itself is always copied
    return copied


def clean_article(
    parts: Sequence[tuple[Element | str, bool]],
    dropped: set[Element],
    flags: int,
    in_place: InPlace | None = None,
) -> tuple[Element, ContentFigures]:
    """Copy ``parts`` into a detached <div> and clean it (see module docstring).

    Each part is a node with "rename to div" (siblings merged into the article that are not
    div/article/section/p become divs, so the cleaner treats them as blocks). ``dropped`` are
    nodes the grab set aside; they and their subtrees are not copied. The page is not changed,
    unless ``in_place`` is given: then the parts' elements are the content's (no part may lie
    inside another), and ``restore_page(in_place)`` puts the page back.
    """
    root = Element("div")
    content = _Content(root, dropped, flags, in_place)
    total = [0.0] * _WIDTH
    for node, rename_to_div in parts:
        if type(node) is str:
            root.children.append(node)
            total[_TEXT] += text_measure(node)[0]
            continue
        copy, share = _copy_part(content, node)  # type: ignore[arg-type]
        if rename_to_div:
            copy.tag = "div"
        copy.parent = root
        root.children.append(copy)
        total = [a + b for a, b in zip(total, share, strict=True)]
    content.measure_root(total)
    content.main_block_length = max(MIN_CONTENT_LENGTH, total[_TEXT] * MAIN_BLOCK_SHARE)
    _clean_content(content, flags)
    content.compact()
    # the tidy in C inside the component (``_cleanpass.tidy``, calling back its rule steps)
    paragraphs = _tidy(root, content) if _cleanpass is None else _cleanpass.tidy(content, root)
    total = content.vectors[root]  # as the removals left it
    figures = ContentFigures(int(total[_TEXT]), total[_LINKS], paragraphs, content.furniture_length)
    for node in content.gone:  # removed subtrees: freed by reference counting (``release_tree``)
        node.parent = None
    return root, figures


def _clean_content(content: _Content, flags: int) -> None:
    """Step 2 on the copied ``content``: fishy forms and fieldsets, every input, then fishy
    tables, lists and divs go."""
    conditional = flags & FLAG_CLEAN_CONDITIONALLY
    if conditional:
        _clean_conditionally("form", content)
        _clean_conditionally("fieldset", content)
    _remove_where("input", content, None)
    if conditional:
        _clean_conditionally("table", content)
        _clean_conditionally("ul", content)
        _clean_conditionally("div", content)


def _clean_conditionally(tag: str, content: _Content) -> None:
    """Remove each ``tag`` element that looks like furniture, innermost first."""
    content.textish_below.clear()
    _remove_where(tag, content, _looks_fishy)


def _remove_where(
    tag: str, content: _Content, fishy: Callable[[Element, str, _Content], bool] | None
) -> None:
    """Remove each live ``tag`` element ``fishy`` judges so (all when None), innermost first,
    each settled before it is judged; then settle every vector.

    Inside the component the loop, ``settle`` and ``remove`` run in C (``_cleanpass``, calling
    back ``fishy``); this loop and the ``_Content`` methods are their statement.
    """
    content.long_labels.clear()  # what an earlier pass removed may have shortened them
    if _cleanpass is not None:
        _cleanpass.remove_where(content, tag, fishy)
        return
    for node in content.live(tag):
        if node not in content.gone:
            content.settle(node)
            if fishy is None or fishy(node, tag, content):
                content.remove(node)
    content.flush()


def _looks_fishy(node: Element, tag: str, content: _Content) -> bool:
    """Whether a settled form, fieldset, table, list or div is furniture to remove (Readability's
    ``_cleanConditionally`` tests). Inside the component ``_cleanpass.remove_where`` runs the
    same tests in C (csrc/cleanpass/fishy.c) when handed this function."""
    vector = content.vectors[node]
    text = vector[_TEXT]
    if tag == "table" and node in content.data_tables:
        return False
    if _inside_data_table(node, content) or has_ancestor_tag(node, "code", NEAR_ANCESTOR_DEPTH):
        return False
    if vector[_DATA_TABLES]:
        return False
    weight = class_weight(node.attrs, content.flags)
    if weight < 0:
        return True
    if vector[_COMMAS] >= MIN_COMMAS_TO_KEEP or vector[_EMBED]:
        return False  # prose; or a kept video embed (non-video embeds were not copied)
    if text < SHORT_LABEL:
        # no measured text is no live text: nothing to walk (text children of gone or never
        # copied elements are not measured, and blank ones measure 0 as they are blank here)
        label = content.live_short_text(node) if text else ""
        if (
            label is not None
            and LABEL_WORDS_OPENINGS.may_match(label)
            and (AD_WORDS.match(label) or LOADING_WORDS.match(label))
        ):
            return True
    is_list = tag == "ul" or tag == "ol" or bool(text and vector[_LIST] / text > LIST_TEXT_RATIO)
    paragraphs = vector[_P]
    images = vector[_IMG]
    items = vector[_LI] - LI_ALLOWANCE
    link_density = vector[_LINKS] / text if text else 0.0
    heading_density = vector[_HEADING] / text if text else 0.0
    in_figure = has_ancestor_tag(node, "figure", NEAR_ANCESTOR_DEPTH)
    fishy = (
        (not in_figure and images > 1 and paragraphs / images < MIN_P_PER_IMG)
        or (not is_list and items > paragraphs)
        or vector[_INPUT] > paragraphs // 3
        or (
            not is_list
            and not in_figure
            and heading_density < MAX_HEADING_DENSITY
            and text < MIN_CONTENT_LENGTH
            and (images == 0 or images > 2)
            and link_density > 0
        )
        or (
            not is_list
            and weight < MIN_CONTENT_WEIGHT
            and link_density > LOW_WEIGHT_LINK_DENSITY
            and (text < content.main_block_length or link_density > HIGH_WEIGHT_LINK_DENSITY)
        )
        or (weight >= MIN_CONTENT_WEIGHT and link_density > HIGH_WEIGHT_LINK_DENSITY)
        or (images == 0 and not _has_textish_text(node, text, content))
    )
    if fishy and is_list and _is_image_list(node, images, vector[_LI], content.gone):
        return False
    return fishy


def _is_image_list(node: Element, images: float, list_items: float, gone: set[Element]) -> bool:
    """A plain list of images, one per item: content, not furniture.

    ``list_items`` counts the <li> still below ``node`` (its vector's ``_LI``).
    """
    items = [item for item in node.element_children() if item not in gone]
    if any(sum(1 for c in item.element_children() if c not in gone) > 1 for item in items):
        return False
    return images == list_items


def _inside_data_table(node: Element, content: _Content) -> bool:
    """Whether an ancestor of ``node`` is a data table (answers remembered along the way)."""
    known = content.inside_data_table
    data_tables = content.data_tables
    path: list[Element] = []
    ancestor = node.parent
    inside = False
    while ancestor is not None:
        answer = known.get(ancestor)
        if answer is not None:
            inside = answer
            break
        if ancestor.tag == "table" and ancestor in data_tables:
            inside = True
            break
        path.append(ancestor)
        ancestor = ancestor.parent
    for passed in path:
        known[passed] = inside
    return inside


def _has_textish_text(node: Element, text: float, content: _Content) -> bool:
    """Whether some paragraph-like descendant (p, li, td, span, div…) holds text.

    Answers are remembered per element for the current pass (``_Content.textish_below``), so
    nested forms or fieldsets do not each read the same subtree again; they stay true within
    a pass because a removal only touches its own subtree and the nodes judged after it.
    """
    if not text:
        return False
    known = content.textish_below
    answer = known.get(node)
    if answer is not None:
        return answer
    vectors = content.vectors
    gone = content.gone
    path = [node]  # the elements being read, each with the rest of its children still to read
    unread = [iter(node.children)]
    while unread:
        for child in unread[-1]:
            if isinstance(child, str) or child in gone or not vectors[child][_TEXT]:
                continue  # no text below an element whose measure says none
            answer = True if child.tag in TEXTISH_TAGS else known.get(child)
            if answer:
                for element in path:
                    known[element] = True
                return True
            if answer is None:
                path.append(child)
                unread.append(iter(child.children))
                break
        else:
            known[path.pop()] = False
            unread.pop()
    return False


def _is_data_table(table: Element, markers: dict[Element, tuple[bool, bool]]) -> bool:
    """A table that holds data (kept whole) rather than lays the page out.

    ``markers`` holds ``_table_markers`` of the tables already copied (all inner tables).
    """
    has_data_markup, nested = _table_markers(table, markers)
    return _is_marked_data_table(table, has_data_markup, nested)


#: A table stated to lay the page out (``role``), or not to hold data (``datatable``).
LAYOUT_TABLE_ROLE = "presentation"
NOT_A_DATA_TABLE = "0"
#: A table of more than one row and column holds data from this many rows, more than this many
#: columns, or more than this many cells.
DATA_TABLE_MIN_ROWS = 10
DATA_TABLE_MIN_COLUMNS = 4
DATA_TABLE_MIN_CELLS = 10


def _is_marked_data_table(table: Element, has_data_markup: bool, nested: bool) -> bool:
    """``_is_data_table`` once its ``_table_markers`` are known (the C walk sums them as it
    copies, and decides this itself unless a span needs ``int()`` or rows are nested)."""
    attrs = table.attrs
    if attrs.get("role") == LAYOUT_TABLE_ROLE or attrs.get("datatable") == NOT_A_DATA_TABLE:
        return False
    if attrs.get("summary"):
        return True
    if has_data_markup:
        return True
    if nested:
        return False
    rows, columns = _rows_and_columns(table)
    if rows == 1 or columns == 1:
        return False
    return (
        rows >= DATA_TABLE_MIN_ROWS
        or columns > DATA_TABLE_MIN_COLUMNS
        or rows * columns > DATA_TABLE_MIN_CELLS
    )


def _table_markers(table: Element, markers: dict[Element, tuple[bool, bool]]) -> tuple[bool, bool]:
    """(data-table markup below ``table``, another table below it), remembered in ``markers``.

    Tables are copied innermost first, so an inner table's answer is known and its subtree is
    not read again: each element is read for its nearest table only, where reading every
    table's whole subtree was quadratic in nested tables.
    """
    has_data_markup = nested = False
    stack = [c for c in table.children if type(c) is Element]
    while stack:
        node = stack.pop()
        tag = node.tag
        if (tag == "caption" and node.children) or tag in DATA_TABLE_DESCENDANTS:
            has_data_markup = True
        if tag == "table":
            nested = True
            inner = markers.get(node)
            if inner is not None:
                has_data_markup = has_data_markup or inner[0]
                continue
        stack.extend(c for c in node.children if type(c) is Element)
    markers[table] = (has_data_markup, nested)
    return has_data_markup, nested


def _rows_and_columns(table: Element) -> tuple[int, int]:
    rows = columns = 0
    for row in table.iter("tr"):
        rows += _span(row.attrs.get("rowspan"))
        columns = max(columns, sum(_span(cell.attrs.get("colspan")) for cell in row.iter("td")))
    return rows, columns


def _span(value: str | None) -> int:
    try:
        return int(value) if value else 1
    except ValueError:
        return 1


# -- 3. tidy ------------------------------------------------------------------------------------
def _tidy(node: Element, content: _Content) -> int:
    """Post-order tidy of ``node``'s children (see module docstring); returns paragraphs seen."""
    paragraphs = 0
    out: list[Element | str] = []
    changed = breaks = False
    vectors = content.vectors
    for child in node.children:
        if type(child) is str:
            out.append(child)
            continue
        element: Element = child  # type: ignore[assignment]
        below = element.children
        if below and (len(below) > 1 or type(below[0]) is not str):  # a leaf has nothing to tidy
            paragraphs += _tidy(element, content)
        tag = element.tag
        vector = vectors.get(element)
        if tag == "h1":
            element.tag = "h2"
        elif tag == "p":
            if vector is not None and not vector[_TEXT] and not vector[_IMG] and not vector[_EMBED]:
                release_tree(element)
                changed = True
                continue
            paragraphs += 1
        elif tag == "table" or tag == "div" or tag == "section":
            kept = _unwrapped_table(element, node) if tag == "table" else _tidied_block(element, node, vector)
            if kept is None:
                changed = True
                continue
            if kept is not element:
                element = kept
                changed = True
                paragraphs += tag == "table" and kept.tag == "p"
        tag = element.tag
        if vector is not None and tag in REPEATABLE_BLOCK_TAGS and content.repeats_a_block(element, vector):
            release_tree(element)
            changed = True
            continue
        breaks = breaks or tag == "br"
        out.append(element)
    if breaks and _drop_breaks_before_paragraphs(out):
        changed = True
    if changed:
        node.children = out
    return paragraphs


def _unwrapped_table(table: Element, node: Element) -> Element:
    """What stands in ``table``'s place among ``node``'s children: the only cell of a one-cell
    layout table (as a <p> holding only phrasing content, else a <div>), or the table. The C
    tidy restates it (csrc/cleanpass/tidy.c, ``unwrapped_table``)."""
    cell = _single_cell(table)
    if cell is None:
        return table
    cell.tag = "p" if all(is_phrasing(c) for c in cell.children) else "div"
    _cut_path(table, cell)
    cell.parent = node
    return cell


def _tidied_block(block: Element, node: Element, vector: list[float] | None) -> Element | None:
    """What stands in a <div>/<section> ``block``'s place among ``node``'s children: nothing
    (released) when it has no content, else the innermost of a div-in-div chain, which takes
    the attributes of the blocks around it, or the block. The C tidy asks this only of a block
    measuring no text and restates the chain steps (csrc/cleanpass/tidy.c, ``collapsed_block``)."""
    if vector is not None and not vector[_TEXT] and _without_content(block):
        release_tree(block)
        return None
    inner = block
    while True:
        only = _single_element_child(inner)
        if only is None or only.tag not in ("div", "section"):
            break
        if inner.attrs:  # a new dict: a copy may share the page's
            only.attrs = {**only.attrs, **inner.attrs}
        inner = only
    if inner is not block:
        _cut_path(block, inner)
        inner.parent = node
    return inner


def _cut_path(outer: Element, inner: Element) -> None:
    """Cut the parent links between ``inner`` and ``outer``, which it replaces in the tree: the
    elements left between them are then freed by reference counting, not by the cyclic collector
    (see ``dom.release_tree``)."""
    between = inner.parent
    while between is not None and between is not outer:
        above = between.parent
        between.parent = None
        between = above


def _without_content(node: Element) -> bool:
    """No text and nothing but <br>/<hr> inside (images, videos and iframes count as content)."""
    for descendant in node.iter():
        if descendant.tag not in ("br", "hr") and (descendant.parent is node or descendant.tag in _COUNTED):
            return False
    return not node.text_content().strip()


def _single_element_child(node: Element) -> Element | None:
    only: Element | None = None
    for child in node.children:
        if type(child) is str:
            if child.strip():
                return None
        elif only is not None:
            return None
        else:
            only = child  # type: ignore[assignment]
    return only


def _single_cell(table: Element) -> Element | None:
    """The only cell of a one-row, one-cell table."""
    body = _single_element_child(table)
    if body is None:
        return None
    if body.tag == "tbody":
        body = _single_element_child(body)
        if body is None:
            return None
    if body.tag != "tr":
        return None
    cell = _single_element_child(body)
    return cell if cell is not None and cell.tag == "td" else None


def _drop_breaks_before_paragraphs(children: list[Element | str]) -> bool:
    """Remove each <br> whose next non-blank sibling is a <p> (the paragraph already breaks)."""
    removed = False
    index = len(children) - 1
    next_is_paragraph = False
    while index >= 0:
        child = children[index]
        if type(child) is str:
            if child.strip():
                next_is_paragraph = False
        elif child.tag == "br" and next_is_paragraph:  # type: ignore[union-attr]
            del children[index]
            removed = True
        else:
            next_is_paragraph = child.tag == "p"  # type: ignore[union-attr]
        index -= 1
    return removed


# -- full page ------------------------------------------------------------------------------------
def clean_full_page(doc: Document) -> Element:
    """The whole body, nav and sidebars included, minus what no reader sees or wants.

    Drops script/style/noscript/template, hidden elements (``hidden``, ``aria-hidden="true"``,
    ``display:none``/``visibility:hidden``), form controls, iframes, svg, and template junk
    (cookie/consent banners, modal dialogs and overlays). Works in place; returns ``doc.body``.
    """
    body: Element = doc.body
    stack = [body]
    while stack:
        node = stack.pop()
        kept: list[Element | str] = []
        for child in node.children:
            if type(child) is str:
                kept.append(child)
            elif not _is_page_junk(child):  # type: ignore[arg-type]
                kept.append(child)
                stack.append(child)  # type: ignore[arg-type]
            else:
                child.parent = None  # type: ignore[union-attr]
        if len(kept) != len(node.children):
            node.children = kept
    return body


def _is_page_junk(node: Element) -> bool:
    if node.tag in FULL_PAGE_REMOVED_TAGS:
        return True
    attrs = node.attrs
    if not attrs:
        return False
    if not is_probably_visible(attrs) or is_modal_dialog(attrs):
        return True
    if attrs.get("role") in ("dialog", "alertdialog"):
        return True
    matched = match_string(attrs)
    return (
        len(matched) > 1
        and OVERLAY_JUNK.search(matched) is not None
        and node.tag not in ("body", "main", "article")
    )


# -- the copy walk in C --------------------------------------------------------------------------
#: Where ``_Content.copy`` runs: "c" inside the component, "python" natively.
COPY_IN = "python" if _copypass is None else "c"
#: Where the conditional pass's loop, settle and remove (``_remove_where``) and the tidy run:
#: likewise.
CONDITIONAL_IN = "python" if _cleanpass is None else "c"
if _cleanpass is not None:
    _cleanpass.configure_element(Element)
    _cleanpass.configure_measures(_measures.Measures)
    _cleanpass.configure(
        HEADINGS, _COUNTED, (_TEXT, _LINKS, _HEADING, _LIST, _DATA_TABLES, _IMG, _EMBED, _WIDTH), link_weight
    )
    _cleanpass.configure_fishy(
        _looks_fishy,
        (TEXTISH_TAGS, NON_CONTENT_TAGS, SHORT_TEXT_LIMITS),  # the last: how far a label is read
        (NEGATIVE_NAME, POSITIVE_NAME, FLAG_WEIGHT_CLASSES, CLASS_WEIGHT),
        (AD_WORDS.match, LOADING_WORDS.match, LABEL_WORDS_OPENINGS),
        (
            SHORT_LABEL,
            MIN_COMMAS_TO_KEEP,
            LIST_TEXT_RATIO,
            LI_ALLOWANCE,
            MAX_HEADING_DENSITY,
            MIN_CONTENT_LENGTH,
            LOW_WEIGHT_LINK_DENSITY,
            HIGH_WEIGHT_LINK_DENSITY,
            MIN_P_PER_IMG,
            MIN_CONTENT_WEIGHT,
        ),
        NEAR_ANCESTOR_DEPTH,
        (_COMMAS, _P, _LI, _INPUT, _WIDTH),
    )
    _cleanpass.configure_tidy(
        REPEATABLE_BLOCK_TAGS,
        float(REPEATED_BLOCK_MIN),
        float(FURNITURE_LINE_MAX),
        (_tidied_block, _drop_breaks_before_paragraphs),  # release_tree's walk runs in C there
        (SHORT_TEXT_LIMITS, TEXT_CONTENT_SKIP),  # repeats_a_block's short text (the C tidy restates it)
        (PHRASING_ELEMS, TRANSPARENT_PHRASING, is_phrasing),  # _unwrapped_table's (restated in C)
    )
if _copypass is not None:  # its tables and rule hooks are this module's, handed over once
    _copypass.configure_measures(_measures.Measures)
    _copypass.configure(
        Element,
        (
            _NEVER_COPIED,
            _ASKED_BEFORE_COPY,
            PRESENTATIONAL_ATTRIBUTES,
            DEPRECATED_SIZE_ATTRIBUTE_ELEMS,
            FURNITURE_LINE_TAGS,
            _IMAGE_TAGS,
            HEADINGS,
            DATA_TABLE_DESCENDANTS,
            frozenset(CLEANED_CONDITIONALLY),  # the tags of content.targets
            _COUNTED,
        ),
        (_TEXT, _LINKS, _COMMAS, _HEADING, _LIST, _DATA_TABLES, _WIDTH),
        (
            _Content.skips,
            _Content.drops_furniture_line,
            _Content.leaves_box,
            _Content.measure_lazy_image,
            _is_marked_data_table,
            link_weight,
            _is_box_name,
        ),
        (
            _BOX_NAMES,
            float(_LONGEST_PLAIN_LINE),
            PROMO_LINK_DENSITY,
            _LINE_STARTS.match,
            _STARTED_LINES,
            _SEARCHED_LINES,
            float(_LONGEST_RULED_LINE),
            fold,
            FOLDED_FOR_IGNORECASE,
            TEXT_CONTENT_SKIP,  # Element.text's: never copied, checked (the screen reads copied text)
            SHORT_TEXT_LIMITS,  # …as far as Element.short_text reads
        ),
        (
            DATA_TABLE_MIN_ROWS,
            DATA_TABLE_MIN_COLUMNS,
            DATA_TABLE_MIN_CELLS,
            LAYOUT_TABLE_ROLE,
            NOT_A_DATA_TABLE,
        ),
    )
