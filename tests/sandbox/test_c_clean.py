"""The cleaner's conditional pass and tidy in C (csrc/cleanpass/): in the component only,
leaving the cleaning state (vectors, gone, emptied, pending) and the cleaned article exactly as
the pure-Python loop of ``cleaning._remove_where``, the ``_Content`` methods and ``_tidy`` that
state them.

The comparison runs inside the guest, where the C module lives: a test component answers a
marker input by cleaning the page's content both ways, each on its own parse, and reporting
the first difference (clean_check_guest_extra.py). Inputs: every page of both shared corpora,
the markup soup of tests/engine/test_markup_soup.py, the copy soup of test_c_copy.py (forms,
inputs, data and layout tables, lists, in-page links, headings: what settle and remove treat
apart), "fishy soup" of nested forms, tables, lists and divs and of what the tidy changes
(h1, empty paragraphs, one-cell tables, div-in-div, repeated lines, <br> before <p>) and
of what the verdict (``_looks_fishy``, in C: csrc/cleanpass/fishy.c) weighs (class weights,
ad and loading labels, also split across elements, image lists, <code>, <figure> and data
tables around), and hostile nesting past the parser's depth cap.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.engine.test_markup_soup import SEEDS, soup
from tests.sandbox.conftest import guest_checker, guest_verdict
from tests.sandbox.test_c_copy import copy_soup
from tests.sandbox.test_c_core import corpus_pages, hostile_nesting, needs_toolchain, short_text_limit_pages

from riptide import Extractor
from riptide.engine import cleaning

#: Inputs starting with this are checks for the test component (clean_check_guest_extra.py).
CLEAN_CHECK_MARKER = "RIPTIDE-CLEAN-CHECK\n"
CLEAN_SKEW_MARKER = "-SKEW\n"
#: Nestings of what the conditional pass judges, with the text, links and images it weighs.
FISHY = (
    "<form>", "</form>", "<fieldset>", "</fieldset>", "<input>", "<table>", "<tr>", "<td>", "</td>",
    "</table>", "<th>h</th>", "<ul>", "</ul>", "<ol>", "</ol>", "<li>", "</li>", "<div>", "</div>",
    "<div class=ad>", "<div class=content>", "<div class=sidebar>", "<p>", "</p>", "<h2>", "</h2>",
    "<a href=/x>", "<a href='#n'>", "</a>", "<img src=a.png>", "<iframe src='//youtube.com/embed/v'>",
    "<figure>", "</figure>", "<code>", "</code>", "Advertisement", "Loading...", "text, more, words",
    "a longer sentence of prose, with commas, and more commas, to keep it, as, prose, here, now",
    "<h1>", "</h1>", "<section>", "</section>", "<br>", "<p></p>", "<div><div class=inner>",
    "<p>A line said twice, word for word</p>", "<h3>A line said twice, word for word</h3>",
    "<table><tr><td>one cell</td></tr></table>", "<table><tbody><tr><td><p>cell</p></td></tr></table>",
    "<div> </div>", "<div><br><hr></div>", "\u00a0",
    "<div class=comment>", "<div id=main-content>", "<div class='hentry sidebar'>", "<ul class=share>",
    "<li><img src=b.png></li>", "<ul><li><img src=c.png></li><li><img src=d.png></li></ul>",
    "<pre><code><div>", "<table summary=data>", "<span>", "</span>", "Ad", "Loading…",
    "<input type=text>", "<p>", "<a href=/y>a link with longer words in it</a>",
)  # fmt: skip


def fishy_soup(seed: int) -> str:
    rng = random.Random(seed)
    return "<body>" + "".join(rng.choice(FISHY) for _ in range(rng.randint(0, 300)))


@pytest.fixture(scope="module")
def clean_checker(checks_component: Path, make_settings) -> Iterator[Extractor]:  # type: ignore[no-untyped-def]
    with guest_checker("clean_check_guest_extra.py", checks_component, make_settings) as checker:
        yield checker


def cleaned_differ(checker: Extractor, html: str) -> str | None:
    """None when the C pass cleaned ``html`` as the Python loop did, else what differed."""
    return guest_verdict(checker, CLEAN_CHECK_MARKER, html, "cleaned equal")


def test_host_cleans_in_python() -> None:
    assert cleaning.CONDITIONAL_IN == "python"


@needs_toolchain
def test_c_pass_cleans_as_python_on_both_corpora(clean_checker: Extractor) -> None:
    pages = list(corpus_pages())
    assert len(pages) >= 600
    different = {name: detail for name, html in pages if (detail := cleaned_differ(clean_checker, html))}
    assert different == {}


@needs_toolchain
def test_c_pass_cleans_as_python_on_soup_and_hostile_nesting(clean_checker: Extractor) -> None:
    inputs = [soup(seed) for seed in SEEDS] + [copy_soup(seed) for seed in range(200)]
    inputs += [fishy_soup(seed) for seed in range(400)] + [hostile_nesting(seed) for seed in range(100)]
    inputs += short_text_limit_pages()
    different = [detail for html in inputs if (detail := cleaned_differ(clean_checker, html))]
    assert different == []


#: Short labels whose text is split across elements, with and without whitespace between the
#: pieces: the verdict reads the live text joined, then its whitespace collapsed (live_text).
SPLIT_LABELS = (
    "<span>Adver</span>tisement", "Load<b>ing</b>...", "<i>Wer</i>bung", "<b>Ad</b> <i>vertisement</i>",
    "Adver<!-- c -->tisement", "<span> Ad </span>\n", "\u00a0<b>Loading</b>\u2026", "Ad<br>vert",
    "<span>Adv</span><script>x</script>ertisement",
)  # fmt: skip


def split_label_pages() -> list[str]:
    """Pages of short labelled blocks (each label in a div, a list and a table) between prose."""
    prose = "<p>" + "A sentence of prose, with commas, and more words, to keep it, as prose. " * 4 + "</p>"
    pages = []
    for label in SPLIT_LABELS:
        blocks = f"<div>{label}</div><ul><li>{label}</li></ul><table><tr><td>{label}</td></tr></table>"
        pages.append("<body><article>" + prose + blocks + prose + "</article>")
    return pages


@needs_toolchain
def test_c_pass_reads_labels_split_across_elements(clean_checker: Extractor) -> None:
    different = [detail for html in split_label_pages() if (detail := cleaned_differ(clean_checker, html))]
    assert different == []


def test_split_labels_are_read_whole() -> None:
    """The labels above make the Python rule remove blocks only their joined text names (so the
    comparison above fails when the C verdict joins the pieces otherwise)."""
    from riptide.engine.article_rules import ALL_FLAGS
    from riptide.engine.dom import parse

    removed = []
    for html in split_label_pages():
        body = parse(html).body
        article = body.find("article")
        assert article is not None
        cleaned, _figures = cleaning.clean_article([(article, False)], set(), ALL_FLAGS)
        removed.append(cleaned.find("ul") is None)
    assert removed[:3] == [True, True, True] and not all(removed), removed


@needs_toolchain
def test_clean_check_sees_a_difference(clean_checker: Extractor) -> None:
    """The check can fail: one element more removed on the Python side is reported."""
    detail = cleaned_differ(clean_checker, CLEAN_SKEW_MARKER + "<div><p>a, b</p><p>c</p></div>")
    assert detail is not None and "internal-error" in detail


def test_fishy_soup_removes_and_keeps() -> None:
    """The soup makes the pass remove nested targets (so settle carries shares up) and keep
    some (so kept vectors are read): else the comparison above could not fail there."""
    from riptide.engine.article_rules import ALL_FLAGS
    from riptide.engine.dom import parse

    removed = kept = carried = 0
    for seed in range(100):
        body = parse(fishy_soup(seed)).body
        parts = [(child, False) for child in body.children]
        content = cleaning._Content(cleaning.Element("div"), set(), ALL_FLAGS)
        for node, _rename in parts:
            if type(node) is not str:
                copy, _share = cleaning._copy_part(content, node)
                copy.parent = content.root
                content.root.children.append(copy)
        content.measure_root([0.0] * cleaning._WIDTH)
        targets = [node for nodes in content.targets.values() for node in nodes]
        cleaning._clean_content(content, ALL_FLAGS)
        removed += sum(node in content.gone for node in targets)
        kept += sum(node not in content.gone for node in targets)
        carried += sum(1 for node in targets if node in content.gone and node.parent in content.gone)
    assert removed and kept and carried, (removed, kept, carried)


def test_fishy_soup_reaches_the_tidy_hooks(monkeypatch: pytest.MonkeyPatch) -> None:
    """The soup reaches each step the C tidy hands back to Python or restates (repeats_a_block),
    and changes the tree there."""
    from riptide.engine.article_rules import ALL_FLAGS
    from riptide.engine.dom import parse

    changed = {"table": 0, "block": 0, "repeat": 0, "breaks": 0}

    def counted(name, step, replaces):  # type: ignore[no-untyped-def]
        def run(*args):  # type: ignore[no-untyped-def]
            answer = step(*args)
            changed[name] += answer is not args[0] if replaces else bool(answer)
            return answer

        return run

    monkeypatch.setattr(cleaning, "_unwrapped_table", counted("table", cleaning._unwrapped_table, True))
    monkeypatch.setattr(cleaning, "_tidied_block", counted("block", cleaning._tidied_block, True))
    monkeypatch.setattr(
        cleaning,
        "_drop_breaks_before_paragraphs",
        counted("breaks", cleaning._drop_breaks_before_paragraphs, False),
    )
    monkeypatch.setattr(
        cleaning._Content, "repeats_a_block", counted("repeat", cleaning._Content.repeats_a_block, False)
    )
    for seed in range(100):
        body = parse(fishy_soup(seed)).body
        cleaning.clean_article([(child, False) for child in body.children], set(), ALL_FLAGS)
    assert all(changed.values()), changed
