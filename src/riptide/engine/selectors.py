"""CSS selectors for the ``custom`` extraction mode: compiled once, matched right to left.

Why hand-written: the engine is stdlib-only and runs inside the component, where every bytecode
costs ~2x. A selector is parsed once into plain closures (one per compound, cheapest test
first), and matching starts at the candidate element's own compound, so most elements are
rejected by one tag or class comparison before any ancestor is visited.

Supported ("everyday CSS"):
- type ``p`` (case-insensitive), universal ``*``, ``#id``, ``.class`` (any number);
- attributes ``[a]`` ``[a=v]`` ``[a~=v]`` ``[a|=v]`` ``[a^=v]`` ``[a$=v]`` ``[a*=v]``, values quoted
  or bare (bare values may also start with a digit: ``[width=100]``), flags `` i`` and `` s``;
- combinators: descendant (whitespace), ``>``, ``+``, ``~``; grouping with ``,``;
- ``:first-child`` ``:last-child`` ``:only-child`` ``:first-of-type`` ``:last-of-type``
  ``:only-of-type`` ``:empty`` ``:root`` ``:nth-child()`` ``:nth-last-child()`` ``:nth-of-type()``
  ``:nth-last-of-type()`` (``an+b``, ``odd``, ``even``) and ``:not(<compound selector list>)``;
- CSS escapes (``\\31 23``, ``\\:``) in identifiers and strings.

Guarantees:
- ``compile_selector`` raises ``ParseError`` for malformed selectors and ``UnsupportedModeError``
  for valid CSS outside the list above (``:hover``, ``::before``, ``:has()``, namespaces…). A
  malformed selector is a ``ParseError`` even when it also uses an unsupported feature. Messages
  quote the selector and the offending part.
- Matching recurses over the selector's compounds, never over the tree, and a failed descendant
  chain stops instead of retrying every ancestor (the failure states of Servo's matcher), so
  ``a b c d`` stays linear in the depth of the page.
- ``select`` and ``select_outermost`` take time linear in the size of the tree, whatever its
  depth or width: within one call, the outcome of each ancestor or earlier-sibling search
  (``a b``, ``a ~ b``) is remembered per element where it started, and sibling positions
  (``:nth-child``, ``+``) are counted once per parent (``_Memo``). Walking every ancestor of
  every element cost the depth per element; counting siblings, the width.
- ``select`` and ``select_outermost`` return document order without duplicates.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from itertools import repeat
from typing import NoReturn

from ..errors import ParseError, UnsupportedModeError
from .dom import Element

#: Compiled selectors kept for reuse (custom mode sends the same few selectors again and again).
COMPILED_CACHE_SIZE = 256
#: ``:not(:not(:not(…)))`` deeper than this is refused, so hostile input cannot exhaust the stack.
MAX_NOT_DEPTH = 16
#: Compound selectors in one complex selector (``a > b c …``); matching recurses once per compound.
MAX_COMPOUNDS = 64

#: CSS whitespace (not Python's ``\s``, which also takes vertical tabs and Unicode spaces).
WHITESPACE = " \t\n\r\f"
_ESCAPE = r"\\(?:[0-9a-fA-F]{1,6}(?:\r\n|[ \t\n\r\f])?|[^\n\r\f0-9a-fA-F])"
#: A CSS identifier: tag, class, id, attribute and pseudo-class names.
_IDENT = re.compile(
    rf"(?:--|-?(?:[_a-zA-Z\u0080-\U0010ffff]|{_ESCAPE}))(?:[\w\u0080-\U0010ffff-]|{_ESCAPE})*", re.A
)
#: A bare attribute value: an identifier, or leniently any run of name characters (``100``).
_BARE_VALUE = re.compile(rf"(?:[\w\u0080-\U0010ffff-]|{_ESCAPE})+", re.A)
#: A quoted string; a backslash may escape anything, including a newline (line continuation).
_STRING = re.compile(r""""((?:[^"\\\n\r\f]|\\(?:\r\n|[\s\S]))*)"|'((?:[^'\\\n\r\f]|\\(?:\r\n|[\s\S]))*)'""")
#: One escape inside an identifier or string: hex code point, line continuation, or literal char.
_ESCAPE_SEQUENCE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})(?:\r\n|[ \t\n\r\f])?|(\r\n|[\n\r\f])|(.))", re.S)
_SPACES = re.compile(r"[ \t\n\r\f]*")
#: What sits between an attribute name and its value; checked against ATTRIBUTE_OPERATORS.
_OPERATOR_RUN = re.compile(r"[~|^$*!=<>%]+")
ATTRIBUTE_OPERATORS = ("=", "~=", "|=", "^=", "$=", "*=")
#: ``an+b``, ``odd`` or ``even`` inside ``:nth-*()``; spaces are allowed only around the sign of b.
_NTH = re.compile(r"([+-]?\d*)n(?:[ \t\n\r\f]*([+-])[ \t\n\r\f]*(\d+))?|([+-]?\d+)", re.I | re.A)
_NTH_OF = re.compile(r"(.*?)[ \t\n\r\f]+of[ \t\n\r\f]+\S.*", re.I | re.S)
COMBINATORS = frozenset(">+~")
#: Characters that may begin a compound selector (besides identifier starts).
_COMPOUND_STARTS = frozenset("*#.[:\\|")

