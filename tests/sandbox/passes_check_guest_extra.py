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
        difference = (
            _render_text_difference(doc)
            or _next_page_difference(doc)
            or _collapse_difference(doc)
            or _copied_names_difference(elements)
            or _scan_difference(elements)
            or _links_difference(doc)
            or _pack_difference(doc)
        )
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


def _scan_difference(elements):
    """metadata._scan_body_python against _fastpass.scan_body (C): everything each gathers into
    a fresh _Sources, elements compared by identity."""
    from riptide.engine import _fastpass  # type: ignore[attr-defined]

    gathered = []
    for scan in (metadata._scan_body_python, _fastpass.scan_body):  # noqa: F821
        sources = metadata._Sources()  # noqa: F821
        scan(elements, sources)
        view = {}
        for name, value in vars(sources).items():
            if isinstance(value, list):
                value = [id(item) if isinstance(item, dom.Element) else item for item in value]  # noqa: F821
            elif isinstance(value, dict) and name == "itemprops":
                value = [(key, id(node)) for key, node in value.items()]
            elif isinstance(value, dom.Element):  # noqa: F821
                value = id(value)
            view[name] = value
        gathered.append(view)
    python, c = gathered
    for name in python:
        if python[name] != c[name]:
            return f"scan_body: {name} differs: python {python[name]!r} c {c[name]!r}"
    return None


def _copied_names_difference(elements):
    """metadata_candidates in C against Python on copies of the first 300 elements whose
    attribute names are fresh, equal strs, not the parser's interned ones (the C core matches
    names by identity first, then by hash and value, as a dict look-up does)."""
    from riptide.engine import _fastpass  # type: ignore[attr-defined]

    copies = [
        dom.Element(e.tag, {"".join(list(name)): value for name, value in e.attrs.items()})  # noqa: F821
        for e in elements[:300]
    ]
    python = [id(e) for e in metadata.metadata_candidates(copies)]  # noqa: F821
    c = [id(e) for e in _fastpass.metadata_candidates(copies)]
    if python != c:
        return f"metadata_candidates on copied names: python kept {len(python)} of {len(copies)}, c {len(c)}"
    return None


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


#: (prefix, stem, number) next_page_candidates is asked about: the corpus's page, other hosts and
#: schemes, a two-digit page, a host with a digit (the number outside the path), an empty stem,
#: non-ASCII host and stem.
NEXT_PAGE_WANTED = (
    ("http://fakehost", "/test/page", "2"),
    ("https://news.example", "/local/harbour-tunnel", "3"),
    ("http://ex2.com", "", "2"),
    ("https://fakehost", "/a", "12"),
    ("http://fakéhost", "/test/pagé", "2"),
)
#: Hrefs and rels made to reach each branch of may_name_page and of the rel test (each href
#: with each rel, on an <a> and a <link>).
NEXT_PAGE_HREFS = tuple(
    f"{scheme}{host}{path}"
    for scheme in ("http://", "HTTPS://", "https://", "hTtP:", "//", "/", "", "?page=", "mailto:")
    for host in ("fakehost", "FakeHost", "news.example", "ex2.com", "", "/", "?", "#", "fakéhost")
    for path in (
        *("/test/page-2.html", "/test/page/2", "/./test/page/2", "/x/../test/page?page=2", "/a/12?page=3"),
        *("/local/harbour-tunnel/3", "/x?p=1", "/2", "", " 2", "/%32", "/\t2", "/\ud8002", "/test/pagé/2"),
    )
)
NEXT_PAGE_RELS = (
    None,
    "next",
    "NEXT",
    "nofollow next",
    "next\u2003x",
    "nextpage",
    "ne\u212axt",
    "n\u0130ext",
    "\ud800",
)


_MADE_CHECKED = []


def _next_page_difference(doc):
    """next_page_candidates in C against the Python definition, on the parser's link list and
    (on the first page checked: they are the same for every page) on made-up links, for each of
    NEXT_PAGE_WANTED."""
    from riptide.engine import _fastpass, pagination  # type: ignore[attr-defined]

    made = (
        [
            dom.Element(tag, {"href": href} if rel is None else {"href": href, "rel": rel})  # noqa: F821
            for href in NEXT_PAGE_HREFS
            for rel in NEXT_PAGE_RELS
            for tag in ("a", "link")
        ]
        if not _MADE_CHECKED
        else []
    )
    _MADE_CHECKED.append(True)
    for elements in (doc.link_elements, made):
        for prefix, stem, number in NEXT_PAGE_WANTED:
            python = [id(e) for e in pagination.next_page_candidates(elements, prefix, stem, number)]
            c = [id(e) for e in _fastpass.next_page_candidates(elements, prefix, stem, number)]
            if python != c:
                first = next((i for i, (a, b) in enumerate(zip(python, c, strict=False)) if a != b), None)
                at = min(len(python), len(c)) if first is None else first
                node = next(e for e in elements if id(e) == (python + c)[at] or id(e) == (c + python)[at])
                return (
                    f"next_page_candidates({prefix!r}, {stem!r}, {number!r}): python kept {len(python)} of"
                    f" {len(elements)}, c {len(c)}; first difference near {node.tag} {node.attrs!a}"
                )
    return None


