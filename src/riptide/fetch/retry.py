"""When to try a request again, and how long to wait first.

Retried: 429 and 503 answers, and connection failures (refused, reset, closed without an answer,
connect timeout) — the failures where the same request may well succeed a moment later. Not
retried: read timeouts (the server is slow, not absent; retrying would spend the total time
budget twice) and every other status.

Wait before retry ``n`` (0-based): the server's ``Retry-After`` (seconds or HTTP-date) when it
sent one, else ``RIPTIDE_FETCH_RETRY_BACKOFF_SECS × 2ⁿ``. A Retry-After beyond
``RIPTIDE_FETCH_MAX_RETRY_AFTER_SECS`` fails the fetch at once (``retry-after-too-long``,
retryable: the caller may come back when the server asked), and so does a wait that would not
fit in what is left of the fetch's total time.
"""

from __future__ import annotations

import email.utils
import time
from dataclasses import dataclass

import httpx

from ..config import Settings
from ..errors import FetchError

#: httpx failures after which the request is retried: nothing (useful) reached us.
RETRIED_ERRORS: tuple[type[httpx.HTTPError], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.ReadError,
    httpx.RemoteProtocolError,
)


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (delay-seconds or HTTP-date); None if absent/invalid.

    ``now`` is the current Unix time (for tests); dates in the past mean "retry now" (0).
    """
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # HTTP-dates are GMT
        return None
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int
    backoff_secs: float
    max_retry_after_secs: float

    @classmethod
    def from_settings(cls, settings: Settings) -> RetryPolicy:
        return cls(
            settings.fetch_max_retries, settings.fetch_retry_backoff_secs, settings.fetch_max_retry_after_secs
        )

    def delay(self, attempt: int, retry_after: float | None, *, url: str, status: int | None) -> float:
        """Seconds to wait before retry number ``attempt`` (0-based); raises if the server asks too much."""
        if retry_after is None:
            return float(self.backoff_secs * 2**attempt)
        if retry_after > self.max_retry_after_secs:
            raise FetchError(
                f"{url} answered HTTP {status} asking to retry after {retry_after:g} s, longer than "
                f"RIPTIDE_FETCH_MAX_RETRY_AFTER_SECS ({self.max_retry_after_secs:g} s); try again later",
                url,
                retryable=True,
                status=status,
                kind="retry-after-too-long",
            )
        return retry_after
