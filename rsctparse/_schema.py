"""JSON Schemas (draft 2020-12) of records, the CLI's section object and findings, built from the record classes."""

from __future__ import annotations

import enum
import sys
import types
import typing
from collections.abc import Callable
from typing import Any

import attrs

from ._records import Record

DRAFT = "https://json-schema.org/draft/2020-12/schema"
EXTRA = ("section", "finding")  # schema names besides the commands'

Schema = dict[str, Any]


def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(sys.modules[cls.__module__]))


def _fields(cls: type) -> dict[str, Any]:
    """attrs field name -> resolved type, in field order."""
    hints = _hints(cls)
    return {f.name: hints[f.name] for f in attrs.fields(cls)}


def type_schema(hint: Any, defs: dict[str, Schema]) -> Schema:
    """The JSON Schema of a typed value as ``as_data`` writes it (records by reference into ``defs``)."""
    if hint is Any:
        return {}
    simple = {str: "string", int: "integer", float: "number", bool: "boolean", type(None): "null"}
    if hint in simple:
        return {"type": simple[hint]}
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        parts = [type_schema(a, defs) for a in args]
        if all(set(p) == {"type"} and isinstance(p["type"], str) for p in parts):
            return {"type": [p["type"] for p in parts]}
        return {"anyOf": parts}
    if origin in (tuple, list):
        if origin is list or (len(args) == 2 and args[1] is Ellipsis):
            return {"type": "array", "items": type_schema(args[0], defs)}
        items = [type_schema(a, defs) for a in args]
        return {"type": "array", "prefixItems": items, "items": False, "minItems": len(items)}
    if origin is dict and args and args[0] is str:
        return {"type": "object", "additionalProperties": type_schema(args[1], defs)}
    if origin is typing.Literal:
        return {"enum": list(args)}
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return {"enum": [m.value for m in hint]}
    if isinstance(hint, type) and issubclass(hint, Record):
        return {"$ref": "#/$defs/" + define(hint, defs)}
    raise TypeError(f"no JSON Schema for type {hint!r}")


def _object(properties: dict[str, Schema], required: list[str] | None = None) -> Schema:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
        "additionalProperties": False,
    }


# Record classes whose ``as_data`` writes another shape than one key per field: how their JSON is laid out
# (the value types still come from the fields). A new override without a view here is an error.
def _hmc_view(cls: type, defs: dict[str, Schema]) -> Schema:
    from ._commands.lssyscfg import INT_NAMES

    value = type_schema(typing.get_args(typing.get_args(_fields(cls)["items"])[0])[1], defs)
    return {
        "type": "object",
        "description": "the attributes as printed, name -> value (list-valued attributes are arrays); "
        "the first value of a name printed twice",
        "properties": {name: {"anyOf": [{"type": "integer"}, value]} for name in sorted(INT_NAMES)},
        "additionalProperties": value,
    }


def _resource_view(cls: type, defs: dict[str, Schema]) -> Schema:
    fields = _fields(cls)
    value = type_schema(typing.get_args(typing.get_args(fields["items"])[0])[1], defs)
    return _object({
        "resource_class": type_schema(fields["resource_class"], defs),
        "index": type_schema(fields["index"], defs),
        "attributes": {"type": "object", "additionalProperties": value},
    })


def _identities_view(cls: type, defs: dict[str, Schema]) -> Schema:
    fields = _fields(cls)
    _mechanism, identity = typing.get_args(typing.get_args(fields["mechanisms"])[0])
    return _object({
        "identities": type_schema(fields["identities"], defs),
        "mechanisms": {"type": "object", "additionalProperties": {"type": "array", "items": type_schema(
            identity, defs)}, "description": "mechanism (HBA, HBA2, ...) -> its identities in order"},
        "messages": type_schema(fields["messages"], defs),
    })


def _views() -> dict[type, Callable[[type, dict[str, Schema]], Schema]]:
    from ._commands.ctsvhbal import HostIdentities
    from ._commands.lsrsrc import Resource
    from ._commands.lssyscfg import HmcRecord

    return {HmcRecord: _hmc_view, Resource: _resource_view, HostIdentities: _identities_view}


def _as_data_owner(cls: type) -> type:
    return next(k for k in cls.__mro__ if "as_data" in vars(k))


