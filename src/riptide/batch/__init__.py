"""Batch extraction of files, folders, URL lists and WARC archives (``riptide batch``).

``run_batch`` runs a whole batch in this process; ``process_chunk`` is the plain function that
extracts one chunk (a list of files or URLs, or a WARC byte range of whole records) and yields
results keyed by source, for callers that hand chunks out themselves (``--distributed`` does:
``distributed`` sends chunks to the Celery workers, ``tasks`` runs them there); ``split_warc``
cuts an archive into such ranges.

Names are imported on first use (PEP 562), so that ``riptide``'s CLI can read ``outputs.FORMATS``
without loading FastWARC and the HTTP stack.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .inputs import Chunk, FileChunk, Plan, UrlChunk, WarcChunk, plan, read_chunk
    from .outputs import FORMATS, OutputFormat
    from .pages import Item, PageResult, Source
    from .process import BatchOptions, process_chunk, process_item
    from .progress import Tally
    from .runner import RunOptions, run_batch
    from .warc import split_warc

#: Where each public name is defined.
_HOMES = {
    **dict.fromkeys(("Chunk", "FileChunk", "Plan", "UrlChunk", "WarcChunk", "plan", "read_chunk"), "inputs"),
    **dict.fromkeys(("FORMATS", "OutputFormat"), "outputs"),
    **dict.fromkeys(("Item", "PageResult", "Source"), "pages"),
    **dict.fromkeys(("BatchOptions", "process_chunk", "process_item"), "process"),
    "Tally": "progress",
    **dict.fromkeys(("RunOptions", "run_batch"), "runner"),
    "split_warc": "warc",
}
__all__ = [
    "FORMATS",
    "BatchOptions",
    "Chunk",
    "FileChunk",
    "Item",
    "OutputFormat",
    "PageResult",
    "Plan",
    "RunOptions",
    "Source",
    "Tally",
    "UrlChunk",
    "WarcChunk",
    "plan",
    "process_chunk",
    "process_item",
    "read_chunk",
    "run_batch",
    "split_warc",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f".{home}", __name__), name)
