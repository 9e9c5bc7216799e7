"""A cheap test that a case-insensitive regex cannot match a text: none of its required literals is in it.

Why: cleaning searches every short block of an article for a dozen multilingual furniture
patterns (``article_rules.LEGAL_LINE``, ``PROMPT_LINE`` …). A regex search tries each of its
alternatives at every position of the text; nearly every block matches none, and those
searches were the costliest regex site of the engine. Every match of such a pattern contains
one of a few literal strings ("subscribe ", "newsletter", "©" …), and one case-sensitive search
for those literals (common prefixes factored out) costs a fraction of the patterns' searches.
``LiteralGate`` reads that set off the pattern's parse tree, so the pattern stays the one
statement of its rule: the gate only says when searching is pointless, and a text that passes
it is still searched with the pattern.

Exactness: ``re.IGNORECASE`` makes a pattern's literal match every character whose simple
lower case is the literal's, plus a few extra ones (``FOLDED_FOR_IGNORECASE``); ``fold`` maps a
text so that each character such a literal matches becomes the literal's lower case, one
character for one, so containment in the folded text holds whenever the pattern matches.
A case-sensitive pattern's literal character matches only itself: it is used when ``fold``
keeps it as it is (a lower-case letter, a digit, "-"; not "A", nor "ı" which folds to "i"),
since ``fold`` then leaves it, and so a literal of such characters, where the text holds it.
The class/id patterns (``article_rules.NameMemos``) are gated so.

Openings: what follows a ``^`` (or ``\\A``; not under ``re.MULTILINE``) matches at the text's
start, so a literal every match of that rest starts with (``_leading``) is required at the start
of the text, and, as ``fold`` maps the characters of such a match one for one from the start, at
the start of the folded text: a gate may require it there (``LiteralGate.openings``) rather than
anywhere ("tel" must open a line for ``^(?:tel|fax)…``; a line holding "hotel" is not admitted).
Only what directly follows the anchor counts: ``^\\s*foo`` has no opening literal (the spaces
come first), ``^[-\\s]*(?:a|b)`` neither; an optional piece first (``^(?:a )?b``) opens a match
with its own literals or else with what follows it ("a ", "b"); a group that changes the
case (``(?i:by|von)``) opens with its literals folded as its flags say, and one that makes
``^`` per line (``(?m:^x)``) tells nothing. The same literals gate a pattern's ``match``
(``OpeningGate``): it matches at the text's start.

Proofs, the converse for ASCII text: a pattern alternative made only of ASCII literal
characters and small classes of them, in groups, alternations and optional pieces (no anchor,
look-around, other repeat, category or back reference), matches wherever one of its spellings occurs, whatever
surrounds it. So an occurrence of such a spelling (``LiteralGate.proofs``: a case-sensitive
pattern's own characters, an ignore-case one's lower case) in a text that is ASCII and lower
case proves the pattern's search of that text finds a match: for ASCII characters
``re.IGNORECASE`` matches exactly the pairs with the same lower case. The class/id memos skip
the search of a pattern so proven (in C: ``csrc/copypass/gates.c``); a value beyond ASCII is
searched as before.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from re import _constants as sre  # type: ignore[attr-defined]  # parsed patterns: stable since 3.11
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

try:  # the gates' literal look-up in C (csrc/copypass/gates.c): in the component only
    from . import _copypass  # type: ignore[attr-defined]
except ImportError:
    _copypass = None

__all__ = ["FOLDED_FOR_IGNORECASE", "LiteralGate", "LiteralGates", "OpeningGate", "fold"]

#: Characters ``re.IGNORECASE`` matches with an ASCII letter although ``str.lower`` does not
#: give that letter ("İ" lowers to "i" plus a combining dot). A test checks every code point
#: against every literal character the gates use.
FOLDED_FOR_IGNORECASE = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})
_UNFOLDED = re.compile("[" + "".join(map(chr, FOLDED_FOR_IGNORECASE)) + "]")
#: A run of adjacent literals is spelled out while it has at most this many spellings.
_MAX_SPELLINGS = 32
#: ``LiteralGates`` of at most this many patterns look their literals up in C inside the component
#: (the table's answer is a bit per gate: ``csrc/copypass/gates.c``'s ``MAX_GATES``)…
_MAX_TABLE_GATES = 30
#: …and ``may_match`` reads its tuple of answers off a list indexed by those bits for at most
#: this many (2**8 tuples); more gates are asked by ``bits``.
_MAX_ANSWERED_GATES = 8
#: A character class of at most this many plain characters counts as alternatives.
_MAX_CLASS = 8
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)

#: Marks a required literal that must open the text (``LiteralGate.openings``): never a character
#: of a literal (``_folded_char`` gives none for it).
_AT_START = "\0"
_TEXT_STARTS = (sre.AT_BEGINNING, sre.AT_BEGINNING_STRING)

#: What a piece of a pattern tells: the strings it matches (when few and fixed), and literals
#: one of which each of its matches contains (None: nothing known).
_Facts = tuple[frozenset[str] | None, frozenset[str] | None]


def fold(text: str) -> str:
    """``text`` as the gates compare it: every character an ignore-case literal matches, in
    that literal's lower case."""
    folded = text.lower()
    if folded.isascii() or _UNFOLDED.search(text) is None:
        return folded
    return text.translate(FOLDED_FOR_IGNORECASE).lower()


