"""Record base class, records shared by several commands, and the JSON view of records."""

from __future__ import annotations

import enum
import operator
import types
import typing
from collections.abc import Callable
from typing import Any

import attrs

JSON = Any  # JSON-ready data: dict, list, str, int, float, bool or None


_FIELDS: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(f.name for f in attrs.fields(cls))
    return names


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
_PLAIN: dict[type, tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]]] | None] = {}


def _scalar_type(hint: object) -> bool:
    if hint in _SCALARS:
        return True
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return all(_scalar_type(arg) for arg in typing.get_args(hint))
    return False


def _plain(cls: type) -> tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]]] | None:
    """For a record class whose fields are all scalars: its field names and a getter of all values."""
    if cls not in _PLAIN:
        names = _field_names(cls)
        try:
            hints = typing.get_type_hints(cls)
        except (NameError, TypeError):
            hints = {}
        scalar = bool(names) and len(names) > 1 and all(_scalar_type(hints.get(n)) for n in names)
        _PLAIN[cls] = (names, operator.attrgetter(*names)) if scalar else None
    return _PLAIN[cls]


@attrs.frozen
class Record:
    """Base of every record: frozen, slotted, picklable; ``as_data()`` gives its JSON form."""

    def as_data(self) -> dict[str, JSON]:
        """This record as a JSON-ready dict (field order kept)."""
        plain = _plain(type(self))
        if plain is not None:  # the common case: a flat record of strings and numbers
            return dict(zip(plain[0], plain[1](self), strict=True))
        return {name: as_data(getattr(self, name)) for name in _field_names(type(self))}


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
