# Appended to the real guest glue (src/riptide/guest/app.py) by guest_profile.py to build a
# component that profiles the engine where it really runs: inside the guest. Marked inputs answer
# with an error carrying the figures (the host reads errors without building a result).
import cProfile
import io
import pstats
import time

_RealExtractor = Extractor  # noqa: F821 - defined by the glue this is appended to
PROFILE_MARKER = "RIPTIDE-PROFILE\n"
REPORT_MARKER = "RIPTIDE-PROFILE-REPORT\n"
PARSE_MARKER = "RIPTIDE-PARSE-TIMING\n"
_profile = cProfile.Profile()


def _parse_seconds(html):
    """Best of 3 of dom.parse (the C core) and of the pure-Python tokenizer and builder."""
    timings = []
    for parse in (dom.parse, lambda page: dom.build(dom._scan(page))):  # noqa: F821
        best = float("inf")
        for _ in range(3):
            with dom.gc_paused():  # noqa: F821
                started = time.perf_counter()
                parse(html)
                best = min(best, time.perf_counter() - started)
        timings.append(best)
    return timings


class Extractor(_RealExtractor):  # type: ignore[no-redef]
    def extract_with_stats(self, html, url, mode):
        if html.startswith(PROFILE_MARKER):
            html = html[len(PROFILE_MARKER) :]
            _profile.enable()
            try:
                pipeline.extract_with_stats(html, url, _mode_of(mode))  # noqa: F821
            except Exception:
                pass
            finally:
                _profile.disable()
            raise Err(wit.ExtractionError_InvalidHtml("profiled"))  # noqa: F821
        if html.startswith(REPORT_MARKER):
            out = io.StringIO()
            stats = pstats.Stats(_profile, stream=out).sort_stats("tottime")
            stats.print_stats(45)
            stats.print_callers(12)
            raise Err(wit.ExtractionError_InvalidHtml(out.getvalue()))  # noqa: F821
        if html.startswith(PARSE_MARKER):
            c_seconds, python_seconds = _parse_seconds(html[len(PARSE_MARKER) :])
            raise Err(wit.ExtractionError_InvalidHtml(f"{c_seconds} {python_seconds}"))  # noqa: F821
        return super().extract_with_stats(html, url, mode)


_RealPackedProfile = Packed  # noqa: F821


class Packed(_RealPackedProfile):  # type: ignore[no-redef]
    def extract_packed(self, html, url, mode):
        if html.startswith((PROFILE_MARKER, REPORT_MARKER, PARSE_MARKER)):
            return Extractor().extract_with_stats(html, url, mode)
        return super().extract_packed(html, url, mode)