#: Structural pseudo-classes without an argument.
SIMPLE_PSEUDO_CLASSES = frozenset(
    "first-child last-child only-child first-of-type last-of-type only-of-type empty root".split()
)
#: ``:nth-*()`` pseudo-classes: (counts only siblings of the same tag, counts from the end).
NTH_PSEUDO_CLASSES: dict[str, tuple[bool, bool]] = {
    "nth-child": (False, False),
    "nth-last-child": (False, True),
    "nth-of-type": (True, False),
    "nth-last-of-type": (True, True),
}
#: Valid CSS pseudo-classes we do not evaluate (user interaction, forms, links, language,
#: relational): UnsupportedModeError rather than ParseError, so callers know the selector is fine.
KNOWN_UNSUPPORTED_PSEUDO_CLASSES = frozenset(
    """active any-link autofill blank checked closed current default defined dir disabled enabled
    focus focus-visible focus-within fullscreen future has host host-context hover in-range
    indeterminate invalid is lang link local-link matches modal muted nth-col nth-last-col open
    optional out-of-range past paused picture-in-picture placeholder-shown playing popover-open
    read-only read-write required scope state target target-within user-invalid user-valid valid
    visited volume-locked where""".split()
)
#: Pseudo-elements that CSS 2 let authors write with one colon.
LEGACY_PSEUDO_ELEMENTS = frozenset("before after first-line first-letter".split())
#: Valid CSS we refuse outright when met where a selector part was expected.
UNSUPPORTED_SYNTAX = {
    "|": "namespace prefix or column combinator '|'",
    "&": "nesting selector '&'",
    "/*": "comment '/*'",
}

_Check = Callable[[Element], bool]

#: Failure states of right-to-left matching (after Servo's ``SelectorMatchingResult``).
_MATCHED = 0
_TRY_NEXT_CANDIDATE = 1  # this element failed its compound; other candidates may still match
_RESTART_FROM_DESCENDANT = 2  # no sibling can help; retry at the closest descendant combinator
_FAILED = 3  # no candidate further up can match either: give up on this element


class _Memo:
    """What one ``select`` call learns about the (unchanging) tree, for its matchers to reuse.

    ``searches``: per (element, compounds, index, combinator), the outcome of searching that
    element and those before it (its ancestors for " ", earlier siblings for "~").
    ``siblings``: per element child of an indexed parent, (index in the children list,
    position among element siblings, position among siblings of its tag), 1-based positions;
    ``totals``: per indexed parent, (element children, element children per tag).
    """

    __slots__ = ("searches", "siblings", "totals")

    def __init__(self) -> None:
        self.searches: dict[tuple[Element, int, int, str], int] = {}
        self.siblings: dict[Element, tuple[int, int, int]] = {}
        self.totals: dict[Element, tuple[int, dict[str, int]]] = {}

    def sibling_facts(self, element: Element, parent: Element) -> tuple[int, int, int]:
        """Raises ``ValueError`` when ``element`` is not among ``parent``'s children."""
        facts = self.siblings.get(element)
        if facts is None:
            if parent not in self.totals:
                self._index(parent)
            facts = self.siblings.get(element)
            if facts is None:
                raise ValueError("not a child of its parent")
        return facts

    def _index(self, parent: Element) -> None:
        siblings = self.siblings
        count = 0
        per_tag: dict[str, int] = {}
        for index, child in enumerate(parent.children):
            if type(child) is Element:
                count += 1
                of_tag = per_tag.get(child.tag, 0) + 1
                per_tag[child.tag] = of_tag
                siblings[child] = (index, count, of_tag)
        self.totals[parent] = (count, per_tag)


