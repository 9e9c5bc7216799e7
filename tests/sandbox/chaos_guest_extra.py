# Appended to the real guest glue (src/riptide/guest/app.py) to build a test component that
# misbehaves on request. Inputs are markers no real page carries.
import os as _os

_Real = Extractor  # noqa: F821 - defined by the glue this is appended to


class Extractor(_Real):  # type: ignore[no-redef]
    def extract_with_stats(self, html, url, mode):
        if "RIPTIDE-CHAOS-TRAP" in html:
            return None  # not a (content, stats) tuple: lowering fails and the instance traps
        if "RIPTIDE-CHAOS-PROBE" in html:
            return self._probe(url)
        return super().extract_with_stats(html, url, mode)

    def _probe(self, url):
        """Report what the guest can see of the host: files, environment, network."""
        findings = []
        for path in ("/", "/etc", "/tmp", "."):
            try:
                findings.append(f"listdir {path}: {sorted(_os.listdir(path))[:5]}")
            except Exception as error:
                findings.append(f"listdir {path}: denied {type(error).__name__}")
        findings.append(f"environ: {dict(_os.environ)}")
        try:
            import socket

            socket.create_connection(("127.0.0.1", 9), timeout=1)
            findings.append("socket: connected")
        except Exception as error:
            findings.append(f"socket: denied {type(error).__name__}")
        result = wit.ExtractedContent(  # noqa: F821
            url=url,
            title="probe",
            byline=None,
            published_iso=None,
            markdown="",
            text="\n".join(findings),
            links=[],
            media=[],
            language=None,
            reading_time=None,
            quality_score=None,
            word_count=None,
            categories=[],
            site_name=None,
            description=None,
            next_page=None,
        )
        return result, wit.ExtractionStats(0, 0, None, 0, 0)  # noqa: F821


_RealPacked = Packed  # noqa: F821 - defined by the glue this is appended to


class Packed(_RealPacked):  # type: ignore[no-redef]
    """The host calls the packed fast path when the component has it: misbehave there alike."""

    def extract_packed(self, html, url, mode):
        if "RIPTIDE-CHAOS-" in html:
            answer = Extractor().extract_with_stats(html, url, mode)
            return None if answer is None else (*answer, "[[],[]]")
        return super().extract_packed(html, url, mode)
