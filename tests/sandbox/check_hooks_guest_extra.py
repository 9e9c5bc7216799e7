# Appended to the real guest glue (src/riptide/guest/app.py) before a check file (the
# *_check_guest_extra.py beside this one), to build a test component. A check file registers
# ``GUEST_CHECKS[marker] = check``; an input starting with ``marker`` then goes to ``check``
# (the rest of the input) instead of being extracted, through either export the host calls.
# A check answers by raising ``Err`` (the host reads an error without building a result).
GUEST_CHECKS = {}


def first_difference(python, c):
    """Where two pre-order views of a tree first differ: "python … != c … at node N"."""
    shorter = min(len(python), len(c))
    first = next((i for i in range(shorter) if python[i] != c[i]), shorter)
    at_python = python[first] if first < len(python) else None
    at_c = c[first] if first < len(c) else None
    return f"python {at_python!r} != c {at_c!r} at node {first}"


def tree_view(node):
    """A tree in pre-order: each text, and per element its tag, attributes, child count and
    whether its parent link points at the element it sits in."""
    view = []
    stack = [(node, node.parent)]
    while stack:
        item, parent = stack.pop()
        if type(item) is str:
            view.append(item)
            continue
        view.append((item.tag, tuple(item.attrs.items()), len(item.children), item.parent is parent))
        stack.extend((child, item) for child in reversed(item.children))
    return view


def _run_guest_check(html):
    for marker, check in GUEST_CHECKS.items():
        if html.startswith(marker):
            check(html[len(marker) :])


_RealForChecks = Extractor  # noqa: F821 - defined by the glue this is appended to


class Extractor(_RealForChecks):  # type: ignore[no-redef]
    def extract_with_stats(self, html, url, mode):
        _run_guest_check(html)
        return super().extract_with_stats(html, url, mode)


_RealPackedForChecks = Packed  # noqa: F821 - defined by the glue this is appended to


class Packed(_RealPackedForChecks):  # type: ignore[no-redef]
    """The host calls the packed fast path when the component has it: check there alike."""

    def extract_packed(self, html, url, mode):
        _run_guest_check(html)
        return super().extract_packed(html, url, mode)
