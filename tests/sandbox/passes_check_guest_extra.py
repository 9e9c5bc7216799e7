# Appended to the real guest glue (src/riptide/guest/app.py) to build a test component that, for
# an input starting with PASSES_CHECK_MARKER, runs each C loop of csrc/fastpass/ and the
# pure-Python function that states its rules on the page's tree, inside the guest. It answers
# with an error either way (the host reads errors without building a result): invalid-html
# "passes equal" when every answer is the same, internal-error naming the first difference.
PASSES_CHECK_MARKER = "RIPTIDE-PASSES-CHECK\n"


def _check_passes(html):
    from riptide.engine import _fastpass  # type: ignore[attr-defined]

    with dom.gc_paused():  # noqa: F821 - imported by the glue
        doc = dom.parse(html)  # noqa: F821
        elements = doc.body_elements
        position = {id(element): index for index, element in enumerate(elements)}
        python = [position[id(e)] for e in metadata.metadata_candidates(elements)]  # noqa: F821
        c = [position[id(e)] for e in _fastpass.metadata_candidates(elements)]
        difference = _render_text_difference(doc) or _next_page_difference(doc) or _collapse_difference(doc)
    if difference is not None:
        raise Err(wit.ExtractionError_InternalError(difference[:500]))  # noqa: F821
    if python == c:
        raise Err(wit.ExtractionError_InvalidHtml("passes equal"))  # noqa: F821
    first = next((i for i, (a, b) in enumerate(zip(python, c, strict=False)) if a != b), None)
    where = (
        elements[(python if first is None or len(python) > len(c) else c)[first or 0]]
        if python or c
        else None
    )
    detail = f"metadata_candidates: python kept {len(python)}, c {len(c)}; first difference: {where!r}"
    raise Err(wit.ExtractionError_InternalError(detail[:500]))  # noqa: F821


def _collapse_difference(doc):
    """collapse_whitespace in C against the Python definition, on every text node, and on each
    with a lone surrogate (no UTF-8) and a non-breaking space around it."""
    from riptide.engine import _fastpass, markdown  # type: ignore[attr-defined]

    texts = [child for e in [doc.root, *doc.root.iter()] for child in e.children if type(child) is str]
    for text in texts + [f"\u00a0{text}\ud800 " for text in texts[:50]]:
        python, c = markdown.collapse_whitespace(text), _fastpass.collapse_whitespace(text)
        if python != c:
            return f"collapse_whitespace of {text[:80]!a}: python {python[:80]!a}, c {c[:80]!a}"
    return None


def _next_page_difference(doc):
    """next_page_candidates in C against the Python definition, on the parser's link list."""
    from riptide.engine import _fastpass, pagination  # type: ignore[attr-defined]

    elements = doc.link_elements
    python = [id(e) for e in pagination.next_page_candidates(elements)]
    c = [id(e) for e in _fastpass.next_page_candidates(elements)]
    if python != c:
        return f"next_page_candidates: python kept {len(python)} of {len(elements)}, c {len(c)}"
    return None


def _render_text_difference(doc):
    """render_text in C against render_text_python, on the whole tree and on each subtree of
    the first 200 block elements (their own walks start at a block, not at <html>)."""
    from riptide.engine import _fastpass, plaintext  # type: ignore[attr-defined]

    roots = [doc.root, *[e for e in doc.body_elements if e.tag in plaintext.BLOCK_TAGS][:200]]
    for root in roots:
        python = plaintext.render_text_python(root)
        c = plaintext.without_invisible(_fastpass.render_text(root))
        if python != c:
            at = next((i for i, (a, b) in enumerate(zip(python, c, strict=False)) if a != b), None)
            at = min(len(python), len(c)) if at is None else at
            return f"render_text of {root!r}: at {at}, python {python[at : at + 40]!a}, c {c[at : at + 40]!a}"
    return None


GUEST_CHECKS[PASSES_CHECK_MARKER] = _check_passes  # noqa: F821 - check_hooks_guest_extra.py
