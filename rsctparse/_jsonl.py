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
from ._records import _ENCODED, Record, encoded_rows
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
            items: tuple[tuple[str, Any], ...] = record.items
            for _, value in items:
                kind = type(value)
                if kind is tuple:  # (an array: its elements read here, an array in one by a call)
                    for element in value:
                        inner = type(element)
                        if inner is float or (inner is tuple and _holds_float_in(element)):
                            return True
                elif kind is float:
                    return True
    return False


def _holds_float_in(value: tuple[Any, ...]) -> bool:
    return any(type(v) is float or (type(v) is tuple and _holds_float_in(v)) for v in value)


def standard_line(section: Section) -> str:
    """The section's JSON line made by the standard library alone."""
    return _STANDARD(section.as_data())


def compact_line(section: Section) -> str:
    """The section's JSON line: orjson's when it is installed and writes the same bytes, else the standard one."""
    return compact_text(section)[:-1]


def compact_text(section: Section) -> str:
    """The section's JSON line with its newline."""
    return compact_bytes(section).decode("utf-8", "surrogatepass")


def compact_bytes(section: Section, errors: str = "surrogatepass") -> bytes:
    """The section's JSON line with its newline, in UTF-8: ``compact_text``'s, lone surrogates (bytes of the input
    that were not UTF-8) written as the ``errors`` handler writes them (``surrogatepass``: a run of lines decodes at
    once to their texts; the CLI's output stream's handler when it writes the bytes themselves).

    Its object is ``section.as_data()`` written out with the records' tuples left as they are (``encoded_rows``),
    which both encoders write as arrays, as they write lists: the same text (``tests/test_jsonl.py``).
    """
    records, error, command = section.records, section.error, section.command
    data: dict[str, Any] = {
        "file": section.file,
        "command": command,
        "host": section.host,
        "argv": section.argv,
        "line": section.line,
        "records": (_ENCODED.get(type(records[0])) or encoded_rows(type(records[0])))(records) if records else [],
        "error": None if error is None else {"message": error.message, "line": error.line, "column": error.column},
    }
    if section.managed_system is not None:
        data["managed_system"] = section.managed_system
    if error is not None or command == "unknown":
        data["text"] = section.text
    if _orjson is not None and not (command == "lsrsrc" and _holds_float(records)):
        try:  # (orjson adds the newline as it writes: no copy of the line to add it)
            line: bytes = _orjson.dumps(data, None, _APPEND_NEWLINE)
            return line
        except TypeError:  # (orjson.JSONEncodeError is one) a big integer, a lone surrogate: the standard encoder's
            pass
    return (_STANDARD(data) + "\n").encode("utf-8", errors)


def joined_text(lines: list[bytes]) -> str:
    """The text of ``compact_bytes`` lines, in order (one decoding for them all)."""
    return b"".join(lines).decode("utf-8", "surrogatepass")


def pretty_line(section: Section) -> str:
    """The section's JSON, indented (``--pretty``)."""
    return _PRETTY(section.as_data())


def pretty_text(section: Section) -> str:
    """The section's indented JSON with its newline."""
    return pretty_line(section) + "\n"
