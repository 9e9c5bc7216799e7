# Appended to the real guest glue (src/riptide/guest/app.py) after check_hooks_guest_extra.py to
# build a test component that, for an input starting with LANGSCAN_CHECK_MARKER, checks inside
# the guest that csrc/langscan/'s scan of a lower-cased text is the Python detector's: None when
# the text holds a character outside the plain ranges, else the same words, counts and order as
# Counter(_PLAIN_TOKEN_RE.findall(text)), and the code symbol count of _CODE_SYMBOL_RE (on the
# text and on the text before lower-casing); and that detect_language gives the same answer with
# the C scan and without it. The texts are those after LANGSCAN_TEXTS_MARKER (separated by "\x1e"), else
# the text of the page that follows and of its first LANGSCAN_BLOCKS blocks. It answers with an
# error either way (the host reads errors without building a result): invalid-html "langscan
# equal" when everything agrees, internal-error naming the first difference. LANGSCAN_SKEW_MARKER first
# configures the scan with "7" no digit, to show that a difference is seen.
LANGSCAN_CHECK_MARKER = "RIPTIDE-LANGSCAN-CHECK\n"
LANGSCAN_TEXTS_MARKER = "TEXTS\n"
LANGSCAN_SKEW_MARKER = "SKEW\n"
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


def _langscan_detect_difference(text):
    from riptide.engine import language

    c = language.detect_language(text)
    scan, language._langscan = language._langscan, None
    try:
        python = language.detect_language(text)
    finally:
        language._langscan = scan
    return None if c == python else f"detect_language {c!r} != {python!r} on {text[:200]!a}"


def _check_langscan(html):
    from riptide.engine import language

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
            problem = _langscan_difference(text) or _langscan_detect_difference(text)
            if problem is not None:
                break
    finally:
        if skew:
            language._langscan.configure(language._PLAIN_RANGES, language._plain_classes())
    if problem is None:
        raise Err(wit.ExtractionError_InvalidHtml("langscan equal"))  # noqa: F821
    raise Err(wit.ExtractionError_InternalError(problem[:500]))  # noqa: F821


GUEST_CHECKS[LANGSCAN_CHECK_MARKER] = _check_langscan  # noqa: F821 - check_hooks_guest_extra.py
