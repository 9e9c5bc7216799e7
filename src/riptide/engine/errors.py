"""Engine failures, one class per ``extraction-error`` case of the WIT contract.

``kind`` is the WIT case name, so the guest glue maps an exception to the wire without a table,
and the native path raises the same errors the sandboxed path reports.
"""

from __future__ import annotations


class EngineError(Exception):
    """The extractor failed on this document (WIT ``extractor-error``)."""

    kind = "extractor-error"


class InvalidHtmlError(EngineError):
    """Input is not usable HTML: empty, binary, or not text (WIT ``invalid-html``)."""

    kind = "invalid-html"


class ParseError(EngineError):
    """Input or a selector could not be parsed (WIT ``parse-error``)."""

    kind = "parse-error"


class ResourceLimitError(EngineError):
    """The document is larger or more complex than the engine accepts (WIT ``resource-limit``)."""

    kind = "resource-limit"


class UnsupportedModeError(EngineError):
    """The mode, or a selector feature, is not supported (WIT ``unsupported-mode``)."""

    kind = "unsupported-mode"
