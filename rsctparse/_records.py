"""Record base class, records shared by several commands, and the JSON view of records."""

from __future__ import annotations

import enum
import functools
import types
import typing
from collections.abc import Callable
from typing import Any, Generic, TypeVar, overload

import attrs

JSON = Any  # JSON-ready data: dict, list, str, int, float, bool or None

T = TypeVar("T")


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in attrs.fields(cls))


# the types that are their own JSON form
LEAVES: frozenset[type] = frozenset({str, int, float, bool, type(None)})


def as_data(value: object) -> JSON:
    """Turn a record (or a list of them) into JSON-ready data, keys as the docs name them."""
    kind = type(value)
    if kind in LEAVES:
        return value
    if kind is tuple or kind is list:
        return [v if type(v) in LEAVES else as_data(v) for v in value]  # type: ignore[attr-defined]
    if kind is dict:
        return {str(k): as_data(v) for k, v in value.items()}  # type: ignore[attr-defined]
    if isinstance(value, Record):
        return value.as_data()
    if isinstance(value, enum.Enum):
        return as_data(value.value)
    if isinstance(value, (list, tuple)):
        return [as_data(v) for v in value]
    if isinstance(value, dict):
        return {str(k): as_data(v) for k, v in value.items()}
    return value


_SCALARS = (str, int, float, bool, type(None))


def _scalar_type(hint: object) -> bool:
    if hint in _SCALARS:
        return True
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return all(_scalar_type(arg) for arg in typing.get_args(hint))
    return False


_WRITERS: dict[type, Callable[[Any], dict[str, JSON]]] = {}
_ROWS: dict[type, Callable[[Any], list[JSON]]] = {}


def writer(cls: type) -> Callable[[Any], dict[str, JSON]]:
    """The function that makes the JSON-ready dict of a record of ``cls`` (what ``as_data()`` returns).

    For a class that keeps the base ``as_data``, one made for its fields (scalar fields as they are, the others
    through :func:`as_data`) or written by hand (:func:`fields_writer`); else the class's own.
    """
    found = _WRITERS.get(cls)
    if found is None:
        found = _writers(cls)[0]
    return found


def rows_writer(cls: type) -> Callable[[Any], list[JSON]]:
    """The function that makes the list of the JSON-ready dicts of a sequence of records, the first of ``cls``
    (records of another class among them through their own writers)."""
    found = _ROWS.get(cls)
    if found is None:
        found = _writers(cls)[1]
    return found


def records_data(records: tuple[Record, ...] | list[Record]) -> list[JSON]:
    """The JSON-ready dicts of ``records`` (``as_data()`` of each), the usual run of one class at once."""
    if not records:
        return []
    cls = type(records[0])
    return (_ROWS.get(cls) or rows_writer(cls))(records)


def write_record(record: Record) -> dict[str, JSON]:
    """``record.as_data()``, through its class's writer."""
    cls = type(record)
    return (_WRITERS.get(cls) or writer(cls))(record)


def _writers(cls: type) -> tuple[Callable[[Any], dict[str, JSON]], Callable[[Any], list[JSON]]]:
    owner = next(k for k in cls.__mro__ if "as_data" in vars(k))
    one: Callable[[Any], dict[str, JSON]] = owner.__dict__["as_data"] if owner is not Record else generic_writer(cls)
    rows = _mapped(cls, one)
    _WRITERS[cls], _ROWS[cls] = one, rows
    return one, rows


def _mapped(cls: type, one: Callable[[Any], dict[str, JSON]]) -> Callable[[Any], list[JSON]]:
    """The writer of a run of records, ``one`` for each of ``cls`` (records of other classes by their writers)."""

    def rows(records: Any) -> list[JSON]:
        return [one(r) if type(r) is cls else write_record(r) for r in records]

    return rows


def _nested_names(cls: type, names: tuple[str, ...]) -> frozenset[str]:
    try:
        hints = typing.get_type_hints(cls)
    except (NameError, TypeError):
        hints = {}
    return frozenset(name for name in names if not _scalar_type(hints.get(name)))


def generic_writer(cls: type) -> Callable[[Any], dict[str, JSON]]:
    """The writer made from ``cls``'s fields and their types (scalars as they are, the rest through as_data)."""
    names = _field_names(cls)
    nested = _nested_names(cls, names)
    if not nested:
        return lambda record: {name: getattr(record, name) for name in names}
    return lambda record: {name: as_data(getattr(record, name)) if name in nested else getattr(record, name)
                           for name in names}


def fields_writer(cls: type, one: Callable[[Any], dict[str, JSON]],
                  rows: Callable[[Any], list[JSON]] | None = None) -> None:
    """Use ``one``, a hand-written dict display of every field of ``cls`` (a class read in bulk), as its writer;
    ``rows``, when given, writes a run of records (the same display in a comprehension, records of another class
    than ``cls`` through :func:`write_record`).

    They must give what :func:`generic_writer` gives: ``tests/test_jsonl.py`` compares them on the corpus's records.
    """
    _WRITERS[cls] = one
    _ROWS[cls] = rows or _mapped(cls, one)
    HAND_WRITTEN.add(cls)


HAND_WRITTEN: set[type] = set()  # the classes given a writer by ``fields_writer``

_ENCODED: dict[type, Callable[[Any], list[JSON]]] = {}  # writers of runs for the JSON encoders, by record class
_ENCODED_ONE: dict[type, Callable[[Any], dict[str, JSON]]] = {}  # as registered by ``encoder_writer``


