"""The result record is defined once: every shape of it lists the same fields.

``engine.result``'s dataclasses are the definition; the WIT records must match them (the guest
and host convert by name), and the API schema and the multi-page merge rules are derived from
or checked against them. A field added to one shape and not the others fails here.
"""

from __future__ import annotations

import re
import types
from dataclasses import fields
from typing import Any, Union, get_origin

import pytest
from tests.conftest import ROOT

from riptide.api.app import create_app
from riptide.engine.result import MEDIA_KINDS, Extraction, Link, Media, Stats, record_fields
from riptide.models import ExtractedDoc
from riptide.multipage import MERGE_RULES

WIT = ROOT / "wit" / "extractor.wit"
#: WIT record → the dataclass that mirrors it, field for field.
RECORDS = {"extracted-content": Extraction, "link": Link, "media": Media, "extraction-stats": Stats}
#: ``name { … }`` blocks of the WIT: group 1 the keyword, 2 the name, 3 the body.
_WIT_BLOCK = re.compile(r"^\s*(record|enum)\s+([\w-]+)\s*\{(.*?)\}", re.S | re.M)
#: A record field, ``name: type,`` (doc comments are dropped first).
_WIT_FIELD = re.compile(r"^\s*([\w-]+)\s*:\s*(.+?),?\s*$", re.M)
_WIT_COMMENT = re.compile(r"//.*$", re.M)


def wit_blocks(kind: str) -> dict[str, str]:
    source = WIT.read_text()
    return {
        name: _WIT_COMMENT.sub("", body)
        for keyword, name, body in _WIT_BLOCK.findall(source)
        if keyword == kind
    }


def wit_record_fields(name: str) -> dict[str, str]:
    """{field name: WIT type} of ``record name`` in ``wit/extractor.wit``."""
    return dict(_WIT_FIELD.findall(wit_blocks("record")[name]))


def python_names(cls: type) -> list[str]:
    return [item.name for item in fields(cls)]


def optional(hint: Any) -> bool:
    return get_origin(hint) in (Union, types.UnionType) and type(None) in hint.__args__


@pytest.mark.parametrize(("wit_name", "cls"), RECORDS.items())
def test_wit_record_and_dataclass_have_the_same_fields_in_order(wit_name: str, cls: type) -> None:
    wit_fields = wit_record_fields(wit_name)
    assert wit_fields, f"record {wit_name} not found in {WIT}"
    assert [name.replace("-", "_") for name in wit_fields] == python_names(cls)


@pytest.mark.parametrize(("wit_name", "cls"), RECORDS.items())
def test_wit_options_and_lists_are_optional_and_list_fields(wit_name: str, cls: type) -> None:
    wit_types = {name.replace("-", "_"): wit_type for name, wit_type in wit_record_fields(wit_name).items()}
    for item in record_fields(cls):
        wit_type = wit_types[item.name]
        assert optional(item.hint) == wit_type.startswith("option<"), (
            f"{cls.__name__}.{item.name}: {wit_type}"
        )
        assert (get_origin(item.hint) is list) == wit_type.startswith("list<"), f"{cls.__name__}.{item.name}"


def test_media_kinds_are_the_wit_enum_cases() -> None:
    cases = [case.strip() for case in wit_blocks("enum")["media-kind"].split(",") if case.strip()]
    assert cases == list(MEDIA_KINDS)


def test_api_document_schema_has_every_document_field() -> None:
    schemas = create_app().openapi()["components"]["schemas"]
    document = set(schemas["DocumentOut"]["properties"])
    assert document == (set(python_names(ExtractedDoc)) - {"stats"}) | {"html"}
    assert set(python_names(Extraction)) <= set(schemas["DocumentOut"]["required"])
    assert list(schemas["LinkOut"]["properties"]) == python_names(Link)
    assert list(schemas["MediaOut"]["properties"]) == python_names(Media)
    assert schemas["MediaOut"]["properties"]["kind"]["enum"] == list(MEDIA_KINDS)


def test_every_document_field_has_one_merge_rule() -> None:
    assert list(MERGE_RULES) == python_names(ExtractedDoc)