#: The memo of the ``select`` call in progress in this thread (None outside one: a lone
#: ``Selector.matches`` searches directly).
_MEMO: ContextVar[_Memo | None] = ContextVar("riptide_selector_memo", default=None)


@contextmanager
def _memo() -> Iterator[None]:
    token = _MEMO.set(_Memo())
    try:
        yield
    finally:
        _MEMO.reset(token)


class Selector:
    """A compiled selector group; immutable. ``source`` is the text it was compiled from."""

    __slots__ = ("_match", "source")

    source: str
    _match: _Check

    def __init__(self, source: str, match: _Check):
        object.__setattr__(self, "source", source)
        object.__setattr__(self, "_match", match)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Selector is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("Selector is immutable")

    def __repr__(self) -> str:
        return f"<Selector {self.source!r}>"

    def matches(self, element: Element) -> bool:
        """True when ``element`` matches any selector of the group (ancestors anywhere in its tree)."""
        return self._match(element)


def compile_selector(source: str) -> Selector:
    """Compile (or fetch from a bounded LRU cache) a comma-separated selector group."""
    if not isinstance(source, str):
        raise TypeError(f"selector must be a str, not {type(source).__name__}")
    return _compile_cached(source)


def select(root: Element, selectors: str | Selector | Sequence[str | Selector]) -> list[Element]:
    """Every descendant of ``root`` (not ``root``) matching any selector, in document order, once.

    Like ``querySelectorAll``: a match may contain other matches.
    """
    match = _group_matcher(selectors)
    with _memo():
        return [node for node in root.iter() if match(node)]


def select_outermost(root: Element, selectors: str | Selector | Sequence[str | Selector]) -> list[Element]:
    """Like ``select`` but without matches nested in another match, so their text is taken once."""
    match = _group_matcher(selectors)
    found: list[Element] = []
    stack: list[Element] = [c for c in reversed(root.children) if type(c) is Element]
    with _memo():
        while stack:
            node = stack.pop()
            if match(node):
                found.append(node)
            elif node.children:
                stack.extend(c for c in reversed(node.children) if type(c) is Element)
    return found


def _group_matcher(selectors: str | Selector | Sequence[str | Selector]) -> _Check:
    if isinstance(selectors, str):
        return compile_selector(selectors)._match
    if isinstance(selectors, Selector):
        return selectors._match
    return _any_of(
        [(item if isinstance(item, Selector) else compile_selector(item))._match for item in selectors]
    )


@lru_cache(maxsize=COMPILED_CACHE_SIZE)
def _compile_cached(source: str) -> Selector:
    return Selector(source, _Parser(source).parse())


# -- parsing ---------------------------------------------------------------------------------------