class LiteralGate:
    """The literals one of which every match of ``pattern`` contains, and the test."""

    __slots__ = ("finder", "gated", "literals", "openings", "pattern", "proofs")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        exact = not pattern.flags & re.IGNORECASE
        parsed = sre_parse.parse(pattern.pattern, pattern.flags)
        _, required = _facts(parsed, exact)
        self.pattern = pattern
        kept = _without_implied(required) if required else ()
        #: Literals one of which is in every text the pattern matches (its fold), anywhere…
        self.literals: tuple[str, ...] = tuple(s for s in kept if not s.startswith(_AT_START))
        #: …or at its start (the module's docstring). Both empty when nothing is required: then
        #: every text may match.
        self.openings: tuple[str, ...] = tuple(s[1:] for s in kept if s.startswith(_AT_START))
        self.finder = _finder(self.literals)
        self.gated = bool(kept)
        #: Strings one of which in an ASCII, lower-case text proves a match there (the module's
        #: docstring): the spellings of the pattern's plain ASCII alternatives.
        self.proofs: tuple[str, ...] = tuple(sorted(s for s in _proofs(parsed, exact) if s))

    def may_match(self, folded: str) -> bool:
        """False only when the pattern cannot match the text whose ``fold`` is ``folded``."""
        if not self.gated or folded.startswith(self.openings):
            return True
        return self.finder is not None and self.finder.search(folded) is not None


class OpeningGate:
    """The literals one of which every match of one of ``patterns`` at a text's start (their
    ``match``) opens with, and the test: ``_leading`` of each whole pattern, as for what follows
    a ``^``.

    Why: a rule read at a line's start (``cleaning._LINE_STARTS``, ``article_rules.BOX_LABEL``,
    the ad and loading labels) is matched against every short block, and a failed ``match`` of a
    long case-insensitive alternation still costs a call and a try per alternative; nearly every
    block opens with none of its literals. Inside the component the C table (``table``, the
    literals as openings of one gate) answers for the C walks that match such a rule."""

    __slots__ = ("gated", "openings", "patterns", "table")

    def __init__(self, *patterns: re.Pattern[str]) -> None:
        self.patterns = patterns
        each = [_leading(sre_parse.parse(p.pattern, p.flags).data, not p.flags & re.I) for p in patterns]
        leading = None if None in each or not each else frozenset().union(*each)  # type: ignore[arg-type]
        #: The opening literals, less those another one opens (implied); empty when nothing is
        #: known: then every text may match.
        self.openings: tuple[str, ...] = (
            tuple(sorted(s for s in leading if not any(t != s and s.startswith(t) for t in leading)))
            if leading is not None
            else ()
        )
        self.gated = False
        self.table: Any = None
        self.index()

    def index(self) -> None:
        """Make the C table of the openings (inside the component). Called again after the
        openings change (tests). No openings known, no table: a table without openings would
        admit no text, while ``may_match`` admits every one; the C walks ask Python then."""
        self.gated = bool(self.openings)
        gated_in_c = _copypass is not None and self.gated
        self.table = _copypass.literal_table(((),), (), (self.openings,)) if gated_in_c else None

    def may_match(self, text: str) -> bool:
        """False only when no pattern's ``match(text)`` finds anything."""
        return not self.gated or fold(text).startswith(self.openings)


