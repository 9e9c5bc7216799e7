"""A crawl's scope: the callers' include/exclude path regexes run on RE2, in time linear in the
path, whatever the pattern; what RE2 cannot run is refused saying why."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap

import pytest

from riptide.discovery.scope import Scope
from riptide.errors import RequestError

START = "https://example.com/"
PATHS = [
    "/",
    "/blog/",
    "/blog/2024/05/a-post.html",
    "/Blog/News",
    "/news/page-1",
    "/news/page-12",
    "/tag/python",
    "/shop/item?id=3",
    "/a/b/c/d/e/f",
    "/caf%C3%A9/menu",
    "/über/uns",
]
PATTERNS = [
    r"^/blog/",
    r"\.html$",
    r"/page-[12]$",
    r"(?i)news",
    r"/tag/",
    r"^/(blog|news)/\d{4}/",
    r"[^/]+/[^/]+/[^/]+/",
    r"/über",
    r"^/$",
    r"/page-\d+$",
]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_common_patterns_keep_what_pythons_re_keeps(pattern: str) -> None:
    """RE2 runs Python's syntax for what crawls ask: the same paths are in scope either way."""
    included = Scope(START, include_paths=(pattern,))
    excluded = Scope(START, exclude_paths=(pattern,))
    for path in PATHS:
        url = "https://example.com" + path
        if path == "/":
            continue  # the start URL is always in scope
        expected = re.search(pattern, path.split("?")[0]) is not None
        assert included.allows(url) is expected, (pattern, path)
        assert excluded.allows(url) is not expected, (pattern, path)


LINEAR_CHECK = """
from riptide.discovery.scope import Scope
scope = Scope("https://example.com/", include_paths=({pattern!r},))
print(scope.allows("https://example.com/" + "a" * 5000 + "!"))
"""


@pytest.mark.parametrize("pattern", [r"(a|a)*$", r"(a+)+b", r"^(a|aa)*c", r"(.*a){20}"])
def test_a_backtracking_pattern_costs_no_more_than_the_path(pattern: str) -> None:
    """Python's re needs 2.5 s for ``(a|a)*$`` on 24 "a"s and twice as long per further one; here
    the path has 5,000. Run in a child with a deadline, so a regression fails instead of hanging."""
    script = textwrap.dedent(LINEAR_CHECK).format(pattern=pattern)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() in ("True", "False")


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        ("(?=/blog)", "invalid perl operator: (?="),
        (r"(/a)\1", r"invalid escape sequence: \1"),
        ("(", "missing ): ("),
        ("a{1000}{1000}", "bad repetition operator"),
    ],
)
def test_what_re2_cannot_run_is_refused_saying_why(
    pattern: str, reason: str, capfd: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(RequestError) as raised:
        Scope(START, exclude_paths=(pattern,))
    assert raised.value.kind == "invalid-request"
    message = raised.value.message
    assert message.startswith(f"exclude_paths: {pattern!r} is not a regex RE2 can run (")
    assert reason in message and "lookarounds and backreferences are not supported" in message
    assert capfd.readouterr().err == ""  # RE2 logs nothing of the caller's mistake


def test_an_overlong_pattern_is_refused() -> None:
    with pytest.raises(RequestError, match="include_paths: a pattern is longer than 500"):
        Scope(START, include_paths=("a" * 501,))
