"""ctsthl -l: the trusted host list (host identities and their public keys)."""

from __future__ import annotations

import binascii
import functools
import re
from binascii import a2b_hex
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs

from .. import _grammar
from .._command import Command
from .._errors import Fault, Reject, describe
from .._records import Record, draft, fields_writer, write_record

if TYPE_CHECKING:
    from lark import Token, Transformer

NAME = "ctsthl"

_HEX = re.compile(r"[0-9A-Fa-f]+")


@attrs.frozen
class TrustedHost(Record):
    """One entry of the trusted host list: an identity (host name or IP) and its key."""

    host_identity: str
    identifier_generation_method: str
    identifier_value: str


# (one dict display, and in a comprehension for a run: tests/test_jsonl.py compares them with the generic writer)
fields_writer(TrustedHost, lambda r: {
    "host_identity": r.host_identity, "identifier_generation_method": r.identifier_generation_method,
    "identifier_value": r.identifier_value}, lambda rows: [{
        "host_identity": r.host_identity, "identifier_generation_method": r.identifier_generation_method,
        "identifier_value": r.identifier_value} if type(r) is TrustedHost else write_record(r) for r in rows])


class Rest(NamedTuple):
    """What follows a label on its line (or a line of the value): where it starts (0-based) and its text."""

    line: int
    column: int
    text: str


class Labelled(NamedTuple):
    """A label line: where the label ends (0-based column) and what follows it."""

    line: int
    column: int
    rest: Rest


class ValueItem(NamedTuple):
    """The value label, where it ends, and the value's pieces (on its line, then on the lines after)."""

    line: int
    column: int
    parts: list[Rest]


class Entry(NamedTuple):
    """One entry of the list: its three labels."""

    identity: Labelled
    method: Labelled
    value: ValueItem


_NO_REST = Rest(0, 0, "")


def _rest(tok: Token | None) -> Rest:
    if tok is None:
        return _NO_REST
    text = tok.value
    stripped = text.lstrip(" \t")
    return Rest(tok.line or 0, (tok.column or 1) - 1 + len(text) - len(stripped), stripped.rstrip(" \t"))


@functools.cache
def _items() -> type[Transformer[Token, list[Entry]]]:
    """The grammar's transformer, built on first use (importing rsctparse does not import Lark)."""
    from lark import Token, Transformer, v_args

    @v_args(inline=True)
    class _Items(Transformer[Token, list[Entry]]):
        def start(self, *items: Entry | Token) -> list[Entry]:
            return [i for i in items if isinstance(i, Entry)]

        def identity(self, label: Token, rest: Token | None) -> Labelled:
            return Labelled(label.line or 0, (label.end_column or 1) - 1, _rest(rest))

        def method(self, label: Token, rest: Token | None) -> Labelled:
            return Labelled(label.line or 0, (label.end_column or 1) - 1, _rest(rest))

        def value(self, label: Token, rest: Token | None, *lines: Token) -> ValueItem:
            parts = [_rest(rest)] if rest is not None else []
            parts += [_rest(t) for t in lines]
            return ValueItem(label.line or 0, (label.end_column or 1) - 1, parts)

        def entry(self, identity: Labelled, method: Labelled, value: ValueItem) -> Entry:
            return Entry(identity, method, value)

    return _Items


_TERMINALS = {
    "SEPARATOR": "a line of dashes",
    "IDENTITY_LABEL": "'Host Identity:' or 'Host name:'",
    "METHOD_LABEL": "'Identifier Generation Method:'",
    "VALUE_LABEL": "'Identifier Value:'",
    "REST": "a value",
    "VALUE_LINE": "a line of the identifier value",
}


def _required(part: Labelled, what: str) -> str:
    text = part.rest.text
    if not text:
        raise Fault(f"expected {what}, found end of line", part.line, part.column + 1)
    return text


