"""Extraction modes: the one table every layer (CLI, API, crawler, guest, pipeline) dispatches from.

A mode is named by ``ExtractionMode`` (the WIT ``extraction-mode`` cases) and described by its
``ModeSpec`` in ``MODES``; ``Mode`` is a validated request for one (the mode plus its selectors).
An unknown name raises ``UnsupportedModeError`` everywhere: nothing falls back to a default.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from ..errors import UnsupportedModeError

#: Selectors a custom request may carry; beyond this the request is refused, not truncated.
MAX_SELECTORS = 64
MAX_SELECTOR_LENGTH = 1024


class ExtractionMode(StrEnum):
    """What to extract (the WIT ``extraction-mode``); ``MODES`` says what each one does."""

    ARTICLE = "article"
    FULL = "full"
    METADATA = "metadata"
    CUSTOM = "custom"

    @classmethod
    def parse(cls, mode: ExtractionMode | str) -> ExtractionMode:
        """The mode named ``mode`` (case-insensitive), or ``UnsupportedModeError`` listing the names."""
        if isinstance(mode, ExtractionMode):
            return mode
        try:
            return cls(str(mode).lower())
        except ValueError:
            names = ", ".join(m.value for m in cls)
            raise UnsupportedModeError(f"unknown extraction mode {mode!r}; expected one of {names}") from None

    @property
    def spec(self) -> ModeSpec:
        return MODES[self]


@dataclass(frozen=True)
class ModeSpec:
    """What a mode does, for the layers that must treat modes differently."""

    #: One line for help texts and docs.
    summary: str
    #: It takes CSS selectors (required there, refused elsewhere).
    needs_selectors: bool = False
    #: It builds a body (markdown, text, word count); metadata mode does not.
    builds_body: bool = True
    #: The pages of a multi-page article may be followed and merged into one document.
    allows_multi_page: bool = False


MODES: Final[dict[ExtractionMode, ModeSpec]] = {
    ExtractionMode.ARTICLE: ModeSpec(
        "readability-grade main content of an article page", allows_multi_page=True
    ),
    ExtractionMode.FULL: ModeSpec("the whole page, minus scripts, styles, hidden elements and template junk"),
    ExtractionMode.METADATA: ModeSpec(
        "metadata only: no body is built, so this is the fastest", builds_body=False
    ),
    ExtractionMode.CUSTOM: ModeSpec(
        "the elements matched by CSS selectors, in document order", needs_selectors=True
    ),
}


@dataclass(frozen=True)
class Mode:
    """A validated mode request: ``kind`` and, for a mode that takes them, its ``selectors``."""

    kind: ExtractionMode
    selectors: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.kind.value

    @classmethod
    def of(cls, mode: ExtractionMode | str, selectors: tuple[str, ...] | list[str] = ()) -> Mode:
        """Validate and build a mode request; errors say what was wrong and what is accepted."""
        kind = ExtractionMode.parse(mode)
        selectors = tuple(selectors)
        if kind.spec.needs_selectors:
            _check_selectors(kind, selectors)
        elif selectors:
            raise UnsupportedModeError(f"selectors are only accepted in custom mode, not {kind.value!r}")
        return cls(kind, selectors)


def _check_selectors(kind: ExtractionMode, selectors: tuple[str, ...]) -> None:
    if not selectors:
        raise UnsupportedModeError(f"{kind.value} mode needs at least one CSS selector")
    if len(selectors) > MAX_SELECTORS:
        raise UnsupportedModeError(
            f"{kind.value} mode takes at most {MAX_SELECTORS} selectors, got {len(selectors)}"
        )
    for selector in selectors:
        if len(selector) > MAX_SELECTOR_LENGTH:
            raise UnsupportedModeError(
                f"selector longer than {MAX_SELECTOR_LENGTH} characters: {selector[:40]!r}…"
            )
