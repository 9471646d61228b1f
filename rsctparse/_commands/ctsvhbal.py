"""ctsvhbal: this system's host based authentication identities."""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, NamedTuple

import attrs

from .. import _grammar
from .._command import Command
from .._errors import Fault, Reject
from .._records import JSON, Record, encoder_writer

if TYPE_CHECKING:
    from lark import Token, Transformer

NAME = "ctsvhbal"

_MECHANISM = re.compile(r"\((HBA2?)\)")


@attrs.frozen
class HostIdentities(Record):
    """The identities ``ctsvhbal`` lists, in order, with the mechanism each belongs to."""

    identities: tuple[str, ...]
    mechanisms: tuple[tuple[str | None, str], ...]  # (mechanism or None, identity), in order
    messages: tuple[str, ...]  # the explanatory lines, as printed

    def for_mechanism(self, mechanism: str) -> tuple[str, ...]:
        """The identities listed under ``HBA`` or ``HBA2``."""
        return tuple(identity for m, identity in self.mechanisms if m == mechanism)

    def as_data(self) -> dict[str, JSON]:
        return {"identities": list(self.identities), "mechanisms": _by_mechanism(self.mechanisms),
                "messages": list(self.messages)}


def _by_mechanism(mechanisms: tuple[tuple[str | None, str], ...]) -> dict[str, list[str]]:
    by: dict[str, list[str]] = {}
    for mechanism, identity in mechanisms:
        if mechanism is not None:
            by.setdefault(mechanism, []).append(identity)
    return by


# (for the JSON encoders, the tuples as they are: tests/test_jsonl.py compares the texts)
encoder_writer(HostIdentities, lambda r: {"identities": r.identities, "mechanisms": _by_mechanism(r.mechanisms),
                                          "messages": r.messages})


class Identity(NamedTuple):
    """An ``Identity:`` line: the identity."""

    line: int
    identity: str


class MessageLine(NamedTuple):
    """Any other non-blank line, as printed (trailing blanks removed)."""

    line: int
    text: str


Item = Identity | MessageLine


@functools.cache
def _items() -> type[Transformer[Token, list[Item]]]:
    """The grammar's transformer, built on first use (importing rsctparse does not import Lark)."""
    from lark import Token, Transformer, v_args

    @v_args(inline=True)
    class _Items(Transformer[Token, list[Item]]):
        def start(self, *items: Item) -> list[Item]:
            return list(items)

        def identity(self, label: Token, value: Token) -> Item:
            return Identity(label.line or 0, value.value.strip(" \t"))

        def message(self, text: Token) -> Item:
            return MessageLine(text.line or 0, text.value.rstrip(" \t"))

    return _Items


_TERMINALS = {"IDENTITY_LABEL": "'Identity:'", "VALUE": "one identity", "TEXT": "a message line"}


def build(items: list[Item]) -> list[Record]:
    """One record from the grammar's items (none for empty output)."""
    if not items:
        return []
    identities: list[str] = []
    mechanisms: list[tuple[str | None, str]] = []
    messages: list[str] = []
    mechanism: str | None = None
    for item in items:
        if type(item) is Identity:
            identities.append(item.identity)
            mechanisms.append((mechanism, item.identity))
        else:
            assert type(item) is MessageLine
            messages.append(item.text)
            mechanism = _mechanism(item.text, mechanism)
    return _record(identities, mechanisms, messages, items[0].line)


def _mechanism(message: str, mechanism: str | None) -> str | None:
    """The mechanism a message line names last, else the one named before."""
    found = _MECHANISM.findall(message) if "(HBA" in message else None  # (a substring test is cheaper)
    return found[-1] if found else mechanism


def _record(
    identities: list[str], mechanisms: list[tuple[str | None, str]], messages: list[str], first_line: int
) -> list[Record]:
    if not identities and not any("ctsvhbal" in m or "dentit" in m for m in messages):
        raise Fault("expected ctsvhbal output ('ctsvhbal:' messages or 'Identity:' lines)", first_line, 1)
    return [HostIdentities(tuple(identities), tuple(mechanisms), tuple(messages))]


_IDENTITY = re.compile(r"[ \t]*Identity[ \t]*:[ \t]*([^ \t\n]+)[ \t]*")
_LABEL = re.compile(r"[ \t]*Identity[ \t]*:")


def fast_records(text: str) -> list[Record]:
    """The hand engine: build()'s record from the lines the grammar reads as its items (Reject when unsure)."""
    identities: list[str] = []
    mechanisms: list[tuple[str | None, str]] = []
    messages: list[str] = []
    mechanism: str | None = None
    lines = text.split("\n")
    lines.pop()
    for line in lines:
        if "Identity" in line:  # (a substring test first: most lines are messages or blank)
            m = _IDENTITY.fullmatch(line)
            if m is not None:
                identity = m.group(1)
                identities.append(identity)
                mechanisms.append((mechanism, identity))
                continue
            if _LABEL.match(line):
                raise Reject
        elif not line.strip(" \t"):
            continue
        message = line.rstrip(" \t")
        messages.append(message)
        if "(HBA" in message:
            mechanism = _mechanism(message, mechanism)
    if not identities and not messages:
        return []
    first_line = 1  # the first item's
    while not lines[first_line - 1].strip(" \t"):
        first_line += 1
    return _record(identities, mechanisms, messages, first_line)




def render(records: list[Record]) -> str:
    """The documented layout: a message naming each mechanism, then its indented identity lines."""
    out: list[str] = []
    for r in records:
        if not isinstance(r, HostIdentities):
            continue
        current: str | None = "?"
        for mechanism, identity in r.mechanisms:
            if mechanism != current:
                name = {"HBA": "Host Based Authentication (HBA)",
                        "HBA2": "Enhanced Host Based Authentication (HBA2)"}.get(mechanism or "", "")
                out += [f"ctsvhbal: The {name} mechanism identities for".replace("The  ", "The "),
                        "the local system are:", ""]
                current = mechanism
            out += [f"                Identity:  {identity}", ""]
    return "".join(line + "\n" for line in out)


def sniff(head: list[str]) -> bool:
    """A ``ctsvhbal:`` message or an ``Identity:`` line first."""
    first = head[0].lstrip()
    return first.startswith("ctsvhbal:") or bool(re.match(r"Identity[ \t]*:", first))


COMMAND = Command(
    NAME, fast_records, _grammar.grammar_engine(NAME, lambda t: _grammar.run(NAME, t, _items(), _TERMINALS), build),
    sniff, render, __doc__, exact_faults=True,
)
