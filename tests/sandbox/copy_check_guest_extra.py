# Appended to the real guest glue (src/riptide/guest/app.py) to build a test component that, for
# an input starting with COPY_CHECK_MARKER, runs the cleaner twice inside the guest: with the C
# copy walk (csrc/copypass/, cleaning._copy_part) and with the pure-Python _Content.copy that
# states its rules, each on its own parse. Compared: what the copy leaves in the _Content (every
# measured copy in insertion order with its vector, span, target list, data-table, gone; the
# furniture length; the copied tree), then what clean_article makes of the same parts, and that
# each side left the page's tags and attributes as parsed (a copy may share its element's
# attributes: cleaning/_kept_attributes). A third run cleans with the C walk in place
# (cleaning.InPlace: the page's elements are the content's) and must leave the same view, and
# the page, after cleaning.restore_page, as it was: the same element, tag, attribute dict,
# children list (and its items) and parent objects everywhere. It
# answers with an error either way (the host reads errors without building a result):
# invalid-html "copied equal" when all agree, internal-error naming the first difference. After
# COPY_SKEW_MARKER the Python side's first vector is made one comma off, to show that a
# difference is seen. The line screen is compared too: the lines each side reads as possible
# furniture lines (cleaning._furniture_line with a clue, _line_clues) must be the same, and the
# C walk must call back no line without one (a plain line is its own to settle; only what
# follows a label is called back whatever it says); the text the Python walk gathered for a line
# must be what Element.short_text reads.
COPY_CHECK_MARKER = "RIPTIDE-COPY-CHECK\n"
COPY_SKEW_MARKER = "-SKEW\n"


def _copy_parts(body):
    """The parts and set-aside nodes of a cleaning, picked by position (the same on each parse):
    the body's element children as parts (every third renamed to a div), every 13th element
    below set aside."""
    below = list(body.iter())
    dropped = set(below[5::13])
    parts = [(child, index % 3 == 0) for index, child in enumerate(body.children)]
    parts = [(child, rename) for child, rename in parts if type(child) is str or child not in dropped]
    return parts, dropped


def _page_state(body):
    """Every element under ``body`` with the objects its slots hold (identity, not equality)."""
    return [
        (node, node.tag, node.attrs, dict(node.attrs), node.children, list(node.children), node.parent)
        for node in [body, *body.iter()]
    ]


def _same_state(before, after):
    return len(before) == len(after) and all(
        all(a is b for a, b in zip(was[:3] + was[4:5] + was[6:], now[:3] + now[4:5] + now[6:], strict=True))
        and was[3] == now[3]
        and len(was[5]) == len(now[5])
        and all(a is b for a, b in zip(was[5], now[5], strict=True))
        for was, now in zip(before, after, strict=True)
    )


def _put_back(cleaning, in_place, body, before, what):
    """Restore the page after a cleaning in place; an error when it is not as it was."""
    cleaning.restore_page(in_place)
    if not _same_state(before, _page_state(body)):
        detail = f"c in place: restore_page left the page changed after {what}"
        raise Err(wit.ExtractionError_InternalError(detail))  # noqa: F821


def _line_recorder(cleaning, lines, in_c):
    """``cleaning._furniture_line``, noting in ``lines`` each line it reads that has a clue, and
    (for the C walk) failing on one without: the C screen let through a line it should have
    settled as plain itself."""
    import sys

    real = cleaning._furniture_line

    def recorded(node, share, raw=None):
        length, links = share[cleaning._TEXT], share[cleaning._LINKS]
        read = node.tag in cleaning.FURNITURE_LINE_TAGS and not cleaning._is_unread_line(length, links)
        text = node.short_text() if read else None
        if raw is not None and read and " ".join(raw.split()) != text:  # the Python walk's gathered text
            detail = f"python: the copy gathered {raw!r} for {node.tag} {text!r}"
            raise Err(wit.ExtractionError_InternalError(detail[:500]))  # noqa: F821
        clue = False
        if text is not None:
            starts, searched = cleaning._line_clues(text, length)
            clue = bool(starts) or any(searched)
        if clue:
            lines.append((node.tag, text, length))
        elif in_c and sys._getframe(1).f_locals.get("follows") is None:  # drops_furniture_line's
            detail = f"c: the line screen called back a plain line: {node.tag} {text!r}"
            raise Err(wit.ExtractionError_InternalError(detail[:500]))  # noqa: F821
        return real(node, share, raw)

    return real, recorded


