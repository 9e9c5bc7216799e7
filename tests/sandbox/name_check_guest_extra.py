# Appended to the real guest glue (src/riptide/guest/app.py) to build a test component that, for
# an input starting with NAME_CHECK_MARKER, checks inside the guest (CPython 3.14, its regex
# engine and Unicode tables, the gates' C table of csrc/copypass/gates.c) that the class/id
# verdicts a NameMemos group settles behind the literal gates (engine/article_rules.py) are the
# patterns' own searches: for every class and id value of the page that follows, or for each line
# after VALUES_MARKER. A fresh group of the engine's memos' patterns is checked (the engine's own
# keep their verdicts). It answers with an error either way (the host reads errors without
# building a result): invalid-html "names settled" when every verdict is the search's,
# internal-error naming the first value that is not (or whose C gate answer differs from the
# regex searches'). BREAK_MARKER first drops "author" from the byline memo's gate (its literals
# and its proofs), and BAD_PROOF_MARKER gives it the unsound proof "post", to show the check can
# fail.
NAME_CHECK_MARKER = "RIPTIDE-NAME-CHECK\n"
VALUES_MARKER = "VALUES\n"
BREAK_MARKER = "BREAK\n"
BAD_PROOF_MARKER = "BAD-PROOF\n"


def _fresh_names():
    """A group of the engine's memos' patterns (NAME_MEMOS), its memos, and its box verdicts
    with the memos they join (cleaning._BOX_NAMES's)."""
    from riptide.engine import article_rules, cleaning
    from riptide.engine.article_rules import NAME_MEMOS, NameMemo, NameMemos

    group = NameMemos()
    memos = [NameMemo(memo.pattern, group) for memo in NAME_MEMOS.memos]
    joined = (cleaning._SHARE_NAME, cleaning._SIGNUP_NAME, cleaning._CAPTION_NAME)
    joined += (article_rules.AUTHOR_BOX_NAME, cleaning._DISCLAIMER_NAME)
    boxes = group.any_of(*(memos[NAME_MEMOS.memos.index(memo)] for memo in joined))
    group.settle("")  # makes its gates
    return group, memos, boxes, [memo.pattern for memo in joined]


def _misjudged(group, memos, boxes, box_patterns, value):
    """Where the settled verdicts on ``value`` are not the searches, or the C gates' answer is
    not the regex searches'; else None."""
    from riptide.engine.literal_gate import fold

    lowered = value.lower()
    gates = group.gates
    if gates.table is None:
        return "the gates' C table is not in this component"
    searched = sum(1 << i for i, may in enumerate(gates.searched(fold(lowered))) if may)
    if gates.bits(lowered) != searched:
        return f"C gates {gates.bits(lowered):b} != searched {searched:b} on {value[:200]!r}"
    for memo in memos:
        if memo.found_in(value) != (memo.pattern.search(lowered) is not None):
            return f"{memo.pattern.pattern[:40]!r} on {value[:200]!r}: settled {memo.found_in(value)}"
    if boxes[value] != any(pattern.search(lowered) for pattern in box_patterns):
        return f"box verdict on {value[:200]!r}: settled {boxes[value]}"
    return None


def _check_names(html):
    import re

    from riptide.engine.article_rules import BYLINE

    group, memos, boxes, box_patterns = _fresh_names()
    byline = next(gate for gate in group.gates.gates if gate.pattern is BYLINE)
    if html.startswith(BREAK_MARKER):
        html = html[len(BREAK_MARKER) :]
        byline.literals = tuple(literal for literal in byline.literals if literal != "author")
        byline.proofs = tuple(proof for proof in byline.proofs if "author" not in proof)
        byline.finder = re.compile("|".join(byline.literals))
        group.gates.index()
    if html.startswith(BAD_PROOF_MARKER):
        html = html[len(BAD_PROOF_MARKER) :]
        byline.literals += ("post",)
        byline.proofs += ("post",)
        byline.finder = re.compile("|".join(byline.literals))
        group.gates.index()
    if html.startswith(VALUES_MARKER):
        values = html[len(VALUES_MARKER) :].split("\n")
    else:
        values = []
        with dom.gc_paused():  # noqa: F821 - imported by the glue
            for element in dom.parse(html).root.iter():  # noqa: F821
                values += [value for name in ("class", "id") if (value := element.attrs.get(name))]
    problem = None
    for value in values:
        if value and (problem := _misjudged(group, memos, boxes, box_patterns, value)) is not None:
            break
    if problem is None:
        raise Err(wit.ExtractionError_InvalidHtml("names settled"))  # noqa: F821
    raise Err(wit.ExtractionError_InternalError(problem[:500]))  # noqa: F821


GUEST_CHECKS[NAME_CHECK_MARKER] = _check_names  # noqa: F821 - check_hooks_guest_extra.py
