# Appended to the real guest glue (src/riptide/guest/app.py) to build a test component that, for
# an input starting with TREE_CHECK_MARKER, compares inside the guest the tree the C core builds
# (tokenizer and tree builder) with the tree of the pure-Python tokenizer and builder, and the C
# walks (text_content, find) with the Python ones. It answers with an error either way (the host
# reads errors without building a result): invalid-html "trees equal" when equal, internal-error
# naming the first difference otherwise.
import contextlib as _contextlib

TREE_CHECK_MARKER = "RIPTIDE-TREE-CHECK\n"
#: The same check after a whole extraction of the page in the same call: the C builder shares
#: short text pieces and attribute values between trees (csrc/fastscan.c, the piece cache), so
#: the second tree is made of the strings every pass of the first extraction had in hand.
AFTER_EXTRACTION_MARKER = "RIPTIDE-TREE-CHECK-AFTER-EXTRACTION\n"
MUTATE_MARKER = "-MUTATE\n"
#: Element.short_text on every element of the page, against its Python statement.
SHORT_TEXT_CHECK_MARKER = "RIPTIDE-SHORT-TEXT-CHECK\n"
#: Tag tuples iter looks up in a set (csrc/treeiter.c, three tags or more): what collect_links asks,
#: and present tags mixed with absent ones.
_TREE_ITER_SET_TAGS = (("a", "area", "template", "script", "style"), ("li", "nothing-such", "td", "b", "img"))


def _tree_signature(document):
    """Everything a tree consumer can see: tags, attributes in order, text pieces, structure,
    each element's parent, the element count and the parser's element lists (as positions in
    document order), and the exact types of elements, children lists and attribute dicts."""
    nodes, position = [], {None: None}
    stack = [document.root]
    while stack:
        node = stack.pop()
        if type(node) is str:
            nodes.append(("text", node))
            continue
        position[id(node)] = len(position)
        types = (type(node).__name__, type(node.children).__name__, type(node.attrs).__name__)
        parent = position.get(id(node.parent), "outside") if node.parent is not None else None
        nodes.append((node.tag, tuple(node.attrs.items()), len(node.children), parent, types))
        stack.extend(reversed(node.children))
    lists = [
        [position.get(id(element), element.tag) for element in elements]
        for elements in (document.link_elements, document.body_elements)
    ]
    return nodes, document.element_count, lists, position[id(document.head)], position[id(document.body)]


