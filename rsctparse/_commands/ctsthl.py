"""ctsthl -l: the trusted host list (host identities and their public keys)."""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any

import attrs

from .. import _grammar
from .._command import Command
from .._errors import Fault, Reject, describe
from .._records import Record

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


Item = tuple[Any, ...]


def _rest(tok: Token | None) -> tuple[int, int, str]:
    if tok is None:
        return (0, 0, "")
    text = tok.value
    stripped = text.lstrip(" \t")
    return (tok.line or 0, (tok.column or 1) - 1 + len(text) - len(stripped), stripped.rstrip(" \t"))


@functools.cache
def _items() -> type[Transformer[Token, list[Item]]]:
    """The grammar's transformer, built on first use (importing rsctparse does not import Lark)."""
    from lark import Token, Transformer, v_args

    @v_args(inline=True)
    class _Items(Transformer[Token, list[Item]]):
        def start(self, *items: Item) -> list[Item]:
            return [i for i in items if isinstance(i, tuple)]

        def identity(self, label: Token, rest: Token | None) -> Item:
            return (label.line or 0, (label.end_column or 1) - 1, _rest(rest))

        def method(self, label: Token, rest: Token | None) -> Item:
            return (label.line or 0, (label.end_column or 1) - 1, _rest(rest))

        def value(self, label: Token, rest: Token | None, *lines: Token) -> Item:
            parts = [_rest(rest)] if rest is not None else []
            parts += [_rest(t) for t in lines]
            return (label.line or 0, (label.end_column or 1) - 1, parts)

        def entry(self, identity: Item, method: Item, value: Item) -> Item:
            return (identity, method, value)

    return _Items


_TERMINALS = {
    "SEPARATOR": "a line of dashes",
    "IDENTITY_LABEL": "'Host Identity:' or 'Host name:'",
    "METHOD_LABEL": "'Identifier Generation Method:'",
    "VALUE_LABEL": "'Identifier Value:'",
    "REST": "a value",
    "VALUE_LINE": "a line of the identifier value",
}


def _required(part: Item, what: str) -> str:
    line, col, (_, _, text) = part
    if not text:
        raise Fault(f"expected {what}, found end of line", line, col + 1)
    return str(text)


def _hex_value(line: int, col: int, parts: list[tuple[int, int, str]]) -> str:
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


def build(items: list[Item]) -> list[Record]:
    """Records from the grammar's items."""
    records: list[Record] = []
    for identity, method, value in items:
        host = _required(identity, "a host identity")
        how = _required(method, "a generation method")
        records.append(TrustedHost(host, how, _hex_value(*value)))
    return records


_SEPARATOR = re.compile(r"-{3,}[ \t]*")
_IDENTITY = re.compile(r"[ \t]*Host[ \t]+(?:Identity|name)[ \t]*:(.*)")
_METHOD = re.compile(r"[ \t]*Identifier[ \t]+Generation[ \t]+Method[ \t]*:(.*)")
_VALUE = re.compile(r"[ \t]*Identifier[ \t]+Value[ \t]*:(.*)")
_VALUE_LINE = re.compile(r"[ \t]*[^ \t\n-][^\n]*")


def fast_records(text: str) -> list[Record]:
    """The hand engine: records of clean output, line by line (Reject when unsure)."""
    records: list[Record] = []
    lines = text.split("\n")
    lines.pop()
    mode = "top"
    host = how = ""
    parts: list[tuple[int, int, str]] = []

    def finish() -> None:
        if not host or not how:
            raise Reject
        records.append(TrustedHost(host, how, _hex_value(0, 0, parts)))

    for line in lines:
        if mode == "value":
            if _VALUE_LINE.fullmatch(line) and not _IDENTITY.match(line):
                if _METHOD.match(line) or _VALUE.match(line):
                    raise Reject
                parts.append((0, 0, line.strip(" \t")))
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
            parts = [(0, 0, rest)] if rest else []
            mode = "value"
    if mode == "value":
        finish()
    elif mode != "top":
        raise Reject
    return records


def parse(text: str, *, engine: _grammar.EngineRun = "fast") -> list[Record]:
    """Records of ``ctsthl -l`` output."""
    return _grammar.run_engines(
        NAME, text, engine, fast_records, lambda t: _grammar.run(NAME, t, _items(), _TERMINALS), build
    )


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


COMMAND = Command(NAME, parse, sniff, render, __doc__)