def encoder_writer(cls: type, one: Callable[[Any], dict[str, JSON]]) -> None:
    """Use ``one`` for the JSON text of a record of ``cls`` (and of its subclasses that keep its ``as_data``): what
    ``as_data()`` gives, but with tuples left as they are, which the JSON encoders write as arrays as they write
    lists (the CLI's lines; ``tests/test_jsonl.py`` compares the texts on the corpus).
    """
    _ENCODED_ONE[cls] = one
    _ENCODED.clear()


def encoded_rows(cls: type) -> Callable[[Any], list[JSON]]:
    """The writer of a run of records, the first of ``cls``, for the JSON encoders alone: ``encoder_writer``'s for
    each record of ``cls`` when its ``as_data`` has one, else :func:`rows_writer`'s."""
    found = _ENCODED.get(cls)
    if found is None:
        owner = next(k for k in cls.__mro__ if "as_data" in vars(k))
        one = _ENCODED_ONE.get(owner)
        found = _ENCODED[cls] = rows_writer(cls) if one is None else _mapped(cls, one)
    return found


# Records an engine hands out for many lines (one frozen record serves every copy of a line, as ``lssrc`` does for
# rows without a PID), by class: the engine's cache, whose values are those records, and a run writer for the JSON
# encoders that takes the text already made for such a record (``known(id(record))``, None when none is made).
# The CLI's JSON Lines make each shared record's text once (_jsonl.py; tests/test_jsonl.py holds the texts equal).
SharedRows = Callable[[Any, Callable[[int], Any]], list[JSON]]
SHARED: dict[type, tuple[dict[Any, Any], SharedRows]] = {}


def shared_records(cls: type, cache: dict[Any, Any], rows: SharedRows) -> None:
    """Declare ``cache`` an engine's records of ``cls`` shared between lines, ``rows`` their run writer: what
    ``encoded_rows(cls)`` writes, but each record that ``known`` gives a text for as that text."""
    SHARED[cls] = (cache, rows)


@attrs.frozen
class Record:
    """Base of every record: frozen, slotted, picklable; ``as_data()`` gives its JSON form."""

    def as_data(self) -> dict[str, JSON]:
        """This record as a JSON-ready dict (field order kept)."""
        return write_record(self)


@attrs.frozen
class Message(Record):
    """A message printed instead of output: ``code`` such as ``0513-085`` or ``HSCL8012`` (None when uncoded)."""

    code: str | None
    message: str


@attrs.frozen
class AttributeRecord(Record):
    """A record of named attributes kept as printed and in order (``items``), with lookups."""

    items: tuple[tuple[str, Any], ...]

    @property
    def attributes(self) -> dict[str, Any]:
        """The attributes as a new dict (the first value of a name printed twice)."""
        out: dict[str, Any] = {}
        for key, value in self.items:
            out.setdefault(key, value)
        return out

    def get(self, name: str) -> Any:
        """The value of ``name`` (the first when printed twice), or None."""
        for key, value in self.items:
            if key == name:
                return value
        return None


# --- typed views of attribute records ----------------------------------------------------------
def text(value: object) -> str | None:
    """A str value as it is (anything else: None)."""
    return value if isinstance(value, str) else None


def integer(value: object) -> int | None:
    """An int value as it is (anything else: None)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def texts(value: object) -> tuple[str, ...] | None:
    """A tuple value as a tuple of str (anything else: None)."""
    return tuple(str(v) for v in value) if isinstance(value, tuple) else None


class Attribute(Generic[T]):
    """A typed read-only view of one attribute of an ``AttributeRecord``: ``convert(record.get(name))``."""

    def __init__(self, name: str, convert: Callable[[Any], T | None], doc: str | None = None) -> None:
        self.name = name
        self.convert = convert
        self.__doc__ = doc or f"The ``{name}`` attribute (None when absent or of another type)."

    @overload
    def __get__(self, record: None, owner: type | None = None) -> Attribute[T]: ...

    @overload
    def __get__(self, record: AttributeRecord, owner: type | None = None) -> T | None: ...

    def __get__(self, record: AttributeRecord | None, owner: type | None = None) -> Attribute[T] | T | None:
        if record is None:
            return self
        return self.convert(record.get(self.name))


@overload
def attribute(name: str, *, doc: str | None = None) -> Attribute[str]: ...


@overload
def attribute(name: str, convert: Callable[[Any], T | None], *, doc: str | None = None) -> Attribute[T]: ...


def attribute(name: str, convert: Callable[[Any], Any] = text, *, doc: str | None = None) -> Attribute[Any]:
    """A typed view of the attribute ``name``: a str by default, else what ``convert`` makes of the value."""
    return Attribute(name, convert, doc)


def draft(cls: type) -> type:
    """A subclass of the record class ``cls`` that adds no slot and whose slots are stored as any object's: a fast
    engine makes a record as ``draft()``, stores every field, then sets its ``__class__`` to ``cls`` (which
    CPython allows between classes of one layout), and from then on it is an ordinary frozen ``cls``. What attrs'
    ``__init__`` does when the class has nothing else to run (no validator, converter, hook or default left
    unset: tests/test_drafts.py checks each class made so), at a plain slot store a field: about 1.7 k
    instructions for a record of four fields against 4.7 k through the slots' ``__set__``. Both ``__setattr__``
    and ``__delattr__`` are object's (together they are the type's C setattr slot, which the interpreter
    specialises), ``__init__`` too (attrs' wants the fields as arguments). A draft class is private (its name starts
    with ``_``) but, as any subclass, is listed by ``cls.__subclasses__()``."""
    return type(f"_{cls.__name__}Draft", (cls,), {
        "__slots__": (), "__setattr__": object.__setattr__, "__delattr__": object.__delattr__,
        "__init__": object.__init__})