class LiteralGates:
    """Gates of several patterns searched in the same texts: one scan tells most texts apart
    from all of them (no literal of any occurs), then each pattern's own gate is asked."""

    __slots__ = ("always", "answers", "finder", "gates", "none", "proving", "start_bits", "starts", "table")

    def __init__(self, patterns: Sequence[re.Pattern[str]], proving: bool = False) -> None:
        self.gates = tuple(LiteralGate(pattern) for pattern in patterns)
        #: Whether the C table also holds the gates' proofs (the class/id memos' settle reads them).
        self.proving = proving
        self.none = (False,) * len(self.gates)
        in_c = _copypass is not None and len(self.gates) <= _MAX_TABLE_GATES
        count = len(self.gates) if in_c and len(self.gates) <= _MAX_ANSWERED_GATES else 0
        #: Per bit mask of the gates that may match (the C table's answer): ``may_match``'s.
        self.answers = (
            [tuple(bool(mask >> i & 1) for i in range(count)) for mask in range(1 << count)] if count else []
        )
        self.index()

    def index(self) -> None:
        """Make the look-ups of the gates' literals: one search for any of them, and inside the
        component their table in C. Called again after a gate's literals change (tests)."""
        literals = frozenset(s for gate in self.gates for s in gate.literals)
        ungated = not all(gate.gated for gate in self.gates)
        # an opening literal is (also) somewhere in the text: enough for the first search
        self.finder = None if ungated else _finder(_without_implied(literals.union(*self._openings())))
        in_c = _copypass is not None and len(self.gates) <= _MAX_TABLE_GATES
        proofs = tuple(g.proofs for g in self.gates) if self.proving else ()
        gates = tuple(g.literals for g in self.gates)
        self.table = _copypass.literal_table(gates, proofs, self._openings()) if in_c else None
        self.always = sum(1 << i for i, gate in enumerate(self.gates) if not gate.gated)
        #: Each literal found where it starts (the longest one there), and the gates it or a
        #: literal it starts with belongs to: ``bits`` in one scan without the C table (natively).
        scanned = literals if self.table is None else frozenset()
        self.starts = re.compile(f"(?=({_longest_first(sorted(scanned))}))") if scanned else None
        self.start_bits = {found: self._starting(found) for found in scanned}

    def _openings(self) -> tuple[tuple[str, ...], ...]:
        """Each gate's opening literals."""
        return tuple(gate.openings for gate in self.gates)

    def _starting(self, found: str) -> int:
        """The bits of the gates one of whose literals ``found`` starts with."""
        return sum(1 << i for i, gate in enumerate(self.gates) if any(map(found.startswith, gate.literals)))

    def may_match(self, text: str) -> tuple[bool, ...]:
        """Per pattern, in order: whether it may match ``text`` (only those need searching).

        Booleans, not a set of patterns: hashing a compiled pattern hashes its whole code.
        Inside the component one C pass over the text answers for every gate (``searched``
        states the answer and runs natively)."""
        folded = fold(text)
        if self.table is not None and self.answers:
            return self.answers[_copypass.gates_found(self.table, folded)]  # type: ignore[no-any-return]
        if self.table is not None:
            found = _copypass.gates_found(self.table, folded)
            return tuple(bool(found >> i & 1) for i in range(len(self.gates)))
        return self.searched(folded)

    def bits(self, text: str) -> int:
        """``may_match`` as bits (bit i: pattern i may match), for many gates: what the C table
        answers inside the component, without a tuple."""
        folded = fold(text)
        if self.table is not None:
            return _copypass.gates_found(self.table, folded)  # type: ignore[no-any-return]
        found = self.always
        if self.starts is not None:
            start_bits = self.start_bits
            for literal in self.starts.findall(folded):
                found |= start_bits[literal]
        for i, gate in enumerate(self.gates):
            if gate.openings and folded.startswith(gate.openings):
                found |= 1 << i
        return found

    def searched(self, folded: str) -> tuple[bool, ...]:
        """``may_match`` of the text whose ``fold`` is ``folded``, by regex searches."""
        if self.finder is not None and self.finder.search(folded) is None:
            return self.none
        return tuple(gate.may_match(folded) for gate in self.gates)


