"""Check scenario files against schema.json and say what is wrong, where, and with which value."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from functools import cache
from importlib.resources import files
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError as SchemaViolation

from ceasefire.scenarios.documents import Document

__all__ = ["FILE_SCHEMAS", "load_schema", "validate_document"]

#: Which definition in schema.json each scenario file is checked against.
FILE_SCHEMAS = {
    "scenario.yaml": "scenario_file",
    "agreements.yaml": "agreements_file",
    "timeline.yaml": "timeline_file",
    "zones.geojson": "zones_file",
}

_FORMATS = FormatChecker(formats=())
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_EXPECTED = {
    "date": "a date written YYYY-MM-DD",
    "date-time": "a date and time with a UTC offset, e.g. 2020-11-10T00:00:00+03:00",
}


@_FORMATS.checks("date", raises=ValueError)
def _is_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    return bool(_DATE.match(value)) and bool(date.fromisoformat(value))


@_FORMATS.checks("date-time", raises=ValueError)
def _is_instant(value: object) -> bool:
    if not isinstance(value, str):
        return True
    return datetime.fromisoformat(value).utcoffset() is not None


@cache
def load_schema() -> dict[str, Any]:
    """schema.json as shipped with the package."""
    text = files("ceasefire.scenarios").joinpath("schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def _validator(definition: str) -> Draft202012Validator:
    schema = load_schema()
    root = {
        "$schema": schema["$schema"],
        "$defs": schema["$defs"],
        "$ref": f"#/$defs/{definition}",
    }
    return Draft202012Validator(root, format_checker=_FORMATS)


def validate_document(doc: Document, definition: str) -> None:
    """Raise a ScenarioError for the first schema violation in `doc`, in file order."""
    errors = list(_validator(definition).iter_errors(doc.data))
    if not errors:
        return
    first = min(errors, key=lambda e: (doc.line(list(e.absolute_path)) or 0, len(e.absolute_path)))
    path = list(first.absolute_path)
    others = len({tuple(e.absolute_path) for e in errors} - {tuple(path)})
    more = f"; {others} more problem(s) in this file" if others else ""
    raise doc.error(path, describe(first), more)


def describe(error: SchemaViolation) -> str:
    """One line saying what is wrong, naming the offending value."""
    value = error.instance
    kind = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}
    expected = _EXPECTED.get(str(schema.get("format")))
    if kind == "format" and expected and error.cause is not None:
        what = "date" if schema.get("format") == "date" else "date and time"
        return f"{value!r} is not a valid {what}: {error.cause}"
    if kind in ("pattern", "format") and expected:
        return f"{value!r} is not {expected}"
    if kind == "required":
        return f"missing required field {error.message.split(' is a required')[0]}"
    if kind == "additionalProperties" and isinstance(value, dict):
        known = schema.get("properties", {})
        extra = ", ".join(repr(k) for k in value if k not in known)
        return f"unknown field {extra}; allowed fields: {', '.join(known)}"
    if kind == "enum":
        allowed = ", ".join(str(v) for v in schema.get("enum", []))
        return f"{value!r} is not one of: {allowed}"
    if kind == "type":
        return f"{value!r} is not of type {error.validator_value!r}"
    return error.message
