"""Offline language identification of extracted text, and normalisation of declared tags.

Why our own: the engine is stdlib-only and runs inside the WebAssembly guest, so there is no model
file to load and every bytecode counts. The detector is a pipeline of named steps:

    sample → strip URLs/e-mails → reject code → tokenise → dominant script
           → (script decides alone) | (Han/Kana ratio: zh/ja) | (score the script's profiles)

Scoring is naive Bayes over two hand-written features (see ``language_profiles``): frequent words,
with a Zipf probability from their rank, and the letters outside the script core (diacritics,
language-specific Cyrillic/Arabic letters). Only words a language knows add to its score, so the
cost is one dict lookup per distinct word, whatever the number of languages.

Guarantees:
- At most ``SAMPLE_CHARS`` characters are examined (spread over the text): O(1) in page size.
- Returns an ISO 639-1 code, or ``None`` when the text has fewer than ``MIN_LETTERS`` letters,
  looks like code, or no language knows enough of its words.
- Latin is recognised but reported as ``None``: on the web it is lorem-ipsum placeholder text.
- Norwegian is reported as ``"nb"`` (Bokmål, the written standard of nearly all web text), and
  Serbian as ``"sr"`` in both its Cyrillic and Latin spellings.
"""

from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from operator import mul
from typing import NamedTuple

from .language_profiles import (
    ALPHA3_TO_ALPHA2,
    CORE_LETTERS,
    DEPRECATED_CODES,
    LANGUAGE_NAMES,
    PROFILES,
    SCRIPT_RANGES,
    SINGLE_LANGUAGE_SCRIPTS,
    LanguageProfile,
)

#: Characters examined at most, taken as ``SAMPLE_CHUNKS`` slices spread over the text.
SAMPLE_CHARS = 3000
SAMPLE_CHUNKS = 3
#: Below this many letters of the dominant script there is too little evidence.
MIN_LETTERS = 20
#: A Han/Kana/Hangul character carries about as much as a short word: count it this many times.
CJK_LETTER_WEIGHT = 2
CJK_SCRIPTS = frozenset({"Hani", "Kana", "Hang"})
#: Japanese mixes kana into Han text; Chinese has none. This share of kana means Japanese.
KANA_SHARE_FOR_JAPANESE = 0.1
#: Code-like symbols per letter above which the text is code or markup, not prose.
MAX_CODE_SYMBOL_RATIO = 0.15
#: The best language must know at least this share of the words, or nobody is confident...
MIN_KNOWN_WORD_SHARE = 0.1
#: ... unless its letters alone beat every other language by this many nats (weighted): an
#: inflecting language (fi, tr, lt) may use few listed words but its diacritics give it away.
MIN_LETTER_MARGIN = 5.0
#: Zipf model of word frequency: P(word of rank r) = ZIPF_TOP_SHARE / (r + ZIPF_RANK_OFFSET).
ZIPF_TOP_SHARE = 0.06
ZIPF_RANK_OFFSET = 2
#: Inflected forms: a word not listed scores by its first STEM_LENGTH letters, if a listed word
#: of at least that length starts with them, at this fraction of the listed word's bonus.
STEM_LENGTH = 5
STEM_BONUS_FACTOR = 0.5
#: Probability of a word a profile does not list; each known word scores log(P / this).
UNKNOWN_WORD_P = 5e-5
#: Probability of a letter outside a language's alphabet (a foreign name, a typo).
FOREIGN_LETTER_P = 1e-4
#: Weight of the letter evidence against the word evidence (letters are not independent).
LETTER_WEIGHT = 0.5

#: Languages recognised only to be told apart from real ones, then reported as ``None``: Latin on
#: a web page is almost always lorem-ipsum placeholder text, which would otherwise pass for Italian.
PLACEHOLDER_LANGUAGES = frozenset({"la"})

