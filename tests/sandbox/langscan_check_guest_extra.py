# Appended to the real guest glue (src/riptide/guest/app.py) after check_hooks_guest_extra.py to
# build a test component that, for an input starting with LANGSCAN_CHECK_MARKER, checks inside
# the guest that csrc/langscan/'s scan of a lower-cased text is the Python detector's: None when
# the text holds a character outside the plain ranges, else the same words, counts and order as
# Counter(_PLAIN_TOKEN_RE.findall(text)), and the code symbol count of _CODE_SYMBOL_RE (on the
# text and on the text before lower-casing); that its word and letter scores (word_scores,
# letter_scores) are the Python statements' floats bit for bit, and so are the Latin figures of
# scan_latin (_latin_figures_python), both on the text's sample (what the detector scores); and
# that detect_language gives the same answer with the C scan and scores and without them. The
# texts are those after LANGSCAN_TEXTS_MARKER (separated by "\x1e"), else the text of the page
# that follows and of its first LANGSCAN_BLOCKS blocks. It answers with an error either way (the
# host reads errors without building a result): invalid-html "langscan equal" when everything
# agrees, internal-error naming the first difference. To show that a difference is seen:
# LANGSCAN_SKEW_MARKER first configures the scan with "7" no digit, LANGSCAN_SKEW_LETTERS_MARKER
# gives the C letter scores a core without "e", and LANGSCAN_SKEW_LATIN_MARKER configures the C
# Latin model with that core.
LANGSCAN_CHECK_MARKER = "RIPTIDE-LANGSCAN-CHECK\n"
LANGSCAN_TEXTS_MARKER = "TEXTS\n"
LANGSCAN_SKEW_MARKER = "SKEW\n"
LANGSCAN_SKEW_LETTERS_MARKER = "SKEW-LETTERS\n"
LANGSCAN_SKEW_LATIN_MARKER = "SKEW-LATIN\n"
LANGSCAN_BLOCKS = 30


def _langscan_page_texts(html):
    with dom.gc_paused():  # noqa: F821 - imported by the glue
        root = dom.parse(html).root  # noqa: F821
        blocks = [element for element in root.iter("p", "div", "li", "td", "article")][:LANGSCAN_BLOCKS]
        return [root.text_content()] + [block.text_content() for block in blocks]


def _langscan_difference(text):
    from collections import Counter

    from riptide.engine import language

    lowered = text.replace("İ", "i").lower()
    scanned = language._langscan.scan(lowered)
    if language._NOT_PLAIN_RE.search(lowered):
        return None if scanned is None else f"not plain, scanned {str(scanned)[:200]!a} of {text[:200]!a}"
    if scanned is None:
        return f"plain, not scanned: {text[:200]!a}"
    words = list(Counter(language._PLAIN_TOKEN_RE.findall(lowered)).items())
    symbols = len(language._CODE_SYMBOL_RE.findall(lowered))
    if list(scanned[0].items()) != words:
        return f"words {list(scanned[0].items())[:20]!a} != {words[:20]!a} in {text[:200]!a}"
    if scanned[1] != symbols or len(language._CODE_SYMBOL_RE.findall(text)) != symbols:
        return f"symbols {scanned[1]} != {symbols} in {text[:200]!a}"
    return None


def _hexed(floats):
    """Floats as their exact hexadecimal spelling: equal only when equal bit for bit."""
    return [float.hex(x) for x in floats]


def _langscan_score_difference(text, skew=False):
    """The word and letter scores of ``text``'s words, C against Python: each script group's
    words under its script's model, as ``_best_profile`` scores them, and all the words under the
    Latin model (which then meets words it does not list, of other scripts): the same floats,
    bit for bit. With ``skew`` the C letter scores are given a core without "e", to show that a
    difference is seen."""
    from riptide.engine import language

    words = language._python_words(text.replace("İ", "i").lower())
    groups = language._group_by_script(words)
    scored = [("Latn", words)] + [(script, group) for script, group in groups.items() if script != "Latn"]
    for script, words in scored:
        model = language._SCRIPT_MODELS.get(script)
        if model is None:
            continue
        priors = [profile.prior for profile in model.profiles]
        c = language._langscan.word_scores(words, model.words, model.stems, language.STEM_LENGTH, priors)
        python = language._word_scores_python(model, words, priors)
        if _hexed(c[0]) != _hexed(python[0]) or c[1] != python[1]:
            return f"{script} word scores {c!a} != {python!a} on {text[:200]!a}"
        core = model.core - {"e"} if skew else model.core
        c_letters = language._langscan.letter_scores(words, core, model.mark_log_p, model.core_log_p)
        python_letters = language._letter_scores_python(model, words)
        if _hexed(c_letters) != _hexed(python_letters):
            return f"{script} letter scores {c_letters!a} != {python_letters!a} on {text[:200]!a}"
    return None


