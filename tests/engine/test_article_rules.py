"""The class/id verdicts remembered per value (``article_rules.NameMemo``) and the close-control
test that reads measures give the answers of the patterns and the text they stand for."""

from __future__ import annotations

import functools
import random
from collections.abc import Iterable

import pytest
from tests.sandbox.test_c_core import corpus_pages

from riptide.engine import article, article_rules, cleaning
from riptide.engine.article_rules import (
    BYLINE_NAME,
    CLOSE_CONTROL_NAME,
    FLAG_WEIGHT_CLASSES,
    MAYBE_NAME,
    NAME_MEMOS,
    NEGATIVE,
    POSITIVE,
    UNLIKELY_NAME,
    NameMemo,
    NameMemos,
    class_weight,
    is_unlikely_name,
    match_string,
    opens_with_close_control,
)
from riptide.engine.dom import parse
from riptide.engine.literal_gate import LiteralGates

#: Pieces of class and id values: pattern words whole, cut and in other cases, beside the
#: characters whose lower case is special (final sigma, dotted I, Kelvin sign).
NAME_PIECES = (
    *("comment", "sidebar", "menu", "-ad-", "dialog", "dialogue", "byline", "author", "close", "closed"),
    *("article", "main", "content", "body", "hid", "hidden", "footnote", "foot", "share", "post"),
    *("Close", "CLOSE", "SideBar", "AUTHOR", "Main", "DIALOG", "xclose", "close-x", "btn_close"),
    *("caption", "credits", "legende", "author-bio", "disclaimer", "newsletter", "cta", "sharedaddy"),
    *("sign-up", "opt-in", "subscribe", "dida", "about-the-author"),
    *("\u03a3", "\u0130", "\u212a", "\u017f", "é", " ", "-", "_", "1", "x", ""),
)


def name_soup(rng: random.Random) -> dict[str, str]:
    attrs = {}
    for name in ("class", "id"):
        if rng.random() < 0.7:
            attrs[name] = "".join(rng.choice(NAME_PIECES) for _ in range(rng.randint(0, 4)))
    return attrs


#: Every memo of a pattern matched on ``match_string``: the article's and the cleaner's box rules.
MEMOS = (
    *(UNLIKELY_NAME, MAYBE_NAME, BYLINE_NAME, CLOSE_CONTROL_NAME),
    *(cleaning._CAPTION_NAME, article_rules.AUTHOR_BOX_NAME, cleaning._DISCLAIMER_NAME),
    *(cleaning._SHARE_NAME, cleaning._SIGNUP_NAME),
)


def test_name_memos_answer_as_their_pattern_on_match_string() -> None:
    rng = random.Random(7)
    for _ in range(5000):
        attrs = name_soup(rng)
        matched = match_string(attrs)
        for memo in MEMOS:
            assert memo.found_in_names(attrs) == (memo.pattern.search(matched) is not None), (memo, attrs)
        expected = bool(
            article_rules.UNLIKELY_CANDIDATES.search(matched)
            and not article_rules.MAYBE_CANDIDATE.search(matched)
        )
        assert is_unlikely_name(attrs) == expected


def test_class_weight_is_the_patterns_weight_of_class_and_id() -> None:
    rng = random.Random(11)
    for _ in range(3000):
        attrs = name_soup(rng)
        expected = 0
        for value in (attrs.get("class"), attrs.get("id")):
            if value:
                expected += (25 if POSITIVE.search(value.lower()) else 0) - (
                    25 if NEGATIVE.search(value.lower()) else 0
                )
        assert class_weight(attrs, FLAG_WEIGHT_CLASSES) == expected
        assert class_weight(attrs, 0) == 0


def memos_like_the_engines() -> tuple[list[NameMemo], dict[str, bool]]:
    """A fresh group of the engine's memos' patterns (``NAME_MEMOS``), and its box verdicts."""
    group = NameMemos()
    memos = [NameMemo(memo.pattern, group) for memo in NAME_MEMOS.memos]
    boxes = group.any_of(*(memos[NAME_MEMOS.memos.index(memo)] for memo in BOX_MEMOS))
    return memos, boxes