def _walks_differ(document):
    """Where Element.text_content, text, short_text, find, iter and walk (in C inside the guest)
    answer other than their Python statements (dom._text_content_python, dom.short_text_of,
    dom._find_python, …), or None."""
    sample = document.body_elements[:: max(1, len(document.body_elements) // 60)]
    for element in [document.root, document.head, document.body, *sample]:
        for skip in (
            frozenset({"script", "style", "noscript", "template"}),
            frozenset(),
            frozenset({"p", "a"}),
        ):
            if element.text_content(skip) != dom._text_content_python(element, skip):  # noqa: F821
                return f"text_content of <{element.tag}> skipping {sorted(skip)}"
        # Element.text (C, METH_FASTCALL, a code-point buffer kept between calls): its Python rule.
        python_text = " ".join(dom._text_content_python(element, dom.TEXT_CONTENT_SKIP).split())  # noqa: F821
        if element.text() != python_text:
            return f"text of <{element.tag}>"
        for tags in ((), ("a",), ("p", "li"), ("title",), ("nothing-such",), *_TREE_ITER_SET_TAGS):
            if element.find(*tags) is not dom._find_python(element, tags):  # noqa: F821
                return f"find{tags} under <{element.tag}>"
            if list(element.iter(*tags)) != list(dom._iter_python(element, tags)):  # noqa: F821
                return f"iter{tags} under <{element.tag}>"
        for skip in (frozenset(), frozenset({"script", "style", "template", "div"})):
            if list(element.walk(skip)) != list(dom._walk_python(element, skip)):  # noqa: F821
                return f"walk skipping {sorted(skip)} under <{element.tag}>"
    return _short_texts_differ([document.root, document.head, document.body, *sample])


def _short_texts_differ(elements):
    """Where Element.short_text (in C inside the guest, stopping past its limits) answers other
    than its Python statement (dom.short_text_of), or None."""
    for element in elements:
        python_short = dom.short_text_of(  # noqa: F821
            element.children,
            lambda node: node.children if node.tag not in dom.TEXT_CONTENT_SKIP else None,  # noqa: F821
        )
        if element.short_text() != python_short:
            return f"short_text of <{element.tag}>"
    return None


def _check_short_texts(html):
    """Element.short_text against its Python statement on every element of the page (the pages
    of blocks at its limits; the tree checks read a sample of each page's elements)."""
    document = dom.parse(html)  # noqa: F821
    detail = _short_texts_differ([document.root, *dom._iter_python(document.root, ())])  # noqa: F821
    if detail is not None:
        raise Err(wit.ExtractionError_InternalError(detail))  # noqa: F821
    raise Err(wit.ExtractionError_InvalidHtml("short texts equal"))  # noqa: F821


def _edited_walks_differ(html):
    """Where iter/walk in C and in Python yield other tags while the caller edits the tree
    between steps (every third element yielded loses its children), on two equal trees."""
    for walk_c, walk_python in (
        (lambda root: root.iter(), lambda root: dom._iter_python(root, ())),  # noqa: F821
        (lambda root: root.walk(frozenset({"a"})), lambda root: dom._walk_python(root, frozenset({"a"}))),  # noqa: F821
    ):
        seen = []
        for walk in (walk_c(dom.parse(html).root), walk_python(dom.parse(html).root)):  # noqa: F821
            tags = []
            for count, element in enumerate(walk):
                tags.append(element.tag)
                if count % 3 == 0:
                    element.children = []
            seen.append(tags)
        if seen[0] != seen[1]:
            return f"edited walk differs: {seen[0][:8]} against {seen[1][:8]}"
    return None


def _release_differs(html):
    """Where dom.release_tree (in C inside the guest) clears other parent links than its Python
    statement (dom._release_tree_python), on two equal trees with a removed element, for both
    of the pipeline's calls (walking the tree, and the element lists only)."""
    for walk in (True, False):
        states = []
        for release in (dom.release_tree, dom._release_tree_python):  # noqa: F821
            document = dom.parse(html)  # noqa: F821
            if len(document.body_elements) > 2:
                document.body_elements[len(document.body_elements) // 2].remove()
            everything = [document.root, *dom._iter_python(document.root, ()), *document.body_elements]  # noqa: F821
            listed = [document.head, document.body, *document.head.iter(), *document.body_elements]
            release(document.root, document.body_elements if walk else listed, walk)
            states.append([element.parent is None for element in everything])
        if states[0] != states[1]:
            return f"release_tree (walk={walk}) clears other parent links"
    return None


def _check_tree(html):
    if dom._fastscan is None:  # noqa: F821 - imported by the glue
        raise Err(wit.ExtractionError_InternalError("the C tokenizer is not in this component"))  # noqa: F821
    mutate = html.startswith(MUTATE_MARKER)  # shows that the check can fail
    html = html.removeprefix(MUTATE_MARKER)
    with dom.gc_paused():  # noqa: F821
        python_tree = _tree_signature(dom.build(dom._scan(html)))  # noqa: F821
        c_document = dom.parse(html)  # noqa: F821
        if mutate:
            c_document.body.children[-1].parent = c_document.head
        c_tree = _tree_signature(c_document)
        walks = _walks_differ(c_document) or _edited_walks_differ(html) or _release_differs(html)
    if walks is not None:
        raise Err(wit.ExtractionError_InternalError(walks))  # noqa: F821
    if python_tree == c_tree:
        raise Err(wit.ExtractionError_InvalidHtml("trees equal"))  # noqa: F821
    pairs = zip(python_tree[0], c_tree[0], strict=False)
    first = next((i for i, (a, b) in enumerate(pairs) if a != b), None)
    detail = (
        f"node {first}: python {python_tree[0][first]!r} c {c_tree[0][first]!r}"
        if first is not None
        else f"counts/lists differ: {[a == b for a, b in zip(python_tree, c_tree, strict=True)]}"
    )
    raise Err(wit.ExtractionError_InternalError(detail[:500]))  # noqa: F821


def _check_tree_after_extraction(html):
    with _contextlib.suppress(ExtractionError):  # noqa: F821 - a page the engine refuses: still built
        pipeline.extract(html, "https://example.com/page", Mode.of("article", []))  # noqa: F821
    _check_tree(html)


GUEST_CHECKS[TREE_CHECK_MARKER] = _check_tree  # noqa: F821 - check_hooks_guest_extra.py
GUEST_CHECKS[SHORT_TEXT_CHECK_MARKER] = _check_short_texts  # noqa: F821
GUEST_CHECKS[AFTER_EXTRACTION_MARKER] = _check_tree_after_extraction  # noqa: F821
