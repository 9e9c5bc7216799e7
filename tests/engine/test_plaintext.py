"""Plain-text rendering, word counts and reading time."""

from __future__ import annotations

from riptide.engine.dom import parse
from riptide.engine.plaintext import count_words, reading_time_minutes, render_text


def text(html: str) -> str:
    return render_text(parse(html).body)


def test_blocks_are_separated_by_one_blank_line() -> None:
    assert text("<h1>Title</h1><p>One.</p><div><p>Two.</p></div>") == "Title\n\nOne.\n\nTwo."


def test_inline_markup_leaves_no_trace() -> None:
    html = '<p>A <b>bold</b>, <a href="/x">linked</a> and <code>x_y*</code> word.</p>'
    assert text(html) == "A bold, linked and x_y* word."


def test_whitespace_is_collapsed_and_entities_decoded() -> None:
    assert text("<p>  fish &amp;\n\n chips&nbsp;&nbsp;&lt;3  </p>") == "fish & chips <3"


def test_adjacent_inline_elements_do_not_gain_spaces() -> None:
    assert text("<p>un<em>believ</em>able <b>x</b>!</p>") == "unbelievable x!"


def test_list_items_one_per_line_without_markers() -> None:
    assert text("<p>Intro</p><ul><li>one</li><li>two<ol><li>nested</li></ol></li></ul><p>End</p>") == (
        "Intro\n\none\ntwo\nnested\n\nEnd"
    )


def test_paragraphs_inside_list_items_stay_on_single_lines() -> None:
    assert text("<ul><li><p>first</p><p>more</p></li><li><p>second</p></li></ul>") == "first\nmore\nsecond"


def test_table_rows_one_per_line_with_tab_separated_cells() -> None:
    html = "<table><tr><th>Name</th><th>Age</th></tr><tr><td>Ann <b>B</b></td><td>30</td></tr></table>"
    assert text(html) == "Name\tAge\nAnn B\t30"


def test_layout_table_cells_become_blocks() -> None:
    assert text("<table><tr><td><p>Only</p></td></tr><tr><td>column</td></tr></table>") == "Only\n\ncolumn"


def test_pre_keeps_its_lines() -> None:
    assert (
        text("<p>Code:</p><pre>\nif x:\n    go()\n</pre><p>after</p>") == "Code:\n\nif x:\n    go()\n\nafter"
    )


def test_br_is_a_line_break_and_double_br_a_paragraph_break() -> None:
    assert text("<p>a<br>b<br><br>c</p>") == "a\nb\n\nc"


def test_skipped_and_hidden_elements_render_nothing() -> None:
    html = "<p>keep</p><script>x()</script><style>p{}</style><button>Go</button><p hidden>no</p>"
    assert text(html) == "keep"


def test_images_contribute_no_text() -> None:
    assert text('<p>A</p><img src="/a.jpg" alt="alt text"><p>B</p>') == "A\n\nB"


def test_definition_list_terms_and_definitions_one_per_line() -> None:
    assert text("<dl><dt>Term</dt><dd>Meaning</dd></dl>") == "Term\nMeaning"


def test_output_has_no_edge_or_trailing_whitespace() -> None:
    out = text("<div>\n  <p> a </p>\n  <ul>\n <li> b </li>\n </ul>\n</div>\n")
    assert out == "a\n\nb"


# -- words and reading time -----------------------------------------------------------------------
def test_latin_words_counted_by_runs_with_joiners() -> None:
    assert count_words("Don't over-think it: 3.14 is π, and 1,000 e-mails.") == 9


def test_cjk_words_counted_per_character() -> None:
    assert count_words("你好世界") == 4
    assert count_words("日本語のテキスト。") == 8


def test_mixed_latin_and_cjk_counts_both() -> None:
    assert count_words("iPhone发布会 in 北京") == 2 + 3 + 2


def test_hangul_counts_by_space_separated_words() -> None:
    assert count_words("한국어 텍스트 입니다") == 3


def test_thai_runs_count_by_approximate_word_length() -> None:
    assert count_words("ภาษาไทย") == 1  # 7 code points / 5 per word, rounded
    assert count_words("สวัสดีครับ ยินดีต้อนรับ") == 2 + 2


def test_reading_time_latin_at_230_words_per_minute() -> None:
    words = " ".join(["word"] * 1150)
    assert reading_time_minutes(count_words(words), words) == 5


def test_reading_time_cjk_at_500_characters_per_minute() -> None:
    chars = "字" * 2000
    assert reading_time_minutes(count_words(chars), chars) == 4


def test_reading_time_is_at_least_one_minute_when_there_are_words() -> None:
    assert reading_time_minutes(3, "a few words") == 1
    assert reading_time_minutes(0, "") == 0


def test_figure_caption_is_left_out_of_the_text() -> None:
    figure = '<figure><img src="a.jpg"><figcaption>Photo: A. Person</figcaption></figure>'
    html = f"<p>Before.</p>{figure}<p>After.</p>"
    assert text(html) == "Before.\n\nAfter."


def test_ruby_annotations_are_left_out_of_the_text() -> None:
    assert text("<p><ruby>漢<rp>(</rp><rt>かん</rt><rp>)</rp></ruby>字です。</p>") == "漢字です。"


def test_soft_hyphens_are_left_out_of_text_and_markdown() -> None:
    from riptide.engine.markdown import render_markdown

    html = "<p>Schon im Mit&shy;tel&shy;al&shy;ter war der Wein be\u00adrühmt.</p>"
    assert text(html) == "Schon im Mittelalter war der Wein berühmt."
    assert (
        render_markdown(parse(html).body, "https://example.org/")
        == "Schon im Mittelalter war der Wein berühmt."
    )
