# Appended to the real guest glue (src/riptide/guest/app.py) to build a test component that, for
# an input starting with GATE_CHECK_MARKER, checks inside the guest (CPython 3.14, its own
# Unicode tables and regex parser) that the furniture-line gates of engine/cleaning.py admit every
# line a rule matches: each furniture-tag element's text of the page that follows, or (FOLD_MARKER)
# every code point against every literal character of the gates. It answers with an error either
# way (the host reads errors without building a result): invalid-html "gates admit" when they do,
# internal-error naming the first line they refuse (or whose C answer, csrc/copypass/gates.c,
# differs from the regex searches'). BREAK_MARKER first drops one literal from the prompt rule's
# gate, and BREAK_OPENING_MARKER makes every literal of its gate an opening (required at the
# line's start), to show the check can fail. The opening gates of the rules matched at a line's
# start (cleaning._STARTED_LINES, article_rules.BOX_LABEL_OPENINGS, LABEL_WORDS_OPENINGS) are
# checked on the same lines: their C table answers as their Python test does, and admits every
# line a rule matches; BREAK_START_MARKER first drops the start rules' "read …" openings.
GATE_CHECK_MARKER = "RIPTIDE-GATE-CHECK\n"
FOLD_MARKER = "FOLD\n"
BREAK_MARKER = "BREAK\n"
BREAK_OPENING_MARKER = "BREAK-OPENING\n"
BREAK_START_MARKER = "BREAK-START\n"


def _refused(text):
    """The first rule ``text`` matches that its gate does not admit, else None; or where the
    C look-up of the literals (csrc/copypass/gates.c) and the regex searches disagree."""
    from riptide.engine import cleaning
    from riptide.engine.literal_gate import fold

    gates = cleaning._SEARCHED_LINES
    answers = gates.may_match(text)
    if gates.table is None:
        return "the gates' C table is not in this component"
    if answers != gates.searched(fold(text)):
        return f"C {answers} != searched {gates.searched(fold(text))}"
    for gate, admitted in zip(gates.gates, answers, strict=True):
        if gate.pattern.search(text) and not admitted:
            return gate.pattern.pattern[:40]
    return _refused_at_start(text)


def _refused_at_start(text):
    """The first opening gate whose rule matches ``text`` at its start though the gate refuses
    it, or whose C table (csrc/copypass/gates.c) answers otherwise than its Python test."""
    from riptide.engine import _copypass, cleaning
    from riptide.engine.article_rules import BOX_LABEL_OPENINGS, LABEL_WORDS_OPENINGS
    from riptide.engine.literal_gate import fold

    for gate in (cleaning._STARTED_LINES, BOX_LABEL_OPENINGS, LABEL_WORDS_OPENINGS):
        admitted = gate.may_match(text)
        if gate.table is None:
            return "the opening gates' C table is not in this component"
        if bool(_copypass.gates_found(gate.table, fold(text))) != admitted:
            return f"C opening gate != Python's ({admitted}) for {gate.patterns[0].pattern[:30]}"
        if any(pattern.match(text) for pattern in gate.patterns) and not admitted:
            return gate.patterns[0].pattern[:40]
    return None


def _check_fold():
    import re

    from riptide.engine import cleaning
    from riptide.engine.literal_gate import fold

    everything = "".join(chr(code) for code in range(0x110000) if not 0xD800 <= code < 0xE000)
    gates = cleaning._SEARCHED_LINES.gates
    alphabet = {c for gate in gates for literal in (*gate.literals, *gate.openings) for c in literal}
    for char in sorted(alphabet):
        for matched in re.compile(re.escape(char), re.I).findall(everything):
            if fold(matched) != char:
                return f"{matched!r} (U+{ord(matched):04X}) folds to {fold(matched)!r}, not {char!r}"
    return None


def _check_gates(html):
    import re

    from riptide.engine import cleaning
    from riptide.engine.article_rules import FURNITURE_LINE_TAGS

    if html.startswith(FOLD_MARKER):
        problem = _check_fold()
    else:
        prompt = next(g for g in cleaning._SEARCHED_LINES.gates if g.pattern is cleaning.PROMPT_LINE)
        finder, literals, openings = prompt.finder, prompt.literals, prompt.openings
        if html.startswith(BREAK_MARKER):
            html = html[len(BREAK_MARKER) :]
            prompt.finder, prompt.literals = re.compile("newsletter"), ("newsletter",)
            cleaning._SEARCHED_LINES.index()
        if html.startswith(BREAK_OPENING_MARKER):
            html = html[len(BREAK_OPENING_MARKER) :]
            prompt.finder, prompt.literals, prompt.openings = None, (), literals + openings
            cleaning._SEARCHED_LINES.index()
        started = cleaning._STARTED_LINES
        started_openings = started.openings
        if html.startswith(BREAK_START_MARKER):
            html = html[len(BREAK_START_MARKER) :]
            started.openings = tuple(s for s in started.openings if not s.startswith("read"))
            started.index()
        problem = None
        try:
            with dom.gc_paused():  # noqa: F821 - imported by the glue
                for element in dom.parse(html).root.iter(*FURNITURE_LINE_TAGS):  # noqa: F821
                    text = element.text()
                    if len(text) <= 400 and (rule := _refused(text)) is not None:
                        problem = f"{rule!r} matches {text[:200]!r}, its gate refuses it"
                        break
        finally:
            prompt.finder, prompt.literals, prompt.openings = (
                finder,
                literals,
                openings,
            )  # serves the next checks
            cleaning._SEARCHED_LINES.index()
            started.openings = started_openings
            started.index()
    if problem is None:
        raise Err(wit.ExtractionError_InvalidHtml("gates admit"))  # noqa: F821
    raise Err(wit.ExtractionError_InternalError(problem[:500]))  # noqa: F821


GUEST_CHECKS[GATE_CHECK_MARKER] = _check_gates  # noqa: F821 - check_hooks_guest_extra.py
