"""The literal gates of the furniture-line rules: a gate may let a line through that its rule
then does not match, never the other way round (that would change what cleaning removes)."""

from __future__ import annotations

import random
import re

import pytest
from tests.sandbox.test_c_core import corpus_pages

from riptide.engine import cleaning
from riptide.engine.article_rules import (
    BOX_LABEL,
    BOX_LABEL_OPENINGS,
    FURNITURE_LINE_TAGS,
    LABEL_WORDS_OPENINGS,
)
from riptide.engine.dom import parse
from riptide.engine.literal_gate import FOLDED_FOR_IGNORECASE, LiteralGate, LiteralGates, OpeningGate, fold

GATES: LiteralGates = cleaning._SEARCHED_LINES
PATTERNS = [gate.pattern for gate in GATES.gates]
#: Characters whose case folding is special: re.IGNORECASE matches "İ" and "ı" with "i", "ſ"
#: with "s", the Kelvin sign with "k"; "ẞ" lowers to "ß".
ODD_CHARACTERS = ("\u0130", "\u0131", "\u017f", "\u212a", "\u1e9e", "Σ", "é", "Ü")
FILLER = ("the", "Story", " ", "  ", "\n", ": ", ", ", ".", "|", "/", "©", "(", ")", "2024", "Jane Doe", "-")


def rules_matching(text: str) -> set[re.Pattern[str]]:
    return {pattern for pattern in PATTERNS if pattern.search(text)}


def assert_gates_admit(text: str) -> None:
    """Every rule that matches ``text`` is among those its gate admits."""
    matching = rules_matching(text)
    admitted = {pattern for pattern, may in zip(PATTERNS, GATES.may_match(text), strict=True) if may}
    assert matching <= admitted, (text, matching)
    for gate in GATES.gates:
        if gate.pattern in matching:
            assert gate.may_match(fold(text)), (text, gate.pattern.pattern)


def spelled(literal: str, rng: random.Random) -> str:
    """``literal`` in a random case, some letters written as characters that fold onto them."""
    out = []
    for char in literal:
        choice = rng.random()
        if char == "i" and choice < 0.15:
            out.append(rng.choice("\u0130\u0131"))
        elif char == "s" and choice < 0.15:
            out.append("\u017f")
        elif char == "k" and choice < 0.15:
            out.append("\u212a")
        else:
            out.append(char.upper() if choice < 0.5 else char)
    return "".join(out)


def line_soup(seed: int) -> str:
    rng = random.Random(seed)
    literals = [literal for gate in GATES.gates for literal in (*gate.literals, *gate.openings)]
    pieces = []
    for _ in range(rng.randint(1, 12)):
        pick = rng.random()
        if pick < 0.4:
            literal = rng.choice(literals)
            if rng.random() < 0.3:  # a literal cut short: must not be admitted by a rule either
                literal = literal[: rng.randint(1, max(1, len(literal) - 1))]
            pieces.append(spelled(literal, rng))
        elif pick < 0.5:
            pieces.append(rng.choice(ODD_CHARACTERS))
        else:
            pieces.append(rng.choice(FILLER))
    return "".join(pieces)


def test_gates_find_the_literals_each_rule_needs() -> None:
    gate = LiteralGate(re.compile(r"read (?:more|also)|x?(?:foto|bild)s?\s*:|[|/]\s*©|^tel", re.I))
    assert gate.literals == ("bild", "foto", "read also", "read more", "©")
    assert gate.openings == ("tel",)
    assert gate.may_match(fold("Fotos: Jane")) and gate.may_match(fold("Tel: 12"))
    assert not gate.may_match(fold("a story about nothing")) and not gate.may_match(fold("Hotel: 12"))


def test_an_opening_literal_is_what_directly_follows_the_start_anchor() -> None:
    """``^`` then fixed pieces, or an alternation, group or repeat each of whose matches opens
    with a literal; not past a repeat that may come first (the ``^\\s*`` trap), not per line."""
    cases = {
        r"^\s*foo": ((), ("foo",)),
        r"^[-\s]*(?:anzeige|werbung)\b": ((), ("anzeige", "werbung")),
        r"^(?:bar|baz+)x": (("ba",), ()),
        r"\Afoo|^tel": (("foo", "tel"), ()),
        r"^(?:a+b|cd)|xyz": (("a", "cd"), ("xyz",)),
        r"(?m)^qux": ((), ("qux",)),
        r"(?m:^qux)|^ab": ((), ()),  # nothing known of the first alternative: not gated
        r"x(?:^a|b)": ((), ("xa", "xb")),
        r"^(?:empfohlener )?externer": (("empfohlener ", "externer"), ()),  # optional, else the rest
    }
    for pattern, (openings, literals) in cases.items():
        gate = LiteralGate(re.compile(pattern, re.I))
        assert (gate.openings, gate.literals) == (openings, literals), pattern
    assert LiteralGate(re.compile(r"(?m:^qux)|^ab")).may_match("qux") is True


