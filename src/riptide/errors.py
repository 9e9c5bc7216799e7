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
    └── FetchError                  a URL could not be fetched (``retryable`` says if retrying may help)

Every error carries a message that says what was wrong and, where it helps, what to do.
``ExtractionError.kind`` matches the ``extraction-error`` case names of ``wit/extractor.wit``.
"""

from __future__ import annotations


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


class FetchError(RipTideError):
    """A URL could not be fetched."""

    def __init__(self, message: str, url: str, retryable: bool = False, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.url = url
        self.retryable = retryable
        self.status = status
