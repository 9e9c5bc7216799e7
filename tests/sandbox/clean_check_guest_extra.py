# Appended to the real guest glue (src/riptide/guest/app.py) after check_hooks_guest_extra.py to
# build a test component that, for an input starting with CLEAN_CHECK_MARKER, cleans a page's
# content twice inside the guest: with the conditional pass's loop, settle and remove and the
# tidy in C (csrc/cleanpass/: cleaning._remove_where, _cleanpass.tidy) and with the pure-Python
# _Content methods and _tidy that state them, each on its own parse (both copied by the same
# walk). Compared: after step 2, every measured element's vector (insertion order), whether
# it is gone, whether its children list is to be compacted, and what is still pending; then
# the tree and figures clean_article makes of the same parts (after compact and tidy). It
# answers with an error either way (the host reads errors without building a result):
# invalid-html "cleaned equal" when all agree, internal-error naming the first difference.
# After CLEAN_SKEW_MARKER the Python side removes one more element (the first measured one
# that stayed), to show that a difference is seen.
CLEAN_CHECK_MARKER = "RIPTIDE-CLEAN-CHECK\n"
CLEAN_SKEW_MARKER = "-SKEW\n"


def _clean_parts(body):
    """The parts and set-aside nodes, picked by position (the same on each parse): the body's
    element children as parts (every other one renamed to a div), every 17th element below set
    aside."""
    dropped = set(list(body.iter())[3::17])
    children = [child for child in body.children if type(child) is str or child not in dropped]
    return [(child, index % 2 == 0) for index, child in enumerate(children)], dropped


def _cleaned_view(html, in_c, skew=False):
    from riptide.engine import cleaning
    from riptide.engine.article_rules import ALL_FLAGS

    saved = cleaning._cleanpass
    if not in_c:
        cleaning._cleanpass = None
    try:
        body = dom.parse(html).body  # noqa: F821 - imported by the glue
        parts, dropped = _clean_parts(body)
        content = cleaning._Content(dom.Element("div"), dropped, ALL_FLAGS)  # noqa: F821
        total = [0.0] * cleaning._WIDTH
        for node, _rename in parts:
            if type(node) is not str:
                copy, share = cleaning._copy_part(content, node)
                copy.parent = content.root
                content.root.children.append(copy)
                total = [a + b for a, b in zip(total, share, strict=True)]
        content.measure_root(total)
        cleaning._clean_content(content, ALL_FLAGS)
        if skew:
            kept = next((node for node in content.vectors if node not in content.gone and node.parent), None)
            if kept is not None:
                content.remove(kept)
                content.flush()
        order = {node: position for position, node in enumerate(content.vectors)}
        view = [("pending", [(order.get(node), delta) for node, delta in content.pending])]
        view += [
            (node.tag, vector, node in content.gone, node in content.emptied)
            for node, vector in content.vectors.items()
        ]
        cleaned, figures = cleaning.clean_article(parts, dropped, ALL_FLAGS)
        view.append(("figures", figures))
        view += tree_view(cleaned)  # noqa: F821 - check_hooks_guest_extra.py
        return view
    finally:
        cleaning._cleanpass = saved


def _check_clean(html):
    from riptide.engine import cleaning

    skew = html.startswith(CLEAN_SKEW_MARKER)
    if skew:
        html = html[len(CLEAN_SKEW_MARKER) :]
    if cleaning.CONDITIONAL_IN != "c":
        raise Err(wit.ExtractionError_InternalError("the C conditional pass is not in this component"))  # noqa: F821
    with dom.gc_paused():  # noqa: F821
        python = _cleaned_view(html, False, skew)
        c = _cleaned_view(html, True)
    if python == c:
        raise Err(wit.ExtractionError_InvalidHtml("cleaned equal"))  # noqa: F821
    raise Err(wit.ExtractionError_InternalError(first_difference(python, c)[:500]))  # noqa: F821


GUEST_CHECKS[CLEAN_CHECK_MARKER] = _check_clean  # noqa: F821 - check_hooks_guest_extra.py
