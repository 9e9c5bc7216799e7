"""Plain-text rendering of a subtree, and the word count and reading time derived from it.

The text shows the same content as the Markdown (same skipped and block tags, same table
rules), without any markup, because its consumers are NLP pipelines, search indexes and
word counts, for which a marker such as "- " or "1." is noise:

- blocks (paragraphs, headings, lists, tables, code) are separated by one blank line;
- list items, definition terms and definitions go one per line, without markers or indent;
- table rows go one per line, cells separated by a tab (``CELL_SEPARATOR``), which never
  occurs in collapsed text and splits cleanly;
- ``<br>`` is a line break (two in a row a paragraph break); images contribute nothing;
- text is whitespace-collapsed except inside ``<pre>``, whose lines are kept (trailing spaces
  cut); no line ends in whitespace and the result has no leading or trailing whitespace.

The walk is iterative (an explicit stack with end-of-element markers) and writes straight into
one list of strings: this is the renderer that runs on every extraction, so it stays lean.
Inside the component the same walk and writer run in C (``_fastpass.render_text``,
csrc/fastpass/textwalk.c), which takes the tag sets and the three Python helpers it defers to
(``_is_permalink``, ``pre_text``, ``_table_text``) from this module at import: the Python here
is the statement of the rules, and a test inside the guest compares the two.
"""

from __future__ import annotations

import math
import re

from .dom import Child, Element
from .markdown import (
    BLOCK_TAGS,
    PERMALINK_SYMBOLS,
    SKIPPED_TAGS,
    SOFT_HYPHEN,
    is_layout_table,
    pre_text,
    table_rows,
    without_invisible,
)

#: Between the cells of a table row.
CELL_SEPARATOR = "\t"
#: Elements that put their content on a line of its own without a blank line around it.
LINE_TAGS = frozenset({"li", "dt", "dd", "tr", "caption", "summary", "legend"})
#: Not part of the text a reader reads as the article body: image captions and credits (the
#: Markdown keeps them, in italics under the figure) and ruby annotations (furigana over the
#: base text would otherwise be read inline, doubling every annotated word).
TEXT_SKIPPED_TAGS = SKIPPED_TAGS | frozenset({"figcaption", "rt", "rp"})
#: Inside these, block breaks are at most line breaks (a list item's paragraphs stay together).
LINE_CONTAINERS = frozenset({"li", "dt", "dd"})

#: Reading speed for space-separated scripts, in words per minute (the usual adult average).
WORDS_PER_MINUTE = 230
#: Reading speed for Chinese/Japanese, in characters per minute (surveys put it at 400-600).
CJK_CHARS_PER_MINUTE = 500
#: Average length of a word in scripts written without spaces between words (Thai, Lao, Khmer,
#: Myanmar), in code points including the combining vowel and tone marks.
SOUTHEAST_ASIAN_CHARS_PER_WORD = 5

_CJK_RANGES = (
    "\u3040-\u30ff"  # Hiragana, Katakana
    "\u31f0-\u31ff"  # Katakana phonetic extensions
    "\u3400-\u4dbf"  # CJK Extension A
    "\u4e00-\u9fff"  # CJK Unified Ideographs
    "\uf900-\ufaff"  # CJK Compatibility Ideographs
    "\uff66-\uff9f"  # Halfwidth Katakana
    "\U00020000-\U0003134f"  # CJK Extensions B-H
)
_SOUTHEAST_ASIAN_RANGES = (
    "\u0e00-\u0e7f"  # Thai
    "\u0e80-\u0eff"  # Lao
    "\u1000-\u109f"  # Myanmar
    "\u1780-\u17ff"  # Khmer
)
#: Han and Kana characters: each one counts as a word.
_CJK_CHAR = re.compile(f"[{_CJK_RANGES}]")
#: A run of a script written without spaces: counts as its length / average word length.
_SOUTHEAST_ASIAN_RUN = re.compile(f"[{_SOUTHEAST_ASIAN_RANGES}]+")
#: Any character of a script written without spaces (when absent, words are just tokens).
_SPACELESS_CHAR = re.compile(f"[{_CJK_RANGES}{_SOUTHEAST_ASIAN_RANGES}]")
#: A whitespace-separated token without any letter or digit ("—", "|", "&"): not a word. Found
#: with the whitespace before it, in text padded with a space at each end: a regex that starts
#: on whitespace runs about twice as fast as one that looks behind at every position.
_PUNCTUATION_TOKEN = re.compile(r"\s[^\w\s]+(?=\s)")
#: In text that mixes in spaceless scripts: a run of other non-space characters that holds a
#: letter or digit, i.e. the same notion of word as a token in space-separated text.
_WORD_BESIDE_SPACELESS = re.compile(
    f"[^\\s{_CJK_RANGES}{_SOUTHEAST_ASIAN_RANGES}]*?[^\\W_{_CJK_RANGES}{_SOUTHEAST_ASIAN_RANGES}]"
    f"[^\\s{_CJK_RANGES}{_SOUTHEAST_ASIAN_RANGES}]*"
)

