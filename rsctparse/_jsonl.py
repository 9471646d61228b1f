"""The CLI's JSON Lines: one compact JSON object per section, made by orjson when it is installed.

orjson (optional, ``pip install rsctparse[fast]``) writes the same bytes as the standard library's encoder with
``separators=(",", ":")`` and ``ensure_ascii=False`` for everything a section holds except three things, which
go to the standard encoder: floats (formatted otherwise in exponent form; only ``lsrsrc`` values can be floats,
as the JSON Schemas say), integers beyond 64 bits, and text with lone surrogates (bytes that were not UTF-8).
Tested both ways on every corpus file and on generated sections (tests/test_jsonl.py).
"""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Callable
from typing import Any

from ._commands.lsrsrc import Resource
from ._records import _ENCODED, SHARED, Record, SharedRows, encoded_rows
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


class _Shared:
    """orjson's text of the records an engine shares between lines (``_records.shared_records``), made once each,
    by id: a record's text is kept with the record itself, so no other record can take its id meanwhile.

    Threads: texts are made under a lock, each record kept before its text is added and the texts emptied before
    the records, so a text found for a live record's id is that record's; a cache changed by another thread's parse
    while it is read is read again next time (its records written as dicts meanwhile: the same text)."""

    __slots__ = ("cache", "kept", "lock", "rows", "seen", "texts")

    def __init__(self, cache: dict[Any, Any], rows: SharedRows) -> None:
        self.cache, self.rows = cache, rows
        self.texts: dict[int, Any] = {}  # id -> orjson.Fragment
        self.kept: list[Record] = []
        self.seen = 0  # the cache's length when last read
        self.lock = threading.Lock()

    def write(self, records: tuple[Record, ...]) -> list[Any]:
        """The run writer's list for ``records``: the text made for each shared record, else its dict."""
        if len(self.cache) != self.seen:
            self._read()
        return self.rows(records, self.texts.get)

    def _read(self) -> None:
        """Make the texts of the records added to the cache since it was last read (all of them when it was
        emptied since; one emptied and filled again to more than its old length is read from there on: its
        first records are then written as dicts, the same text)."""
        with self.lock:
            cache, texts, kept = self.cache, self.texts, self.kept
            n = len(cache)
            start = self.seen if n > self.seen else 0
            if len(kept) + n - start > _SHARED_MAX:
                texts.clear()
                kept.clear()
            try:
                for record in itertools.islice(cache.values(), start, None):
                    key = id(record)
                    if key not in texts:
                        try:
                            text = _orjson.dumps(self.rows((record,), _no_text)[0])
                        except TypeError:  # (a big integer, a lone surrogate: left to the section's encoder)
                            continue
                        kept.append(record)
                        texts[key] = _orjson.Fragment(text)
            except RuntimeError:  # (the cache changed size meanwhile, in another thread: read again next time)
                return
            self.seen = n


_SHARED_MAX = 8192  # texts kept, per class
_SHARED_WRITERS: dict[type, Callable[[tuple[Record, ...]], list[Any]]] = {}  # by class: its _Shared's write


def _no_text(key: int) -> None:
    return None


def _rows_for_orjson(cls: type) -> Callable[[tuple[Record, ...]], list[Any]]:
    """The run writer for orjson of records, the first of ``cls`` (a class of shared records)."""
    found = _SHARED_WRITERS.get(cls)
    if found is None:
        found = _SHARED_WRITERS[cls] = _Shared(*SHARED[cls]).write
    return found


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
    found = getattr(_PER_THREAD, "writers", None)
    if found is None:
        found = _PER_THREAD.writers = {}
    key = (errors, _orjson)  # (tests swap the encoder module)
    write = found.get(key)
    if write is None:
        write = found[key] = compact_writer(errors)
    return write(section)


_PER_THREAD = threading.local()  # compact_bytes's writers, by error handler and encoder, for each thread
_KEYS = ("file", "command", "host", "argv", "line", "records", "error")  # the section object's, in order


def compact_writer(errors: str = "surrogatepass") -> Callable[[Section], bytes]:
    """``compact_bytes`` for a run of sections written by one caller (the CLI's loop): the object's dicts (one per
    set of keys) are made here once and filled for each section, as a dict made for each costs more than orjson
    writing it. Not for two threads at once."""
    plain = dict.fromkeys(_KEYS)
    managed = dict.fromkeys((*_KEYS, "managed_system"))
    texted = dict.fromkeys((*_KEYS, "text"))
    both = dict.fromkeys((*_KEYS, "managed_system", "text"))
    fast = _orjson
    dumps = None if fast is None else fast.dumps
    encoded, shared_classes, shared_writers = _ENCODED, SHARED, _SHARED_WRITERS
    standard, newline = _STANDARD, _APPEND_NEWLINE

    def write(section: Section) -> bytes:
        records, error, command = section.records, section.error, section.command
        managed_system = section.managed_system
        rows: Any = ()  # (both encoders write a tuple as an array)
        shared = None
        if records:
            cls = type(records[0])
            if dumps is not None and cls in shared_classes:
                shared = shared_writers.get(cls) or _rows_for_orjson(cls)
            rows = shared(records) if shared is not None else (encoded.get(cls) or encoded_rows(cls))(records)
        texted_now = error is not None or command == "unknown"
        if not texted_now:
            data = plain if managed_system is None else managed
        else:
            data = texted if managed_system is None else both
            data["text"] = section.text
        if managed_system is not None:
            data["managed_system"] = managed_system
        data["file"] = section.file
        data["command"] = command
        data["host"] = section.host
        data["argv"] = section.argv
        data["line"] = section.line
        data["records"] = rows
        data["error"] = None if error is None else {"message": error.message, "line": error.line,
                                                     "column": error.column}
        line: bytes | None = None
        if dumps is not None and not (command == "lsrsrc" and _holds_float(records)):
            try:  # (orjson adds the newline as it writes: no copy of the line to add it)
                line = dumps(data, None, newline)
            except TypeError:  # (orjson.JSONEncodeError is one) a big integer, a lone surrogate: the standard encoder's
                line = None
        if line is None:
            if shared is not None:  # (orjson's texts of shared records: the standard encoder writes the dicts)
                data["records"] = (encoded.get(cls) or encoded_rows(cls))(records)
            line = (standard(data) + "\n").encode("utf-8", errors)
        if records:  # (the dicts let go of what they were filled with: a section's rows, its text)
            data["records"] = ()
        if texted_now:
            data["text"] = None
        return line

    return write


def joined_text(lines: list[bytes]) -> str:
    """The text of ``compact_bytes`` lines, in order (one decoding for them all)."""
    return b"".join(lines).decode("utf-8", "surrogatepass")


def pretty_line(section: Section) -> str:
    """The section's JSON, indented (``--pretty``)."""
    return _PRETTY(section.as_data())


def pretty_text(section: Section) -> str:
    """The section's indented JSON with its newline."""
    return pretty_line(section) + "\n"
