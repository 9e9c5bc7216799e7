"""Language detection and declared-tag normalisation (riptide.engine.language).

The accuracy test runs on hand-written sample sentences (news, recipes, product pages, forum
posts) in tests/fixtures/language/samples.json; run with ``-s`` to see the per-language table.
"""

from __future__ import annotations

import json
import random
import time
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from riptide.engine.language import (
    _NOT_PLAIN_RE,
    _PLAIN_RANGES,
    _PLAIN_TOKEN_RE,
    _SCRIPT_MODELS,
    _TOKEN_RE,
    SAMPLE_CHARS,
    SAMPLE_CHUNKS,
    _any_script_language,
    _dominant_script,
    _group_by_script,
    _latin_figures_python,
    _latin_language,
    _letter_scores,
    _python_words,
    _sample,
    _script_of,
    detect_language,
    normalize_language_tag,
)

SAMPLES_PATH = Path(__file__).parent.parent / "fixtures" / "language" / "samples.json"
MIN_OVERALL_ACCURACY = 0.95
MIN_LANGUAGE_ACCURACY = 0.75
#: The most used languages of the web, which the detector must cover.
REQUIRED_LANGUAGES = """en ru es de ja fr pt it tr fa nl pl zh vi id ar ko cs uk he sv el ro hu th da fi
sk bg nb hr sr lt sl ca hi ms et lv bn"""


def _load_samples() -> dict[str, list[str]]:
    with SAMPLES_PATH.open(encoding="utf-8") as file:
        samples: dict[str, list[str]] = json.load(file)
    return samples


def test_samples_cover_the_30_most_used_web_languages_with_several_texts_each() -> None:
    required = REQUIRED_LANGUAGES.split()
    samples = _load_samples()
    assert not [code for code in required if code not in samples]
    assert all(len(texts) >= 4 for texts in samples.values())


def test_detection_accuracy_on_samples_overall_and_per_language() -> None:
    samples = _load_samples()
    per_language: dict[str, tuple[int, int]] = {}
    misses: list[str] = []
    for expected, texts in samples.items():
        correct = 0
        for text in texts:
            detected = detect_language(text)
            correct += detected == expected
            if detected != expected:
                misses.append(f"  {expected} -> {detected}: {text[:70]}")
        per_language[expected] = (correct, len(texts))

    total_correct = sum(correct for correct, _ in per_language.values())
    total = sum(count for _, count in per_language.values())
    print(f"\nlanguage accuracy over {total} samples: {total_correct / total:.3f}")
    for code, (correct, count) in sorted(per_language.items()):
        print(f"  {code:3} {correct}/{count}  {correct / count:.2f}")
    print("misses:\n" + "\n".join(misses) if misses else "misses: none")

    assert total_correct / total >= MIN_OVERALL_ACCURACY
    weakest = {code: c / n for code, (c, n) in per_language.items() if c / n < MIN_LANGUAGE_ACCURACY}
    assert not weakest


@pytest.mark.parametrize("text", ["", "   ", "Hello", "Bonjour à tous", "Привет, мир", "你好"])
def test_too_short_text_is_none(text: str) -> None:
    assert detect_language(text) is None


def test_mostly_english_text_with_a_chinese_name_is_english() -> None:
    text = (
        "Yesterday the founder of the company, 王小明, announced a new partnership with several "
        "European retailers that will bring the product to stores next spring."
    )
    assert detect_language(text) == "en"


def test_chinese_text_with_english_brand_names_is_chinese() -> None:
    text = "苹果公司今天发布了新款 iPhone 和 MacBook Pro，售价比去年略有上涨，预计下周正式开售。"
    assert detect_language(text) == "zh"


def test_japanese_is_told_from_chinese_by_its_kana() -> None:
    assert detect_language("東京都は来年度の予算案を発表し、子育て支援を大幅に拡充する方針を示した。") == "ja"
    assert detect_language("東京都政府宣布了明年的預算案，並表示將大幅擴大育兒支援的力度。") == "zh"


