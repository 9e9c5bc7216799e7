# Appended to the real guest glue (src/riptide/guest/app.py) to build a test component that, for
# an input "RIPTIDE-MEASURES-CHECK\nSEED STEPS", drives the cleaner's Measures (csrc/measures/)
# inside the guest beside a dict doing the same: STEPS seeded steps that store new and known
# elements' vectors (zeros, negative zero, infinities, lists and tuples), read them back, ask for
# absent ones, and every so often compare the whole mapping (length, keys in insertion order,
# items, membership); past a few thousand keys its table is rebuilt several times. Its spans
# (Measures.spans(), _Content.spans) are set on some stored keys beside a second dict and
# compared the same way. Then the errors a caller must get: a wrong width or type, a deletion,
# an absent key, a span not ending at its element's row or set before its vector. It answers
# with an error either way: invalid-html "measures ok", or internal-error saying what differed.
MEASURES_CHECK_MARKER = "RIPTIDE-MEASURES-CHECK\n"


def _same_vector(a, b):
    """Equal vectors, telling 0.0 from -0.0 (``==`` does not)."""
    import math

    if len(a) != len(b):
        return False
    return all(x == y and math.copysign(1, x) == math.copysign(1, y) for x, y in zip(a, b, strict=True))


def _measures_steps(seed, steps):
    """None when a Measures and a dict agreed through ``steps`` seeded steps, else where not."""
    import random

    from riptide.engine import _measures

    rng = random.Random(seed)
    width = rng.randrange(1, 17)
    measures, expected = _measures.Measures(width), {}
    spans, expected_spans, row_of = measures.spans(), {}, {}
    made = []  # every key stored: held only by both mappings once dropped from here
    values = (0.0, -0.0, 1.0, 2.5, -3.0, 1e300, float("inf"), float("-inf"))
    for step in range(steps):
        action = rng.random()
        if action < 0.45 or not made:
            key = dom.Element(rng.choice(("p", "div", "table")))  # noqa: F821 - imported by the glue
            made.append(key)
        else:
            key = rng.choice(made)
        if action < 0.75:
            vector = [rng.choice(values) for _ in range(width)]
            measures[key] = vector if rng.random() < 0.5 else tuple(vector)
            expected[key] = vector
            row_of.setdefault(key, len(row_of))
        if key in expected and rng.random() < 0.3:  # a span ends at its own row
            last = row_of[key]
            expected_spans[key] = spans[key] = (rng.randrange(0, last + 1), last)
        got_span = spans.get(key, "absent")
        if got_span != expected_spans.get(key, "absent"):
            return f"step {step}: spans.get gave {got_span!r} for {expected_spans.get(key, 'absent')!r}"
        got = measures.get(key, "absent")
        absent = got == "absent"
        if absent != (key not in expected) or (not absent and not _same_vector(got, expected[key])):
            return f"step {step}: get gave {got!r} for {expected.get(key, 'absent')!r}"
        stranger = dom.Element("p")  # noqa: F821
        if stranger in measures or measures.get(stranger) is not None or stranger in spans:
            return f"step {step}: an element never stored was found"
        if rng.random() < 0.02:
            del made[: len(made) // 2]  # the mappings alone keep those keys alive
        if step % 997 == 0 or step == steps - 1:
            order = list(expected)
            if len(measures) != len(expected) or list(measures) != order or measures.keys() != order:
                return f"step {step}: {len(measures)} keys in their order, the dict {len(expected)}"
            pairs = zip(measures.items(), expected, strict=True)
            if any(k is not e or not _same_vector(v, expected[e]) for (k, v), e in pairs):
                return f"step {step}: items differ from the dict's"
            stored = expected.items()
            if not all(key in measures and _same_vector(measures[key], vector) for key, vector in stored):
                return f"step {step}: a stored key is missing or its vector changed"
            span_order = sorted(expected_spans, key=row_of.__getitem__)  # spans list in row order
            if len(spans) != len(expected_spans) or list(spans) != span_order or spans.keys() != span_order:
                return f"step {step}: {len(spans)} spans in their order, the dict {len(expected_spans)}"
            if spans.items() != [(key, expected_spans[key]) for key in span_order]:
                return f"step {step}: span items differ from the dict's"
            if not all(key in spans and spans[key] == span for key, span in expected_spans.items()):
                return f"step {step}: a span is missing or changed"
    return None


def _measures_errors():
    """None when each misuse raised what it must, else which did not."""
    from riptide.engine import _measures

    key, measures = dom.Element("p"), _measures.Measures(3)  # noqa: F821
    spans = measures.spans()
    misuses = {
        "a span on an element not measured": (lambda: spans.__setitem__(dom.Element("p"), (0, 0)), KeyError),  # noqa: F821
        "a span ending past its row": (lambda: spans.__setitem__(key, (0, 1)), ValueError),
        "a span beginning past its row": (lambda: spans.__setitem__(key, (1, 0)), ValueError),
        "a span beginning before row 0": (lambda: spans.__setitem__(key, (-1, 0)), ValueError),
        "a span of one number": (lambda: spans.__setitem__(key, 0), TypeError),
        "a span of text": (lambda: spans.__setitem__(key, ("a", "b")), TypeError),
        "a span deleted": (lambda: spans.__delitem__(key), TypeError),
        "an absent span": (lambda: spans[key], KeyError),
        "a Spans made directly": (lambda: type(spans)(), TypeError),
        "a short vector": (lambda: measures.__setitem__(key, [1.0, 2.0]), ValueError),
        "a vector of text": (lambda: measures.__setitem__(key, ["a", "b", "c"]), TypeError),
        "a number for a vector": (lambda: measures.__setitem__(key, 3.0), TypeError),
        "an absent key": (lambda: measures[dom.Element("p")], KeyError),  # noqa: F821
        "a deletion": (lambda: measures.__delitem__(key), TypeError),
        "width 0": (lambda: _measures.Measures(0), ValueError),
        "width 17": (lambda: _measures.Measures(17), ValueError),
    }
    measures[key] = [1.0, 2.0, 3.0]
    for what, (misuse, error) in misuses.items():
        try:
            misuse()
        except error:
            continue
        except Exception as other:  # the wrong kind is the finding
            return f"{what} raised {type(other).__name__}, not {error.__name__}"
        return f"{what} raised nothing"
    if measures[key] != [1.0, 2.0, 3.0] or len(measures) != 1:
        return "a refused store changed the mapping"
    if len(spans) != 0 or key in spans:
        return "a refused span was kept"
    spans[key] = (0, 0)
    if spans[key] != (0, 0) or list(spans) != [key]:
        return "a span set on row 0 reads back otherwise"
    return None


def _check_measures(text):
    seed, steps = (int(part) for part in text.split())
    problem = _measures_steps(seed, steps) or _measures_errors()
    if problem is None:
        raise Err(wit.ExtractionError_InvalidHtml("measures ok"))  # noqa: F821
    raise Err(wit.ExtractionError_InternalError(problem[:500]))  # noqa: F821


GUEST_CHECKS[MEASURES_CHECK_MARKER] = _check_measures  # noqa: F821 - check_hooks_guest_extra.py
