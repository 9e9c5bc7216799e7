"""RipTide's exceptions, all of them. Catch ``RipTideError`` for everything this package raises.

    RipTideError
    ├── ConfigError                 a RIPTIDE_* setting is invalid (the message names it)
    │   └── BrokerError             RIPTIDE_REDIS_URL is unset or its Redis unreachable (distributed work)
    ├── ExtractionError             the document could not be extracted (``kind`` = WIT case)
    │   ├── InvalidHtmlError        empty, binary or non-HTML input, or an invalid page URL
    │   ├── NetworkError            a component reported a network failure
    │   ├── ParseError              input or a CSS selector could not be parsed
    │   ├── ResourceLimitError      the document broke a size, memory or time limit
    │   ├── ExtractorError          the extractor failed on this document
    │   ├── InternalError           a bug in the extractor
    │   └── UnsupportedModeError    unknown mode, or an unsupported selector feature
    ├── SandboxError                the WebAssembly sandbox itself failed (not the document)
    │   ├── ComponentLoadError      the component could not be read or compiled
    │   │   └── ComponentBuildError the bundled component could not be built
    │   ├── ComponentContractError  the component does not export what the host needs
    │   ├── PoolExhaustedError      no sandbox instance became free in time
    │   └── GuestTrap               a guest trapped (limits reach callers as ResourceLimitError)
    ├── FetchError                  a URL could not be fetched (``kind`` in FETCH_ERROR_KINDS)
    ├── DiscoveryError              a sitemap or feed could not be read (malformed, too big, unsafe)
    ├── JobStoreError               the crawl-job store (SQLite or Redis) could not be used
    ├── InputError                  a batch input could not be read (``kind`` in INPUT_ERROR_KINDS)
    └── RequestError                the HTTP API refuses a request it understood

This module is stdlib-only: the engine raises these classes too, inside the component (the
build stages this file beside the engine) and natively, so both paths report the same errors.

Every error has a ``kind``: one kebab-case vocabulary for the whole project, whose extraction
kinds are the ``extraction-error`` cases of ``wit/extractor.wit``. ``HTTP_STATUS`` maps every
kind to the status the API answers with; nothing else maps kinds to statuses.
"""

from __future__ import annotations

from typing import Final


class RipTideError(Exception):
    """Base class of every exception RipTide raises."""

    #: The error's name on the wire (API ``error``/``type`` fields, metrics, CLI messages).
    kind = "riptide-error"
    #: Whether the same request may succeed when retried unchanged.
    retryable = False

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConfigError(RipTideError):
    """A configuration value is invalid."""

    kind = "config-invalid"


class BrokerError(ConfigError):
    """Distributed work (``riptide batch --distributed``) needs the Celery broker at
    ``RIPTIDE_REDIS_URL``, and it is not set or does not answer."""

    kind = "broker-unavailable"
    retryable = True


class ExtractionError(RipTideError):
    """A document could not be extracted. ``kind`` is the WIT ``extraction-error`` case."""

    kind = "extractor-error"

    def __init__(self, message: str, engine: str | None = None) -> None:
        super().__init__(message)
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


#: The ``resource-limit`` message of a guest that ran out of linear memory (it caught the
#: ``MemoryError``): the bundled guest sends it and the host counts it as a memory-limit hit.
MEMORY_EXHAUSTED: Final = "the document exhausted the sandbox memory limit"


class ExtractorError(ExtractionError):
    kind = "extractor-error"


class InternalError(ExtractionError):
    kind = "internal-error"


class UnsupportedModeError(ExtractionError):
    kind = "unsupported-mode"


#: The ``ExtractionError`` class of each WIT ``extraction-error`` case.
EXTRACTION_ERRORS: Final[dict[str, type[ExtractionError]]] = {
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

    kind = "sandbox-unavailable"
    retryable = True


class ComponentLoadError(SandboxError):
    """The component could not be read or compiled."""


class ComponentBuildError(ComponentLoadError):
    """The bundled component could not be built; the message says which step failed and why."""


class ComponentContractError(SandboxError):
    """The component does not export the ``riptide:extractor`` functions the host calls."""


class PoolExhaustedError(SandboxError):
    """No sandbox instance became free in time."""


class GuestTrap(SandboxError):
    """A guest trapped. ``reason`` is "timeout", "memory", "stack" or "crash".

    The host reports the limits (timeout, memory, stack) to callers as ``ResourceLimitError``;
    a "crash" reaches them as this error, and the document is never retried outside the sandbox.
    """

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"the extractor component trapped ({reason}): {detail}")
        self.reason = reason
        self.detail = detail


