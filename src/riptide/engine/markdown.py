"""Render an element subtree as the Markdown a person would write for it (CommonMark + GFM tables).

Pipeline: one walk over the tree in which every block-level construct renders itself to a
string (a "block") from its children's blocks, and runs of inline content between blocks are
gathered into paragraphs. Nesting (lists, blockquotes) is a matter of prefixing the lines of
the inner blocks, so each construct reads on its own; a block with nested lines (``_Nested``)
keeps its prefixes apart until the whole is written out, so each line is copied once whatever
the depth. Blocks are joined by one blank line.

Guarantees:
- headings are ATX (``## Title``), lists use ``-`` / ``1.``; nested content is indented 2
  spaces under a bullet and 4 under a number (enough for any CommonMark renderer), consistently;
- text is whitespace-collapsed and escaped only where a character would otherwise turn into
  markup (see ``_INLINE_SPECIAL`` and ``_LINE_START``), so ordinary prose stays readable;
- links and images carry absolute http(s) URLs (``resolve_url``, ``best_image_url``); links
  without one keep their text only;
- a ``<br>`` is a CommonMark hard break written as a trailing backslash (``HARD_BREAK``), so no
  line ends in whitespace; two or more ``<br>`` in a row start a new paragraph;
- no line has trailing whitespace, blank lines never repeat outside fenced code (whose content
  is kept verbatim apart from trailing spaces), and the output has no leading or trailing
  whitespace.

Recursion follows the element nesting (at most two frames per level, and the DOM caps depth at
256), which keeps each construct's code short; all calls are plain Python-to-Python calls, so
they do not grow the C stack inside the WebAssembly guest.

The tag vocabulary (``SKIPPED_TAGS``, ``BLOCK_TAGS``) and the table helpers are shared with
``plaintext`` so that both renderings show the same content.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from operator import itemgetter
from typing import cast

from .dom import Child, Element
from .media import ImageUrls, shown_image_url
from .urls import http_origin, resolve_url

try:  # the C block and inline walks (csrc/mdpass/): compiled into the guest component only
    from . import _mdpass
except ImportError:
    _mdpass = None

#: Elements whose content is not reading matter: code, metadata, embeds and form controls.
SKIPPED_TAGS = frozenset(
    """script style noscript template svg head title meta link base iframe object embed canvas map
    area audio video source track frame frameset noembed noframes param button input select
    textarea option optgroup datalist dialog""".split()
)
#: Elements that start a new block (a paragraph break before and after their content).
BLOCK_TAGS = frozenset(
    """address article aside blockquote body caption center dd details dir div dl dt fieldset
    figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main menu nav
    ol p pre search section summary table tbody td tfoot th thead tr ul""".split()
)
#: List containers; a list directly inside another list belongs to the item before it.
LIST_TAGS = frozenset({"ul", "ol", "menu", "dir"})
#: Heading tag -> ATX level.
HEADING_LEVELS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
#: Constructs that prefix every line of their content (list indent, ``> ``, definition indent).
PREFIXING_TAGS = LIST_TAGS | {"blockquote", "dl"}
#: Beyond this many nested prefixing constructs, deeper ones render as plain blocks at the
#: deepest level. Every line carries one prefix per level around it, so unbounded nesting
#: made output the depth times the input (100 KB of nested quotes made 2.4 MB of Markdown);
#: real pages nest lists at most ~10 deep. Lines are prefixed once for all levels (``_write``).
MAX_PREFIX_NESTING = 16
#: A table's short body rows are padded with empty cells to its width while that at most
#: multiplies its cells by this. Past it (one row of thousands of cells over thousands of
#: one-cell rows) padding made the Markdown quadratic in the page: 100 KB gave 11.7 MB.
TABLE_PADDING_MAX = 4
#: Columns a row's ``colspan``s may widen it to: a span past it adds no empty cell (its cells
#: are all written). Why: each cell may span 100 columns, so 55,000 spanning cells (0.9 MB) made a
#: header of 5.5 million columns, and the page was refused at the memory limit.
MAX_SPANNED_COLUMNS = 1_000
#: A soft hyphen: an invisible hint where a word may break, never shown in running text.
SOFT_HYPHEN = "\u00ad"
#: Tags rendered as inline code spans.
CODE_TAGS = frozenset({"code", "kbd", "samp", "tt"})

STRONG_MARKER = "**"
EMPHASIS_MARKER = "*"
STRIKETHROUGH_MARKER = "~~"
#: Inline tags written as emphasis, and their markers (strikethrough is GFM).
_EMPHASIS_MARKERS = {
    "strong": STRONG_MARKER,
    "b": STRONG_MARKER,
    "em": EMPHASIS_MARKER,
    "i": EMPHASIS_MARKER,
    "del": STRIKETHROUGH_MARKER,
    "s": STRIKETHROUGH_MARKER,
    "strike": STRIKETHROUGH_MARKER,
}
#: A hard line break without trailing spaces (CommonMark: backslash at end of line).
HARD_BREAK = "\\\n"
THEMATIC_BREAK = "---"
BULLET_MARKER = "- "
#: Indent of nested content under a bullet item (its content column).
BULLET_INDENT = 2
#: Indent of nested content under a numbered item (≥ the content column of "1. " … "99. ").
ORDERED_INDENT = 4
#: Markdown prefix of every line of a blockquote; blank quoted lines get it without the space.
QUOTE_PREFIX = "> "
#: Prefix of a definition (``<dd>``) line, Pandoc/PHP-Markdown-Extra style.
DEFINITION_PREFIX = ": "
DEFINITION_INDENT = 2
CODE_FENCE = "```"
#: A table's row element, the groups rows may sit in, and a row's cells (``table_rows``).
ROW_TAG = "tr"
ROW_GROUP_TAGS = frozenset({"thead", "tbody", "tfoot"})
CELL_TAGS = frozenset({"td", "th"})
#: Text of in-page "permalink" anchors next to headings; dropped rather than kept as text.
PERMALINK_SYMBOLS = frozenset({"¶", "#", "§", "🔗"})

#: Whitespace runs in text (includes NBSP: it renders as a space and must not pad output).
_WHITESPACE = re.compile(r"\s+")
#: Characters that would become markup anywhere in a line: emphasis/code/link punctuation,
#: word-boundary underscores (intraword ``snake_case`` is left alone), backslashes before
#: punctuation, ``<`` that could open an HTML tag or autolink, ``&`` that could spell an entity.
_INLINE_SPECIAL = re.compile(
    r"[*`\[\]]|(?<![^\W_])_|_(?![^\W_])|\\(?=[!-/:-@\[-`{-~])|<(?=[A-Za-z/!?])|&(?=#?\w+;)"
)
_MAYBE_SPECIAL = re.compile(r"[*`\[\]_\\<&]").search
_ESCAPED = r"\\\g<0>"
#: Text at the start of a line that would make it a heading, quote, list item, setext underline,
#: thematic break or code fence. Group 1 is the number of an ordered-list lookalike.
_LINE_START = re.compile(r"(?:#{1,6}|[-+])(?=\s|$)|>|(\d{1,9})[.)](?=\s|$)|=+\s*$|-+\s*$|~~~")
#: Start of a rendered list block (paragraph text that looks like this is always escaped).
_LIST_BLOCK = re.compile(r"- |\d{1,9}\. ")
#: The characters ``_LIST_BLOCK`` can start with, and a block head's first (``_join_item_blocks``).
_LIST_BLOCK_FIRST = frozenset("-0123456789")
_first_character = itemgetter(slice(0, 1))
_BREAK_RUNS = re.compile(r"\n{2,}")
#: A line break before a line that is not blank, and one before a blank line (``_after_breaks``).
_BEFORE_LINE = re.compile(r"\n(?!\n)")
_BEFORE_BLANK_LINE = re.compile(r"\n(?=\n)")
_BACKTICK_RUN = re.compile(r"`+")
#: Language of a code block in class names: language-x (Prism, highlight.js, Jekyll),
#: lang-x (prettify), highlight-x / highlight-source-x (GitHub, Pygments wrappers).
_CODE_LANGUAGE = re.compile(r"(?:^|\s)(?:language|lang|highlight(?:-source)?)-([\w+#.-]+)")


def render_markdown(root: Element, base_url: str, image_urls: ImageUrls | None = None) -> str:
    """Markdown for ``root`` and its subtree, links and images resolved against ``base_url``.

    ``image_urls``: a memo of each image's URL (``media.shown_image_url``), filled here for
    ``collect_media`` of the same tree to reuse.
    """
    renderer = _MarkdownRenderer(base_url, image_urls)
    return without_invisible(_text(_joined(renderer.blocks([root]), "\n\n")))


def without_invisible(text: str) -> str:
    """``text`` without the characters a browser never shows in running text.

    Soft hyphens (U+00AD) mark where a word may break ("Mit\xadtel\xadal\xadter"); left in, a
    reader's copy of the text and every search for the word would not match what is on screen.
    """
    return text.replace(SOFT_HYPHEN, "") if SOFT_HYPHEN in text else text


class _MarkdownRenderer:
    """Walk state: the base URL, the emphasis markers already open (repeating one inside
    itself would close it, so nested <b><b> renders once), and how many prefixing constructs
    (``PREFIXING_TAGS``) enclose the current node."""

    __slots__ = ("base_url", "image_urls", "in_link", "open_markers", "prefix_nesting")

    def __init__(self, base_url: str, image_urls: ImageUrls | None = None) -> None:
        self.base_url = base_url
        self.image_urls = image_urls
        self.open_markers: set[str] = set()
        self.in_link = False
        self.prefix_nesting = 0

    # -- blocks ---------------------------------------------------------------------------------
    def blocks(self, children: list[Child]) -> list[Block]:
        """Render a run of sibling nodes to blocks; inline runs between blocks become paragraphs."""
        out: list[Block] = []
        self.blocks_into(children, out)
        return out

    def blocks_into(self, children: list[Child], out: list[Block]) -> None:
        """``blocks``, appended to ``out``: a transparent container (a <div>, a layout table)
        adds its blocks to its parent's list rather than returning a list the parent copies,
        which cost the nesting depth times the blocks under deep containers.

        Inside the component the walk runs in C (``_mdpass.blocks_into``, csrc/mdpass/), which
        closes paragraphs as ``_paragraphs`` does and calls back the handlers, ``_inline_text``
        and ``_escape_line_start`` where their rules apply; the Python walk below is the
        statement of its rules and the native path."""
        if _mdpass is not None:
            _mdpass.blocks_into(self, children, out)
            return
        inline: list[str] = []
        for child in children:
            if isinstance(child, str):
                if inline or not child.isspace():
                    inline.append(_inline_text(child))
                continue
            tag = child.tag
            attrs = child.attrs
            if tag in SKIPPED_TAGS or "hidden" in attrs:
                continue
            handler = _BLOCK_HANDLERS.get(tag)
            if handler is None and tag not in BLOCK_TAGS and not _has_block_child(child):
                self.inline(child, inline)
                continue
            if inline:
                _paragraphs(inline, out)
                inline = []
            if handler is None or (tag in PREFIXING_TAGS and self.prefix_nesting >= MAX_PREFIX_NESTING):
                self.blocks_into(child.children, out)
            elif tag in PREFIXING_TAGS:
                self.prefix_nesting += 1
                handler(self, child, out)
                self.prefix_nesting -= 1
            else:
                handler(self, child, out)
        if inline:
            _paragraphs(inline, out)

    def heading(self, element: Element, out: list[Block]) -> None:
        text = self.inline_line_within(element, STRONG_MARKER)  # a heading is already bold
        if text:
            out.append("#" * HEADING_LEVELS[element.tag] + " " + text)

    def list_block(self, element: Element, out: list[Block]) -> None:
        """A list, its items marked and their lines indented under the marker. Inside the
        component the C block walk renders a list itself (csrc/mdpass/lists.c: the same steps,
        list_items and _join_item_blocks included); this is their statement and the native path."""
        items = self.list_items(element)
        if not items:
            return
        ordered = element.tag == "ol"
        number = _start_number(element) if ordered else 0
        rendered: list[Block] = []
        loose = False
        for blocks in items:
            body, item_loose = _join_item_blocks(blocks)
            loose = loose or item_loose
            marker = f"{number}. " if ordered else BULLET_MARKER
            indent = " " * max(ORDERED_INDENT if ordered else BULLET_INDENT, len(marker))
            rendered.append(_prefixed(body, marker, indent))
            number += 1
        out.append(_joined(rendered, "\n\n" if loose else "\n"))

    def list_items(self, element: Element) -> list[list[Block]]:
        """Blocks of each non-empty item; stray text or elements count as items of their own."""
        items: list[list[Block]] = []
        for child in element.children:
            if isinstance(child, str):
                if not child.isspace():
                    blocks: list[Block] = []
                    _paragraphs([_inline_text(child)], blocks)
                    if blocks:
                        items.append(blocks)
                continue
            tag = child.tag
            if tag in SKIPPED_TAGS or "hidden" in child.attrs:
                continue
            blocks = self.blocks(child.children if tag == "li" else [child])
            if not blocks:
                continue
            if tag in LIST_TAGS and items:
                items[-1].extend(blocks)
            else:
                items.append(blocks)
        return items

    def blockquote(self, element: Element, out: list[Block]) -> None:
        inner = self.blocks(element.children)
        if inner:
            out.append(_prefixed(_joined(inner, "\n\n"), QUOTE_PREFIX, QUOTE_PREFIX))

    def pre(self, element: Element, out: list[Block]) -> None:
        code = pre_text(element)
        if not code:
            return
        fence = CODE_FENCE
        if "```" in code:
            fence = "`" * max(len(fence), max(len(run) for run in _BACKTICK_RUN.findall(code)) + 1)
        out.append(fence + code_language(element) + "\n" + code + "\n" + fence)

    def table(self, element: Element, out: list[Block]) -> None:
        if is_layout_table(element):
            self.blocks_into(element.children, out)
            return
        rows = table_rows(element)
        # the rows in C inside the component (``_mdpass.table_block``, csrc/mdpass/tables.c)
        if _mdpass is None:
            block = _table_block(self, rows)
        else:
            block = _mdpass.table_block(self, rows, TABLE_PADDING_MAX, MAX_SPANNED_COLUMNS)
        caption = _child(element, "caption")
        if caption is not None:
            _paragraphs([self.inline_line(caption)], out)
        if block:
            out.append(block)

    def thematic_break(self, element: Element, out: list[Block]) -> None:
        out.append(THEMATIC_BREAK)

    def figure(self, element: Element, out: list[Block]) -> None:
        """The figure's content, then its caption as an italic line (wherever it was in source)."""
        caption = _child(element, "figcaption")
        self.blocks_into([c for c in element.children if c is not caption], out)
        if caption is not None:
            text = self.inline_line_within(caption, EMPHASIS_MARKER)
            if text:
                out.append(EMPHASIS_MARKER + text + EMPHASIS_MARKER)

    def definition_list(self, element: Element, out: list[Block]) -> None:
        """Terms as bold lines, definitions as ``: text`` lines; one block per term group."""
        group: list[Block] = []
        after_definition = False
        for child in _definition_entries(element):
            if child.tag == "dt":
                if after_definition and group:
                    out.append(_joined(group, "\n"))
                    group = []
                term = self.inline_line_within(child, STRONG_MARKER)
                if term:
                    group.append(STRONG_MARKER + term + STRONG_MARKER)
                after_definition = False
            else:
                blocks = self.blocks(child.children if child.tag == "dd" else [child])
                if blocks:
                    body = _joined(blocks, "\n\n")
                    group.append(_prefixed(body, DEFINITION_PREFIX, " " * DEFINITION_INDENT))
                after_definition = True
        if group:
            out.append(_joined(group, "\n"))

    # -- inline ---------------------------------------------------------------------------------
    def inline(self, element: Element, out: list[str]) -> None:
        """Append the inline rendering of ``element``; nested blocks just become spaces.

        Emphasis is handled here rather than in a handler so that a deep run of unclosed <b>
        or <i> costs one frame per level, far from the recursion limit. Inside the component
        the walk runs in C (``_mdpass.inline``), with the same call-backs as ``blocks_into``.
        """
        if _mdpass is not None:
            _mdpass.inline(self, element, out)
            return
        tag = element.tag
        if tag in SKIPPED_TAGS or "hidden" in element.attrs:
            return
        marker = _EMPHASIS_MARKERS.get(tag)
        if marker is not None and marker not in self.open_markers:
            self.open_markers.add(marker)
            parts: list[str] = []
            for child in element.children:
                if isinstance(child, str):
                    parts.append(_inline_text(child))
                else:
                    self.inline(child, parts)
            self.open_markers.discard(marker)
            out.append(_wrapped("".join(parts), marker))
            return
        handler = _INLINE_HANDLERS.get(tag)
        if handler is not None:
            handler(self, element, out)
            return
        block = tag in BLOCK_TAGS
        if block:
            out.append(" ")
        for child in element.children:
            if isinstance(child, str):
                out.append(_inline_text(child))
            else:
                self.inline(child, out)
        if block:
            out.append(" ")

    def inline_string(self, element: Element) -> str:
        parts: list[str] = []
        if _mdpass is not None:  # the same loop in C, inside the component only
            _mdpass.inline_children(self, element.children, parts)
            return "".join(parts)
        for child in element.children:
            if isinstance(child, str):
                parts.append(_inline_text(child))
            else:
                self.inline(child, parts)
        return "".join(parts)

    def inline_line(self, element: Element) -> str:
        """Inline rendering on one line (headings, table cells, captions, terms).

        Inside the component one C call does it all (``_mdpass.inline_line``): ~13 a page, and
        here it is three frames around the C walk."""
        if _mdpass is not None:
            return _mdpass.inline_line(self, element)  # type: ignore[no-any-return]
        return " ".join(self.inline_string(element).split())

    def inline_line_within(self, element: Element, marker: str) -> str:
        """``inline_line`` with ``marker`` counted as open (the caller wraps the result in it)."""
        if _mdpass is not None:  # the same in one C call, inside the component only
            return _mdpass.inline_line(self, element, marker)  # type: ignore[no-any-return]
        opened = marker not in self.open_markers
        if opened:
            self.open_markers.add(marker)
        text = self.inline_line(element)
        if opened:
            self.open_markers.discard(marker)
        return text

    def line_break(self, element: Element, out: list[str]) -> None:
        out.append("\n")

    def code(self, element: Element, out: list[str]) -> None:
        text = _WHITESPACE.sub(" ", element.text_content())
        core = text.strip(" ")
        if not core:
            if text:
                out.append(" ")
            return
        fence = "`"
        if "`" in core:
            fence = "`" * (max(len(run) for run in _BACKTICK_RUN.findall(core)) + 1)
            if core[0] == "`" or core[-1] == "`":
                core = " " + core + " "
        out.append(_lead(text) + fence + core + fence + _trail(text))

    def link(self, element: Element, out: list[str]) -> None:
        """``[text](url)``, or the text alone without a URL; a permalink symbol into the page
        is dropped. Inside the component the C inline walk does this for each link
        (``_mdpass``: it knows this handler in ``_INLINE_HANDLERS``), calling ``resolve_url``
        and, for a blank line or a parenthesis, ``_linked``."""
        if self.in_link:  # Markdown links cannot nest: keep the inner text only
            out.append(self.inline_string(element))
            return
        self.in_link = True
        inner = self.inline_string(element)
        self.in_link = False
        core = inner.strip(" \n")
        href = element.attrs.get("href", "")
        url = resolve_url(href, self.base_url) if href else None
        if url is None or not core:
            if not (core in PERMALINK_SYMBOLS and href.lstrip().startswith("#")):
                out.append(inner)
            return
        out.append(_linked(inner, core, url))

    def image(self, element: Element, out: list[str]) -> None:
        url = shown_image_url(element, self.base_url, self.image_urls)
        if url is None:
            return
        alt = element.attrs.get("alt", "")
        if alt:
            alt = _inline_text(alt).strip()
        out.append("![" + alt + "](" + _destination(url) + ")")