def _langscan_latin_difference(text):
    """scan_latin's figures of the lower-cased ``text`` against their Python statement: None for
    a text that is not plain, else the same integers and floats, bit for bit."""
    from riptide.engine import language

    lowered = text.replace("İ", "i").lower()
    c = language._langscan.scan_latin(lowered)
    python = language._latin_figures_python(lowered)
    if (c is None) != (python is None):
        return f"scan_latin {str(c)[:200]!a} != {str(python)[:200]!a} on {text[:200]!a}"
    if c is None:
        return None
    floats = (3, 5)  # the figures that are lists of floats, compared bit for bit
    exact = [_hexed(figure) if i in floats else figure for i, figure in enumerate(c)]
    expected = [_hexed(figure) if i in floats else figure for i, figure in enumerate(python)]
    return None if exact == expected else f"scan_latin {c!a} != {python!a} on {text[:200]!a}"


def _langscan_detect_difference(text):
    from riptide.engine import language

    c = language.detect_language(text)
    scan, language._langscan = language._langscan, None
    latin, language._LATIN_IN_C = language._LATIN_IN_C, False
    try:
        python = language.detect_language(text)
    finally:
        language._langscan = scan
        language._LATIN_IN_C = latin
    if not latin:
        return "the Latin model is not configured in C (_LATIN_IN_C)"
    return None if c == python else f"detect_language {c!r} != {python!r} on {text[:200]!a}"


def _configure_latin(language, core):
    latin = language._SCRIPT_MODELS["Latn"]
    priors = [profile.prior for profile in latin.profiles]
    language._langscan.configure_latin(
        latin.words,
        latin.stems,
        language.STEM_LENGTH,
        priors,
        core,
        latin.mark_log_p,
        latin.core_log_p,
        language._latin_starts(),
    )


def _check_langscan(html):
    from riptide.engine import language

    skew_latin = html.startswith(LANGSCAN_SKEW_LATIN_MARKER)
    if skew_latin:
        html = html[len(LANGSCAN_SKEW_LATIN_MARKER) :]
        _configure_latin(language, language._SCRIPT_MODELS["Latn"].core - {"e"})
    skew_letters = html.startswith(LANGSCAN_SKEW_LETTERS_MARKER)
    if skew_letters:
        html = html[len(LANGSCAN_SKEW_LETTERS_MARKER) :]
    skew = html.startswith(LANGSCAN_SKEW_MARKER)
    if skew:
        html = html[len(LANGSCAN_SKEW_MARKER) :]
        classes = bytearray(language._plain_classes())
        classes[ord("7")] &= ~4
        language._langscan.configure(language._PLAIN_RANGES, bytes(classes))
    try:
        if language._langscan is None:
            raise Err(wit.ExtractionError_InternalError("_langscan is not in this component"))  # noqa: F821
        if html.startswith(LANGSCAN_TEXTS_MARKER):
            texts = html[len(LANGSCAN_TEXTS_MARKER) :].split("\x1e")
        else:
            texts = _langscan_page_texts(html)
        problem = None
        for text in texts:
            problem = (
                _langscan_difference(text)
                or _langscan_score_difference(language._sample(text), skew_letters)
                or _langscan_latin_difference(language._sample(text))
                or _langscan_detect_difference(text)
            )
            if problem is not None:
                break
    finally:
        if skew_latin:
            _configure_latin(language, language._SCRIPT_MODELS["Latn"].core)
        if skew:
            language._langscan.configure(language._PLAIN_RANGES, language._plain_classes())
    if problem is None:
        raise Err(wit.ExtractionError_InvalidHtml("langscan equal"))  # noqa: F821
    raise Err(wit.ExtractionError_InternalError(problem[:500]))  # noqa: F821


GUEST_CHECKS[LANGSCAN_CHECK_MARKER] = _check_langscan  # noqa: F821 - check_hooks_guest_extra.py