def _render_text_difference(doc):
    """render_text in C against render_text_python, on the whole tree and on each subtree of
    the first 200 block elements (their own walks start at a block, not at <html>); and the
    lines of every element's table rows (``_fastpass.table_lines`` against ``_table_lines``)."""
    from riptide.engine import _fastpass, plaintext  # type: ignore[attr-defined]

    roots = [doc.root, *[e for e in doc.body_elements if e.tag in plaintext.BLOCK_TAGS][:200]]
    for root in roots:
        python = plaintext.render_text_python(root)
        c = plaintext.without_invisible(_fastpass.render_text(root))
        if python != c:
            at = next((i for i, (a, b) in enumerate(zip(python, c, strict=False)) if a != b), None)
            at = min(len(python), len(c)) if at is None else at
            return f"render_text of {root!r}: at {at}, python {python[at : at + 40]!a}, c {c[at : at + 40]!a}"
    for element in doc.body_elements:  # a data table's lines (the walk calls them back per table)
        rows = plaintext.table_rows(element)
        python_lines = plaintext._table_lines(rows)
        c_lines = _fastpass.table_lines(rows, plaintext.CELL_SEPARATOR, plaintext.SOFT_HYPHEN)
        if python_lines != c_lines:
            return f"table_lines of {element!r}: python {python_lines!a:.300}, c {c_lines!a:.300}"
    return None


#: Bases the link list is resolved against: a page with a query, none, a non-http(s) one, an
#: upper-case scheme with user info and port, a bare origin, an IPv6 literal, one with a fragment.
LINK_BASES = (
    "https://example.com/dir/page.html?q=1",
    "",
    "file:///tmp/page.html",
    "HTTP://User@Ex.COM:8080/a/b",
    "https://example.com",
    "http://[::1]:80/a/",
    "https://example.com/dir/page.html#top",
)


def _links_difference(doc):
    """links._links_python against _fastpass.collect_links (C) on the body's anchors (what
    collect_links hands either) and on the parser's link list (collect_page_links'), for each of
    LINK_BASES: the records field for field, in order."""
    from riptide.engine import _fastpass, links, media, urls  # type: ignore[attr-defined]

    anchor_lists = (
        media.elements_outside(doc.body, links.LINK_TAGS, links.SKIPPED_TAGS),
        [node for node in doc.link_elements if node.tag in links.LINK_TAGS],
    )
    for anchors in anchor_lists:
        for base in LINK_BASES:
            python = [_link_fields(link) for link in links._links_python(anchors, base)]
            c = [
                _link_fields(link) for link in _fastpass.collect_links(anchors, base, urls.http_origin(base))
            ]
            if python != c:
                at = next((i for i, (a, b) in enumerate(zip(python, c, strict=False)) if a != b), None)
                at = min(len(python), len(c)) if at is None else at
                return (
                    f"collect_links against {base!r}: python {len(python)} links, c {len(c)};"
                    f" first difference at {at}: python {python[at : at + 1]!a}, c {c[at : at + 1]!a}"
                )
    return None


#: Characters json.dumps escapes, or writes as they are, in every UTF-8 length.
PACKED_TEXTS = ("", '"', "\\", "\b\f\n\r\t", "\x00\x01\x1f\x7f", " é ", "\u2028", "\U0001f600", 'a\\"b')


_PACK_MADE_CHECKED = []


def _pack_difference(doc):
    """packed.pack (its rows in C) against packed.pack_python (json.dumps) on the page's links
    and media, and once on made-up records holding every kind of character and value."""
    from riptide.engine import links, media, packed
    from riptide.engine.result import Link, Media

    base = LINK_BASES[0]
    cases = [
        (links.collect_page_links(doc, base), media.collect_media(doc.body, base, "https://ex.com/i.png"))
    ]
    if not _PACK_MADE_CHECKED:
        _PACK_MADE_CHECKED.append(True)
        made_links = [
            Link(text, text, bool(i % 2), bool(i % 3), bool(i % 5), text or None)
            for i, text in enumerate(PACKED_TEXTS)
        ]
        made_media = [
            Media(
                "image",
                text,
                text or None,
                None if i % 2 else text,
                i * 1000003,
                None if i % 3 else 2**32 - 1,
            )
            for i, text in enumerate(PACKED_TEXTS)
        ]
        cases.append((made_links, made_media))
    for link_list, media_list in cases:
        c, python = packed.pack(link_list, media_list), packed.pack_python(link_list, media_list)
        if c != python:
            at = next(
                (i for i, (a, b) in enumerate(zip(python, c, strict=False)) if a != b),
                min(len(c), len(python)),
            )
            return f"pack: at {at}, python {python[at : at + 40]!a}, c {c[at : at + 40]!a}"
    return None


def _link_fields(link):
    from riptide.engine.result import Link

    return (type(link) is Link, link.url, link.text, link.nofollow, link.ugc, link.sponsored, link.hreflang)


GUEST_CHECKS[PASSES_CHECK_MARKER] = _check_passes  # noqa: F821 - check_hooks_guest_extra.py