def _copied_view(html, in_c, skew=False, in_place=False):
    from riptide.engine import cleaning
    from riptide.engine.article_rules import ALL_FLAGS

    saved = cleaning._copypass
    lines = []
    real_line, cleaning._furniture_line = _line_recorder(cleaning, lines, in_c)
    if not in_c:
        cleaning._copypass = None
    try:
        body = dom.parse(html).body  # noqa: F821 - imported by the glue
        page = [(node.tag, dict(node.attrs)) for node in body.iter()]
        before = _page_state(body) if in_place else None
        parts, dropped = _copy_parts(body)
        root = dom.Element("div")  # noqa: F821
        copying = cleaning.InPlace() if in_place else None
        content = cleaning._Content(root, dropped, ALL_FLAGS, copying)
        shares = []
        for node, _rename in parts:
            if type(node) is not str:
                copy, share = cleaning._copy_part(content, node)
                copy.parent = root
                root.children.append(copy)
                shares.append(share)
        if skew and content.vectors:
            first = next(iter(content.vectors))
            vector = content.vectors[first]  # a Measures hands out copies: store it again
            vector[cleaning._COMMAS] += 1
            content.vectors[first] = vector
        order = {node: position for position, node in enumerate(content.vectors)}
        measured = [
            (
                node.tag,
                tuple(node.attrs.items()),
                vector,
                content.spans.get(node),
                node in content.data_tables,
                node in content.gone,
                node.parent is not None and node.parent in order,
            )
            for node, vector in content.vectors.items()
        ]
        targets = {tag: [order[node] for node in nodes] for tag, nodes in content.targets.items()}
        spans = [(order[node], span) for node, span in content.spans.items()]
        view = [("measured", len(measured), content.furniture_length, targets, spans, shares)]
        view += measured + tree_view(root)  # noqa: F821 - check_hooks_guest_extra.py
        if in_place:
            _put_back(cleaning, copying, body, before, "the copy")
        cleaning_in_place = cleaning.InPlace() if in_place else None
        cleaned, figures = cleaning.clean_article(parts, dropped, ALL_FLAGS, cleaning_in_place)
        view.append(("figures", figures))
        view += tree_view(cleaned)  # noqa: F821
        if in_place:
            _put_back(cleaning, cleaning_in_place, body, before, "clean_article")
        # A copy may share its element's attributes: cleaning must leave the page's as parsed.
        now = [(node.tag, node.attrs) for node in body.iter()]
        if now != page:
            changed = next(node for node, was, is_ in zip(body.iter(), page, now, strict=True) if was != is_)
            detail = f"{'c' if in_c else 'python'}: the cleaning changed the page's {changed!r}"
            raise Err(wit.ExtractionError_InternalError(detail))  # noqa: F821
        view.append(("lines read", lines))
        return view
    finally:
        cleaning._copypass = saved
        cleaning._furniture_line = real_line


def _check_copy(html):
    from riptide.engine import cleaning

    skew = html.startswith(COPY_SKEW_MARKER)
    if skew:
        html = html[len(COPY_SKEW_MARKER) :]
    if cleaning.COPY_IN != "c":
        raise Err(wit.ExtractionError_InternalError("the C copy walk is not in this component"))  # noqa: F821
    with dom.gc_paused():  # noqa: F821
        python = _copied_view(html, False, skew)
        c = _copied_view(html, True)
        in_place = _copied_view(html, True, in_place=True)
    if python == c == in_place:
        raise Err(wit.ExtractionError_InvalidHtml("copied equal"))  # noqa: F821
    label = "c"
    if python == c:  # the difference is the run in place's
        c, label = in_place, "c in place"
    shorter = min(len(python), len(c))
    first = next((i for i in range(shorter) if python[i] != c[i]), shorter)
    at_python = python[first] if first < len(python) else None
    at_c = c[first] if first < len(c) else None
    detail = f"python {at_python!r} != {label} {at_c!r} at item {first}"
    raise Err(wit.ExtractionError_InternalError(detail[:500]))  # noqa: F821


GUEST_CHECKS[COPY_CHECK_MARKER] = _check_copy  # noqa: F821 - check_hooks_guest_extra.py