def _without_implied(literals: frozenset[str]) -> tuple[str, ...]:
    """The literals, less those containing another (its presence is implied)."""
    kept = [s for s in literals if not any(t != s and t in s for t in literals)]
    return tuple(sorted(kept))


def _finder(literals: Sequence[str]) -> re.Pattern[str] | None:
    """A case-sensitive pattern finding any of ``literals`` (None for none: no requirement)."""
    return re.compile(_alternation(literals)) if literals else None


def _alternation(literals: Sequence[str]) -> str:
    """``literals`` as one alternation with common prefixes factored out, so the regex engine
    tries one branch per distinct first character rather than one per literal."""
    by_first: dict[str, list[str]] = {}
    for literal in literals:
        by_first.setdefault(literal[0], []).append(literal[1:])
    branches = []
    for first, rests in sorted(by_first.items()):
        if "" in rests:  # the one character is enough
            branches.append(re.escape(first))
        elif len(rests) == 1:
            branches.append(re.escape(first + rests[0]))
        else:
            branches.append(f"{re.escape(first)}(?:{_alternation(rests)})")
    return "|".join(branches)


def _longest_first(literals: Sequence[str]) -> str:
    """``literals`` as one alternation that matches the longest of them at a position: factored
    by first character (so the text picks one branch), a literal's end tried after its longer
    continuations. Any other literal found there is a prefix of the one matched."""
    by_first: dict[str, list[str]] = {}
    for literal in literals:
        by_first.setdefault(literal[0], []).append(literal[1:])
    branches = []
    for first, rests in sorted(by_first.items()):
        longer = [rest for rest in rests if rest]
        if not longer:
            branches.append(re.escape(first))
        else:
            ends_here = "|" if "" in rests else ""
            branches.append(f"{re.escape(first)}(?:{_longest_first(longer)}{ends_here})")
    return "|".join(branches)


def _folded_char(code: int, exact: bool) -> str | None:
    """The character the gates look for where a pattern has ``chr(code)`` (``exact``: the
    pattern is case-sensitive), or None when there is none to look for."""
    char = chr(code)
    if char == _AT_START:
        return None  # the mark of an opening literal: never looked for
    folded = fold(char)
    if exact:
        return char if folded == char else None
    return folded if len(folded) == 1 else None