#: URLs and e-mail addresses: their letters are not prose in any language. Anchored at word
#: starts so the engine does not retry inside every word.
_URL_OR_EMAIL_RE = re.compile(r"(?<!\S)(?:\S*@\S+|\S*://\S*|www\.\S*)", re.I)
_URL_OR_EMAIL_MARKERS = ("@", "://", "www.")
#: Punctuation that is frequent in code and rare in prose (not "|", "/" or ">": menus and
#: breadcrumbs use them).
_CODE_SYMBOL_RE = re.compile(r"[{}\[\]();=*&^~`_#$\\]")
_CJK_CHARS = r"\u3005-\u3007\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
#: Combining marks that belong inside words (Indic vowel signs, Arabic/Hebrew points, ...),
#: which ``\w`` does not match. Devanagari dandas (U+0964/5) end sentences, so they are excluded.
_WORD_MARKS = (
    r"\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
    r"\u0900-\u0963\u0966-\u0dff\u0e00-\u0eff\u1000-\u109f\u17b4-\u17d3"
)
#: Words: a run of letters (with their marks), a kana run or a Han run, so every token is in one
#: script. A letter run glued to a preceding word character or a following digit is not a word
#: (hashes, ids, "x86"); possessive so such a run is skipped whole, never shortened.
_TOKEN_RE = re.compile(
    rf"(?<!\w)(?:[^\W\d_{_CJK_CHARS}]+|[{_WORD_MARKS}]+)++(?!\d)"
    r"|[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]+"
    r"|[\u3005-\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+"
)
#: Primary subtags that name no particular language (undetermined, multiple, none, uncoded).
NO_LANGUAGE_CODES = frozenset({"und", "mul", "zxx", "mis", "xx"})
#: Separators between the tags of a list ("en-us,en", "en-US;q=0.9"): only the first counts.
_TAG_LIST_SEPARATOR_RE = re.compile(r"\s*[,;]")
#: A POSIX locale's encoding and modifier ("en_US.UTF-8", "de_DE@euro"): not part of the tag.
_POSIX_SUFFIX_RE = re.compile(r"[.@].*")
#: Parenthesised qualifiers of a language name: "English (US)".
_PARENTHESES_RE = re.compile(r"\s*\(.*?\)\s*")
#: A BCP-47 subtag: 1-8 ASCII letters or digits.
_SUBTAG_RE = re.compile(r"[a-z0-9]{1,8}\Z")
#: BCP-47 subtags after the language, in the order they may come: script, region, variants.
_SCRIPT_SUBTAG_RE = re.compile(r"[a-z]{4}\Z")
_REGION_SUBTAG_RE = re.compile(r"(?:[a-z]{2}|\d{3})\Z")
_VARIANT_SUBTAG_RE = re.compile(r"(?:[a-z0-9]{5,8}|\d[a-z0-9]{3})\Z")
#: Letters up to here are Latin (a word never starts with the digits or symbols below it).
LATIN_MAX_CHAR = "\u024f"
_SCRIPT_STARTS = [first for first, _, _ in SCRIPT_RANGES]


#: The characters most text is written in: Latin (up to ``LATIN_MAX_CHAR``) and the general
#: punctuation, currency, letter-like, number-form and arrow blocks (quotes, dashes, "…", "€",
#: "→"), none of them a word mark or CJK character.
_PLAIN_RANGES = ((0x0000, ord(LATIN_MAX_CHAR)), (0x2000, 0x21FF))


def _ranges_text(ranges: Iterable[Sequence[int]]) -> str:
    """The inside of a regex character class holding these (first, last) code point ranges."""
    return "".join(f"\\u{first:04x}-\\u{last:04x}" for first, last in ranges)


#: A character outside ``_PLAIN_RANGES``.
_NOT_PLAIN_RE = re.compile(f"[^{_ranges_text(_PLAIN_RANGES)}]")


def _plain_codes() -> Iterator[int]:
    """The code points of ``_PLAIN_RANGES``, in order."""
    for first, last in _PLAIN_RANGES:
        yield from range(first, last + 1)


_WORD_CHAR_RE = re.compile(r"\w")
_DIGIT_RE = re.compile(r"\d")


def _plain_members(member: re.Pattern[str]) -> list[bool]:
    """Per character of ``_PLAIN_RANGES`` in order, whether ``member`` matches it on its own:
    what the regex engine answers, not a restatement of it."""
    return [bool(member.fullmatch(chr(code))) for code in _plain_codes()]


def _class_of(member: re.Pattern[str]) -> str:
    """The inside of a character class of each character of ``_PLAIN_RANGES`` that ``member``
    matches on its own."""
    ranges: list[list[int]] = []
    for code, matches in zip(_plain_codes(), _plain_members(member), strict=True):
        if not matches:
            continue
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return _ranges_text(ranges)