_Handler = Callable[[_MarkdownRenderer, Element, list[str]], None]
_BlockHandler = Callable[[_MarkdownRenderer, Element, list["Block"]], None]
#: Block constructs with their own rendering; other BLOCK_TAGS are plain containers.
_BLOCK_HANDLERS: dict[str, _BlockHandler] = {
    **{tag: _MarkdownRenderer.heading for tag in HEADING_LEVELS},
    **{tag: _MarkdownRenderer.list_block for tag in LIST_TAGS},
    "blockquote": _MarkdownRenderer.blockquote,
    "pre": _MarkdownRenderer.pre,
    "table": _MarkdownRenderer.table,
    "hr": _MarkdownRenderer.thematic_break,
    "figure": _MarkdownRenderer.figure,
    "dl": _MarkdownRenderer.definition_list,
}
#: Inline elements with markup of their own (emphasis: ``_EMPHASIS_MARKERS``); others are
#: transparent.
_INLINE_HANDLERS: dict[str, _Handler] = {
    "br": _MarkdownRenderer.line_break,
    "img": _MarkdownRenderer.image,
    "a": _MarkdownRenderer.link,
    **{tag: _MarkdownRenderer.code for tag in CODE_TAGS},
}


# -- shared with plaintext ------------------------------------------------------------------------
def pre_text(pre: Element) -> str:
    """Code of a <pre>: verbatim lines (``<br>`` as newline), trailing spaces and blank edges cut.

    The first newline right after ``<pre>`` is dropped, as the HTML parser rules say.
    """
    parts: list[str] = []
    stack: list[Child] = list(reversed(pre.children))
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            parts.append(node)
        elif node.tag == "br":
            parts.append("\n")
        elif node.tag not in SKIPPED_TAGS:
            stack.extend(reversed(node.children))
    text = "".join(parts)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\xa0" in text:
        text = text.replace("\xa0", " ")
    lines = [line.rstrip() for line in text.split("\n")]
    start, end = 0, len(lines)
    while start < end and not lines[start]:
        start += 1
    while end > start and not lines[end - 1]:
        end -= 1
    return "\n".join(lines[start:end])