class _Parser:
    """Recursive descent over the selector text, building the match closures as it goes.

    Unsupported features are noted and parsing continues, so a selector that is also malformed
    reports the ParseError; the first unsupported feature is raised only once parsing succeeds.
    """

    __slots__ = ("not_depth", "pos", "source", "unsupported")

    def __init__(self, source: str):
        self.source = source
        self.pos = 0
        self.not_depth = 0
        self.unsupported: str | None = None

    # -- entry point and errors -----------------------------------------------------------------
    def parse(self) -> _Check:
        if not self.source.strip(WHITESPACE):
            raise ParseError(f"empty selector {self.source!r}")
        matchers = [self.complex_selector()]
        while self.peek() == ",":
            self.pos += 1
            matchers.append(self.complex_selector())
        if self.pos < len(self.source):
            self.unexpected()
        if self.unsupported is not None:
            raise UnsupportedModeError(f"unsupported {self.unsupported} in selector {self.source!r}")
        return _any_of(matchers)

    def fail(self, problem: str, pos: int | None = None) -> NoReturn:
        at = self.pos if pos is None else pos
        raise ParseError(f"{problem} at position {at} in selector {self.source!r}")

    def refuse(self, feature: str) -> None:
        """Note valid-but-unsupported CSS; raised after the whole selector parsed cleanly."""
        if self.unsupported is None:
            self.unsupported = feature

    def unexpected(self) -> NoReturn:
        source, pos = self.source, self.pos
        char = source[pos]
        for syntax, feature in UNSUPPORTED_SYNTAX.items():
            if source.startswith(syntax, pos):
                raise UnsupportedModeError(f"unsupported {feature} in selector {source!r}")
        if char in ")]":
            self.fail(f"unbalanced {char!r}")
        if char == ",":
            self.fail("empty selector in list")
        if char == "\\":
            self.fail("backslash that escapes nothing (use '\\\\' for a literal backslash)")
        self.fail(f"unexpected {char!r}")

    # -- small helpers ----------------------------------------------------------------------------
    def peek(self) -> str:
        return self.source[self.pos : self.pos + 1]

    def skip_whitespace(self) -> bool:
        start = self.pos
        self.pos = _SPACES.match(self.source, start).end()  # type: ignore[union-attr]
        return self.pos > start

    def identifier(self, after: str) -> str:
        """An identifier, unescaped; fails with a hint when a digit would need escaping."""
        match = _IDENT.match(self.source, self.pos)
        if match is None:
            char = self.peek()
            if char.isdigit():
                hint = f"\\{ord(char):x} {self.source[self.pos + 1 :]}"
                self.fail(f"expected a name after {after!r}, got a digit (escape it: {after}{hint})")
            self.fail(f"expected a name after {after!r}, got {char or 'end of selector'!r}")
        self.pos = match.end()
        return _unescape(match.group())

    def find_close(self, open_pos: int) -> int:
        """Index of the ')' closing the '(' at ``open_pos``, skipping strings and nested brackets."""
        source, pos = self.source, open_pos + 1
        expected = [")"]
        while pos < len(source):
            char = source[pos]
            if char == "\\":
                pos += 2
                continue
            if char in "\"'":
                match = _STRING.match(source, pos)
                if match is None:
                    self.fail("unterminated string", pos)
                pos = match.end()
                continue
            if char in "([":
                expected.append(")" if char == "(" else "]")
            elif char in ")]":
                if char != expected.pop():
                    self.fail(f"unbalanced {char!r}", pos)
                if not expected:
                    return pos
            pos += 1
        self.fail("unbalanced '(': missing ')'", open_pos)

    # -- grammar ----------------------------------------------------------------------------------
    def complex_selector(self) -> _Check:
        """Compounds joined by combinators, compiled right to left."""
        self.skip_whitespace()
        char = self.peek()
        if char in COMBINATORS:
            self.fail(f"selector starts with combinator {char!r}")
        if char == "," or not char:
            self.fail("empty selector in list")
        compounds = [self.compound_selector()]
        combinators: list[str] = []
        while True:
            spaced = self.skip_whitespace()
            char = self.peek()
            if char in COMBINATORS:
                combinator = char
                combinator_pos = self.pos
                self.pos += 1
                self.skip_whitespace()
                following = self.peek()
                if not following or following in ",)":
                    self.fail(f"selector ends with combinator {combinator!r}", combinator_pos)
                if following in COMBINATORS:
                    self.fail(f"two combinators in a row ({combinator!r} then {following!r})")
            elif spaced and char and (char in _COMPOUND_STARTS or _IDENT.match(self.source, self.pos)):
                combinator = " "
            else:
                break
            compounds.append(self.compound_selector())
            combinators.append(combinator)
            if len(compounds) > MAX_COMPOUNDS:
                raise UnsupportedModeError(
                    f"selector {self.source!r} has more than {MAX_COMPOUNDS} compound selectors"
                )
        return _complex_matcher(compounds, combinators)

    def compound_selector(self) -> _Check:
        """An optional type or ``*`` followed by ids, classes, attributes and pseudo-classes."""
        source, start = self.source, self.pos
        checks: list[_Check] = []
        tag: str | None = None
        char = self.peek()
        if char == "*":
            self.pos += 1
        elif _IDENT.match(source, self.pos):
            tag = self.identifier("").lower()
        while True:
            char = self.peek()
            if char == "#":
                self.pos += 1
                checks.append(_id_check(self.identifier("#")))
            elif char == ".":
                self.pos += 1
                checks.append(_class_check(self.identifier(".")))
            elif char == "[":
                checks.append(self.attribute_selector())
            elif char == ":":
                checks.append(self.pseudo_selector())
            else:
                break
        if self.pos == start:
            if not char:
                self.fail("expected a selector, got end of selector")
            self.unexpected()
        if char in UNSUPPORTED_SYNTAX:
            self.unexpected()
        return _with_tag(tag, _all_of(checks))

    def attribute_selector(self) -> _Check:
        """``[name]`` or ``[name op value flag]``."""
        source, open_pos = self.source, self.pos
        self.pos += 1
        self.skip_whitespace()
        if self.pos >= len(source):
            self.fail("unbalanced '[': missing ']'", open_pos)
        if source.startswith("*|", self.pos):
            self.pos += 1
        if self.peek() == "|":
            self.unexpected()
        name = self.identifier("[").lower()
        self.skip_whitespace()
        char = self.peek()
        if char == "]":
            self.pos += 1
            return lambda element: name in element.attrs
        if not char:
            self.fail("unbalanced '[': missing ']'", open_pos)
        run = _OPERATOR_RUN.match(source, self.pos)
        operator = run.group() if run else ""
        if operator not in ATTRIBUTE_OPERATORS:
            if operator == "|":
                self.unexpected()
            shown = operator or char
            self.fail(f"bad attribute operator {shown!r} (expected one of {' '.join(ATTRIBUTE_OPERATORS)})")
        self.pos += len(operator)
        self.skip_whitespace()
        value = self.attribute_value(open_pos, operator)
        self.skip_whitespace()
        ignore_case = False
        flag = _IDENT.match(source, self.pos)
        if flag is not None:
            text = _unescape(flag.group()).lower()
            if text not in ("i", "s"):
                self.fail(f"unknown attribute flag {flag.group()!r} (expected 'i' or 's')")
            ignore_case = text == "i"
            self.pos = flag.end()
            self.skip_whitespace()
        char = self.peek()
        if char != "]":
            if not char:
                self.fail("unbalanced '[': missing ']'", open_pos)
            self.fail(f"unexpected {char!r} in attribute selector")
        self.pos += 1
        return _attribute_check(name, operator, value, ignore_case)

    def attribute_value(self, open_pos: int, operator: str) -> str:
        source, pos = self.source, self.pos
        char = self.peek()
        if char in ("'", '"'):
            match = _STRING.match(source, pos)
            if match is None:
                self.fail("unterminated string", pos)
            self.pos = match.end()
            quoted = match.group(1) if match.group(1) is not None else match.group(2)
            return _unescape(quoted)
        match = _BARE_VALUE.match(source, pos)
        if match is None:
            if not char:
                self.fail("unbalanced '[': missing ']'", open_pos)
            self.fail(f"expected a value after {operator!r}, got {char or 'end of selector'!r} (quote it)")
        self.pos = match.end()
        return _unescape(match.group())

    def pseudo_selector(self) -> _Check:
        """``:name``, ``:name(args)`` or ``::pseudo-element``."""
        source, start = self.source, self.pos
        self.pos += 1
        if self.peek() == ":":
            self.pos += 1
            self.identifier("::")
            self.skip_arguments()
            self.refuse(f"pseudo-element {source[start : self.pos]!r}")
            return _never
        name = self.identifier(":").lower()
        if self.peek() != "(":
            return self.simple_pseudo_class(name, start)
        open_pos = self.pos
        self.pos += 1
        if name == "not":
            return self.negation(start, open_pos)
        if name in NTH_PSEUDO_CLASSES:
            return self.nth_pseudo_class(name, start, open_pos)
        self.pos = self.find_close(open_pos) + 1
        text = source[start : self.pos]
        if name in KNOWN_UNSUPPORTED_PSEUDO_CLASSES or name.startswith("-"):
            self.refuse(f"pseudo-class {text!r}")
            return _never
        if name in SIMPLE_PSEUDO_CLASSES:
            self.fail(f"':{name}' takes no argument", start)
        self.fail(f"unknown pseudo-class {text!r}", start)

    def skip_arguments(self) -> None:
        if self.peek() == "(":
            self.pos = self.find_close(self.pos) + 1

    def simple_pseudo_class(self, name: str, start: int) -> _Check:
        text = self.source[start : self.pos]
        check = _SIMPLE_PSEUDO_CHECKS.get(name)
        if check is not None:
            return check
        if name in LEGACY_PSEUDO_ELEMENTS:
            self.refuse(f"pseudo-element {text!r}")
            return _never
        if name in KNOWN_UNSUPPORTED_PSEUDO_CLASSES or name.startswith("-"):
            self.refuse(f"pseudo-class {text!r}")
            return _never
        if name in NTH_PSEUDO_CLASSES or name == "not":
            self.fail(f"{text!r} needs an argument in parentheses", start)
        self.fail(f"unknown pseudo-class {text!r}", start)

    def nth_pseudo_class(self, name: str, start: int, open_pos: int) -> _Check:
        close = self.find_close(open_pos)
        argument = self.source[open_pos + 1 : close].strip(WHITESPACE)
        self.pos = close + 1
        text = self.source[start : self.pos]
        same_tag, from_end = NTH_PSEUDO_CLASSES[name]
        of_selector = _NTH_OF.fullmatch(argument)
        if of_selector is not None and not same_tag and _parse_nth(of_selector.group(1)) is not None:
            self.refuse(f"pseudo-class {text!r} (the 'of <selector>' form)")
            return _never
        step_offset = _parse_nth(argument)
        if step_offset is None:
            self.fail(f"bad argument in {text!r} (expected an+b, odd or even)", open_pos + 1)
        return _nth_check(*step_offset, same_tag, from_end)

    def negation(self, start: int, open_pos: int) -> _Check:
        """``:not(<compound>, …)``; complex selectors inside are valid CSS we do not support."""
        self.not_depth += 1
        if self.not_depth > MAX_NOT_DEPTH:
            raise UnsupportedModeError(f"selector {self.source!r} nests :not() deeper than {MAX_NOT_DEPTH}")
        excluded: list[_Check] = []
        while True:
            self.skip_whitespace()
            char = self.peek()
            if not char:
                self.fail("unbalanced '(': missing ')'", open_pos)
            if char in "),":
                self.fail("empty argument in ':not()'")
            excluded.append(self.compound_selector())
            self.skip_whitespace()
            char = self.peek()
            if char == ",":
                self.pos += 1
            elif char == ")":
                self.pos += 1
                break
            elif not char:
                self.fail("unbalanced '(': missing ')'", open_pos)
            elif char in COMBINATORS or char in _COMPOUND_STARTS or _IDENT.match(self.source, self.pos):
                self.pos = self.find_close(open_pos) + 1
                self.refuse(f"complex selector inside {self.source[start : self.pos]!r}")
                break
            else:
                self.unexpected()
        self.not_depth -= 1
        any_excluded = _any_of(excluded)
        return lambda element: not any_excluded(element)


