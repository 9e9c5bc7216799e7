# Appended to the real guest glue (src/riptide/guest/app.py) after check_hooks_guest_extra.py to
# build a test component that, for an input starting with MDPASS_CHECK_MARKER, runs inside the
# guest each C path of csrc/mdpass/ and csrc/treewalk.c's Element.text beside the pure-Python
# code that states its rules: render_markdown with the C walks (_mdpass) and without, on the
# page, on the subtrees of its first MDPASS_BLOCK_ROOTS blocks and on its article, and on the page
# again with subclasses of the renderer and of _Nested (the C reads their slots in place for the
# classes it knows, by attribute for others); count_words
# in C and count_words_python, the Han/Kana count in C and by regex, and quality's line counts in C
# and _line_counts_python, on the plain text of each and on every text node;
# Element.text in C and in Python on every element; table_rows and table_shape in C and in
# Python on every element; inline_line and inline_line_within in one C call and in Python on the
# elements the renderer asks them of (cells, headings, captions, terms) and the block roots. Text
# nodes also go through again with a lone surrogate (no UTF-8), a U+FEFF and a non-breaking space
# around them (the first 50 texts, cut to EDGED_TEXT_CHARS in the elements made of them), also
# rendered as Markdown. It answers with an error either way (the host reads errors without
# building a result): invalid-html "mdpass equal" when everything agrees, internal-error naming
# the first difference. After MDPASS_SKEW_MARKER the Python Markdown of the first root gets one more
# character, to show that a difference is seen.
MDPASS_CHECK_MARKER = "RIPTIDE-MDPASS-CHECK\n"
MDPASS_SKEW_MARKER = "-SKEW\n"
_BASE = "https://example.com/a/page.html"


def _edged(text):
    return f"\ud800{text}\u00a0\ufeff {text}\ud800"


def _where(python, c):
    at = next(
        (i for i, (a, b) in enumerate(zip(python, c, strict=False)) if a != b), min(len(python), len(c))
    )
    return f"at {at}: python {python[max(0, at - 20) : at + 40]!a}, c {c[max(0, at - 20) : at + 40]!a}"


#: Block elements of a page rendered as roots of their own, besides the whole page (which
#: covers every element in its context): each re-renders its subtree in both walks, so the
#: check's cost grows with their number.
MDPASS_BLOCK_ROOTS = 25


def _markdown_difference(roots, skew):
    from riptide.engine import markdown

    walks = markdown._mdpass
    for index, root in enumerate(roots):
        c = markdown.render_markdown(root, _BASE)
        markdown._mdpass = None
        try:
            python = markdown.render_markdown(root, _BASE)
        finally:
            markdown._mdpass = walks
        if skew and index == 0:
            python += "!"
        if python != c:
            return f"render_markdown of {root!r} {_where(python, c)}"
    return None


def _other_classes_difference(root):
    """render_markdown of ``root`` with the C walks, a renderer subclass with a __dict__ and
    _Nested blocks of a subclass made by Python (quotes, definitions), against the Python walk:
    the C reads the renderer's slots in place for the class it last met (slots_probe.h SlotsMet,
    probed again when another class comes), and a _Nested of another class by attribute."""
    from riptide.engine import markdown

    renderer, nested = markdown._MarkdownRenderer, markdown._Nested
    markdown._MarkdownRenderer = type("_RendererWithDict", (renderer,), {})
    markdown._Nested = type("_NestedWithDict", (nested,), {})
    try:
        c = markdown.render_markdown(root, _BASE)
    finally:
        markdown._MarkdownRenderer, markdown._Nested = renderer, nested
    again = markdown.render_markdown(root, _BASE)  # the renderer's own class once more
    walks = markdown._mdpass
    markdown._mdpass = None
    try:
        python = markdown.render_markdown(root, _BASE)
    finally:
        markdown._mdpass = walks
    if python != c:
        return f"render_markdown with subclasses of {root!r} {_where(python, c)}"
    if python != again:
        return f"render_markdown after subclasses of {root!r} {_where(python, again)}"
    return None


def _has_utf8(text):
    try:
        text.encode()
    except UnicodeEncodeError:  # a lone surrogate: the C counts answer None
        return False
    return True


def _words_difference(roots, texts):
    from riptide.engine import plaintext, quality

    for text in [plaintext.render_text(root) for root in roots] + texts + [_edged(t) for t in texts[:50]]:
        python, c = plaintext.count_words_python(text), plaintext.count_words(text)
        if python != c:
            return f"count_words of {text[:80]!a}: python {python}, c {c}"
        python, c = len(plaintext._CJK_CHAR.findall(text)), plaintext._cjk_chars(text)
        if python != c:
            return f"cjk count of {text[:80]!a}: python {python}, c {c}"
        python, c = quality._line_counts_python(text), quality._line_counts_c(text)
        if c != (python if _has_utf8(text) else None):
            return f"line counts of {text[:80]!a}: python {python}, c {c}"
    return None


#: How much of each text the edged elements hold: their point is the edges (a lone surrogate, a
#: U+FEFF, a non-breaking space) and the <b>/<br>/<script> around them. The first texts of a
#: page are often its head's scripts and styles, tens of KB each, and rendering those 18 times
#: as an inline line in each walk was three quarters of this check's time.
EDGED_TEXT_CHARS = 400