def code_language(pre: Element) -> str:
    """Language name for a fence, from the classes (or data-lang) of the <pre>, its <code>, or
    a highlighter wrapper around it; "" when none is given."""
    candidates = [pre]
    code = _child(pre, "code")
    if code is not None:
        candidates.append(code)
    if pre.parent is not None:
        candidates.append(pre.parent)
    for element in candidates:
        attrs = element.attrs
        language = attrs.get("data-lang") or attrs.get("data-language")
        if language and element is not pre.parent:
            match = re.fullmatch(r"[\w+#.-]+", language.strip())
            if match:
                return match.group()
        match = _CODE_LANGUAGE.search(attrs.get("class", ""))
        if match:
            return match.group(1)
    return ""


def table_rows(table: Element) -> list[list[Element]]:
    """Cell elements of each row of ``table`` (not of nested tables), in source order.

    Inside the component this runs in C (``_mdpass.table_rows``, csrc/mdpass/tables.c): the
    Markdown and the plain text both ask it of every table of the content, and a table left
    open past the parser's depth cap holds a row per unit of markup (24,000 on 1 MB of nested
    tables), each a Python call and a list comprehension here. ``table_rows_python`` is the
    statement of the rule.
    """
    if _mdpass is not None:
        return _mdpass.table_rows(table)  # type: ignore[no-any-return]
    return table_rows_python(table)


