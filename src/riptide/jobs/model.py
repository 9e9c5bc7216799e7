"""What a crawl job is: its request (``JobSpec``), its life cycle (``JobStatus``), one unit of
work (``PageTask``) and what a page ends as (``PageOutcome``). Plain data, JSON on the wire and
in both stores, so a worker on another machine reads exactly what the API wrote.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any, Literal

from ..discovery import Scope
from ..engine.modes import ExtractionMode

SitemapMode = Literal["include", "skip", "only"]
SITEMAP_MODES: tuple[SitemapMode, ...] = ("include", "skip", "only")


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def finished(self) -> bool:
        return self in (JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELLED)


def new_job_id() -> str:
    return uuid.uuid4().hex


@dataclass(frozen=True)
class JobSpec:
    """A crawl as asked for (``POST /v1/crawl``, ``riptide crawl --follow``); validated by the caller."""

    url: str
    limit: int = 100
    max_depth: int = 3
    include_paths: tuple[str, ...] = ()
    exclude_paths: tuple[str, ...] = ()
    allow_subdomains: bool = False
    allow_external: bool = False
    sitemap: SitemapMode = "include"
    mode: ExtractionMode = ExtractionMode.ARTICLE
    selectors: tuple[str, ...] = ()
    webhook: str | None = None

    @property
    def scope(self) -> Scope:
        return Scope(
            self.url, self.include_paths, self.exclude_paths, self.allow_subdomains, self.allow_external
        )

    @property
    def follows_links(self) -> bool:
        """``sitemap: "only"`` crawls the sitemap's pages and follows no links."""
        return self.sitemap != "only"

    def to_json(self) -> str:
        return json.dumps({**asdict(self), "mode": self.mode.value}, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> JobSpec:
        data = json.loads(text)
        data["mode"] = ExtractionMode(data["mode"])
        for name in ("include_paths", "exclude_paths", "selectors"):
            data[name] = tuple(data[name])
        return cls(**data)


@dataclass(frozen=True)
class PageTask:
    """One page of one job to fetch and extract: the message a runner carries."""

    job_id: str
    url: str
    depth: int

    def to_args(self) -> list[Any]:
        return [self.job_id, self.url, self.depth]


@dataclass(frozen=True)
class Admission:
    """What admitting a URL to a job's frontier did.

    ``new``: it was not known and now is (its page must be dispatched); ``owner``: the URL whose
    page admitted it first (so a redelivered parent can tell its own children from others');
    ``full``: the job's ``limit`` of URLs is reached and it was not admitted.
    """

    new: bool
    owner: str | None
    full: bool = False


@dataclass(frozen=True)
class PageOutcome:
    """How one frontier URL ended. Exactly one of ``document``, ``error`` and ``alias_of`` is set.

    ``key`` is the frontier key of the document's own URL (after redirects and canonical), under
    which the document is stored once: a redelivered or duplicate page never adds a second copy.
    ``alias_of`` marks a URL whose content is stored (or will be) under another frontier URL.
    """

    url: str
    key: str = ""
    document: dict[str, Any] | None = None
    error: dict[str, Any] | None = None
    alias_of: str | None = None


@dataclass
class JobCounts:
    """``admitted`` frontier URLs, ``done`` of them finished; ``completed`` documents stored,
    ``failed`` URLs in error, ``aliases`` URLs that turned out to be another URL's page."""

    admitted: int = 0
    done: int = 0
    completed: int = 0
    failed: int = 0
    aliases: int = 0

    @property
    def total(self) -> int:
        """Pages of the job: every admitted URL but those that were another page's alias."""
        return self.admitted - self.aliases


@dataclass
class JobView:
    """A job as ``GET /v1/crawl/{id}`` shows it (one page of documents)."""

    id: str
    spec: JobSpec
    status: JobStatus
    counts: JobCounts
    data: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    #: Offset of the next page of documents, or None when this page is the last (so far).
    next_offset: int | None = None