def _facts(items: Any, exact: bool) -> _Facts:
    """Facts of a sequence: adjacent fixed pieces are spelled out together; the most
    selective of the requirements found (longest shortest literal) is the sequence's."""
    whole: frozenset[str] | None = frozenset([""])  # spellings of the whole sequence
    run = frozenset([""])  # spellings of the fixed pieces since the last other one
    candidates: list[frozenset[str]] = []
    for at, (op, av) in enumerate(items.data):
        if op is sre.AT and av in _TEXT_STARTS and not items.state.flags & re.MULTILINE:
            opening = _leading(items.data[at + 1 :], exact)  # what follows matches at the start
            if opening is not None:
                candidates.append(frozenset(_AT_START + s for s in opening))
        fixed, required = _item_facts(op, av, exact)
        if whole is not None:
            whole = _spelled(whole, fixed)
        if required is not None and required != fixed:
            candidates.append(required)  # an alternation's openings ("^a|^b") beat its spellings
        if fixed is not None:
            longer = _spelled(run, fixed)
            if longer is not None:
                run = longer
                continue
            candidates.append(run)  # too many spellings: start a new run
            run = fixed
            continue
        candidates.append(run)
        run = frozenset([""])
        if required is not None:
            candidates.append(required)
    candidates.append(run)
    usable = [c for c in candidates if "" not in c]
    best = max(usable, key=lambda c: (min(map(len, c)), -len(c)), default=None)
    return whole, best


def _spelled(prefixes: frozenset[str], fixed: frozenset[str] | None) -> frozenset[str] | None:
    """Every prefix followed by every fixed string, unless unknown or too many."""
    if fixed is None or len(prefixes) * len(fixed) > _MAX_SPELLINGS:
        return None
    return frozenset(a + b for a in prefixes for b in fixed)


def _item_facts(op: Any, av: Any, exact: bool) -> _Facts:
    """Facts of one parsed item (``op``, its argument ``av``), as ``re._parser`` gives them."""
    if op is sre.LITERAL:
        char = _folded_char(av, exact)
        return (frozenset([char]), frozenset([char])) if char is not None else (None, None)
    if op is sre.IN:
        chars = {_folded_char(code, exact) if kind is sre.LITERAL else None for kind, code in av}
        if len(av) > _MAX_CLASS or None in chars:
            return None, None
        fixed = frozenset(char for char in chars if char is not None)
        return fixed, fixed
    if op is sre.BRANCH:
        return _alternatives([_facts(branch, exact) for branch in av[1]])
    if op is sre.SUBPATTERN:
        _, add_flags, del_flags, body = av
        if (add_flags | del_flags) & (re.IGNORECASE | re.MULTILINE):
            return None, None  # a scoped case change: not folded the same way; "^" per line
        return _facts(body, exact)
    if op is sre.ATOMIC_GROUP:
        return _facts(av, exact)
    if op in _REPEATS:
        low, high, body = av
        body_fixed, body_required = _facts(body, exact)
        if low == high == 1:
            return body_fixed, body_required
        if low >= 1:  # at least once: what the body needs
            return None, body_required if body_required is not None else body_fixed
        return None, None
    if op in _ZERO_WIDTH:
        return frozenset([""]), None  # matches no text: what is before and after it are adjacent
    return None, None  # any character, a category, a back reference…: nothing known


def _leading(data: list[Any], exact: bool) -> frozenset[str] | None:
    """Literals one of which every match of the parsed items ``data`` starts with (None: not
    known): the spellings of its fixed pieces up to the first other one, or when it opens with
    another, what that one's every match starts with; when it opens with an optional piece
    (``x?``, ``x*``), what that piece's matches start with or else what the rest's do."""
    run = frozenset([""])
    for at, (op, av) in enumerate(data):
        if op in _ZERO_WIDTH:
            continue  # consumes nothing: the next piece starts where it stands
        fixed, _ = _item_facts(op, av, exact)
        longer = _spelled(run, fixed)
        if longer is not None:
            run = longer
            continue
        if run != frozenset([""]):
            break  # unknown or too many spellings: the run so far opens every match
        if op in _REPEATS and av[0] == 0:  # skipped, or matched at least once first
            body, rest = _leading(av[2].data, exact), _leading(data[at + 1 :], exact)
            return None if body is None or rest is None else body | rest
        return _item_leading(op, av, exact)
    return run if "" not in run else None