def _unescape(text: str) -> str:
    return _ESCAPE_SEQUENCE.sub(_replace_escape, text) if "\\" in text else text


def _replace_escape(match: re.Match[str]) -> str:
    hex_digits, newline, char = match.groups()
    if hex_digits:
        code_point = int(hex_digits, 16)
        if 0 < code_point <= 0x10FFFF and not 0xD800 <= code_point <= 0xDFFF:
            return chr(code_point)
        return "\ufffd"
    return "" if newline else char


def _parse_nth(argument: str) -> tuple[int, int] | None:
    """``(a, b)`` of ``an+b``, or None when the text is not valid An+B."""
    lowered = argument.lower()
    if lowered == "odd":
        return 2, 1
    if lowered == "even":
        return 2, 0
    match = _NTH.fullmatch(argument)
    if match is None:
        return None
    step, sign, offset, constant = match.groups()
    if constant is not None:
        return 0, int(constant)
    a = -1 if step == "-" else 1 if step in ("", "+") else int(step)
    b = 0 if offset is None else int(offset) * (-1 if sign == "-" else 1)
    return a, b


# -- matching --------------------------------------------------------------------------------------


def _always(element: Element) -> bool:
    return True


def _never(element: Element) -> bool:
    return False


def _all_of(checks: list[_Check]) -> _Check:
    if not checks:
        return _always
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        first, second = checks
        return lambda element: first(element) and second(element)
    ordered = tuple(checks)

    def all_match(element: Element) -> bool:
        for check in ordered:  # noqa: SIM110 - all() and a generator cost ~2x on this hot path
            if not check(element):
                return False
        return True

    return all_match