#: The memos whose verdicts ``cleaning._BOX_NAMES`` joins.
BOX_MEMOS = (
    *(cleaning._SHARE_NAME, cleaning._SIGNUP_NAME, cleaning._CAPTION_NAME),
    *(article_rules.AUTHOR_BOX_NAME, cleaning._DISCLAIMER_NAME),
)


def assert_settled_as_searched(values: Iterable[str]) -> int:
    """Every memo's verdict on each value, settled in a group behind the literal gates, is its
    pattern's search of the lower-cased value, and the box verdict is any of the box memos'.
    Returns how many verdicts were found (so a caller can see the values reach the patterns)."""
    memos, boxes = memos_like_the_engines()
    found = 0
    for value in values:
        searched = [memo.pattern.search(value.lower()) is not None for memo in memos]
        assert [memo.found_in(value) for memo in memos] == searched, value
        box = any(memo.pattern.search(value.lower()) for memo in BOX_MEMOS)
        assert boxes[value] == box, value
        found += sum(searched)
    return found


def class_and_id_values() -> set[str]:
    """Every class and id value of both corpora's pages."""
    values = set()
    for _, html in corpus_pages():
        for element in parse(html).root.iter():
            for name in ("class", "id"):
                value = element.attrs.get(name)
                if value:
                    values.add(value)
    return values


@functools.cache
def _gate_literals() -> list[str]:
    """The literals and proofs of the engine's class/id gates (made once: parsing the patterns is slow)."""
    return [
        literal
        for gate in LiteralGates([m.pattern for m in NAME_MEMOS.memos]).gates
        for literal in (*gate.literals, *gate.proofs)
    ]


def name_value_soup(seed: int) -> str:
    """A class or id value of pattern literals (whole, cut, in other cases) and odd characters."""
    rng = random.Random(seed)
    literals = _gate_literals()
    pieces = []
    for _ in range(rng.randint(1, 6)):
        pick = rng.random()
        if pick < 0.5:
            literal = rng.choice(literals)
            if rng.random() < 0.3:
                literal = literal[: rng.randint(1, max(1, len(literal) - 1))]
            pieces.append(literal.upper() if rng.random() < 0.3 else literal)
        else:
            pieces.append(rng.choice(NAME_PIECES))
    return "".join(pieces)


def test_the_engines_memos_are_settled_together() -> None:
    """Every class/id memo of the engine is in ``NAME_MEMOS`` (asked together, settled once)."""
    assert set(map(id, (*MEMOS, article_rules.POSITIVE_NAME, article_rules.NEGATIVE_NAME))) == set(
        map(id, NAME_MEMOS.memos)
    )
    value = "x-settled-together-" + str(random.random())
    UNLIKELY_NAME.found_in(value)
    assert all(value in memo.known for memo in NAME_MEMOS.memos) and value in cleaning._BOX_NAMES


def test_gated_verdicts_are_the_searches_on_every_corpus_name() -> None:
    values = class_and_id_values()
    assert len(values) > 20_000
    assert assert_settled_as_searched(sorted(values)) > 10_000


def test_gated_verdicts_are_the_searches_on_seeded_names() -> None:
    assert assert_settled_as_searched(name_value_soup(seed) for seed in range(20_000)) > 20_000


def test_a_proof_in_a_name_is_a_match() -> None:
    """``LiteralGate.proofs`` (the C settle skips the search of a pattern so proven): a proof in
    an ASCII value's lower case is the pattern found there, on every corpus and seeded value."""
    gates = LiteralGates([m.pattern for m in NAME_MEMOS.memos]).gates
    proven = 0
    for value in [*sorted(class_and_id_values()), *(name_value_soup(seed) for seed in range(20_000))]:
        lowered = value.lower()
        for gate in gates if value.isascii() else ():
            if any(proof in lowered for proof in gate.proofs):
                assert gate.pattern.search(lowered) is not None, (value, gate.pattern.pattern)
                proven += 1
    assert proven > 20_000