def _item_leading(op: Any, av: Any, exact: bool) -> frozenset[str] | None:
    """Literals one of which every match of one parsed item that is not fixed starts with."""
    if op is sre.BRANCH:
        each = [_leading(branch.data, exact) for branch in av[1]]
        return None if None in each else frozenset().union(*each)  # type: ignore[arg-type]
    if op is sre.SUBPATTERN and not (av[1] | av[2]) & re.MULTILINE:
        # a scoped case change ("(?i:by|von)") folds its literals as its own flags say
        inner = exact if not (av[1] | av[2]) & re.IGNORECASE else not av[1] & re.IGNORECASE
        return _leading(av[3].data, inner)
    if op is sre.ATOMIC_GROUP:
        return _leading(av.data, exact)
    if op in _REPEATS and av[0] >= 1:  # at least once: a match starts with the body's
        return _leading(av[2].data, exact)
    return None


def _proofs(items: Any, exact: bool) -> frozenset[str]:
    """Spellings of the plain ASCII alternatives of a parsed pattern (``LiteralGate.proofs``):
    of each top-level alternative (through groups without flags) that ``_spellings`` spells."""
    if len(items.data) == 1:
        op, av = items.data[0]
        if op is sre.BRANCH:
            return frozenset().union(*(_proofs(branch, exact) for branch in av[1]))
        if op is sre.SUBPATTERN and not av[1] and not av[2]:
            return _proofs(av[3], exact)
    return _spellings(items, exact) or frozenset()


def _spellings(items: Any, exact: bool) -> frozenset[str] | None:
    """Every string a parsed sequence matches, when it is made only of ASCII literals, small
    classes of them, groups without flags, alternations and optional (``?``) pieces of those
    (else None; also past ``_MAX_SPELLINGS``): as the text lower-cased holds them (an
    ignore-case pattern's characters lower-cased)."""
    spelled: frozenset[str] | None = frozenset([""])
    for op, av in items.data:
        if op is sre.LITERAL:
            chars = _ascii_spelling(av, exact)
        elif op is sre.IN and len(av) <= _MAX_CLASS and all(kind is sre.LITERAL for kind, _ in av):
            found = [_ascii_spelling(code, exact) for _, code in av]
            chars = None if None in found else frozenset().union(*found)  # type: ignore[arg-type]
        elif op is sre.SUBPATTERN and not av[1] and not av[2]:
            chars = _spellings(av[3], exact)
        elif op is sre.BRANCH:
            each = [_spellings(branch, exact) for branch in av[1]]
            chars = None if None in each else frozenset().union(*each)  # type: ignore[arg-type]
        elif op in _REPEATS and av[0] in (0, 1) and av[1] == 1:  # once, or at most once ("-?")
            chars = _spellings(av[2], exact)
            chars = chars | {""} if chars is not None and av[0] == 0 else chars
        else:
            return None
        spelled = _spelled(spelled, chars) if spelled is not None else None
        if spelled is None:
            return None
    return spelled


def _ascii_spelling(code: int, exact: bool) -> frozenset[str] | None:
    """How an ASCII literal character of a pattern reads in a lower-cased text (None beyond ASCII)."""
    if code >= 128:
        return None
    char = chr(code)
    return frozenset([char if exact else char.lower()])


def _alternatives(facts: list[_Facts]) -> _Facts:
    """A match of one of several alternatives contains one of the literals any of them needs."""
    fixed: frozenset[str] | None = frozenset()
    required: frozenset[str] | None = frozenset()
    for alt_fixed, alt_required in facts:
        fixed = fixed | alt_fixed if fixed is not None and alt_fixed is not None else None
        need = alt_required if alt_required is not None else alt_fixed
        required = None if need is None or "" in need or required is None else required | need
    if fixed is not None and len(fixed) > _MAX_SPELLINGS:
        fixed = None
    return fixed, required