def table_rows_python(table: Element) -> list[list[Element]]:
    """``table_rows`` in Python: the ``ROW_TAG`` children of the table and of its
    ``ROW_GROUP_TAGS`` children, each as its ``CELL_TAGS`` children; rows without cells left out."""
    rows: list[list[Element]] = []
    for child in table.children:
        if type(child) is not Element:
            continue
        if child.tag == ROW_TAG:
            _append_row(child, rows)
        elif child.tag in ROW_GROUP_TAGS:
            for row in child.children:
                if type(row) is Element and row.tag == ROW_TAG:
                    _append_row(row, rows)
    return rows


def table_shape(table: Element) -> tuple[int, int]:
    """How many rows ``table_rows`` gives and the most cells in one of them (0 for none).

    Inside the component this runs in C (``_mdpass.table_shape``, csrc/mdpass/tables.c), which
    counts without making a list per row: the Markdown and the plain text ask it of every table,
    and a table left open past the parser's depth cap holds a one-cell row per unit of markup,
    whose lists were most of what telling it a layout table cost. ``table_shape_python`` is
    the statement of the rule.
    """
    if _mdpass is not None:
        return _mdpass.table_shape(table)  # type: ignore[no-any-return]
    return table_shape_python(table)


def table_shape_python(table: Element) -> tuple[int, int]:
    """``table_shape`` in Python: the length of ``table_rows`` and of its longest row."""
    rows = table_rows_python(table)
    return len(rows), max(map(len, rows), default=0)