def test_a_rule_without_required_literals_is_never_gated() -> None:
    for pattern in (r"a?b?", r"\d+", r".{3}", r"(?-i:Capital)|x"):
        gate = LiteralGate(re.compile(pattern, re.I))
        assert gate.literals == ()
        assert gate.may_match("")


def test_a_case_sensitive_rule_is_gated_by_the_characters_fold_keeps() -> None:
    """A case-sensitive literal matches only itself: usable where ``fold`` leaves it as it is
    (not "D", which folds to "d", nor "ı", which folds to "i")."""
    assert LiteralGate(re.compile("abc|d-f")).literals == ("abc", "d-f")
    assert LiteralGate(re.compile("abc|Def")).literals == ("abc", "ef")
    assert LiteralGate(re.compile("abc|D")).literals == ()
    assert LiteralGate(re.compile("ab\u0131Cdef")).literals == ("def",)
    assert LiteralGate(re.compile("x(?i:abc)")).literals == ("x",)


def test_case_sensitive_gates_admit_every_text_their_rule_matches() -> None:
    """In any text, not only lower-cased ones: seeded soup of literals in random case."""
    patterns = [re.compile(r"close(?![a-z])|dialog(?!ue)|s-?ab|\u0131x|Kz"), re.compile(r"(?<![a-z])k[eé]y")]
    patterns += [re.compile("post"), re.compile("posted|dialogue")]  # one's literal starts the other's
    gates = LiteralGates(patterns)
    pieces = ("close", "Close", "dialog", "dialogue", "s-ab", "SAB", "sab", "\u0131x", "Kz", "kz", "\u212az")
    pieces += ("post", "posted", "Posted", "pos")
    pieces += ("key", "kéy", "KEY", "\u212aey", "\u0130", "\u017f", "x", " ", "-")
    rng = random.Random(5)
    matched = 0
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))
        for pattern, may in zip(patterns, gates.may_match(text), strict=True):
            assert may or pattern.search(text) is None, (pattern.pattern, text)
            matched += pattern.search(text) is not None
        assert gates.bits(text) == sum(1 << i for i, may in enumerate(gates.may_match(text)) if may)
    assert matched > 5_000


def test_fold_maps_every_character_ignorecase_matches_onto_the_literal() -> None:
    """Checked over every code point for every literal character the gates use."""
    everything = "".join(chr(code) for code in range(0x110000) if not 0xD800 <= code < 0xE000)
    alphabet = {
        char for gate in GATES.gates for literal in (*gate.literals, *gate.openings) for char in literal
    }
    for char in sorted(alphabet):
        for matched in re.compile(re.escape(char), re.I).findall(everything):
            assert fold(matched) == char, (char, matched)
    assert set(map(chr, FOLDED_FOR_IGNORECASE)) == {"\u0130", "\u0131", "\u017f"}


def test_gates_admit_every_line_a_rule_matches_in_seeded_soup() -> None:
    matched = 0
    for seed in range(20_000):
        text = line_soup(seed)
        assert_gates_admit(text)
        matched += bool(rules_matching(text))
    assert matched > 1_000  # the soup does reach the rules


def test_gates_admit_every_corpus_line_a_rule_matches() -> None:
    """Every other page of both corpora (the rules' own searches are the slow part)."""
    lines = matched = spared = 0
    for _, html in list(corpus_pages())[::2]:
        for element in parse(html).root.iter(*FURNITURE_LINE_TAGS):
            text = element.text()
            if len(text) <= 400:
                assert_gates_admit(text)
                lines += 1
                matched += bool(rules_matching(text))
                spared += not any(GATES.may_match(text))
    assert lines > 40_000 and matched > 100
    assert spared > lines * 0.7  # the point of the gates: most lines are not searched at all


def test_a_gate_missing_a_literal_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """The checks above fail for a gate that forgot one of its rule's literals."""
    prompt = next(gate for gate in GATES.gates if gate.pattern.pattern.startswith("subscribe"))
    monkeypatch.setattr(prompt, "finder", re.compile("newsletter"))
    with pytest.raises(AssertionError):
        assert_gates_admit("Please subscribe for the full story")


