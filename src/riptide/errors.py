"""RipTide's exceptions. Catch ``RipTideError`` for everything this package raises.

    RipTideError
    ├── ConfigError                 a RIPTIDE_* setting is invalid (the message names it)
    ├── ExtractionError             the document could not be extracted (``kind`` = WIT case)
    │   ├── InvalidHtmlError        empty, binary or non-HTML input
    │   ├── NetworkError            a component reported a network failure
    │   ├── ParseError              input or a CSS selector could not be parsed
    │   ├── ResourceLimitError      the document broke a size, memory or time limit
    │   ├── ExtractorError          the extractor failed on this document
    │   ├── InternalError           a bug in the extractor
    │   └── UnsupportedModeError    unknown mode, or an unsupported selector feature
    ├── SandboxError                the WebAssembly sandbox itself failed
    │   ├── ComponentLoadError      the component could not be built, read or compiled
    │   └── ComponentContractError  the component does not export what the host needs
    └── FetchError                  a URL could not be fetched (``kind`` says why, ``retryable`` if
                                    retrying later may help, ``status`` the HTTP status if any)

Every error carries a message that says what was wrong and, where it helps, what to do.
``ExtractionError.kind`` matches the ``extraction-error`` case names of ``wit/extractor.wit``;
``FetchError.kind`` is one of ``FETCH_ERROR_KINDS``.
"""

from __future__ import annotations

from typing import Final


class RipTideError(Exception):
    """Base class of every exception RipTide raises."""


class ConfigError(RipTideError):
    """A configuration value is invalid."""


class ExtractionError(RipTideError):
    """A document could not be extracted. ``kind`` is the WIT ``extraction-error`` case."""

    kind = "extractor-error"
    #: Whether the same request may succeed when retried unchanged.
    retryable = False

    def __init__(self, message: str, engine: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        #: "wasm" or "native": which path reported the error (None when raised before either ran).
        self.engine = engine


class InvalidHtmlError(ExtractionError):
    kind = "invalid-html"


class NetworkError(ExtractionError):
    kind = "network-error"
    retryable = True


class ParseError(ExtractionError):
    kind = "parse-error"


class ResourceLimitError(ExtractionError):
    kind = "resource-limit"


class ExtractorError(ExtractionError):
    kind = "extractor-error"


class InternalError(ExtractionError):
    kind = "internal-error"


class UnsupportedModeError(ExtractionError):
    kind = "unsupported-mode"


EXTRACTION_ERRORS: dict[str, type[ExtractionError]] = {
    cls.kind: cls
    for cls in (
        InvalidHtmlError,
        NetworkError,
        ParseError,
        ResourceLimitError,
        ExtractorError,
        InternalError,
        UnsupportedModeError,
    )
}


def extraction_error(kind: str, message: str, engine: str | None = None) -> ExtractionError:
    """The ``ExtractionError`` subclass for a WIT case name (unknown names become InternalError)."""
    return EXTRACTION_ERRORS.get(kind, InternalError)(message, engine=engine)


class SandboxError(RipTideError):
    """The WebAssembly sandbox failed (not the document)."""


class ComponentLoadError(SandboxError):
    """The component could not be built, read or compiled."""


class ComponentContractError(SandboxError):
    """The component does not export the ``riptide:extractor`` functions the host calls."""


#: Why a fetch failed: the values of ``FetchError.kind`` (also the outcome names of fetch statistics).
FETCH_ERROR_KINDS: Final = (
    "invalid_url",  # not an absolute http(s) URL with a host, or it carries credentials
    "blocked_address",  # the host is, or resolves to, an internal address (SSRF protection)
    "dns",  # the host name could not be resolved
    "robots_disallowed",  # robots.txt forbids the URL (or could not be fetched: RFC 9309 says wait)
    "timeout",  # a connect, read or total time limit passed
    "connection",  # the connection failed or broke (after retries)
    "http_status",  # the server answered 4xx/5xx (``status`` holds it)
    "too_large",  # the body passed RIPTIDE_MAX_HTML_BYTES
    "unsupported_content_type",  # not HTML or XHTML
    "too_many_redirects",  # more than RIPTIDE_FETCH_MAX_REDIRECTS hops
    "retry_after_too_long",  # the server asked to come back later than RIPTIDE_FETCH_MAX_RETRY_AFTER_SECS
    "content_decoding",  # the gzip/br/zstd body was corrupt
)


class FetchError(RipTideError):
    """A URL could not be fetched. ``kind`` (one of ``FETCH_ERROR_KINDS``) says why."""

    def __init__(
        self,
        message: str,
        url: str,
        retryable: bool = False,
        status: int | None = None,
        *,
        kind: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.url = url
        #: Whether the same fetch may succeed later (timeouts, 429/5xx, robots.txt unreachable, …).
        self.retryable = retryable
        #: The HTTP status that caused the failure, if any.
        self.status = status
        #: Defaults to "http_status" when a status is given, else "connection" (the historical uses).
        self.kind = kind or ("http_status" if status is not None else "connection")
