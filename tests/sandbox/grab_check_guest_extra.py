# Appended to the real guest glue (src/riptide/guest/app.py) after check_hooks_guest_extra.py to
# build a test component that, for an input starting with GRAB_CHECK_MARKER, runs the article
# pass's grab and scoring for every attempt twice inside the guest: with the C walk
# (csrc/grabpass/, divs made paragraphs included) and scoring (csrc/artpass/score.c), and with
# the pure-Python article._grab and article._score that state their rules, each on its own
# parse, prepared alike. It answers with an error either way (the host reads errors without
# building a result): invalid-html "grabbed equal" when, after each attempt, the trees,
# measures, set-aside nodes, nodes to score, scores (bit for bit, in insertion order) and page
# fields agree node for node; internal-error naming the first difference. After
# GRAB_SKEW_MARKER the Python side lists one node to score twice, to show that a difference
# is seen.
GRAB_CHECK_MARKER = "RIPTIDE-GRAB-CHECK\n"
GRAB_SKEW_MARKER = "-SKEW\n"


def _grab_views(html, in_c, skew=False):
    """Per attempt: the tree in pre-order (text, and per element its tag, attributes, measures,
    score, whether it is set aside or holds blocks, child count, parent link), the nodes to
    score and the scored ones (in the scores' order) as pre-order positions, and the page's and
    attempt's other fields."""
    from riptide.engine import article

    doc = dom.parse(html)  # noqa: F821 - imported by the glue
    page = article._Page(doc.body, doc.title)
    article.prepare_page(page)
    walk_in_c, score_in_c = article._grabpass, article._artpass
    views = []
    for flags in article.ATTEMPTS:
        article._grabpass = walk_in_c if in_c else None
        try:
            attempt = article._grab(page, flags)
        finally:
            article._grabpass = walk_in_c
        if skew and attempt.to_score:
            attempt.to_score.append(attempt.to_score[0])
        article._artpass = score_in_c if in_c else None
        try:
            article._score(attempt)
        finally:
            article._artpass = score_in_c
        position = {}
        view = []
        stack = [(page.body, page.body.parent)]
        while stack:
            node, parent = stack.pop()
            if type(node) is str:
                view.append(node)
                continue
            position[node] = len(view)
            view.append(
                (
                    node.tag,
                    tuple(node.attrs.items()),
                    attempt.measures.get(node),
                    page.measures.get(node),
                    _bits(attempt.scores.get(node)),
                    node in attempt.dropped,
                    node in page.holds_blocks,
                    len(node.children),
                    node.parent is parent,
                )
            )
            stack.extend((child, node) for child in reversed(node.children))
        fields = (
            flags,
            [position.get(node, -1) for node in attempt.to_score],
            [position.get(node, -1) for node in attempt.scores],
            len(attempt.measures),
            len(page.measures),
            len(attempt.dropped),
            attempt.set_aside_prose,
            page.byline,
            page.byline_seen,
            page.title_header_seen,
            position.get(page.title_heading, -1),
        )
        views.append((fields, view))
    return views


def _bits(score):
    """A score as its exact bits (float.hex), or None: scores must agree to the last bit."""
    return None if score is None else float(score).hex()


def _check_grab(html):
    from riptide.engine import article

    skew = html.startswith(GRAB_SKEW_MARKER)
    if skew:
        html = html[len(GRAB_SKEW_MARKER) :]
    if article.GRAB_IN != "c":
        raise Err(wit.ExtractionError_InternalError("the C grab walk is not in this component"))  # noqa: F821
    with dom.gc_paused():  # noqa: F821
        python = _grab_views(html, False, skew)
        c = _grab_views(html, True)
    if python == c:
        raise Err(wit.ExtractionError_InvalidHtml("grabbed equal"))  # noqa: F821
    for attempt, ((python_fields, python_view), (c_fields, c_view)) in enumerate(zip(python, c, strict=True)):
        if python_fields != c_fields:
            detail = f"attempt {attempt}: python {python_fields!r} != c {c_fields!r}"
            break
        if python_view != c_view:
            detail = f"attempt {attempt}: " + first_difference(python_view, c_view)  # noqa: F821
            break
    raise Err(wit.ExtractionError_InternalError(detail[:500]))  # noqa: F821


GUEST_CHECKS[GRAB_CHECK_MARKER] = _check_grab  # noqa: F821 - check_hooks_guest_extra.py