def is_layout_table(table: Element) -> bool:
    """True for tables that lay out content rather than hold data: fewer than two rows or
    columns, ``role=presentation``, or tables inside. Their cells render as ordinary blocks."""
    rows, widest = table_shape(table)
    if rows < 2 or widest < 2:
        return True
    if table.attrs.get("role", "").strip().lower() in ("presentation", "none"):
        return True
    return table.find("table") is not None


# -- helpers ----------------------------------------------------------------------------------------
def collapse_whitespace(text: str) -> str:
    """``text`` with each run of whitespace (``str.isspace``) made one space, at its ends too.

    Inside the component this runs in C (``_fastpass.collapse_whitespace``, csrc/fastpass/
    textwalk.c): it is done to every text node, and the split, join and end tests here cost
    several bytecodes each there.
    """
    core = " ".join(text.split())  # faster than a regex substitution on long runs of text
    if not core:
        return " " if text else ""
    if text[0].isspace():
        core = " " + core
    if text[-1].isspace():
        core += " "
    return core


try:  # the C copy of collapse_whitespace: compiled into the guest component only
    from ._fastpass import collapse_whitespace as _collapse  # type: ignore[import-not-found]
except ImportError:
    _collapse = collapse_whitespace


def _inline_text(text: str) -> str:
    """A text node as Markdown: whitespace collapsed, markup characters escaped."""
    text = _collapse(text)
    if _MAYBE_SPECIAL(text):  # most text has none; skips building the substitution
        return _INLINE_SPECIAL.sub(_ESCAPED, text)
    return text


