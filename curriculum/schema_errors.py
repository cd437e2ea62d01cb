"""pydantic's validation errors -> diagnostics at the file's own line, in an author's words.

pydantic reports a location such as `('sections', 2, 'when', 'levels', 0)` and a type of error;
this turns each into `path:line:col: what is wrong (hint: how to fix it)`, with "did you mean"
for misspelt fields. Loading calls it for every file; nothing else needs to know pydantic's
error shapes.
"""
from __future__ import annotations

import typing

from pydantic import BaseModel, ValidationError

from .diagnostics import Collector
from .library import Origin
from .models import unwrap
from .suggest import closest


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """The field names the model expects at `loc`, for "did you mean" hints."""
    annotation: object = model
    for part in loc:
        annotation = unwrap(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            info = annotation.model_fields.get(part) or next(
                (f for f in annotation.model_fields.values() if f.alias == part), None)
            if info is None:
                return []
            annotation = info.annotation
        elif typing.get_origin(annotation) in (list, dict):
            annotation = typing.get_args(annotation)[-1]
        else:
            return []
    annotation = unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [f.alias or name for name, f in annotation.model_fields.items()]
    return []


def _data_path(data, loc: tuple) -> tuple:
    """pydantic's error location without its own markers (union members such as 'str' or
    'list[str]', validator names): only the keys and indices that exist in the data."""
    out = []
    for part in loc:
        if isinstance(data, dict) and part in data:
            out.append(part)
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            out.append(part)
            data = data[part]
        elif isinstance(data, dict) and isinstance(part, str) and part.isidentifier() \
                and not part[:1].isupper() and part not in ("str", "int", "float", "bool"):
            out.append(part)  # a missing field: named, though it is not in the data
            data = None
    return tuple(out)


_TYPE_WORDS = {
    "string_type": "text", "int_type": "a whole number", "bool_type": "true or false",
    "list_type": "a list", "dict_type": "a mapping of fields", "model_type": "a mapping of fields",
    "float_type": "a number", "int_parsing": "a whole number",
}


def describe(value) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text '{value[:40]}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _field_name(loc: tuple) -> str:
    names = [str(p) for p in loc if isinstance(p, str)]
    return names[-1] if names else "value"


def report_validation(exc: ValidationError, origin: Origin, model: type[BaseModel],
                      problems: Collector) -> None:
    seen = set()
    data: typing.Any = origin.doc.data
    for part in origin.key:
        data = data[part]
    for error in exc.errors():
        kind = error["type"]
        if kind in ("union_tag_invalid",):
            continue
        loc = _data_path(data, error["loc"])
        path, line, col = origin.place(*loc)
        name = _field_name(loc)
        if kind == "extra_forbidden":
            expected = _fields_at(model, loc[:-1])
            close = closest(str(loc[-1]), expected)
            hint = f"did you mean '{close}'?" if close else (
                f"the fields here are: {', '.join(expected)}" if expected else "remove it")
            if not close and (" " in str(loc[-1]) or error.get("input") is None):
                hint = ("if this is part of a value, put the whole value in quotes: inside "
                        "{ ... } a comma starts a new field")
            message, hint = f"unknown field '{loc[-1]}'", hint
        elif kind == "missing":
            message = f"missing required field '{name}'"
            hint = f"add `{name}:` here"
        elif kind in _TYPE_WORDS:
            message = f"'{name}' should be {_TYPE_WORDS[kind]}, not {describe(error.get('input'))}"
            hint = "quote text that looks like a number or true/false" if kind == "string_type" \
                else "check the value's type"
        elif kind == "literal_error":
            message = f"'{name}' {error['msg'].replace('Input should be', 'should be')}"
            hint = "use one of the listed values"
        elif kind in ("too_short", "too_long"):
            message = f"'{name}': {error['msg'].replace('List', 'the list').replace('Value', 'the value')}"
            hint = "check the number of items or the length of the text"
        elif kind in ("greater_than_equal", "less_than_equal"):
            message = f"'{name}' {error['msg'].replace('Input should be', 'should be')}"
            hint = "check the number"
        elif kind == "string_pattern_mismatch":
            message = f"'{name}' has the wrong form ({describe(error.get('input'))})"
            hint = f"it should match {error.get('ctx', {}).get('pattern', 'the documented form')}"
        elif kind == "value_error":
            message = error["msg"].removeprefix("Value error, ")
            hint = "see docs/authoring.md"
            if "; " in message:
                message, hint = message.split("; ", 1)
        else:
            message = f"'{name}': {error['msg']}"
            hint = "see docs/authoring.md"
        if (line, message) in seen:
            continue
        seen.add((line, message))
        problems.add(path, line, col, message, hint, code="schema")