def test_a_gate_missing_a_literal_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """The checks above fail when the gates forget a literal ("author" of the byline rule)."""
    real = LiteralGates.bits

    def forgetful(self: LiteralGates, text: str) -> int:
        return real(self, text.replace("author", "auth0r"))

    monkeypatch.setattr(LiteralGates, "bits", forgetful)
    with pytest.raises(AssertionError):
        assert_settled_as_searched(["post-author"])


def test_name_memo_stays_within_its_size(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(article_rules, "NAME_MEMO_SIZE", 50)
    memo = NameMemo(article_rules.BYLINE)
    for number in range(500):
        assert memo.found_in(f"author-{number}") and not memo.found_in(f"x-{number}")
        assert len(memo.known) <= 50


CONTROL_PIECES = (
    "<div>", "<section>", "</div>", "</section>", "<span>", "</span>", "<button>", "</button>",
    "<a class='btn-close'>", "<a class=closed>", "</a>", "<p>", "</p>", "<b>", "</b>",
    "×", "Close", "Schließen [X]", "[ x ]", "✕", "Fermer", "close", " ", "\n", "\u00a0",
    "A longer line of text that is no control", "x", "Close the door, please", "<br>", "<img src=a.png>",
)  # fmt: skip


def test_close_control_reads_the_same_with_measures() -> None:
    """Ruling a child out by its measure never changes the answer of reading its text."""
    rng = random.Random(3)
    seen = set()
    for _ in range(1500):
        html = "<body>" + "".join(rng.choice(CONTROL_PIECES) for _ in range(rng.randint(1, 40)))
        page = article._Page(parse(html).body, "")
        article._prepare(page, page.body)
        for node in page.body.iter("div", "section"):
            answer = opens_with_close_control(node)
            assert opens_with_close_control(node, page.measures) == answer, node.outer_html()
            seen.add(answer)
    assert seen == {True, False}


def test_a_style_without_the_hidden_style_words_is_shown() -> None:
    """``HIDDEN_STYLE_WORDS`` screen the hidden-style rule (the C grab walk asks it only when one
    is there): every style the pattern matches holds one, whatever its case, Unicode case folds
    included (a dotless "ı" matches "i" under ``re.I`` yet stays itself lower-cased)."""
    rng = random.Random(5)
    properties = ("display", "visibility", "DISPLAY", "Visibility", "v\u0131s\u0131b\u0131l\u0131ty")
    values = ("none", "hidden", "NONE", "Hidden", "h\u0131dden", "HİDDEN", "n\u014fne", "block", "\u212a")
    around = ("", "color:red;", " ", ";", "x-")
    matched = 0
    for _ in range(5000):
        style = rng.choice(around) + rng.choice(properties) + rng.choice((":", " : ", "\t:"))
        style += rng.choice(values) + rng.choice(around)
        if article_rules.HIDDEN_STYLE.search(style):
            matched += 1
            assert any(word in style.lower() for word in article_rules.HIDDEN_STYLE_WORDS), style
    assert matched > 100


def similarity_as_stated(text_a: str, text_b: str) -> float:
    """``text_similarity`` as first written: both texts split into words on every call."""
    tokens_a = [t for t in article_rules.WORD_SPLIT.split(text_a.lower()) if t]
    tokens_b = [t for t in article_rules.WORD_SPLIT.split(text_b.lower()) if t]
    if not tokens_a or not tokens_b:
        return 0.0
    known = set(tokens_a)
    unique_b = [t for t in tokens_b if t not in known]
    return 1 - len(" ".join(unique_b)) / len(" ".join(tokens_b))


def test_text_similarity_with_the_title_remembered_is_the_rule_as_stated() -> None:
    """The title's word set is remembered: alternating titles, each against every heading
    (including empty and punctuation-only texts), must still get the rule's answers."""
    titles = ["Council approves the new bridge plan", "", "—", "Bridge plan: council says yes", "ÉTÉ à Paris"]
    headings = [
        *titles,
        "The new bridge",
        "council APPROVES the new bridge plan!",
        "été",
        "...",
        "Other news",
    ]
    for _ in range(2):
        for title in titles:
            for heading in headings:
                assert article_rules.text_similarity(title, heading) == similarity_as_stated(title, heading)
