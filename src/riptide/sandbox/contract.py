"""The host's side of the WIT contract: which interface and functions it calls.

A component is accepted only if it exports, from ``INTERFACE``, every function in
``REQUIRED_FUNCTIONS`` (the ones the host calls); anything else is refused at load time with the
missing names, so a drop-in component written in another language fails fast and clearly instead
of at the first call. (Tests check these names against ``wit/extractor.wit``, the source of
truth, and against the calls ``SandboxHost`` makes.)
"""

from __future__ import annotations

from wasmtime import Engine
from wasmtime.component import Component

from ..errors import ComponentContractError

INTERFACE = "riptide:extractor/extractor@0.3.0"
#: The functions the host calls (``SandboxHost``): a component needs these and no more. The
#: interface's other functions are for other hosts and for people inspecting a component.
REQUIRED_FUNCTIONS = ("extract-with-stats", "health-check", "get-info")
#: The optional fast path (WIT ``packed``): used instead of ``extract-with-stats`` when exported.
PACKED_INTERFACE = "riptide:extractor/packed@0.3.0"
PACKED_FUNCTION = "extract-packed"


def exports_packed(component: Component) -> bool:
    """Whether ``component`` offers ``PACKED_FUNCTION`` (links and media as one string)."""
    interface = component.get_export_index(PACKED_INTERFACE)
    return interface is not None and component.get_export_index(PACKED_FUNCTION, interface) is not None


def check_exports(component: Component, engine: Engine, source: str) -> None:
    """Raise ``ComponentContractError`` unless ``component`` exports what the host calls."""
    interface = component.get_export_index(INTERFACE)
    if interface is None:
        exported = ", ".join(sorted(component.type.exports(engine))) or "nothing"
        raise ComponentContractError(
            f"component {source} does not export interface {INTERFACE} (it exports: {exported}); "
            "build it against wit/extractor.wit"
        )
    missing = [name for name in REQUIRED_FUNCTIONS if component.get_export_index(name, interface) is None]
    if missing:
        raise ComponentContractError(
            f"component {source} exports {INTERFACE} but lacks function(s): {', '.join(missing)}"
        )