def define(cls: type, defs: dict[str, Schema]) -> str:
    """Add the schema of record class ``cls`` to ``defs`` (once); its key there."""
    name = cls.__name__
    if name in defs:
        return name
    defs[name] = {}  # placeholder: a record may refer to itself
    owner = _as_data_owner(cls)
    if owner is Record:
        fields = attrs.fields(cls)
        body = _object(
            {f.name: type_schema(h, defs) for f, h in zip(fields, _fields(cls).values(), strict=True)},
            [f.name for f in fields if f.default is attrs.NOTHING],
        )
    else:
        view = _views().get(owner)
        if view is None:
            raise TypeError(f"{owner.__name__}.as_data has no view in rsctparse._schema")
        body = view(cls, defs)
    doc = (cls.__doc__ or "").strip().split("\n\n")[0]
    defs[name] = {"title": name, "description": " ".join(doc.split()), **body}
    return name


def record_classes(command: str) -> list[type]:
    """The public record classes a command's parser builds (those of rsctparse's names in its module)."""
    import rsctparse

    from ._registry import COMMANDS

    module = vars(sys.modules[COMMANDS[command].parse_fast.__module__])
    out: list[type] = []
    for name in rsctparse.__all__:
        value: object = getattr(rsctparse, name)
        if module.get(name) is not value or value is Record:
            continue
        if isinstance(value, type) and issubclass(value, Record):
            out.append(value)
    return out


def _document(title: str, description: str, body: Schema, defs: dict[str, Schema]) -> Schema:
    doc: Schema = {"$schema": DRAFT, "$id": f"urn:rsctparse:schema:{title}", "title": title,
                   "description": description, **body}
    if defs:
        doc["$defs"] = dict(sorted(defs.items()))
    return doc


def _records(command: str, defs: dict[str, Schema]) -> Schema:
    return {"type": "array", "items": {"anyOf": [{"$ref": "#/$defs/" + define(c, defs)}
                                                 for c in record_classes(command)]}}


def _section(defs: dict[str, Schema]) -> Schema:
    from ._errors import ParseError
    from ._registry import COMMANDS, PARSER_OF
    from ._sections import Section

    fields = _fields(Section)
    error_hints = typing.get_type_hints(ParseError)
    error = _object({k: type_schema(error_hints[k], defs) for k in ("message", "line", "column")})
    properties = {
        "file": type_schema(fields["file"], defs),
        "command": {"enum": [*PARSER_OF, "unknown"]},
        "host": type_schema(fields["host"], defs),
        "argv": type_schema(fields["argv"], defs),
        "line": {**type_schema(fields["line"], defs), "minimum": 1},
        "records": {"type": "array"},
        "error": {"anyOf": [error, {"type": "null"}]},
        "managed_system": type_schema(fields["managed_system"], defs),
        "text": type_schema(fields["text"], defs),
    }
    body = _object(properties, ["file", "command", "host", "argv", "line", "records", "error"])
    family = sorted(name for name, parser in PARSER_OF.items() if parser != name)  # (HMC ls*: lssyscfg's records)
    body["allOf"] = [
        {"if": {"properties": {"command": {"const": name}}},
         "then": {"properties": {"records": _records(name, defs)}}}
        for name in COMMANDS
    ] + [{"if": {"properties": {"command": {"enum": family}}},
          "then": {"properties": {"records": _records("lssyscfg", defs)}}}] + [
         {"if": {"properties": {"command": {"const": "unknown"}}},
          "then": {"properties": {"records": {"maxItems": 0}}, "required": ["text"]}},
         {"if": {"properties": {"error": {"type": "object"}}},
          "then": {"properties": {"records": {"maxItems": 0}}, "required": ["text"]}}]
    return body


def schema(name: str = "section") -> Schema:
    """The JSON Schema named ``name``: a command's records (a list), ``section`` or ``finding``."""
    from ._registry import COMMANDS

    defs: dict[str, Schema] = {}
    if name in COMMANDS:
        body = _records(name, defs)
        return _document(name, f"the records of {name} output as rsctparse.as_data writes them (a list): "
                         f"{COMMANDS[name].summary}", body, defs)
    if name == "section":
        body = _section(defs)
        return _document(name, "one JSON object of the CLI's output: a section of a dump (docs/cli.md)", body, defs)
    if name == "finding":
        from ._check import SEVERITIES, Finding

        key = define(Finding, defs)  # kept in $defs: a finding may refer to findings (its causes)
        defs[key]["properties"]["severity"] = {"enum": list(SEVERITIES)}
        return _document(name, "one finding of --check --json (docs/checks.md)", {"$ref": "#/$defs/" + key}, defs)
    raise ValueError(f"unknown schema {name!r}; known: {', '.join([*COMMANDS, *EXTRA])}")


def names() -> list[str]:
    """Every schema name: the commands', then ``section`` and ``finding``."""
    from ._registry import COMMANDS

    return [*COMMANDS, *EXTRA]


def text(name: str = "section") -> str:
    """The schema as published under docs/schema/ (indented JSON)."""
    import json

    return json.dumps(schema(name), indent=2, ensure_ascii=False) + "\n"

