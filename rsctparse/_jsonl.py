"""The CLI's JSON Lines: one compact JSON object per section, made by orjson when it is installed.

orjson (optional, ``pip install rsctparse[fast]``) writes the same bytes as the standard library's encoder with
``separators=(",", ":")`` and ``ensure_ascii=False`` for everything a section holds except three things, which
go to the standard encoder: floats (formatted otherwise in exponent form; only ``lsrsrc`` values can be floats,
as the JSON Schemas say), integers beyond 64 bits, and text with lone surrogates (bytes that were not UTF-8).
Tested both ways on every corpus file and on generated sections (tests/test_jsonl.py).
"""

from __future__ import annotations

import json
from typing import Any

from ._commands.lsrsrc import Resource
from ._records import Record
from ._sections import Section

_orjson: Any
try:  # an optional speed-up: the output is the same without it
    import orjson

    _orjson = orjson
    _APPEND_NEWLINE = orjson.OPT_APPEND_NEWLINE
except ImportError:  # pragma: no cover - depends on the environment
    _orjson = None
    _APPEND_NEWLINE = 0

_STANDARD = json.JSONEncoder(ensure_ascii=False, check_circular=False, separators=(",", ":")).encode
_PRETTY = json.JSONEncoder(ensure_ascii=False, check_circular=False, indent=2).encode


def _holds_float(records: tuple[Record, ...]) -> bool:
    """Whether an ``lsrsrc`` resource among ``records`` has a float value (the only records that can, and only in
    ``lsrsrc`` sections: ``tests/test_jsonl.py`` holds both)."""
    for record in records:
        if isinstance(record, Resource):
            for _, value in record.items:
                if type(value) is float or (type(value) is tuple and _holds_float_value(value)):
                    return True
    return False


def _holds_float_value(value: tuple[Any, ...]) -> bool:
    return any(type(v) is float or (type(v) is tuple and _holds_float_value(v)) for v in value)


def standard_line(section: Section) -> str:
    """The section's JSON line made by the standard library alone."""
    return _STANDARD(section.as_data())


def compact_line(section: Section) -> str:
    """The section's JSON line: orjson's when it is installed and writes the same bytes, else the standard one."""
    return compact_text(section)[:-1]


def compact_text(section: Section) -> str:
    """The section's JSON line with its newline (what the CLI writes)."""
    data = section.as_data()
    if _orjson is None or (section.command == "lsrsrc" and _holds_float(section.records)):
        return _STANDARD(data) + "\n"
    try:  # (orjson adds the newline as it writes: no copy of the line to add it)
        text: str = _orjson.dumps(data, None, _APPEND_NEWLINE).decode()
        return text
    except TypeError:  # (orjson.JSONEncodeError is one) a big integer, a lone surrogate: the standard encoder's
        return _STANDARD(data) + "\n"


def pretty_line(section: Section) -> str:
    """The section's JSON, indented (``--pretty``)."""
    return _PRETTY(section.as_data())


def pretty_text(section: Section) -> str:
    """The section's indented JSON with its newline."""
    return _PRETTY(section.as_data()) + "\n"