def test_numbers_only_text_is_none() -> None:
    assert detect_language("2024-01-15 12:30:45 +01:00 | 3.14159 2.71828 1,234,567.89 (555) 010-9999") is None


def test_urls_and_email_addresses_only_are_none() -> None:
    text = (
        "https://example.com/news/world/article-about-something-interesting?id=42 "
        "www.example.org/about/contact-information mailto:someone.important@example.com"
    )
    assert detect_language(text) is None


def test_source_code_is_none() -> None:
    code = """
    function updateCart(items) {
        const total = items.reduce((sum, item) => sum + item.price * item.quantity, 0);
        document.querySelector("#cart-total").textContent = total.toFixed(2);
        return { total: total, count: items.length };
    }
    """
    assert detect_language(code) is None


def test_lorem_ipsum_placeholder_is_none_not_italian() -> None:
    text = (
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt "
        "ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation."
    )
    assert detect_language(text) is None


def test_decomposed_accents_are_read_like_composed_ones() -> None:
    text = "Les élèves ont préparé une fête très réussie pour la fin de l'année scolaire à Besançon."
    assert detect_language(unicodedata.normalize("NFD", text)) == "fr"


def _plain_soups(seed: int, count: int) -> list[str]:
    """Seeded text over every character of the plain ranges, with runs of letters, digits,
    underscores and typographic punctuation, so each class boundary is crossed both ways."""
    rng = random.Random(seed)
    plain = [chr(code) for first, last in _PLAIN_RANGES for code in range(first, last + 1)]
    pieces = ["word", "Über", "élan", "x86", "abc123", "1st", "a_b", "²³", "ℓ", "Ⅻ", "’s", "—", " ", "\n"]

    def piece() -> str:
        return rng.choice(plain) if rng.random() < 0.4 else rng.choice(pieces)

    return ["".join(piece() for _ in range(rng.randrange(1, 300))) for _ in range(count)]


@pytest.mark.parametrize("seed", range(3))
def test_plain_text_tokens_are_those_of_the_unicode_pattern(seed: int) -> None:
    """_PLAIN_TOKEN_RE stands in for _TOKEN_RE on text of the plain ranges: the same tokens."""
    texts = [text.lower() for text in _plain_soups(seed, 400)]
    texts += [text.lower() for texts_of in _load_samples().values() for text in texts_of]
    plain = [text for text in texts if not _NOT_PLAIN_RE.search(text)]
    assert len(plain) > 300  # most soups and Latin-script samples take the plain path
    assert [_PLAIN_TOKEN_RE.findall(text) for text in plain] == [_TOKEN_RE.findall(text) for text in plain]


@pytest.mark.parametrize("seed", range(3))
def test_grouping_by_script_is_the_per_word_grouping(seed: int) -> None:
    """_group_by_script's shortcut (all words Latin when the greatest one starts at or below
    U+024F) groups as the per-word rule does: Latin-only text, mixed scripts, words opening with
    a letter-like symbol ("ℓ", no script), no words."""
    texts = [text.lower() for text in _plain_soups(seed, 200)]
    texts += [text.lower() for texts_of in _load_samples().values() for text in texts_of]
    texts += ["", "word ℓ", "ℓ", "привет word", "word 漢字 かな"]
    shortcut = 0
    for text in texts:
        counts = Counter(_TOKEN_RE.findall(text))
        expected: dict[str, dict[str, int]] = {}
        for word, count in counts.items():
            script = "Latn" if word[0] <= "\u024f" else _script_of(word[0])
            if script is not None:
                expected.setdefault(script, {})[word] = count
        grouped = _group_by_script(counts)
        assert grouped == expected, text[:60]
        assert [list(words.items()) for words in grouped.values()] == [
            list(words.items()) for words in expected.values()
        ], text[:60]  # and in the same order: scores add word by word
        shortcut += grouped.get("Latn") is counts
    assert shortcut > 100


