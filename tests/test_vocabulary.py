"""One definition each: the error tree and its kinds, and the mode table, agree with the WIT contract."""

from __future__ import annotations

import inspect
import re

import pytest
from tests.conftest import ROOT

from riptide import errors
from riptide.engine import pipeline
from riptide.engine.modes import MODES, ExtractionMode, Mode
from riptide.errors import (
    EXTRACTION_ERRORS,
    FETCH_ERROR_KINDS,
    HTTP_STATUS,
    INPUT_ERROR_KINDS,
    REQUEST_ERROR_KINDS,
    RipTideError,
    UnsupportedModeError,
    http_status,
)

WIT = (ROOT / "wit" / "extractor.wit").read_text()
KEBAB = re.compile(r"^[a-z]+(?:-[a-z0-9]+)*$")


def wit_cases(variant: str) -> list[str]:
    body = re.search(rf"variant {variant} \{{(.*?)\n    \}}", WIT, flags=re.S)
    assert body is not None
    return re.findall(r"^\s*([a-z][a-z0-9-]*)\s*[(,]", body.group(1), flags=re.M)


def error_classes() -> list[type[RipTideError]]:
    return [
        cls
        for _, cls in inspect.getmembers(errors, inspect.isclass)
        if issubclass(cls, RipTideError) and cls.__module__ == errors.__name__
    ]


def test_every_error_class_is_in_the_documented_tree() -> None:
    tree = errors.__doc__ or ""
    missing = [cls.__name__ for cls in error_classes() if not re.search(rf"\b{cls.__name__}\b", tree)]
    assert missing == []


def test_extraction_errors_are_the_wit_cases() -> None:
    assert sorted(EXTRACTION_ERRORS) == sorted(wit_cases("extraction-error"))


def test_every_kind_is_kebab_case_and_has_exactly_one_status() -> None:
    class_kinds = {cls.kind for cls in error_classes()} - {"riptide-error", "config-invalid"}
    kinds = class_kinds | set(FETCH_ERROR_KINDS) | set(INPUT_ERROR_KINDS) | set(REQUEST_ERROR_KINDS)
    assert [kind for kind in kinds if not KEBAB.match(kind)] == []
    assert set(HTTP_STATUS) == kinds
    assert http_status("resource-limit") == 413 and http_status("blocked-address") == 403
    assert http_status("no-such-kind") == 500


def test_modes_are_the_wit_cases_and_each_has_a_spec() -> None:
    assert [mode.value for mode in ExtractionMode] == wit_cases("extraction-mode")
    assert set(MODES) == set(ExtractionMode)


def test_pipeline_builds_a_body_for_exactly_the_modes_that_have_one() -> None:
    assert {mode for mode, spec in MODES.items() if spec.builds_body} == set(pipeline._CONTENT)


@pytest.mark.parametrize("name", ["Article", "FULL", ExtractionMode.METADATA])
def test_mode_names_parse_case_insensitively(name: str) -> None:
    assert Mode.of(name).kind is ExtractionMode.parse(name)


@pytest.mark.parametrize("name", ["bogus", "", "articles"])
def test_unknown_mode_raises_naming_the_choices(name: str) -> None:
    with pytest.raises(UnsupportedModeError, match="expected one of article, full, metadata, custom"):
        Mode.of(name)


def test_only_modes_that_take_selectors_accept_them() -> None:
    for mode, spec in MODES.items():
        if spec.needs_selectors:
            assert Mode.of(mode, ["h1"]).selectors == ("h1",)
            with pytest.raises(UnsupportedModeError, match="needs at least one CSS selector"):
                Mode.of(mode)
        else:
            with pytest.raises(UnsupportedModeError, match="only accepted in custom mode"):
                Mode.of(mode, ["h1"])
