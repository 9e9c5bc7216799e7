# Appended to the real guest glue (src/riptide/guest/app.py) to build a test component that, for
# an input starting with PREPARE_CHECK_MARKER, prepares the page twice inside the guest: with
# the C walk (csrc/artpass/, article.prepare_page) and with the pure-Python article._prepare that
# states its rules, each on its own parse. It answers with an error either way (the host reads
# errors without building a result): invalid-html "prepared equal" when the trees, measures and
# block sets agree node for node, internal-error naming the first difference. After
# PREPARE_SKEW_MARKER the Python side's body measure is made one comma off, to show that a
# difference is seen.
PREPARE_CHECK_MARKER = "RIPTIDE-PREPARE-CHECK\n"
PREPARE_SKEW_MARKER = "-SKEW\n"


def _prepared_view(html, in_c, skew=False):
    """The prepared tree in pre-order: text, and per element its tag, attributes, measure,
    whether it holds blocks, child count and whether its parent link is right."""
    from riptide.engine import article

    doc = dom.parse(html)  # noqa: F821 - imported by the glue
    page = article._Page(doc.body, "")
    if in_c:
        article.prepare_page(page)
    else:
        article._prepare(page, page.body)
    if skew:
        text, links, commas = page.measures[page.body]
        page.measures[page.body] = (text, links, commas + 1)
    view = [("measured", len(page.measures), len(page.holds_blocks))]
    stack = [(page.body, page.body.parent)]
    while stack:
        node, parent = stack.pop()
        if type(node) is str:
            view.append(node)
            continue
        measure = page.measures.get(node)
        view.append(
            (
                node.tag,
                tuple(node.attrs.items()),
                measure,
                node in page.holds_blocks,
                len(node.children),
                node.parent is parent,
            )
        )
        stack.extend((child, node) for child in reversed(node.children))
    return view


def _check_prepare(html):
    from riptide.engine import article

    skew = html.startswith(PREPARE_SKEW_MARKER)
    if skew:
        html = html[len(PREPARE_SKEW_MARKER) :]
    if article.PREPARE_IN != "c":
        raise Err(wit.ExtractionError_InternalError("the C prepare walk is not in this component"))  # noqa: F821
    with dom.gc_paused():  # noqa: F821
        python = _prepared_view(html, False, skew)
        c = _prepared_view(html, True)
    if python == c:
        raise Err(wit.ExtractionError_InvalidHtml("prepared equal"))  # noqa: F821
    detail = first_difference(python, c)  # noqa: F821 - check_hooks_guest_extra.py
    raise Err(wit.ExtractionError_InternalError(detail[:500]))  # noqa: F821


GUEST_CHECKS[PREPARE_CHECK_MARKER] = _check_prepare  # noqa: F821 - check_hooks_guest_extra.py
