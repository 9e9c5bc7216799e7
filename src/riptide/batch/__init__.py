"""Batch extraction of files, folders, URL lists and WARC archives (``riptide batch``).

``run_batch`` runs a whole batch in this process; ``process_chunk`` is the plain function that
extracts one chunk (a list of files or URLs, or a WARC byte range of whole records) and yields
results keyed by source, for callers that hand chunks out themselves. Neither is imported by
``import riptide``: this package loads FastWARC.
"""

from .inputs import Chunk, FileChunk, Plan, UrlChunk, WarcChunk, plan, read_chunk
from .outputs import FORMATS, OutputFormat
from .pages import Item, PageResult, Source
from .process import BatchOptions, process_chunk, process_item
from .progress import Tally
from .runner import RunOptions, run_batch
from .warc import split_warc

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
