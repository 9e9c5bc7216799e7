# Appended to the real guest glue (src/riptide/guest/app.py) to build a test component that, for
# an input starting with CHARREF_CHECK_MARKER followed by a JSON list of strings, compares inside
# the guest the C decoder of character references (csrc/charref.c, `_fastscan.unescape`) with
# dom.unescape (html.unescape, which never raises), its definition, on each string: the result,
# or the exception's type and message.
# It answers with an error either way (the host reads errors without building a result):
# invalid-html "charrefs equal" when all are equal, internal-error naming the first difference.
import json as _json_for_check

CHARREF_CHECK_MARKER = "RIPTIDE-CHARREF-CHECK\n"
CHARREF_MUTATE_MARKER = "-MUTATE\n"


def _outcome(decode, text):
    try:
        return ("str", decode(text))
    except Exception as error:  # the definition's own errors must be the C path's too
        return (type(error).__name__, str(error))


def _check_charrefs(payload):
    if dom._fastscan is None:  # noqa: F821 - imported by the glue
        raise Err(wit.ExtractionError_InternalError("the C core is not in this component"))  # noqa: F821
    mutate = payload.startswith(CHARREF_MUTATE_MARKER)  # shows that the check can fail
    texts = _json_for_check.loads(payload.removeprefix(CHARREF_MUTATE_MARKER))

    def in_c(text):
        decoded = dom._fastscan.unescape(text, dom.unescape)  # noqa: F821
        return decoded.replace("\u00a0", " ") if mutate else decoded  # a plausible bug: &nbsp; as a space

    for text in texts:
        expected, got = _outcome(dom.unescape, text), _outcome(in_c, text)  # noqa: F821
        if expected != got:
            detail = f"{text[:80]!r}: python {expected!r} c {got!r}"
            raise Err(wit.ExtractionError_InternalError(detail[:500]))  # noqa: F821
    raise Err(wit.ExtractionError_InvalidHtml("charrefs equal"))  # noqa: F821


GUEST_CHECKS[CHARREF_CHECK_MARKER] = _check_charrefs  # noqa: F821 - check_hooks_guest_extra.py
