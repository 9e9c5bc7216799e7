"""Counting a batch and showing it: ``Tally`` (the counts, which always add up to ``total``),
``Progress`` (a line on stderr: pages/s, errors, input bytes read, ETA) and the summary line."""

from __future__ import annotations

import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import TextIO

from .pages import PageResult

#: Seconds between progress lines when stderr is not a terminal (a terminal's line is redrawn
#: at most every ``_REDRAW_SECS``).
_LOG_EVERY_SECS = 5.0
_REDRAW_SECS = 0.2


@dataclass
class Tally:
    """Every source read is exactly one of: extracted, skipped, errors, duplicates, resumed."""

    extracted: int = 0
    skipped: int = 0
    errors: int = 0
    duplicates: int = 0
    #: Already in OUT (``--resume``): not processed again.
    resumed: int = 0
    errors_by_kind: Counter[str] = field(default_factory=Counter)
    started: float = field(default_factory=time.monotonic)

    @property
    def total(self) -> int:
        return self.extracted + self.skipped + self.errors + self.duplicates + self.resumed

    @property
    def processed(self) -> int:
        return self.total - self.resumed

    def count(self, result: PageResult) -> None:
        if result.status == "extracted":
            self.extracted += 1
        elif result.status == "skipped":
            self.skipped += 1
        elif result.status == "duplicate":
            self.duplicates += 1
        else:
            self.errors += 1
            self.errors_by_kind[result.error_kind or "unknown"] += 1

    def rate(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.processed / elapsed if elapsed > 0 else 0.0

    def summary(self) -> str:
        """The final line: every count, and how they add up."""
        elapsed = time.monotonic() - self.started
        kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(self.errors_by_kind.items()))
        return (
            f"batch: {self.total} sources in {elapsed:.1f} s ({self.rate():.1f} pages/s): "
            f"{self.extracted} extracted, {self.skipped} skipped (not HTML pages), "
            f"{self.errors} errors{f' ({kinds})' if kinds else ''}, "
            f"{self.duplicates} near-duplicates dropped, {self.resumed} already in OUT"
        )


class Progress:
    """A progress line on ``stream``; ETA from input bytes read against the inputs' total size."""

    def __init__(self, total_bytes: int, enabled: bool, stream: TextIO | None = None) -> None:
        self.total_bytes = max(total_bytes, 1)
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self.bytes_read = 0
        self._terminal = self.stream.isatty()
        self._shown = 0.0

    def advance(self, size: int) -> None:
        self.bytes_read += size

    def show(self, tally: Tally, *, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._shown < (_REDRAW_SECS if self._terminal else _LOG_EVERY_SECS):
            return
        self._shown = now
        line = self.line(tally, now)
        if self._terminal:
            self.stream.write(f"\r{line}\x1b[K")
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def line(self, tally: Tally, now: float) -> str:
        share = min(self.bytes_read / self.total_bytes, 1.0)
        elapsed = now - tally.started
        eta = elapsed * (1 - share) / share if share > 0 else None
        eta_text = "--:--" if eta is None else time.strftime("%H:%M:%S", time.gmtime(eta))
        return (
            f"batch: {tally.processed} pages ({tally.rate():.1f}/s), {tally.errors} errors, "
            f"{self.bytes_read / 1e6:.1f} of {self.total_bytes / 1e6:.1f} MB read, ETA {eta_text}"
        )

    def finish(self, tally: Tally) -> None:
        if self.enabled:
            self.show(tally, force=True)
            if self._terminal:
                self.stream.write("\n")
