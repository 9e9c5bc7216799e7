"""RipTide: web content extraction whose HTML parsing runs inside a WebAssembly sandbox.

    >>> import riptide
    >>> doc = riptide.extract("<html>…</html>", "https://example.com/post")
    >>> doc.title, doc.markdown, doc.engine

Use ``riptide.Extractor`` to control configuration and reuse one sandbox across calls.
"""

from .config import Settings, load_settings
from .engine import ENGINE_VERSION
from .engine.result import Link, Media, Stats
from .errors import (
    ComponentContractError,
    ComponentLoadError,
    ConfigError,
    ExtractionError,
    ExtractorError,
    FetchError,
    InternalError,
    InvalidHtmlError,
    NetworkError,
    ParseError,
    ResourceLimitError,
    RipTideError,
    SandboxError,
    UnsupportedModeError,
)
from .extractor import Extractor, extract
from .models import ExtractedDoc, ExtractionMode

__version__ = ENGINE_VERSION

__all__ = [
    "ComponentContractError",
    "ComponentLoadError",
    "ConfigError",
    "ExtractedDoc",
    "ExtractionError",
    "ExtractionMode",
    "Extractor",
    "ExtractorError",
    "FetchError",
    "InternalError",
    "InvalidHtmlError",
    "Link",
    "Media",
    "NetworkError",
    "ParseError",
    "ResourceLimitError",
    "RipTideError",
    "SandboxError",
    "Settings",
    "Stats",
    "UnsupportedModeError",
    "__version__",
    "extract",
    "load_settings",
]
