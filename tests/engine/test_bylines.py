"""The one byline cleaner: every source's byline text reduced to the names it gives."""

from __future__ import annotations

import random

import pytest
from tests.engine.test_hostile_inputs import best_seconds

from riptide.engine.bylines import BYLINE_NOISE, MAX_BYLINE_INPUT_CHARS, clean_byline, strip_noise


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("By Jane Doe", "Jane Doe"),
        ("BY JANE DOE", "JANE DOE"),
        ("Written by Jane Doe on March 3, 2020", "Jane Doe"),
        ("Posted by: Jane Doe", "Jane Doe"),
        ("Politics by Jane Doe", "Jane Doe"),
        ("Tech Industry by Jane Doe", "Jane Doe"),
        ("Par Jeanne Dupont", "Jeanne Dupont"),
        ("Von Hans Müller, 14.05.2019", "Hans Müller"),
        ("Por María García", "María García"),
        ("di Mario Rossi", "Mario Rossi"),
        ("Autor: Hans Müller", "Hans Müller"),
        ("作者：张三", "张三"),
    ],
)
def test_leading_by_par_von_and_author_labels_are_dropped(raw: str, name: str) -> None:
    assert clean_byline(raw) == name


def test_capitalised_di_is_part_of_a_surname_not_a_prefix() -> None:
    assert clean_byline("Di Maio") == "Di Maio"


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("By Jane Doe and John Roe", "Jane Doe and John Roe"),
        ("By Jane Doe, John Roe", "Jane Doe, John Roe"),
        ("Par Jeanne Dupont et Luc Martin", "Jeanne Dupont et Luc Martin"),
    ],
)
def test_several_names_keep_their_own_joins(raw: str, names: str) -> None:
    assert clean_byline(raw) == names


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("By Jane Doe, Staff Writer | May 3, 2021", "Jane Doe"),
        ("By Jane Doe | May 14, 2019", "Jane Doe"),
        ("Jane Doe Tuesday, 3 March", "Jane Doe"),
        ("Jane Doe Updated 10:30 am", "Jane Doe"),
        ("Jane Doe 3 days ago", "Jane Doe"),
        ("May 3, 2021 | By Jane Doe", "Jane Doe"),
        ("Updated 03.05.2021, 10:30 - Jane Doe", "Jane Doe"),
    ],
)
def test_dates_and_times_before_or_after_the_name_are_dropped(raw: str, name: str) -> None:
    assert clean_byline(raw) == name


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("By Jane Doe, Senior Staff Writer", "Jane Doe"),
        ("Jane Doe, Senior Correspondent", "Jane Doe"),
        ("Jane Doe, Guest Author", "Jane Doe"),
        ("Brenda Goodman, MA", "Brenda Goodman"),
        ("Ben Example Games Editor", "Ben Example"),
        ("Jane Doe - Editor", "Jane Doe"),
    ],
)
def test_roles_and_degrees_after_the_name_are_dropped(raw: str, name: str) -> None:
    assert clean_byline(raw) == name


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("Jane Doe @janedoe", "Jane Doe"),
        ("Jane Doe (jane@example.com)", "Jane Doe"),
        ("Jane Doe (https://example.com/jane)", "Jane Doe"),
        ("Jane Doe Follow", "Jane Doe"),
        ("Jane Doe 12 Comments", "Jane Doe"),
    ],
)
def test_handles_addresses_and_widget_words_are_dropped(raw: str, name: str) -> None:
    assert clean_byline(raw) == name


@pytest.mark.parametrize(
    "raw",
    [
        "Author:",
        "Follow Author",
        "Posted by",
        "May 3, 2021",
        "Jane Doe: Why the market fell today, explained in full detail",
        "Top 10 gardening tips for a small balcony",
    ],
)
def test_text_that_names_nobody_is_none(raw: str) -> None:
    assert clean_byline(raw) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ('Amanda "Tania Mae" Tan', 'Amanda "Tania Mae" Tan'),
        ("By John “The Rock” Smith and Jane Doe", "John “The Rock” Smith and Jane Doe"),
    ],
)
def test_a_nickname_quoted_between_names_is_kept(raw: str, expected: str) -> None:
    assert clean_byline(raw) == expected


