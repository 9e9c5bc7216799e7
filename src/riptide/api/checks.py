"""Checks shared by the routes: a request's mode and selectors."""

from __future__ import annotations

from ..engine.modes import ExtractionMode, Mode
from ..errors import ExtractionError, RequestError
from .service import Service


def checked_mode(mode: ExtractionMode, selectors: list[str]) -> Mode:
    try:
        return Mode.of(mode, selectors)
    except ExtractionError as error:
        raise RequestError("invalid-request", error.message) from None


async def validate_selectors(service: Service, mode: Mode) -> None:
    """Compile a custom mode's selectors in the sandbox before anything is fetched."""
    if not mode.selectors:
        return
    try:
        await service.validate_selectors(list(mode.selectors))
    except ExtractionError as error:
        raise RequestError("invalid-selector", error.message) from None