def _hex_value(line: int, col: int, parts: list[Rest]) -> str:
    hexes = []
    for pline, pcol, text in parts:
        for word in text.split():
            if not _HEX.fullmatch(word):
                bad = re.search(r"[^0-9A-Fa-f]", word)
                offset = text.index(word) + (bad.start() if bad else 0)
                raise Fault(f"expected hex digits in the identifier value, found {describe(word)}",
                            pline, pcol + offset + 1)
            hexes.append(word)
    if not hexes:
        raise Fault("expected the identifier value (hex) after 'Identifier Value:'", line, col + 1)
    return "".join(hexes)


def build(items: list[Entry]) -> list[Record]:
    """Records from the grammar's items."""
    records: list[Record] = []
    for entry in items:
        host = _required(entry.identity, "a host identity")
        how = _required(entry.method, "a generation method")
        value = entry.value
        records.append(TrustedHost(host, how, _hex_value(value.line, value.column, value.parts)))
    return records


_SEPARATOR = re.compile(r"-{3,}[ \t]*")
_IDENTITY = re.compile(r"[ \t]*Host[ \t]+(?:Identity|name)[ \t]*:(.*)")
_METHOD = re.compile(r"[ \t]*Identifier[ \t]+Generation[ \t]+Method[ \t]*:(.*)")
_VALUE = re.compile(r"[ \t]*Identifier[ \t]+Value[ \t]*:(.*)")
_VALUE_LINE = re.compile(r"[ \t]*[^ \t\n-][^\n]*")


# One entry as ctsthl prints it, from the separators before it to its last line of hex: read by one anchored
# match each. Anything else (indented labels, a value on the label's line, blanks in the value, ...) is read
# by the line engine below.
_ENTRY = re.compile(
    r"(?:-{3,}+[ \t]*+\n|\n)*+"  # (possessive where giving back cannot help: no backtracking marks)
    r"Host[ \t]+(?:Identity|name)[ \t]*:[ \t]*([^ \t\n](?:[^\n]*[^ \t\n])?)[ \t]*\n"
    r"Identifier[ \t]+Generation[ \t]+Method[ \t]*:[ \t]*([^ \t\n](?:[^\n]*[^ \t\n])?)[ \t]*\n"
    r"Identifier[ \t]+Value[ \t]*:[ \t]*\n"
    r"((?:[0-9A-Fa-f][^\n]*+\n)++)"  # lines of hex, checked below (a set per character costs the regex more)
)

_TRAILER = re.compile(r"(?:-{3,}+[ \t]*+\n|\n)*+")




_DRAFT = draft(TrustedHost)

# Entries as ctsthl prints them, each after its line of 20 dashes: cut out of the text by one split (the text
# between them must be empty, and after the last one the closing line of dashes). Each part is one of _ENTRY's, in
# the same place, so the records are _ENTRY's; anything else goes to _ENTRY, a match an entry.
_PRINTED = re.compile(
    r"-{20}\n"
    r"Host (?:Identity|name):[ \t]*+([^ \t\n](?:[^\n]*[^ \t\n]|))[ \t]*\n"  # (|, not ?: no repeat to set up)
    r"Identifier Generation Method:[ \t]*+([^ \t\n](?:[^\n]*[^ \t\n]|))[ \t]*\n"
    r"Identifier Value:\n"
    r"([0-9A-Fa-f][^-]*\n)"  # lines up to the next dashes: hex digits only, no blank line (checked below)
)
_CLOSING = "-" * 20 + "\n"


def fast_records(text: str) -> list[Record]:
    """The hand engine: records of clean output (Reject when unsure)."""
    parts = _PRINTED.split(text)  # [gap, host, method, lines, gap, ..., lines, rest]
    if parts.pop() != _CLOSING:
        return _entry_records(text)
    records: list[Record] = []
    append = records.append
    make, cls = _DRAFT, TrustedHost
    record: Any
    digits = ""
    each = iter(parts)
    for gap, host, how, lines in zip(each, each, each, each, strict=True):  # (4 parts an entry)
        if gap or "\n\n" in lines:
            return _entry_records(text)
        record = make()
        record.host_identity = host
        record.identifier_generation_method = how
        record.identifier_value = value = lines.replace("\n", "")
        record.__class__ = cls
        append(record)
        digits += value
    try:  # hex digits only (a2b_hex takes pairs of them, and nothing else)
        a2b_hex(digits if not len(digits) & 1 else digits + "0")
    except ValueError:  # (binascii.Error)
        return _entry_records(text)
    return records