def _any_of(checks: list[_Check]) -> _Check:
    if len(checks) == 1:
        return checks[0]
    alternatives = tuple(checks)

    def any_match(element: Element) -> bool:
        for check in alternatives:  # noqa: SIM110 - as in _all_of
            if check(element):
                return True
        return False

    return any_match


def _with_tag(tag: str | None, rest: _Check) -> _Check:
    """The tag test fused with the rest of the compound: the cheapest, most selective test first."""
    if tag is None:
        return rest
    if rest is _always:
        return lambda element: element.tag == tag
    return lambda element: element.tag == tag and rest(element)


def _id_check(ident: str) -> _Check:
    return lambda element: element.attrs.get("id") == ident


def _class_check(name: str) -> _Check:
    def has_class(element: Element) -> bool:
        value = element.attrs.get("class")
        return value is not None and name in value and name in value.split()

    return has_class


def _attribute_check(name: str, operator: str, expected: str, ignore_case: bool) -> _Check:
    """One closure per operator; values that can never match (``[a^=""]``) compile to ``_never``."""
    if ignore_case:
        expected = expected.lower()
    if operator != "=" and operator != "|=" and (not expected or (operator == "~=" and _has_space(expected))):
        return _never
    test: Callable[[str], bool]
    if operator == "=":
        test = expected.__eq__
    elif operator == "~=":
        test = lambda actual: expected in actual and expected in actual.split()  # noqa: E731
    elif operator == "|=":
        prefix = expected + "-"
        test = lambda actual: actual == expected or actual.startswith(prefix)  # noqa: E731
    elif operator == "^=":
        test = lambda actual: actual.startswith(expected)  # noqa: E731
    elif operator == "$=":
        test = lambda actual: actual.endswith(expected)  # noqa: E731
    else:
        test = lambda actual: expected in actual  # noqa: E731

    def attribute_matches(element: Element) -> bool:
        actual = element.attrs.get(name)
        if actual is None:
            return False
        return test(actual.lower() if ignore_case else actual)

    return attribute_matches