def _edged_elements(texts):
    """A <p> per text (of the first 50, cut to ``EDGED_TEXT_CHARS``): the text edged, then in a
    <b> with a <br> and a <script>."""
    made = []
    for text in (text[:EDGED_TEXT_CHARS] for text in texts[:50]):
        element = dom.Element("p")  # noqa: F821 - imported by the glue
        inner = dom.Element("b", parent=element)  # noqa: F821
        inner.children = [text, dom.Element("br"), dom.Element("script"), _edged(text)]  # noqa: F821
        element.children = [_edged(text), inner, " ", text]
        made.append(element)
    return made


def _text_difference(elements, texts):
    c_core = dom._fastscan  # noqa: F821
    for element in [*elements, *_edged_elements(texts)]:
        c = element.text()
        dom._fastscan = None  # noqa: F821 - the Python statement of Element.text
        try:
            python = element.text()
        finally:
            dom._fastscan = c_core  # noqa: F821
        if python != c:
            return f"text of {element!r} {_where(python, c)}"
    return None


def _tables_difference(elements):
    """``table_rows`` and ``table_shape`` in C (csrc/mdpass/tables.c) against
    ``table_rows_python`` and ``table_shape_python``, on every element (not only tables: the
    rules read any element's children)."""
    from riptide.engine import markdown

    for element in elements:
        c, python = markdown._mdpass.table_rows(element), markdown.table_rows_python(element)
        if c != python:  # Elements compare by identity
            return f"table_rows of {element!r}: python {python!r:.200}, c {c!r:.200}"
        c, python = markdown._mdpass.table_shape(element), markdown.table_shape_python(element)
        if c != python or type(c) is not tuple:
            return f"table_shape of {element!r}: python {python!r}, c {c!r}"
    return None


#: Elements the renderer asks for one line of (``inline_line``, ``inline_line_within``).
_LINE_TAGS = frozenset({"td", "th", "caption", "figcaption", "dt", "h1", "h2", "h3", "h4", "h5", "h6"})


def _inline_lines_difference(elements, extra):
    """``inline_line`` and ``inline_line_within`` in one C call (``_mdpass.inline_line``) against
    their Python, on the elements the renderer asks it of and ``extra``: plain, within each
    marker, and within a marker already open; the open markers after must match too."""
    from riptide.engine import markdown

    walks = markdown._mdpass
    markers = (None, markdown.STRONG_MARKER, markdown.EMPHASIS_MARKER)
    for element in [*(e for e in elements if e.tag in _LINE_TAGS), *extra]:
        for marker in markers:
            for already_open in markers:
                answers = []
                for c_walks in (walks, None):
                    markdown._mdpass = c_walks
                    try:
                        renderer = markdown._MarkdownRenderer(_BASE, {})
                        if already_open is not None:
                            renderer.open_markers.add(already_open)
                        if marker is None:
                            line = renderer.inline_line(element)
                        else:
                            line = renderer.inline_line_within(element, marker)
                        answers.append((line, sorted(renderer.open_markers)))
                    finally:
                        markdown._mdpass = walks
                c, python = answers
                if c != python:
                    how = f"inline_line of {element!r} ({marker!a}, {already_open!a} open)"
                    return f"{how}: python {python!a:.200}, c {c!a:.200}"
    return None


def _check_mdpass(html):
    from riptide.engine import markdown
    from riptide.engine.article import extract_article

    skew = html.startswith(MDPASS_SKEW_MARKER)
    if skew:
        html = html[len(MDPASS_SKEW_MARKER) :]
    if markdown._mdpass is None or dom._fastscan is None:  # noqa: F821
        raise Err(wit.ExtractionError_InternalError("the C walks are not in this component"))  # noqa: F821
    with dom.gc_paused():  # noqa: F821
        doc = dom.parse(html)  # noqa: F821
        elements = [doc.root, *doc.root.iter()]
        texts = [child for element in elements for child in element.children if type(child) is str]
        blocks = [e for e in doc.body_elements if e.tag in markdown.BLOCK_TAGS]
        roots = [doc.root, *blocks[:MDPASS_BLOCK_ROOTS]]
        article = extract_article(dom.parse(html), None).content  # noqa: F821
        if article is not None:
            roots.append(article)
        edged = dom.Element("div")  # noqa: F821 - text with a lone surrogate has no UTF-8
        edged.children = _edged_elements(texts)
        roots.append(edged)
        difference = (
            _markdown_difference(roots, skew)
            or _other_classes_difference(doc.root)
            or _words_difference(roots, texts)
            or _text_difference(elements, texts)
            or _tables_difference(elements)
            or _inline_lines_difference(elements, [*blocks[:MDPASS_BLOCK_ROOTS], *edged.children])
        )
    if difference is not None:
        raise Err(wit.ExtractionError_InternalError(difference[:500]))  # noqa: F821
    raise Err(wit.ExtractionError_InvalidHtml("mdpass equal"))  # noqa: F821


GUEST_CHECKS[MDPASS_CHECK_MARKER] = _check_mdpass  # noqa: F821 - check_hooks_guest_extra.py