def _paragraphs(inline: list[str], out: list[Block]) -> None:
    """Close an inline run: one paragraph, or several where ``<br>``s came two or more in a row."""
    text = "".join(inline)
    if "\n" not in text:
        line = " ".join(text.split())
        if line:
            out.append(_escape_line_start(line))
        return
    lines: list[str] = []
    for raw in text.split("\n"):
        line = " ".join(raw.split())
        if line:
            lines.append(_escape_line_start(line))
        elif lines:
            out.append(HARD_BREAK.join(lines))
            lines = []
    if lines:
        out.append(HARD_BREAK.join(lines))


def _escape_line_start(line: str) -> str:
    match = _LINE_START.match(line)
    if match is None:
        return line
    number = match.group(1)
    if number is not None:
        return number + "\\" + line[len(number) :]
    return "\\" + line


def _wrapped(inner: str, marker: str) -> str:
    """``marker`` around the content, with surrounding spaces moved outside (``** x**`` is not
    emphasis in CommonMark); nothing but a space when there is no content."""
    core = inner.strip(" \n")
    if not core:
        return " " if inner else ""
    if "\n\n" in core:
        core = _BREAK_RUNS.sub("\n", core)
    elif len(core) == len(inner):  # nothing to move outside: most emphasis
        return marker + core + marker
    return _lead(inner) + marker + core + marker + _trail(inner)


def _linked(inner: str, core: str, url: str) -> str:
    """A link's Markdown: ``[core](url)``, the spaces and line breaks around ``core`` in
    ``inner`` moved outside (as ``_wrapped`` does), no blank line inside the brackets."""
    if "\n\n" in core:
        core = _BREAK_RUNS.sub("\n", core)
    return _lead(inner) + "[" + core + "](" + _destination(url) + ")" + _trail(inner)


def _lead(text: str) -> str:
    if not text or (text[0] != " " and text[0] != "\n"):  # most text: no slicing, no copy
        return ""
    return text[: len(text) - len(text.lstrip(" \n"))]


def _trail(text: str) -> str:
    if not text or (text[-1] != " " and text[-1] != "\n"):
        return ""
    return text[len(text.rstrip(" \n")) :]


def _destination(url: str) -> str:
    """A URL as a link destination; unbalanced parentheses would end it early, so escape them."""
    if ("(" in url or ")" in url) and url.count("(") != url.count(")"):
        return url.replace("(", "\\(").replace(")", "\\)")
    return url


class _Nested:
    """A block whose lines are prefixed (``first`` on the first line, ``rest`` on the others) and
    whose text is its ``parts`` one after another, inner ``_Nested`` blocks included.

    Why: prefixing a string at each level of nested lists or quotes copies every line inside
    once per level (up to ``MAX_PREFIX_NESTING``); nested lines are instead prefixed once, with
    every enclosing level's prefix, when the whole block is written out (``_write``).
    """

    __slots__ = ("first", "parts", "rest")

    def __init__(self, first: str, rest: str, parts: list[Block]) -> None:
        self.first = first
        self.rest = rest
        self.parts = parts


