"""Record base class, records shared by several commands, and the JSON view of records."""

from __future__ import annotations

import enum
import functools
import operator
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


def as_data(value: object) -> JSON:
    """Turn a record (or a list of them) into JSON-ready data, keys as the docs name them."""
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


@functools.cache
def _plain(cls: type) -> tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]]] | None:
    """For a record class whose fields are all scalars: its field names and a getter of all values."""
    names = _field_names(cls)
    try:
        hints = typing.get_type_hints(cls)
    except (NameError, TypeError):
        hints = {}
    scalar = bool(names) and len(names) > 1 and all(_scalar_type(hints.get(n)) for n in names)
    return (names, operator.attrgetter(*names)) if scalar else None


@attrs.frozen
class Record:
    """Base of every record: frozen, slotted, picklable; ``as_data()`` gives its JSON form."""

    def as_data(self) -> dict[str, JSON]:
        """This record as a JSON-ready dict (field order kept)."""
        cls: type = type(self)
        plain = _plain(cls)
        if plain is not None:  # the common case: a flat record of strings and numbers
            return dict(zip(plain[0], plain[1](self), strict=True))
        return {name: as_data(getattr(self, name)) for name in _field_names(cls)}


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