#: ``_TOKEN_RE`` for a sample of ``_PLAIN_RANGES`` characters only: its word-character, letter
#: and digit classes spelled out over those ranges as the regex engine itself answers them at
#: import (a letter run and a mark run, one class: ``(?:[L]+|[M]+)++`` is ``[LM]++``), so that
#: its tokens are ``_TOKEN_RE``'s by construction. Why: the engine tests a spelled-out class by
#: table, and ``_TOKEN_RE``'s Unicode categories by a database look-up per character; inside the
#: component that was 40-67% of the detector's instructions on a page declaring no language.
_PLAIN_TOKEN_RE = re.compile(
    f"(?<![{_class_of(_WORD_CHAR_RE)}])[{_class_of(_TOKEN_RE)}]++(?![{_class_of(_DIGIT_RE)}])"
)


def _plain_classes() -> bytes:
    """Per character of ``_PLAIN_RANGES``, the classes ``_langscan`` reads (csrc/langscan/):
    bit 1 a word character and bit 2 a token character of ``_PLAIN_TOKEN_RE``, bit 4 a digit,
    bit 8 a ``_CODE_SYMBOL_RE`` symbol; each as the regex engine answers it."""
    members = zip(
        _plain_members(_WORD_CHAR_RE),
        _plain_members(_TOKEN_RE),
        _plain_members(_DIGIT_RE),
        _plain_members(_CODE_SYMBOL_RE),
        strict=True,
    )
    return bytes(word | token << 1 | digit << 2 | symbol << 3 for word, token, digit, symbol in members)


try:  # the sample's words and code symbols counted in C (csrc/langscan/): in the component only
    from . import _langscan  # type: ignore[attr-defined]
except ImportError:
    _langscan = None
if _langscan is not None:  # at import, which the component runs when it is built
    _langscan.configure(_PLAIN_RANGES, _plain_classes())


#: Per word, the (language position in its script model, bonus) pairs of the languages listing it.
_WordScores = tuple[tuple[int, float], ...]


class _ScriptModel(NamedTuple):
    """Everything needed to score the profiles that share one script; built once at import."""

    profiles: tuple[LanguageProfile, ...]
    words: dict[str, _WordScores]  # bonus = log(P(word | language) / UNKNOWN_WORD_P)
    stems: dict[str, _WordScores]  # first STEM_LENGTH letters -> scaled-down bonus
    core: frozenset[str]
    core_log_p: tuple[float, ...]  # per language: log P(a core letter)
    mark_log_p: dict[str, tuple[float, ...]]  # letter -> per language log P(letter)


def _word_bonus(rank: int) -> float:
    """The Zipf log-likelihood ratio of the rank-th most frequent word against an unknown word."""
    return math.log(ZIPF_TOP_SHARE / (rank + ZIPF_RANK_OFFSET) / UNKNOWN_WORD_P)


def _build_word_index(profiles: list[LanguageProfile]) -> dict[str, _WordScores]:
    """word -> the languages that list it, so scoring costs one lookup per distinct word."""
    index: dict[str, list[tuple[int, float]]] = {}
    for position, profile in enumerate(profiles):
        seen: set[str] = set()
        for word in profile.words.split():
            if word not in seen:
                index.setdefault(word, []).append((position, _word_bonus(len(seen))))
                seen.add(word)
    return {word: tuple(scores) for word, scores in index.items()}


def _build_stem_index(words: dict[str, _WordScores]) -> dict[str, _WordScores]:
    """stem -> per language the best bonus of its listed words with that stem, scaled down."""
    best: dict[str, dict[int, float]] = {}
    for word, scores in words.items():
        if len(word) >= STEM_LENGTH:
            per_language = best.setdefault(word[:STEM_LENGTH], {})
            for position, bonus in scores:
                per_language[position] = max(per_language.get(position, 0.0), bonus)
    return {
        stem: tuple((position, bonus * STEM_BONUS_FACTOR) for position, bonus in scores.items())
        for stem, scores in best.items()
    }


def _parse_marks(marks: str) -> dict[str, float]:
    """Parse ``"é:1.9 è:0.27"`` into ``{"é": 0.019, "è": 0.0027}``."""
    parsed: dict[str, float] = {}
    for pair in marks.split():
        letter, _, percent = pair.partition(":")
        parsed[letter] = float(percent) / 100
    return parsed