#: Stack entry closing an element: (break to request after it, whether it pushed a break cap).
_End = tuple[int, bool]


def render_text(root: Element) -> str:
    """Plain text of ``root`` and its subtree (layout rules: module docstring)."""
    if _render_text_c is not None:
        return without_invisible(_render_text_c(root))
    return render_text_python(root)


def render_text_python(root: Element) -> str:
    """``render_text`` in Python: the definition of the C walk's output."""
    writer = _TextWriter()
    stack: list[Child | _End] = [root]
    while stack:
        element = stack.pop()
        if isinstance(element, str):
            writer.text(element)
            continue
        if isinstance(element, tuple):
            writer.end_block(*element)
            continue
        tag = element.tag
        if tag in TEXT_SKIPPED_TAGS or "hidden" in element.attrs:
            continue
        if tag not in BLOCK_TAGS:
            if tag == "br":
                writer.line_break()
            elif tag == "a" and element.attrs.get("href", "").startswith("#") and _is_permalink(element):
                continue
            elif element.children:
                stack.extend(reversed(element.children))
            continue
        if tag == "pre":
            writer.verbatim(pre_text(element))
        elif tag == "table" and (table := _table_text(element)) is not None:
            writer.verbatim(table)
        else:
            level = 1 if tag in LINE_TAGS else 2
            capped = tag in LINE_CONTAINERS
            writer.start_block(level, capped)
            stack.append((level, capped))
            stack.extend(reversed(element.children))
    return writer.result()


class _TextWriter:
    """Output with pending breaks: a break is only written when more text follows it."""

    __slots__ = ("caps", "parts", "pending_break", "pending_space")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pending_break = 0  # newlines owed before the next text: 0, 1 or 2
        self.pending_space = False
        self.caps = [2]  # the largest break allowed at this nesting (1 inside list items)

    def text(self, text: str) -> None:
        core = " ".join(text.split())
        if not core:
            if text:
                self.pending_space = True
            return
        parts = self.parts
        if self.pending_break:
            if parts:
                parts.append("\n\n" if self.pending_break == 2 else "\n")
            self.pending_break = 0
        elif parts and (self.pending_space or text[0].isspace()):
            parts.append(" ")
        parts.append(core)
        self.pending_space = text[-1].isspace()

    def start_block(self, level: int, capped: bool) -> None:
        cap = self.caps[-1]
        if level > cap:
            level = cap
        if level > self.pending_break:
            self.pending_break = level
        self.pending_space = False
        if capped:
            self.caps.append(1)

    def end_block(self, level: int, capped: bool) -> None:
        if capped:
            self.caps.pop()
        self.request_break(level)

    def request_break(self, level: int) -> None:
        cap = self.caps[-1]
        if level > cap:
            level = cap
        if level > self.pending_break:
            self.pending_break = level
        self.pending_space = False

    def line_break(self) -> None:
        """``<br>``: a new line; a second one in a row makes a blank line (where allowed)."""
        self.request_break(min(self.pending_break + 1, 2))

    def verbatim(self, text: str) -> None:
        """A block whose lines are written as they are (code)."""
        if text:
            self.request_break(2)
            self.pending_space = False
            self.text_raw(text)
            self.request_break(2)

    def text_raw(self, text: str) -> None:
        parts = self.parts
        if parts and self.pending_break:
            parts.append("\n\n" if self.pending_break == 2 else "\n")
        self.pending_break = 0
        parts.append(text)

    def result(self) -> str:
        return without_invisible("".join(self.parts))


def _is_permalink(anchor: Element) -> bool:
    """For an in-page anchor: is it a "¶"/"#" permalink next to a heading (dropped, as in the
    Markdown)?"""
    return anchor.text() in PERMALINK_SYMBOLS


def _table_text(table: Element) -> str | None:
    """A data table as lines of separated cells ("" when none has text); None for a layout
    table, whose content is walked as blocks instead."""
    if is_layout_table(table):
        return None
    rows = table_rows(table)
    if _table_lines_c is not None:  # the same in C inside the component (csrc/fastpass/textwalk.c)
        lines: list[str] = _table_lines_c(rows, CELL_SEPARATOR, SOFT_HYPHEN)
    else:
        lines = _table_lines(rows)
    for child in table.children:
        if type(child) is Element and child.tag == "caption":
            caption = " ".join(render_text(child).split())
            if caption:
                lines.insert(0, caption)
            break
    return "\n".join(lines)


def _table_lines(rows: list[list[Element]]) -> list[str]:
    """A line per row with text: its cells' text, each on one line, separated by
    ``CELL_SEPARATOR``, trailing empty cells left out.

    Inside the component ``_fastpass.table_lines`` does this in C, rendering each cell with the
    C walk. Why: a cell cost three Python calls around that walk (render_text, without_invisible,
    the collapse), and a table of thousands of cells spent a fifth of its extraction there.
    """
    lines: list[str] = []
    for row in rows:
        cells = [" ".join(render_text(cell).split()) for cell in row]
        line = CELL_SEPARATOR.join(cells).rstrip()
        if line:
            lines.append(line)
    return lines