def test_proofs_are_the_plain_ascii_alternatives() -> None:
    """A proof is a spelling of an alternative of ASCII literals, classes, groups and optional
    pieces only: no anchor, look-around, other repeat or character beyond ASCII."""
    pattern = re.compile(r"(?<![a-z])cta|news-?letter|^top|foo(?!t)|a+b|subscri(?:be|ption)|caf[eé]|x[yz]|z$")
    proofs = ("news-letter", "newsletter", "subscribe", "subscription", "xy", "xz")
    assert LiteralGate(pattern).proofs == proofs
    assert LiteralGate(re.compile(r"Read|more", re.I)).proofs == ("more", "read")
    assert LiteralGate(re.compile(r"Read|more")).proofs == ("Read", "more")  # "Read": never in a lower case


#: The opening gates of the rules matched at a line's start, and their patterns.
OPENING_GATES = (cleaning._STARTED_LINES, BOX_LABEL_OPENINGS, LABEL_WORDS_OPENINGS)


def test_opening_gates_read_what_every_match_opens_with() -> None:
    """Fixed pieces, alternations, an optional first piece (its literals, or else the rest's), a
    scoped case change (folded as its flags say); nothing known past a repeat of unknown text."""
    cases = {
        r"(?:presse-?|media )?(?:kontakt|contact)\s*:?$": ("contact", "kontakt", "media ", "presse"),
        r"[(\[]?(?:foto|bild)s?\s*:|©": ("(", "[", "bild", "foto", "©"),
        r"(?i:by|von)\s+[A-Z]": ("by", "von"),
        r"\s*foo": (),
        r"(?:a )?": (),  # may match nothing
        r"autor|autor:innen|über": ("autor", "über"),  # "autor:innen" opens with "autor"
    }
    for pattern, openings in cases.items():
        gate = OpeningGate(re.compile(pattern, re.I))
        assert gate.openings == openings, pattern
        assert gate.gated == bool(openings)
    assert OpeningGate(re.compile(r"(?i:by)\s")).may_match("BY Jane")
    assert not OpeningGate(re.compile(r"(?i:by)\s")).may_match("Jane, by")
    assert not BOX_LABEL_OPENINGS.may_match("cell 12 text") and BOX_LABEL_OPENINGS.may_match("Über den Autor")
    assert cleaning._STARTED_LINES.gated and BOX_LABEL_OPENINGS.gated
    unknown = OpeningGate(re.compile(r"\s*foo"))  # nothing known: every text may match, no C table
    assert unknown.may_match("bar") and unknown.table is None


def assert_openings_admit(text: str) -> None:
    for gate in OPENING_GATES:
        matched = any(pattern.match(text) for pattern in gate.patterns)
        assert not matched or gate.may_match(text), (gate.patterns[0].pattern[:40], text)


def opening_soup(seed: int) -> str:
    """Lines that open (or nearly open) with a start rule's literal, in random case and with
    characters that fold onto its letters, then filler."""
    rng = random.Random(seed)
    literals = [literal for gate in OPENING_GATES for literal in gate.openings]
    literals += [
        "über den Autor",
        "Kontakt:",
        "Presse-Kontakt",
        "By Jane Doe 12/11/2020",
        "Photo: AP",
        "© 2024",
    ]
    literal = rng.choice(literals)
    if rng.random() < 0.3:
        literal = literal[: rng.randint(1, max(1, len(literal) - 1))]
    head = rng.choice(("", "", "", " ", "(", "[", "\u0130", "x"))
    return head + spelled(literal, rng) + "".join(rng.choice(FILLER) for _ in range(rng.randint(0, 4)))


def test_opening_gates_admit_every_line_their_rule_matches_in_seeded_soup() -> None:
    matched = 0
    for seed in range(20_000):
        text = opening_soup(seed)
        assert_openings_admit(text)
        matched += any(pattern.match(text) for gate in OPENING_GATES for pattern in gate.patterns)
    assert matched > 2_000  # the soup does reach the rules


def test_opening_gates_admit_every_corpus_line_their_rule_matches() -> None:
    lines = matched = spared = 0
    for _, html in list(corpus_pages())[1::2]:
        for element in parse(html).root.iter(*FURNITURE_LINE_TAGS):
            text = element.text()
            assert_openings_admit(text)
            lines += 1
            matched += cleaning._LINE_STARTS.match(text) is not None
            spared += not cleaning._STARTED_LINES.may_match(text)
    assert lines > 40_000 and matched > 100
    assert spared > lines * 0.8  # most lines open with no start rule's literal


def test_an_opening_gate_missing_a_literal_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    gate = cleaning._STARTED_LINES
    monkeypatch.setattr(gate, "openings", tuple(s for s in gate.openings if s != "read more"))
    with pytest.raises(AssertionError):
        assert_openings_admit("Read more: the story")
    assert BOX_LABEL.match("Kontakt:") and BOX_LABEL_OPENINGS.may_match("Kontakt:")
