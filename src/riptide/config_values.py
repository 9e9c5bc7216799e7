"""How one setting is declared, read from its environment string, and checked.

``config.Settings`` is a dataclass whose fields are declared with ``setting(default, doc, …)``;
``checked_value`` turns what it is given (environment strings or typed values) into the field's
type and checks its bounds, collecting every problem rather than stopping at the first.

Why not pydantic: importing it took ~100 ms of a ~300 ms one-document ``riptide extract`` (the
issue-13 target is 250 ms), and settings use five scalar types. The string rules below are
pydantic 2's lax mode for those types, kept so that no deployment's value reads differently:
``tests/test_config.py`` compares both over every field and a few hundred strings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

# pydantic's lax integers: ASCII digits, single underscores between them, an optional sign, and
# a fraction of zeros only ("3.0" is 3; "3.5", "1e3" and "0x10" are not integers).
_INTEGER_RE = re.compile(r"[+-]?[0-9]+(?:_[0-9]+)*(?:\.0+)?")
_TRUE_WORDS = frozenset({"1", "on", "t", "true", "y", "yes"})
_FALSE_WORDS = frozenset({"0", "off", "f", "false", "n", "no"})
_BOOLEAN_HINT = "true/false, yes/no, on/off, 1/0"

#: The field types a setting may have (``X | None`` of each, too).
SCALAR_TYPES = (bool, int, float, str, Path)


@dataclass(frozen=True)
class Rule:
    """What one setting accepts beyond its type: bounds, a pattern, a last word (``adjust``)."""

    doc: str
    ge: float | None = None
    gt: float | None = None
    le: float | None = None
    lt: float | None = None
    min_length: int | None = None
    pattern: str | None = None  # the whole value must match (``re.fullmatch``)
    adjust: Callable[[Any], Any] | None = None  # returns the value to keep, or raises ValueError


def setting(
    default: Any,
    doc: str,
    *,
    ge: float | None = None,
    gt: float | None = None,
    le: float | None = None,
    lt: float | None = None,
    min_length: int | None = None,
    pattern: str | None = None,
    adjust: Callable[[Any], Any] | None = None,
) -> Any:
    """A dataclass field with its ``Rule`` (typed ``Any`` so that ``x: int = setting(…)`` checks)."""
    rule = Rule(doc, ge, gt, le, lt, min_length, pattern, adjust)
    return field(default=default, metadata={"rule": rule})


def rule_of(metadata: Mapping[str, Any]) -> Rule:
    rule = metadata["rule"]
    assert isinstance(rule, Rule), "declare every setting with config_values.setting()"
    return rule


def checked_value(kind: type, optional: bool, rule: Rule, given: Any) -> Any:
    """``given`` as a value of ``kind`` that obeys ``rule``; ValueError saying what is wrong."""
    if given is None:
        if optional:
            return None
        raise ValueError("must be set (None given)")
    value = _parsed(kind, given) if isinstance(given, str) and kind is not str else _typed(kind, given)
    _check_bounds(rule, value)
    return rule.adjust(value) if rule.adjust is not None else value


def _parsed(kind: type, text: str) -> Any:
    """An environment string read as pydantic's lax mode reads it."""
    if kind is bool:
        word = text.lower()
        if word in _TRUE_WORDS or word in _FALSE_WORDS:
            return word in _TRUE_WORDS
        raise ValueError(f"must be a valid boolean ({_BOOLEAN_HINT})")
    if kind is int:
        digits = text.strip()
        if not _INTEGER_RE.fullmatch(digits):
            raise ValueError("must be a valid integer")
        return int(digits.split(".", 1)[0])
    if kind is float:
        number = text.strip()
        try:
            if not number.isascii():
                raise ValueError
            return float(number)
        except ValueError:
            raise ValueError("must be a valid number") from None
    if kind is Path:
        return Path(text)
    raise AssertionError(f"no string rule for {kind.__name__} settings")


def _typed(kind: type, value: Any) -> Any:
    """A value given in Python (an override): of the field's type, ints standing for floats."""
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if kind is Path and isinstance(value, str):
        return Path(value)
    if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
        return value
    raise ValueError(f"must be of type {kind.__name__}, not {type(value).__name__}")


def _check_bounds(rule: Rule, value: Any) -> None:
    # Written as "not (value >= bound)" so that NaN, which compares false, fails every bound.
    if rule.ge is not None and not value >= rule.ge:
        raise ValueError(f"must be greater than or equal to {_shown(rule.ge)}")
    if rule.gt is not None and not value > rule.gt:
        raise ValueError(f"must be greater than {_shown(rule.gt)}")
    if rule.le is not None and not value <= rule.le:
        raise ValueError(f"must be less than or equal to {_shown(rule.le)}")
    if rule.lt is not None and not value < rule.lt:
        raise ValueError(f"must be less than {_shown(rule.lt)}")
    if rule.min_length is not None and len(value) < rule.min_length:
        raise ValueError(f"must have at least {rule.min_length} character(s)")
    if rule.pattern is not None and not re.fullmatch(rule.pattern, value):
        raise ValueError(f"must match {rule.pattern}")


def _shown(bound: float) -> str:
    return str(int(bound)) if float(bound).is_integer() else str(bound)


def kind_of(hint: Any) -> tuple[type, bool]:
    """A field's resolved annotation as (scalar type, whether None is allowed)."""
    arguments = [argument for argument in get_args(hint) if argument is not type(None)]
    kind = arguments[0] if arguments else hint
    if kind not in SCALAR_TYPES or len(arguments) > 1:
        raise TypeError(f"a setting must be one of {SCALAR_TYPES} or that | None, not {hint}")
    return kind, bool(arguments)