try:  # the C copy of the walk and writer: compiled into the guest component only
    from ._fastpass import configure_text as _configure_c  # type: ignore[import-not-found]
    from ._fastpass import render_text as _render_text_c
    from ._fastpass import table_lines as _table_lines_c
except ImportError:
    _configure_c = _render_text_c = _table_lines_c = None
if _configure_c is not None:
    _configure_c(
        Element,
        TEXT_SKIPPED_TAGS,
        BLOCK_TAGS,
        LINE_TAGS,
        LINE_CONTAINERS,
        _is_permalink,
        pre_text,
        _table_text,
    )


def count_words(text: str) -> int:
    """Words in ``text``, counted so that reading time works for every script.

    In space-separated scripts (Latin, Cyrillic, Greek, Arabic, Korean Hangul…) a word is a
    whitespace-separated token holding at least one letter or digit, so "don't", "e-mail",
    "3.14" and "and/or" are one word each and a lone "—" is none. Each Han or Kana character
    counts as one word (Chinese and Japanese have no spaces, and the character is the unit that
    readers and reading-speed figures use). A run of Thai, Lao, Khmer or Myanmar counts as its
    length divided by ``SOUTHEAST_ASIAN_CHARS_PER_WORD`` (rounded, at least one): those scripts
    do not separate words either and we do not segment them.

    Inside the component text without spaceless scripts is counted in C (``_mdpass.count_words``,
    csrc/mdpass/words.c: one pass, where the Python takes three); ``count_words_python`` is the
    statement of the rules and counts the rest.
    """
    if _count_words_c is not None:
        count: int | None = _count_words_c(text)
        if count is not None:
            return count
    return count_words_python(text)


def count_words_python(text: str) -> int:
    """``count_words`` in Python: the definition of the C count."""
    if _SPACELESS_CHAR.search(text) is None:  # the common case: one split, one scan
        return len(text.split()) - len(_PUNCTUATION_TOKEN.findall(f" {text} "))
    count = len(_WORD_BESIDE_SPACELESS.findall(text)) + len(_CJK_CHAR.findall(text))
    for run in _SOUTHEAST_ASIAN_RUN.findall(text):
        count += max(1, round(len(run) / SOUTHEAST_ASIAN_CHARS_PER_WORD))
    return count


def _word_bitmap() -> bytes:
    """One bit per code point of the Basic Multilingual Plane, set for the word characters of
    ``_PUNCTUATION_TOKEN``'s ``\\w`` (found by that regex class itself), for the C count."""
    bits = bytearray(0x10000 // 8)
    for block in range(0, 0x10000, 0x800):  # in blocks: the component keeps its peak memory
        for match in re.finditer(r"\w", "".join(map(chr, range(block, block + 0x800)))):
            point = block + match.start()
            bits[point >> 3] |= 1 << (point & 7)
    return bytes(bits)


def _code_point_ranges(ranges: str) -> tuple[tuple[int, int], ...]:
    """``"a-bc-d"`` (a regex class body of ranges) as ``((ord(a), ord(b)), (ord(c), ord(d)))``."""
    return tuple((ord(ranges[i]), ord(ranges[i + 2])) for i in range(0, len(ranges), 3))


try:  # the C counts of words and of Han/Kana: compiled into the guest component only
    from ._mdpass import cjk_count as _cjk_count_c  # type: ignore[import-not-found]
    from ._mdpass import configure_words as _configure_words
    from ._mdpass import count_words as _count_words_c
except ImportError:
    _cjk_count_c = _configure_words = _count_words_c = None
if _configure_words is not None:  # at import, which the component runs when it is built
    _configure_words(
        _word_bitmap(),
        _code_point_ranges(_CJK_RANGES + _SOUTHEAST_ASIAN_RANGES),
        _code_point_ranges(_CJK_RANGES),
    )


def reading_time_minutes(word_count: int, text: str) -> int:
    """Minutes to read ``text`` (of ``word_count`` words, from ``count_words``), rounded, ≥ 1.

    The Han/Kana characters in ``text`` are read at ``CJK_CHARS_PER_MINUTE`` and the remaining
    words at ``WORDS_PER_MINUTE``; 0 only when there are no words at all.
    """
    if word_count <= 0:
        return 0
    cjk_chars = _cjk_chars(text) if text else 0
    other_words = max(0, word_count - cjk_chars)
    minutes = other_words / WORDS_PER_MINUTE + cjk_chars / CJK_CHARS_PER_MINUTE
    return max(1, math.floor(minutes + 0.5))


def _cjk_chars(text: str) -> int:
    """How many Han/Kana characters ``text`` holds (one regex scan; one C pass in the guest)."""
    if _cjk_count_c is not None:
        count: int | None = _cjk_count_c(text)
        if count is not None:
            return count
    return len(_CJK_CHAR.findall(text))