def _build_script_model(script: str, profiles: list[LanguageProfile]) -> _ScriptModel:
    """Index the words and precompute per-letter log-probabilities of one script's profiles."""
    marks = [_parse_marks(profile.marks) for profile in profiles]
    all_letters = sorted({letter for shares in marks for letter in shares})
    foreign = math.log(FOREIGN_LETTER_P)
    words = _build_word_index(profiles)
    return _ScriptModel(
        profiles=tuple(profiles),
        words=words,
        stems=_build_stem_index(words),
        core=CORE_LETTERS.get(script, frozenset()),
        core_log_p=tuple(math.log(max(1.0 - sum(shares.values()), 0.05)) for shares in marks),
        mark_log_p={
            letter: tuple(math.log(shares[letter]) if letter in shares else foreign for shares in marks)
            for letter in all_letters
        },
    )


def _build_script_models(profiles: tuple[LanguageProfile, ...]) -> dict[str, _ScriptModel]:
    """One model per script that several covered languages write."""
    by_script: dict[str, list[LanguageProfile]] = {}
    for profile in profiles:
        by_script.setdefault(profile.script, []).append(profile)
    return {script: _build_script_model(script, members) for script, members in by_script.items()}


_SCRIPT_MODELS = _build_script_models(PROFILES)


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of the language ``text`` is written in, or ``None`` if unsure.

    Cost is bounded by ``SAMPLE_CHARS`` whatever the length of ``text``. See the module docstring
    for what ``None`` means and for the Norwegian/Serbian conventions.
    """
    sample = _sample(text)
    if any(marker in sample for marker in _URL_OR_EMAIL_MARKERS):
        sample = _URL_OR_EMAIL_RE.sub(" ", sample)
    if not unicodedata.is_normalized("NFC", sample):
        sample = unicodedata.normalize("NFC", sample)
    lowered = sample.replace("İ", "i").lower()
    # A plain sample's words are Latin or of no script: its Latin words' figures, in C inside the
    # component (scored where the scan finds them, no str per word), decide. Else every script's.
    figures: _LatinFigures | None = None
    if _LATIN_STARTS is not None:
        figures = _langscan.scan_latin(lowered) if _LATIN_IN_C else _latin_figures_python(lowered)
    if figures is not None:
        return _latin_language(sample, figures)
    return _any_script_language(sample, lowered)


def _any_script_language(sample: str, lowered: str) -> str | None:
    """``detect_language``'s answer from the words of every script in ``lowered``, the sample
    lower-cased: the dominant script's language."""
    word_counts, symbols = _words_and_symbols(lowered)
    words_by_script = _group_by_script(word_counts)
    script, letters = _dominant_script(words_by_script)
    if letters < MIN_LETTERS or _looks_like_code(sample, letters, symbols):
        return None
    if script in SINGLE_LANGUAGE_SCRIPTS:
        return SINGLE_LANGUAGE_SCRIPTS[script]
    if script in ("Hani", "Kana"):
        return _chinese_or_japanese(words_by_script)
    if script not in _SCRIPT_MODELS:
        return None
    language = _best_profile(_SCRIPT_MODELS[script], words_by_script[script])
    return None if language in PLACEHOLDER_LANGUAGES else language


#: ``_langscan.scan_latin``'s figures of a plain sample: its code symbols, the letters and the
#: count of its Latin words, and their ``_best_profile`` figures under the Latin model (word
#: scores, known words, the letters' log-likelihood); see ``_latin_figures_python``.
_LatinFigures = tuple[int, int, int, list[float], list[int], list[float]]


def _latin_language(sample: str, figures: _LatinFigures) -> str | None:
    """``detect_language``'s answer for a plain sample from its Latin figures: what the path for
    any sample answers, since a plain sample's words are Latin or of no script (no script range
    meets the plain ranges above ``LATIN_MAX_CHAR``: ``_latin_starts``)."""
    symbols, letters, word_total, scores, known, letter_log_p = figures
    if letters < MIN_LETTERS or _looks_like_code(sample, letters, symbols):
        return None
    language = _chosen_profile(_LATIN, scores, known, letter_log_p, word_total)
    return None if language in PLACEHOLDER_LANGUAGES else language