def _has_space(text: str) -> bool:
    return any(char in WHITESPACE for char in text)


def _first_element(children: Iterable[object]) -> object:
    for child in children:
        if type(child) is Element:
            return child
    return None


def _is_first_child(element: Element) -> bool:
    parent = element.parent
    return parent is None or _first_element(parent.children) is element


def _is_last_child(element: Element) -> bool:
    parent = element.parent
    return parent is None or _first_element(reversed(parent.children)) is element


def _sibling_position(element: Element, same_tag: bool, from_end: bool) -> int:
    """1-based position among element siblings (of the same tag), from the start or the end."""
    parent = element.parent
    if parent is None:
        return 1
    memo = _MEMO.get()
    if memo is not None:
        try:
            _, position, tag_position = memo.sibling_facts(element, parent)
        except ValueError:
            return 1
        if not from_end:
            return tag_position if same_tag else position
        count, per_tag = memo.totals[parent]
        return per_tag[element.tag] - tag_position + 1 if same_tag else count - position + 1
    siblings = parent.children
    try:
        index = siblings.index(element)  # identity hits first; the scan runs in C
    except ValueError:
        return 1
    before = siblings[index + 1 :] if from_end else siblings[:index]
    # Counted with map/list.count, in C: long lists (references, comments) make this the hot loop.
    if same_tag:
        return list(map(getattr, before, repeat("tag"), repeat(None))).count(element.tag) + 1
    return list(map(type, before)).count(Element) + 1


def _nth_check(step: int, offset: int, same_tag: bool, from_end: bool) -> _Check:
    """``an+b`` matches position p when p - b is a non-negative multiple of a."""

    def nth_matches(element: Element) -> bool:
        distance = _sibling_position(element, same_tag, from_end) - offset
        if step == 0:
            return distance == 0
        return distance % step == 0 and distance // step >= 0

    return nth_matches


def _is_empty(element: Element) -> bool:
    return not any(type(child) is Element or child for child in element.children)


_SIMPLE_PSEUDO_CHECKS: dict[str, _Check] = {
    "first-child": _is_first_child,
    "last-child": _is_last_child,
    "only-child": lambda element: _is_first_child(element) and _is_last_child(element),
    "first-of-type": _nth_check(0, 1, True, False),
    "last-of-type": _nth_check(0, 1, True, True),
    "only-of-type": lambda element: (
        _sibling_position(element, True, False) == 1 and _sibling_position(element, True, True) == 1
    ),
    "empty": _is_empty,
    "root": lambda element: element.parent is None,
}


def _complex_matcher(compounds: list[_Check], combinators: list[str]) -> _Check:
    """Match the rightmost (key) compound first, then walk ancestors and siblings leftwards."""
    if len(compounds) == 1:
        return compounds[0]
    right_to_left = tuple(reversed(compounds))
    joins = tuple(reversed(combinators))
    key = right_to_left[0]
    return lambda element: key(element) and _match_leftwards(element, right_to_left, joins, 0) == _MATCHED