#: A rendered block: its Markdown, or a ``_Nested`` block that writes it (``_text``).
Block = str | _Nested


def _joined(blocks: list[Block], separator: str) -> Block:
    """``separator.join(blocks)``, as a ``_Nested`` block without prefixes when one is nested."""
    if _all_str(blocks):
        return separator.join(blocks)  # type: ignore[arg-type]  # all str: checked above
    parts: list[Block] = [blocks[0]]
    for block in blocks[1:]:
        if separator:
            parts.append(separator)
        parts.append(block)
    return _Nested("", "", parts)


def _all_str(blocks: list[Block]) -> bool:
    """Whether every block is a ``str`` (none is ``_Nested``), asked without a bytecode per
    block: an item past the depth cap holds tens of thousands (``_join_item_blocks``)."""
    return _ONLY_STR.issuperset(map(type, blocks))


_ONLY_STR = frozenset({str})


def _prefixed(block: Block, first: str, rest: str) -> Block:
    """``block`` with its first line prefixed with ``first`` and the others with ``rest``
    (blank lines get ``rest`` without trailing spaces). One line is prefixed at once; more wait
    for ``_write``, which prefixes them for every level at once."""
    if isinstance(block, str):
        return first + block if "\n" not in block else _Nested(first, rest, [block])
    if not block.first and not block.rest:
        return _Nested(first, rest, block.parts)
    return _Nested(first, rest, [block])


def _text(block: Block) -> str:
    """The Markdown of a block, every line with the prefixes of all constructs around it."""
    if isinstance(block, str):
        return block
    if _mdpass is not None:  # the same walk in C, inside the component only (csrc/mdpass/lists.c)
        return _mdpass.nested_text(block)  # type: ignore[no-any-return]
    out: list[str] = []
    _write(block, out, "", "")
    return "".join(out)


def _write(block: Block, out: list[str], lead: str, rest: str) -> bool:
    """Append the text of ``block`` to ``out``, its first line prefixed with ``lead`` and the
    others with ``rest`` (the prefixes of the enclosing constructs; blank lines without
    trailing spaces). True when it ends with a line break, so what follows starts a line."""
    if isinstance(block, str):
        return _write_prefixed(block, out, lead, rest)
    rest += block.rest
    prefix = lead + block.first
    ended = False
    for index, part in enumerate(block.parts):
        if isinstance(part, str):
            if not part:
                continue
            if index and ended and part[0] == "\n":
                prefix = prefix.rstrip()  # a blank line
        ended = _write(part, out, prefix, rest)
        prefix = rest if ended else ""
    return ended


def _write_prefixed(text: str, out: list[str], lead: str, rest: str) -> bool:
    """``_write`` of plain text: ``lead``, then the text with ``rest`` after each line break."""
    if lead:
        out.append(lead)
    if not rest or "\n" not in text:
        out.append(text)
        return text.endswith("\n")
    prefixed = _after_breaks(text, rest)
    if text[-1] == "\n":  # the next line is the caller's to prefix
        out.append(prefixed[: len(prefixed) - len(rest)])
        return True
    out.append(prefixed)
    return False


def _after_breaks(text: str, rest: str) -> str:
    """``text`` with ``rest`` after each line break, or its stripped form before a blank line."""
    # C-level passes rather than a Python step per line: every line of nested lists and quotes
    # goes through here once (``_write``), so this is their cost. Not a replace of the prefixed
    # text's blank lines ("\n" + rest + "\n") afterwards: a needle that long is searched with
    # the two-way algorithm, which inside the component cost 7% of a 1 MB nested-lists call's
    # instructions; the two patterns here look at the character after each break.
    blank = rest.rstrip()
    if blank == rest or "\n\n" not in text:
        return text.replace("\n", "\n" + rest)
    prefixed = _BEFORE_LINE.sub(_literal("\n" + rest), text)
    return _BEFORE_BLANK_LINE.sub(_literal("\n" + blank), prefixed) if blank else prefixed


def _literal(text: str) -> str:
    """``text`` as a ``re.sub`` replacement that inserts it as it is."""
    return text.replace("\\", "\\\\")


def _join_item_blocks(blocks: list[Block]) -> tuple[Block, bool]:
    """An item's blocks as one block, and whether it is loose (has a blank line between
    blocks). A nested list follows its text on the next line, keeping the item tight.

    Past the depth cap an item holds a block per unit of markup (30,000 in 1 MB of nested
    lists), so no bytecode runs per block where it can be helped: the heads are tested by
    ``map`` (a ``str`` block is its own head, ``_head`` is called only for a nested one), and an
    item without a nested list among its later blocks is one join."""
    if len(blocks) == 1:
        return blocks[0], False
    rest = blocks[1:]
    heads: list[str] = (
        cast("list[str]", rest) if _all_str(rest) else [b if type(b) is str else _head(b) for b in rest]
    )
    # Only heads that may start a list are matched (none, in nearly every item): inside the
    # component a regex match per head cost ~1,600 instructions more than this look-up.
    maybe = not _LIST_BLOCK_FIRST.isdisjoint(map(_first_character, heads))
    lists = list(map(_LIST_BLOCK.match, heads)) if maybe else []
    if not any(lists):
        return _joined(blocks, "\n\n"), True
    parts = [blocks[0]]
    loose = False
    for block, is_list in zip(rest, lists, strict=True):
        if is_list:
            parts.append("\n")
        else:
            parts.append("\n\n")
            loose = True
        parts.append(block)
    return _joined(parts, ""), loose


