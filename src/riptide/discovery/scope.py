"""Which discovered URLs a crawl may follow, and the one form a URL takes in its frontier.

Scope (the defaults keep a crawl on the site it started on):

- http(s) only; links to files that are not pages (images, archives, feeds, …: ``NOT_PAGES``)
  are left out, since fetching them could only fail the content-type gate;
- the host must be the start URL's host, ``www.`` ignored on both sides; with
  ``allow_subdomains`` its subdomains too; with ``allow_external`` any host;
- ``include_paths``: when given, a URL's path must match one of these regexes (searched
  anywhere in it); ``exclude_paths``: a path matching any of them is left out. The start URL is
  always in scope.

The path regexes are the caller's, and they run on every URL the crawled site lists, in the
process that runs the crawl (the service's event loop, for embedded jobs). Python's ``re``
backtracks: ``(a|a)*$`` took 2.5 s on a path of 24 "a"s and doubles with each more, so one job
could hang the service, again at each restart (unfinished jobs resume). They run on RE2
(google-re2), whose time is linear in the path: Python's syntax without lookarounds and
backreferences, which are refused with RE2's reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import urlsplit

import re2

from ..cache.keys import normalise_url
from ..errors import RequestError

#: Path endings of resources that are not HTML pages.
NOT_PAGES = re.compile(
    r"\.(?:jpe?g|png|gif|webp|svg|ico|bmp|tiff?|avif|pdf|zip|gz|tgz|bz2|xz|7z|rar|tar|exe|dmg|iso|apk"
    r"|mp[34]|m4[av]|mov|avi|webm|ogg|wav|flac|css|js|json|xml|rss|atom|txt|csv|docx?|xlsx?|pptx?)$",
    re.IGNORECASE,
)
#: Longest regex accepted in include/exclude paths (they run on every discovered URL).
MAX_PATTERN_LENGTH = 500


def frontier_key(url: str) -> str:
    """The form under which a crawl deduplicates URLs: the result cache's ``normalise_url``
    (case, default port, fragment, query order and tracking parameters folded)."""
    return normalise_url(url)


def _site_host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


class PathPattern(Protocol):
    """A compiled ``include_paths``/``exclude_paths`` regex (an RE2 one)."""

    def search(self, text: str) -> object | None: ...


def _re2_options() -> re2.Options:
    options = re2.Options()
    options.log_errors = False  # a caller's bad pattern is their error, not a line in our log
    return options


_RE2_OPTIONS = _re2_options()


def compile_patterns(patterns: tuple[str, ...], name: str) -> tuple[PathPattern, ...]:
    """The regexes of ``include_paths``/``exclude_paths``; ``RequestError`` naming a bad one."""
    compiled = []
    for pattern in patterns:
        if len(pattern) > MAX_PATTERN_LENGTH:
            raise RequestError("invalid-request", f"{name}: a pattern is longer than {MAX_PATTERN_LENGTH}")
        try:
            compiled.append(re2.compile(pattern, _RE2_OPTIONS))
        except re2.error as error:
            reason = error.args[0].decode("utf-8", "replace") if error.args else "invalid"
            raise RequestError(
                "invalid-request",
                f"{name}: {pattern!r} is not a regex RE2 can run ({reason}); paths are matched in"
                " linear time, so lookarounds and backreferences are not supported",
            ) from None
    return tuple(compiled)


@dataclass(frozen=True)
class Scope:
    """The scope rules of one crawl (see the module docstring)."""

    start_url: str
    include_paths: tuple[str, ...] = ()
    exclude_paths: tuple[str, ...] = ()
    allow_subdomains: bool = False
    allow_external: bool = False
    _include: tuple[PathPattern, ...] = field(init=False, repr=False, compare=False)
    _exclude: tuple[PathPattern, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_include", compile_patterns(self.include_paths, "include_paths"))
        object.__setattr__(self, "_exclude", compile_patterns(self.exclude_paths, "exclude_paths"))

    def allows(self, url: str) -> bool:
        """Whether a discovered ``url`` may be crawled."""
        try:
            parts = urlsplit(url)
        except ValueError:
            return False
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return False
        if frontier_key(url) == frontier_key(self.start_url):
            return True
        if NOT_PAGES.search(parts.path) or not self._host_allowed(url):
            return False
        path = parts.path or "/"
        if self._include and not any(pattern.search(path) for pattern in self._include):
            return False
        return not any(pattern.search(path) for pattern in self._exclude)

    def _host_allowed(self, url: str) -> bool:
        if self.allow_external:
            return True
        host, start = _site_host(url), _site_host(self.start_url)
        return host == start or (self.allow_subdomains and host.endswith("." + start))