@pytest.mark.parametrize("raw", ['"Breaking news" by staff', 'Why "this" matters', "Read “more” here"])
def test_quotes_outside_a_name_still_mark_a_headline(raw: str) -> None:
    assert clean_byline(raw) is None


#: Pieces of random bylines for the noise check: e-mail, URL, www and handle parts, "(" and ")",
#: whitespace of several kinds (a leading one changes what a "(" is), several "@" in a token,
#: and letters that fold to others under re.I.
NOISE_PIECES = (
    "a",
    "b",
    "J",
    "é",
    "1",
    ".",
    "@",
    "@@",
    " ",
    "  ",
    "\n",
    "\t",
    "\u00a0",
    "\u2003",
    "(",
    ")",
    ":",
    "/",
    "-",
    ",",
    "_",
    "<",
    ">",
    "h",
    "w",
    "ht",
    "tp",
    ".c",
    "a.b",
    "_.",
    "(@",
    "@(",
    "ſ",
    "K",
    "http://",
    "HTTPS://",
    "www.",
    "WWW.",
    "x.com",
    "jane@x.com",
    "@handle",
    "By ",
)


def test_strip_noise_is_the_noise_pattern_applied() -> None:
    rng = random.Random(12)
    checked = 0
    for _ in range(30_000):
        text = "".join(rng.choice(NOISE_PIECES) for _ in range(rng.randint(0, 24)))
        assert strip_noise(text) == " ".join(BYLINE_NOISE.sub(" ", text).split()), repr(text)
        checked += BYLINE_NOISE.search(text) is not None
    assert checked > 10_000, "few texts with noise: the check would say little"


@pytest.mark.parametrize(
    ("text", "left"),
    [
        ("Jane Doe (jane@example.com)", "Jane Doe"),
        ("Jane Doe ( jane@example.com )", "Jane Doe"),
        ("  (@b(a.b", ""),  # from the leading space the "(" is the e-mail's first character
        ("(@b(a.b", "(a.b"),  # from the "(" it is the pattern's, and "@b" a handle
        ("a.http://x\u00a0)-jane@x.com_:", "a. :"),  # after a match that took a ")", an e-mail
        ("Jane@Reuters", "Jane"),
        ("x@y@z.com", ""),
        ("Jane Doe https://x.com/jane www.x.com @jane", "Jane Doe"),
    ],
)
def test_strip_noise_takes_what_the_pattern_takes(text: str, left: str) -> None:
    assert strip_noise(text) == left == " ".join(BYLINE_NOISE.sub(" ", text).split())


@pytest.mark.parametrize("unit", ["a", "@a", "@.", "a@", "( ", "\t@", "a@a.", "http://", "(@"])
def test_strip_noise_time_grows_linearly(unit: str) -> None:
    # The pattern's e-mail alternative backtracked: 4,000 characters of "@a" took 6 s.
    small = best_seconds(lambda: strip_noise(unit * 3_000))
    large = best_seconds(lambda: strip_noise(unit * 24_000))
    assert large < max(0.05, small * 24), f"{unit!r}: {small:.4f}s for 1x, {large:.4f}s for 8x"


def test_a_byline_longer_than_the_input_limit_is_not_read() -> None:
    name = "By Jane Doe | "
    padding = "words " * MAX_BYLINE_INPUT_CHARS
    assert clean_byline(name + padding[: MAX_BYLINE_INPUT_CHARS - len(name)]) == "Jane Doe"
    assert clean_byline(name + padding[: MAX_BYLINE_INPUT_CHARS - len(name) + 1]) is None