def _head(block: Block) -> str:
    """The start of a block's text, enough to tell a list marker (``_LIST_BLOCK``)."""
    if isinstance(block, str):
        return block
    head = block.first
    if block.parts:
        head += _head(block.parts[0])[:16]
    return head


def _has_block_child(element: Element) -> bool:
    for child in element.children:  # noqa: SIM110 - any() and a generator cost more, per inline element
        if type(child) is Element and child.tag in BLOCK_TAGS:
            return True
    return False


def _child(element: Element, tag: str) -> Element | None:
    for child in element.children:
        if type(child) is Element and child.tag == tag:
            return child
    return None


def _definition_entries(dl: Element) -> list[Element]:
    """Element children of a <dl>, looking through the <div> groups HTML allows."""
    entries: list[Element] = []
    for child in dl.children:
        if type(child) is not Element or child.tag in SKIPPED_TAGS:
            continue
        if child.tag == "div":
            entries.extend(c for c in child.children if type(c) is Element and c.tag not in SKIPPED_TAGS)
        else:
            entries.append(child)
    return entries


def _append_row(row: Element, rows: list[list[Element]]) -> None:
    cells = [c for c in row.children if type(c) is Element and c.tag in CELL_TAGS]
    if cells:
        rows.append(cells)


def _table_block(renderer: _MarkdownRenderer, rows: list[list[Element]]) -> str:
    """A data table's rows as GFM table lines, the first as its header; "" when no cell of any
    row has text. Each cell is one inline line, its "|" escaped, followed by an empty cell per
    further column it spans (while the row is at most ``MAX_SPANNED_COLUMNS`` wide).

    Inside the component ``_mdpass.table_block`` does this in C. Why: a table row and a cell
    cost Python calls each (the line, the span, the row's join): on a table's row of thousands
    of cells over thousands of one-cell rows that was a third of the sandboxed extraction.
    """
    grid: list[list[str]] = []
    for row in rows:
        cells: list[str] = []
        for cell in row:
            cells.append(renderer.inline_line(cell).replace("|", "\\|"))
            cells.extend([""] * min(_colspan(cell) - 1, MAX_SPANNED_COLUMNS - len(cells)))
        if any(cells):
            grid.append(cells)
    if not grid:
        return ""
    width = max(len(cells) for cells in grid)
    lines = [_table_row(grid[0], width), _table_row(["---"] * width, width)]
    # Body rows are padded to the width unless that would multiply the table (see
    # TABLE_PADDING_MAX); GFM gives a short row its empty cells either way.
    padded = width * len(grid) <= TABLE_PADDING_MAX * sum(map(len, grid))
    lines.extend(_table_row(cells, width if padded else len(cells)) for cells in grid[1:])
    return "\n".join(lines)


def _colspan(cell: Element) -> int:
    span = cell.attrs.get("colspan", "").strip()
    return min(int(span), 100) if span.isdigit() and span.isascii() and int(span) > 0 else 1


def _table_row(cells: list[str], width: int) -> str:
    if len(cells) < width:
        cells = cells + [""] * (width - len(cells))
    return "| " + " | ".join(cells) + " |"


def _start_number(ordered_list: Element) -> int:
    start = ordered_list.attrs.get("start", "").strip()
    try:
        return max(0, int(start)) if start else 1
    except ValueError:
        return 1


if _mdpass is not None:  # hand the C walks the rules they follow (stated once, above)
    _mdpass.configure_tables(Element, ROW_TAG, ROW_GROUP_TAGS, CELL_TAGS)
    _mdpass.configure(
        Element,
        SKIPPED_TAGS,
        BLOCK_TAGS,
        PREFIXING_TAGS,
        _EMPHASIS_MARKERS,
        _BLOCK_HANDLERS,
        _INLINE_HANDLERS,
        _inline_text,
        _collapse,
        _wrapped,
        _paragraphs,
        _escape_line_start,
        HARD_BREAK,
        MAX_PREFIX_NESTING,
        _MarkdownRenderer.link,
        resolve_url,
        PERMALINK_SYMBOLS,
        _linked,
        http_origin,  # the C walk resolves plain hrefs itself (csrc/plain_url.h)
    )
    _mdpass.configure_lists(
        Element,
        _MarkdownRenderer.list_block,  # the C walk renders these lists itself (csrc/mdpass/lists.c)
        LIST_TAGS,
        _Nested,
        _join_item_blocks,
        _start_number,
        BULLET_MARKER,
        BULLET_INDENT,
        ORDERED_INDENT,
    )