def _latin_figures_python(lowered: str) -> _LatinFigures | None:
    """None for a sample that is not plain, else the figures of its "Latn" group: the native
    path, and the statement of ``_langscan.scan_latin``."""
    if _NOT_PLAIN_RE.search(lowered):
        return None
    words = _group_by_script(Counter(_PLAIN_TOKEN_RE.findall(lowered))).get("Latn", {})
    model = _LATIN
    scores, known = _word_scores_python(model, words, [profile.prior for profile in model.profiles])
    symbols = len(_CODE_SYMBOL_RE.findall(lowered))
    return (
        symbols,
        _letter_count(words),
        sum(words.values()),
        scores,
        known,
        _letter_scores_python(model, words),
    )


def _words_and_symbols(lowered: str) -> tuple[dict[str, int], int | None]:
    """The words of ``lowered`` (the lower-cased sample) with their counts in first-occurrence
    order, and its code symbols when they were counted on the way (else None).

    Inside the component a plain sample is scanned once in C (``_langscan.scan``: the same
    tokens, counts and order, and the symbol count, without a str per token); this is its
    statement."""
    if _langscan is not None:
        scanned: tuple[dict[str, int], int] | None = _langscan.scan(lowered)
        if scanned is not None:
            return scanned
    return _python_words(lowered), None


def _python_words(lowered: str) -> dict[str, int]:
    """``_words_and_symbols``'s words, by regex: the tokens of a plain sample by the spelled-out
    classes, else by the full pattern."""
    return Counter((_TOKEN_RE if _NOT_PLAIN_RE.search(lowered) else _PLAIN_TOKEN_RE).findall(lowered))


def _sample(text: str) -> str:
    """The whole text if short, else ``SAMPLE_CHUNKS`` word-aligned slices spread over it."""
    if len(text) <= SAMPLE_CHARS:
        return text
    size = SAMPLE_CHARS // SAMPLE_CHUNKS
    step = (len(text) - size) // (SAMPLE_CHUNKS - 1)
    return "\n".join(_trim_partial_words(text[i * step : i * step + size]) for i in range(SAMPLE_CHUNKS))


def _trim_partial_words(chunk: str) -> str:
    """Drop the cut words at both ends of a slice (unless the text has no spaces, like CJK)."""
    head = chunk.find(" ", 0, 40)
    tail = chunk.rfind(" ", len(chunk) - 40)
    return chunk[head + 1 if head >= 0 else 0 : tail if tail >= 0 else len(chunk)]


def _script_of(char: str) -> str | None:
    """The script of a letter, from the block table; ``None`` outside the covered blocks."""
    code = ord(char)
    at = bisect_right(_SCRIPT_STARTS, code) - 1
    if at >= 0 and code <= SCRIPT_RANGES[at][1]:
        return SCRIPT_RANGES[at][2]
    return None


def _latin_starts() -> bytes | None:
    """Per character of ``_PLAIN_RANGES``, 1 when a word it starts is in ``_group_by_script``'s
    "Latn" group, else 0 (no script: the word is left out); None when a plain character starts
    a word of another script, which ``_langscan.scan_latin`` does not score."""
    starts = []
    for code in _plain_codes():
        script = "Latn" if chr(code) <= LATIN_MAX_CHAR else _script_of(chr(code))
        if script not in ("Latn", None):
            return None
        starts.append(script == "Latn")
    return bytes(starts)


#: ``_latin_starts()``: None when plain samples are not scored by their Latin words alone.
_LATIN_STARTS = _latin_starts()
#: The model a plain sample's Latin words are scored with.
_LATIN = _SCRIPT_MODELS["Latn"]
#: Whether ``detect_language`` scores a plain sample's Latin words in C (``_langscan.scan_latin``).
_LATIN_IN_C = False
if _langscan is not None and _LATIN_STARTS is not None:  # at import, which the component runs when built
    _langscan.configure_latin(
        _LATIN.words,
        _LATIN.stems,
        STEM_LENGTH,
        [profile.prior for profile in _LATIN.profiles],
        _LATIN.core,
        _LATIN.mark_log_p,
        _LATIN.core_log_p,
        _LATIN_STARTS,
    )
    _LATIN_IN_C = True