def _match_leftwards(
    element: Element, compounds: tuple[_Check, ...], joins: tuple[str, ...], index: int
) -> int:
    """``element`` matched ``compounds[index]``; match ``joins[index]`` and the compounds left of it.

    Candidates are tested inline before recursing (one call per candidate saved), and the result
    is a failure state so that callers stop trying candidates that cannot help.
    """
    if index == len(joins):
        return _MATCHED
    combinator = joins[index]
    index += 1
    check = compounds[index]
    if combinator == " ":
        memo = _MEMO.get()
        if memo is not None:
            return _search_ancestors(element.parent, compounds, joins, index, memo)
        candidate = element.parent
        while candidate is not None:
            if check(candidate):
                result = _match_leftwards(candidate, compounds, joins, index)
                if result in (_MATCHED, _FAILED):
                    return result
            candidate = candidate.parent
        return _FAILED
    parent = element.parent
    if combinator == "~" and parent is not None:
        memo = _MEMO.get()
        if memo is not None:
            return _search_earlier_siblings(
                _previous_element(element, parent, memo), compounds, joins, index, memo
            )
    if combinator == ">":
        if parent is None:
            return _FAILED
        if not check(parent):
            return _RESTART_FROM_DESCENDANT
        result = _match_leftwards(parent, compounds, joins, index)
        return result if result in (_MATCHED, _FAILED) else _RESTART_FROM_DESCENDANT
    if parent is None:
        return _RESTART_FROM_DESCENDANT
    siblings = parent.children
    memo = _MEMO.get()
    try:
        # identity hits first; the scan runs in C
        position = memo.sibling_facts(element, parent)[0] if memo is not None else siblings.index(element)
    except ValueError:
        return _RESTART_FROM_DESCENDANT
    for sibling_index in range(position - 1, -1, -1):
        sibling = siblings[sibling_index]
        if type(sibling) is not Element:
            continue
        result = _match_leftwards(sibling, compounds, joins, index) if check(sibling) else _TRY_NEXT_CANDIDATE
        if combinator == "+" or result != _TRY_NEXT_CANDIDATE:
            return result
    return _RESTART_FROM_DESCENDANT


def _search_ancestors(
    candidate: Element | None, compounds: tuple[_Check, ...], joins: tuple[str, ...], index: int, memo: _Memo
) -> int:
    """The descendant combinator's search of ``candidate`` and its ancestors, remembered.

    The outcome depends only on where the search starts, so every element passed on the way
    gets the outcome too: the next search from below stops at the first of them.
    """
    check = compounds[index]
    searches = memo.searches
    key = id(compounds)
    passed: list[Element] = []
    result = _FAILED
    while candidate is not None:
        known = searches.get((candidate, key, index, " "))
        if known is not None:
            result = known
            break
        passed.append(candidate)
        if check(candidate):
            outcome = _match_leftwards(candidate, compounds, joins, index)
            if outcome in (_MATCHED, _FAILED):
                result = outcome
                break
        candidate = candidate.parent
    for element in passed:
        searches[(element, key, index, " ")] = result
    return result


def _search_earlier_siblings(
    candidate: Element | None, compounds: tuple[_Check, ...], joins: tuple[str, ...], index: int, memo: _Memo
) -> int:
    """The ``~`` combinator's search of ``candidate`` and the element siblings before it, remembered."""
    check = compounds[index]
    searches = memo.searches
    key = id(compounds)
    passed: list[Element] = []
    result = _RESTART_FROM_DESCENDANT
    while candidate is not None:
        known = searches.get((candidate, key, index, "~"))
        if known is not None:
            result = known
            break
        passed.append(candidate)
        if check(candidate):
            outcome = _match_leftwards(candidate, compounds, joins, index)
            if outcome != _TRY_NEXT_CANDIDATE:
                result = outcome
                break
        parent = candidate.parent
        candidate = None if parent is None else _previous_element(candidate, parent, memo)
    for element in passed:
        searches[(element, key, index, "~")] = result
    return result


def _previous_element(element: Element, parent: Element, memo: _Memo) -> Element | None:
    """The element sibling just before ``element``, if any."""
    siblings = parent.children
    try:
        position = memo.sibling_facts(element, parent)[0]
    except ValueError:
        return None
    for index in range(position - 1, -1, -1):
        sibling = siblings[index]
        if type(sibling) is Element:
            return sibling
    return None
