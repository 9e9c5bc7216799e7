"""The benchmark's reading of issue 3's title and byline rules forgives only what it says it does.

A scorer that forgave too much would flatter every extractor in the README's figures, so each
rule is checked on both sides: what it accepts and what it must still count as a miss.
"""

from __future__ import annotations

import sys

from tests.conftest import ROOT, SHARED, require_shared

# The rules fold text with the shared scorer's own fold: without ../shared there is nothing to test.
require_shared(SHARED / "eval" / "score.py", module_level=True)
# The benchmarks import each other by name, as scripts run from their folder do.
sys.path.insert(0, str(ROOT / "benchmarks"))
import title_byline_rules as rules  # noqa: E402


def test_a_trailing_site_name_part_is_forgiven() -> None:
    assert rules.title_hit("Mozilla", "Mozilla - Wikipedia")
    assert rules.title_hit("How to Build a Terrarium", "How to Build a Terrarium | eHow")
    assert rules.title_hit("宇航员在太空中喝酒会怎么样？", "宇航员在太空中喝酒会怎么样？ _探索者 _光明网")
    # several trailing parts: chapter, author and site
    assert rules.title_hit("A Story", "A Story - Chapter 1 - someone - Archive of Our Own")


def test_a_title_still_misses_when_it_is_not_the_reference_minus_a_suffix() -> None:
    assert not rules.title_hit("Wikipedia", "Mozilla - Wikipedia")  # the site name, not the title
    assert not rules.title_hit("Outside the web: binaries", "binaries · V8")
    assert not rules.title_hit("Mozil", "Mozilla - Wikipedia")
    assert not rules.title_hit(None, "Mozilla")
    # a hyphen inside a word is not a separator
    assert not rules.title_hit("Un", "Un-Angry Trump Voters")


def test_a_leading_by_and_the_lines_after_the_name_are_forgiven() -> None:
    assert rules.byline_hit("Nathan Willis", "By Nathan Willis\n      March 2, 2016")
    assert rules.byline_hit("Scott Cunningham", "By\n\t\t\tScott Cunningham")
    assert rules.byline_hit("Rob Ewaschuk", "Written by Rob Ewaschuk\n   Edited by Betsy Beyer")
    assert rules.byline_hit("Sébastien Farcis", "Par Sébastien Farcis")
    assert rules.byline_hit("Jane Doe", "jane  doe")  # score.py's folding


def test_a_byline_still_misses_when_it_names_someone_else_or_keeps_noise() -> None:
    assert not rules.byline_hit("AFP", "Par Sébastien Farcis")
    assert not rules.byline_hit("Nathan Willis March 2, 2016", "By Nathan Willis\n March 2, 2016")
    assert not rules.byline_hit("ron Smith", "Byron Smith")  # "By" only as a word of its own
    assert not rules.byline_hit(None, "Follow Author")