def _group_by_script(word_counts: dict[str, int]) -> dict[str, dict[str, int]]:
    """Distinct words and their counts, grouped by the script of their first letter."""
    if word_counts and max(word_counts)[0] <= LATIN_MAX_CHAR:
        # The greatest word starts with the greatest first letter: all are Latin (most pages),
        # found in C rather than by a bytecode loop over the words.
        return {"Latn": word_counts}
    groups: dict[str, dict[str, int]] = {}
    for word, count in word_counts.items():
        script = "Latn" if word[0] <= LATIN_MAX_CHAR else _script_of(word[0])
        if script is not None:
            groups.setdefault(script, {})[word] = count
    return groups


def _dominant_script(words_by_script: dict[str, dict[str, int]]) -> tuple[str, int]:
    """The script with the most (weighted) letters, Han and Kana counted together."""
    weights: dict[str, int] = {}
    for script, words in words_by_script.items():
        letters = _letter_count(words)
        if script in CJK_SCRIPTS:
            letters *= CJK_LETTER_WEIGHT
        weights[script] = letters
    if "Hani" in weights and "Kana" in weights:
        merged = weights["Hani"] + weights["Kana"]
        weights["Hani" if weights["Hani"] >= weights["Kana"] else "Kana"] = merged
    if not weights:
        return "", 0
    script = max(weights, key=weights.__getitem__)
    return script, weights[script]


def _letter_count(words: dict[str, int]) -> int:
    """The letters of ``words`` counted with their repeats (the sum runs in C: no bytecode per word)."""
    return sum(map(mul, map(len, words), words.values()))


def _looks_like_code(sample: str, letters: int, symbols: int | None = None) -> bool:
    """Source code and markup are full of brackets and operators; prose has few. ``symbols``
    is the sample's count of them when known (lower-casing changes none of them)."""
    if symbols is None:
        symbols = len(_CODE_SYMBOL_RE.findall(sample))
    return symbols > MAX_CODE_SYMBOL_RATIO * letters


def _chinese_or_japanese(words_by_script: dict[str, dict[str, int]]) -> str:
    """Japanese writes kana between its kanji; Chinese uses none."""
    kana = _letter_count(words_by_script.get("Kana", {}))
    han = _letter_count(words_by_script.get("Hani", {}))
    return "ja" if kana >= KANA_SHARE_FOR_JAPANESE * (kana + han) else "zh"


def _best_profile(model: _ScriptModel, words: dict[str, int]) -> str | None:
    """The profile with the best word + letter score, if it knows enough of the words."""
    priors = [profile.prior for profile in model.profiles]
    if _langscan is not None:  # the same loop in C inside the component (csrc/langscan/)
        scores, known = _langscan.word_scores(words, model.words, model.stems, STEM_LENGTH, priors)
    else:
        scores, known = _word_scores_python(model, words, priors)
    return _chosen_profile(model, scores, known, _letter_scores(model, words), sum(words.values()))


def _chosen_profile(
    model: _ScriptModel, scores: list[float], known: list[int], letter_log_p: list[float], word_total: int
) -> str | None:
    """``_best_profile``'s choice from the figures of the sample's words: each profile's word
    score and known-word count, the letters' log-likelihood and how many words there are."""
    letter_scores = [LETTER_WEIGHT * score for score in letter_log_p]
    totals = [score + letters for score, letters in zip(scores, letter_scores, strict=True)]
    best = totals.index(max(totals))
    if known[best] >= MIN_KNOWN_WORD_SHARE * word_total:
        return model.profiles[best].code
    runner_up = max((score for i, score in enumerate(letter_scores) if i != best), default=-math.inf)
    if letter_scores[best] - runner_up >= MIN_LETTER_MARGIN:
        return model.profiles[best].code
    return None


def _word_scores_python(
    model: _ScriptModel, words: dict[str, int], priors: list[float]
) -> tuple[list[float], list[int]]:
    """Per profile, its prior plus the bonus of each word it lists (or of the word's stem) times
    the word's count, and the count of the words it knows: ``_best_profile``'s word score, whose
    loop ``_langscan.word_scores`` runs in C inside the component (a few bytecodes per listing
    of every distinct word were most of the detector there)."""
    scores = list(priors)
    known = [0] * len(scores)
    stem_of = model.stems.get
    # Each word's entries looked up in C first; the loop adds in word order, as it always did.
    for word, count, entries in zip(words, words.values(), map(model.words.get, words), strict=True):
        if entries is None:
            if len(word) <= STEM_LENGTH:
                continue
            entries = stem_of(word[:STEM_LENGTH])
            if entries is None:
                continue
        for position, bonus in entries:
            scores[position] += bonus * count
            known[position] += count
    return scores, known