def test_letter_scores_are_the_per_letter_sums() -> None:
    """_letter_scores counts only the letters outside the core one by one: the same floats as
    summing every letter's count in first-occurrence order."""
    checked = 0
    for texts in _load_samples().values():
        for text in texts:
            words = Counter(_TOKEN_RE.findall(text.lower()))
            for script in ("Latn", "Cyrl"):
                model = _SCRIPT_MODELS[script]
                counts = Counter("".join(word * count for word, count in words.items()))
                scores = [0.0] * len(model.profiles)
                for letter, count in counts.items():
                    log_p = model.mark_log_p.get(letter)
                    if letter not in model.core and log_p is not None:
                        scores = [s + count * p for s, p in zip(scores, log_p, strict=True)]
                core = sum(count for letter, count in counts.items() if letter in model.core)
                expected = [s + core * p for s, p in zip(scores, model.core_log_p, strict=True)]
                assert _letter_scores(model, dict(words)) == expected, (script, text[:60])
                checked += 1
    assert checked > 100


def test_huge_text_costs_no_more_than_a_sample() -> None:
    paragraph = "Die Stadt plant eine neue Brücke über den Fluss, die im nächsten Jahr fertig sein soll. "
    huge = paragraph * 20_000  # ~1.8 MB
    assert len(_sample(huge)) <= SAMPLE_CHARS + SAMPLE_CHUNKS  # the chunks and their separators
    best = float("inf")
    for _ in range(3):  # best of three in CPU time: a shared machine's pause is not the detector's cost
        started = time.thread_time()
        assert detect_language(huge) == "de"
        best = min(best, time.thread_time() - started)
    assert best < 0.05  # a sample is ~0.5 ms; scanning 1.8 MB is not


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("en_US", "en-US"),
        ("EN-us", "en-US"),
        ("en_US.UTF-8", "en-US"),
        ("de_DE@euro", "de-DE"),
        ("en, fr", "en"),
        ("de-DE-1996", "de-DE-1996"),
        ("de-ere", "de"),
        ("EN", "en"),
        ("zh-hant-tw", "zh-Hant-TW"),
        ("pt_br", "pt-BR"),
        ("en-us,en", "en-US"),
        ("en-US;q=0.9, en;q=0.8", "en-US"),
        ("english", "en"),
        ("English (US)", "en"),
        ("Deutsch", "de"),
        ("fre", "fr"),
        ("iw", "he"),
        ("sr-latn-rs", "sr-Latn-RS"),
        ("es-419", "es-419"),
        ("en-US-x-twain", "en-US-x-twain"),
        ("no", "no"),
        ("", None),
        ("   ", None),
        ("x", None),
        ("und", None),
        ("xx", None),
        ("english!", None),
        ("*", None),
        ("12", None),
        ("hello world", None),
        ("not a language", None),
    ],
)
def test_declared_language_is_normalised_to_bcp47_or_none(raw: str, expected: str | None) -> None:
    assert normalize_language_tag(raw) == expected


def test_a_plain_samples_latin_words_answer_as_every_scripts_words_do() -> None:
    """``detect_language`` decides a plain sample by its Latin words alone (in C inside the
    component): they are the dominant script's words of the path for any sample (the words of
    no script, such as "ℂ", left out), and the answer is that path's, on every plain sample text
    and on texts with letter-like symbols, digits and code in them."""
    texts = [text for texts in _load_samples().values() for text in texts]
    texts += [
        "\u2102 \u2115 \u2071 words of the page \u207f and \u2160 more words here, all in English",
        "for (i = 0; i < n; i++) { total += values[i]; } return total;",
        "x86 snake_case word7 7word über straße ÆON",
        "",
    ]
    plain = 0
    for text in texts:
        sample = _sample(text)
        lowered = sample.replace("İ", "i").lower()
        figures = _latin_figures_python(lowered)
        if figures is None:
            continue
        plain += 1
        script, letters = _dominant_script(_group_by_script(_python_words(lowered)))
        assert (script or "Latn", letters) == ("Latn", figures[1]), text[:80]  # ℂ, ⁿ, Ⅰ: no script
        assert _latin_language(sample, figures) == _any_script_language(sample, lowered), text[:80]
    assert plain >= 50
