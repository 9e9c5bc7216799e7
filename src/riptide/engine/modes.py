"""Extraction modes, as the engine sees them (the WIT ``extraction-mode`` variant)."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import UnsupportedModeError

MODE_NAMES = ("article", "full", "metadata", "custom")
#: Selectors a custom request may carry; beyond this the request is refused, not truncated.
MAX_SELECTORS = 64
MAX_SELECTOR_LENGTH = 1024


@dataclass(frozen=True)
class Mode:
    """``name`` is one of MODE_NAMES; ``selectors`` only for ``custom``."""

    name: str
    selectors: tuple[str, ...] = ()

    @classmethod
    def of(cls, name: str, selectors: tuple[str, ...] | list[str] = ()) -> Mode:
        """Validate and build a mode; errors say what was wrong and what is accepted."""
        if name not in MODE_NAMES:
            raise UnsupportedModeError(
                f"unknown extraction mode {name!r}; expected one of {', '.join(MODE_NAMES)}"
            )
        selectors = tuple(selectors)
        if name == "custom":
            if not selectors:
                raise UnsupportedModeError("custom mode needs at least one CSS selector")
            if len(selectors) > MAX_SELECTORS:
                raise UnsupportedModeError(
                    f"custom mode takes at most {MAX_SELECTORS} selectors, got {len(selectors)}"
                )
            for selector in selectors:
                if len(selector) > MAX_SELECTOR_LENGTH:
                    raise UnsupportedModeError(
                        f"selector longer than {MAX_SELECTOR_LENGTH} characters: {selector[:40]!r}…"
                    )
        elif selectors:
            raise UnsupportedModeError(f"selectors are only accepted in custom mode, not {name!r}")
        return cls(name, selectors)