def _letter_scores(model: _ScriptModel, words: dict[str, int]) -> list[float]:
    """Per language, the log-likelihood of the letters outside the script core: in C inside the
    component (``_langscan.letter_scores``, the same sums in the same order), else in Python."""
    if _langscan is not None:
        return _langscan.letter_scores(words, model.core, model.mark_log_p, model.core_log_p)  # type: ignore[no-any-return]
    return _letter_scores_python(model, words)


def _letter_scores_python(model: _ScriptModel, words: dict[str, int]) -> list[float]:
    """``_letter_scores``'s statement.

    Only the letters outside the core are counted one by one (most text has few or none), in
    the order they first occur, which is the order the sums were always taken in; the core
    letters are the rest."""
    letters = "".join(map(mul, words, words.values()))
    distinct = "".join(words)
    scores = [0.0] * len(model.profiles)
    outside_core = 0
    for letter in sorted(set(distinct) - model.core, key=distinct.index):
        count = letters.count(letter)
        outside_core += count
        log_p = model.mark_log_p.get(letter)
        if log_p is not None:
            scores = [score + count * p for score, p in zip(scores, log_p, strict=True)]
    core_letters = len(letters) - outside_core
    return [score + core_letters * p for score, p in zip(scores, model.core_log_p, strict=True)]


def normalize_language_tag(raw: str) -> str | None:
    """A declared language (``lang`` attribute, ``og:locale``, ``Content-Language``) as BCP-47.

    This is the engine's one normaliser of declared languages (``metadata`` and ``jsonld`` use
    it). Case follows BCP-47 conventions (``zh-Hant-TW``), ``_`` becomes ``-``, a POSIX locale
    loses its encoding (``en_US.UTF-8`` -> ``en-US``), only the first tag of a list counts, ISO
    639-2/3 and deprecated codes map to their ISO 639-1 code and common language names
    (``"English"``, ``"Deutsch"``) to their code. Macrolanguages are kept as declared (``"no"``
    stays ``"no"``). Returns ``None`` for empty, undetermined (``und``, ``xx``) or malformed
    values, so callers can fall back to ``detect_language``.
    """
    value = _PARENTHESES_RE.sub(" ", raw.strip().lower()).strip()
    if value in LANGUAGE_NAMES:
        return LANGUAGE_NAMES[value]
    first = _TAG_LIST_SEPARATOR_RE.split(value.replace("_", "-"), maxsplit=1)[0]
    first = _POSIX_SUFFIX_RE.sub("", first)
    if first in LANGUAGE_NAMES:
        return LANGUAGE_NAMES[first]
    primary, *rest = first.split("-")
    if not (2 <= len(primary) <= 3 and primary.isascii() and primary.isalpha()):
        return None
    primary = DEPRECATED_CODES.get(primary, ALPHA3_TO_ALPHA2.get(primary, primary))
    if primary in NO_LANGUAGE_CODES:
        return None
    return "-".join([primary, *_normalize_subtags(rest)])


def _normalize_subtags(subtags: list[str]) -> list[str]:
    """Script, region and variants in BCP-47 order and case; stop at the first out of place.

    A singleton (``x``, ``u``) starts an extension or private-use sequence, kept in lower case
    when well formed. Anything else out of place ("de-ere") ends the tag there.
    """
    normalized: list[str] = []
    position = 0  # 0: a script may come next, 1: a region may, 2: only variants
    for index, subtag in enumerate(subtags):
        if len(subtag) == 1:
            rest = subtags[index:]
            if len(rest) > 1 and all(_SUBTAG_RE.match(part) for part in rest):
                normalized.extend(rest)
            break
        if position == 0 and _SCRIPT_SUBTAG_RE.match(subtag):
            normalized.append(subtag.title())
            position = 1
        elif position <= 1 and _REGION_SUBTAG_RE.match(subtag):
            normalized.append(subtag.upper())
            position = 2
        elif _VARIANT_SUBTAG_RE.match(subtag):
            normalized.append(subtag)
            position = 2
        else:
            break
    return normalized