def _entry_records(text: str) -> list[Record]:
    """Records of clean output an entry at a time, by one anchored match each (else the line engine's)."""
    records: list[Record] = []
    append = records.append
    match = _ENTRY.match
    pos = 0
    make, cls = _DRAFT, TrustedHost
    record: Any
    while (m := match(text, pos)) is not None:
        host, how, lines = m.groups()
        value = lines.replace("\n", "")
        try:  # hex digits only (a2b_hex takes pairs of them, and nothing else)
            a2b_hex(value if not len(value) & 1 else value + "0")
        except (binascii.Error, ValueError):
            return _line_records(text)
        record = make()
        record.host_identity = host
        record.identifier_generation_method = how
        record.identifier_value = value
        record.__class__ = cls
        append(record)
        pos = m.end()
    if _TRAILER.fullmatch(text, pos) is not None:
        return records
    return _line_records(text)


def _line_records(text: str) -> list[Record]:
    """The line engine: records of any output the grammar reads the same way, line by line (else Reject)."""
    records: list[Record] = []
    lines = text.split("\n")
    lines.pop()
    mode = "top"
    host = how = ""
    parts: list[Rest] = []

    def finish() -> None:
        if not host or not how:
            raise Reject
        records.append(TrustedHost(host, how, _hex_value(0, 0, parts)))

    for line in lines:
        if mode == "value":
            if _VALUE_LINE.fullmatch(line) and not _IDENTITY.match(line):
                if _METHOD.match(line) or _VALUE.match(line):
                    raise Reject
                parts.append(Rest(0, 0, line.strip(" \t")))
                continue
            finish()
            mode = "top"
        if mode == "top":
            if line == "" or _SEPARATOR.fullmatch(line):
                continue
            m = _IDENTITY.fullmatch(line)
            if m is None:
                raise Reject
            host, mode = m.group(1).strip(" \t"), "method"
        elif mode == "method":
            m = _METHOD.fullmatch(line)
            if m is None:
                raise Reject
            how, mode = m.group(1).strip(" \t"), "label"
        else:  # the value label
            m = _VALUE.fullmatch(line)
            if m is None:
                raise Reject
            rest = m.group(1).strip(" \t")
            parts = [Rest(0, 0, rest)] if rest else []
            mode = "value"
    if mode == "value":
        finish()
    elif mode != "top":
        raise Reject
    return records




def render(records: list[Record], *, label: str = "Host Identity", width: int = 66) -> str:
    """Canonical ``ctsthl -l`` output (``label`` ``Host name`` for older RSCT)."""
    out: list[str] = []
    for r in records:
        if not isinstance(r, TrustedHost):
            continue
        out += ["-" * 20, f"{label}: {r.host_identity}",
                f"Identifier Generation Method: {r.identifier_generation_method}", "Identifier Value:"]
        value = r.identifier_value
        out += [value[i : i + width] for i in range(0, len(value), width)]
    if out:
        out.append("-" * 20)
    return "".join(line + "\n" for line in out)


def sniff(head: list[str]) -> bool:
    """Dashes then a host label, or a host label then the method label."""
    label = re.compile(r"[ \t]*Host[ \t]+(Identity|name)[ \t]*:")
    if label.match(head[0]):
        return True
    return bool(re.fullmatch(r"[ \t]*-{3,}[ \t]*", head[0])) and len(head) > 1 and bool(label.match(head[1]))


COMMAND = Command(
    NAME, fast_records, _grammar.grammar_engine(NAME, lambda t: _grammar.run(NAME, t, _items(), _TERMINALS), build),
    sniff, render, __doc__,
)