#: Why a fetch failed: the values of ``FetchError.kind`` (also the outcome names of fetch statistics).
FETCH_ERROR_KINDS: Final = (
    "invalid-url",  # not an absolute http(s) URL with a host, or it carries credentials
    "blocked-address",  # the host is, or resolves to, an internal address (SSRF protection)
    "dns",  # the host name could not be resolved
    "robots-disallowed",  # robots.txt forbids the URL (or could not be fetched: RFC 9309 says wait)
    "timeout",  # a connect, read or total time limit passed
    "connection",  # the connection failed or broke (after retries)
    "http-status",  # the server answered 4xx/5xx (``status`` holds it)
    "too-large",  # the body passed RIPTIDE_MAX_HTML_BYTES
    "unsupported-content-type",  # not HTML or XHTML
    "too-many-redirects",  # more than RIPTIDE_FETCH_MAX_REDIRECTS hops
    "retry-after-too-long",  # the server asked to come back later than RIPTIDE_FETCH_MAX_RETRY_AFTER_SECS
    "content-decoding",  # the gzip/br/zstd body was corrupt
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
        self.url = url
        #: Whether the same fetch may succeed later (timeouts, 429/5xx, robots.txt unreachable, …).
        self.retryable = retryable
        #: The HTTP status that caused the failure, if any.
        self.status = status
        #: Defaults to "http-status" when a status is given, else "connection".
        self.kind = kind or ("http-status" if status is not None else "connection")


class DiscoveryError(RipTideError):
    """A sitemap or feed was fetched but could not be used: malformed, too large, or unsafe XML
    (entities, DTDs). The URLs it would have listed are not discovered; the crawl goes on."""

    kind = "invalid-sitemap"

    def __init__(self, message: str, url: str) -> None:
        super().__init__(message)
        self.url = url


class JobStoreError(RipTideError):
    """The crawl-job store (SQLite file or Redis) failed; the job's state is unchanged."""

    kind = "job-store-unavailable"
    retryable = True


#: Why a batch input (``riptide batch``) could not be read: the values of ``InputError.kind``.
INPUT_ERROR_KINDS: Final = (
    "unreadable-input",  # a file or folder is missing or cannot be read
    "invalid-warc",  # bytes in a WARC file that are not a whole, readable record (skipped, the rest read)
)


class InputError(RipTideError):
    """A batch input could not be read; ``kind`` is one of ``INPUT_ERROR_KINDS``.

    For one page or WARC region it becomes that page's error record and the batch goes on; for a
    whole input named on the command line it is a usage error.
    """

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


#: The kinds of ``RequestError``: what was wrong with a request to the HTTP API.
REQUEST_ERROR_KINDS: Final = (
    "invalid-request",
    "invalid-selector",
    "too-many-urls",
    "payload-too-large",
    "not-found",
)


class RequestError(RipTideError):
    """The HTTP API understood a request but refuses it; ``kind`` is one of REQUEST_ERROR_KINDS."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


#: The HTTP status the API answers with, for every kind above (the one kind → status map).
HTTP_STATUS: Final[dict[str, int]] = {
    # the document: what the caller sent (or the page fetched for it) could not be extracted
    "invalid-html": 422,
    "parse-error": 422,
    "unsupported-mode": 422,
    "extractor-error": 422,
    "resource-limit": 413,
    "network-error": 502,
    "internal-error": 500,
    # the sandbox
    "sandbox-unavailable": 503,
    # the fetch: the upstream page, not this service, failed
    "invalid-url": 422,
    "blocked-address": 403,
    "robots-disallowed": 403,
    "dns": 502,
    "timeout": 504,
    "connection": 502,
    "http-status": 502,
    "too-large": 413,
    "unsupported-content-type": 415,
    "too-many-redirects": 502,
    "retry-after-too-long": 502,
    "content-decoding": 502,
    # crawl jobs
    "invalid-sitemap": 502,
    "job-store-unavailable": 503,
    "broker-unavailable": 503,
    # a batch input
    "unreadable-input": 422,
    "invalid-warc": 422,
    # the request itself
    "invalid-request": 422,
    "invalid-selector": 422,
    "too-many-urls": 413,
    "payload-too-large": 413,
    "not-found": 404,
}


def http_status(kind: str) -> int:
    """The API's status for an error kind (500 for a kind this table does not know: a bug)."""
    return HTTP_STATUS.get(kind, 500)
