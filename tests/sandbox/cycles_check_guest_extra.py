# Appended to the real guest glue (src/riptide/guest/app.py) after check_hooks_guest_extra.py to
# build a test component that, for an input starting with CYCLES_CHECK_MARKER, extracts the rest
# in article mode inside the guest with the cyclic garbage collector off, then counts what it
# finds unreachable: every tree the call built, parsed, copied or released by the C passes (the
# tidy's releases in csrc/cleanpass/tidy.c among them), must have gone by reference counting,
# also when the engine refuses the page. It answers with an error either way (the host reads
# errors without building a result): invalid-html "no cycles" when the collector found nothing,
# internal-error with the count. After CYCLES_SKEW_MARKER the check leaves one cycle of its own
# (a list holding itself), to show that a cycle is seen.
CYCLES_CHECK_MARKER = "RIPTIDE-CYCLES-CHECK\n"
CYCLES_SKEW_MARKER = "-SKEW\n"


def _check_cycles(html):
    import contextlib
    import gc

    from riptide.engine.modes import Mode
    from riptide.engine.pipeline import extract_with_stats
    from riptide.errors import ExtractionError

    skew = html.startswith(CYCLES_SKEW_MARKER)
    html = html.removeprefix(CYCLES_SKEW_MARKER)
    gc.collect()
    gc.disable()
    try:
        with contextlib.suppress(ExtractionError):  # a refused page must leave nothing behind either
            extract_with_stats(html, "https://example.com/story", Mode.of("article"))
        if skew:
            looped = []
            looped.append(looped)
            del looped
        found = gc.collect()
    finally:
        gc.enable()
    if found == 0:
        raise Err(wit.ExtractionError_InvalidHtml("no cycles"))  # noqa: F821
    raise Err(wit.ExtractionError_InternalError(f"{found} objects left in reference cycles"))  # noqa: F821


GUEST_CHECKS[CYCLES_CHECK_MARKER] = _check_cycles  # noqa: F821 - check_hooks_guest_extra.py
