"""lspartition: the HMC's raw RMC connection data (-dlpar, -i, -ix)."""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs

from .. import _grammar
from .._command import Command
from .._errors import Fault, Reject, describe
from .._records import Record, as_data, draft, fields_writer
from .._values import INT_PATTERN

if TYPE_CHECKING:
    from lark import Token, Transformer

NAME = "lspartition"


@attrs.frozen
class DlparPartition(Record):
    """One partition of ``lspartition -dlpar`` (its two lines)."""

    index: int
    lpar_id: int
    machine_type_model: str | None
    serial_number: str | None
    hostname: str | None
    ip_address: str | None
    active: int | None
    os_type: str | None
    os_version: str | None
    os_level: str | None
    dcaps: int | None
    cmd_caps: tuple[int, int] | None
    pinned_mem: int | None
    extra: dict[str, list[str | None]] = attrs.field(factory=dict, hash=False)


fields_writer(DlparPartition, lambda r: {
    "index": r.index, "lpar_id": r.lpar_id, "machine_type_model": r.machine_type_model,
    "serial_number": r.serial_number, "hostname": r.hostname, "ip_address": r.ip_address, "active": r.active,
    "os_type": r.os_type, "os_version": r.os_version, "os_level": r.os_level, "dcaps": r.dcaps,
    "cmd_caps": None if r.cmd_caps is None else list(r.cmd_caps), "pinned_mem": r.pinned_mem,
    "extra": as_data(r.extra) if r.extra else {},
})


@attrs.frozen
class PartitionAddress(Record):
    """One record of ``lspartition -i`` (``hostname``, ``os_type``, ``os_level`` only with ``-ix``)."""

    lpar_id: int
    ip_address: str
    active: int | None
    hostname: str | None = None
    os_type: str | None = None
    os_level: str | None = None


class Value(NamedTuple):
    """One item of ``Key:<a, b, ...>``: where it starts (0-based column) and its text (None when blank)."""

    column: int
    text: str | None


class Entry(NamedTuple):
    """``Key:<...>``: its key, where the key starts, its items."""

    key: str
    line: int
    column: int
    values: tuple[Value, ...]


class Header(NamedTuple):
    """A partition's first line: ``<#N> Partition:<...>`` (and any entries after it)."""

    line: int
    number: int  # N of <#N>
    entries: tuple[Entry, ...]


class Detail(NamedTuple):
    """A partition's second line: its entries."""

    line: int
    entries: tuple[Entry, ...]


class Addresses(NamedTuple):
    """A line of ``-i`` records (``lpar_id,ip,active;...``), where they start."""

    line: int
    column: int
    text: str


Item = Header | Detail | Addresses


@functools.cache
def _items() -> type[Transformer[Token, list[Item]]]:
    """The grammar's transformer, built on first use (importing rsctparse does not import Lark)."""
    from lark import Token, Transformer, v_args

    @v_args(inline=True)
    class _Items(Transformer[Token, list[Item]]):
        def start(self, *items: Item) -> list[Item]:
            return list(items)

        def entry(self, key: Token, *parts: Token | None) -> Entry:
            values: list[Value] = []
            col = (key.end_column or 1) + 1  # after ":<"
            for part in parts:
                if part is None:
                    values.append(Value(col, None))
                else:
                    values.append(Value((part.column or 1) - 1, part.value))
            return Entry(key.value, key.line or 0, (key.column or 1) - 1, tuple(values))

        def header(self, index: Token, *entries: Entry) -> Item:
            return Header(index.line or 0, int(index.value[2:-1]), entries)

        def detail(self, *entries: Entry) -> Item:
            return Detail(entries[0].line, entries)

        def addresses(self, tok: Token) -> Item:
            return Addresses(tok.line or 0, (tok.column or 1) - 1, tok.value)

    return _Items


_TERMINALS = {
    "INDEX": "a partition index <#N>",
    "KEY": "a Key:<...> entry",
    "ITEM": "a value",
    "ADDRESSES": "lpar_id,ip,active records",
}


def _lines(text: str) -> list[Item]:
    return _grammar.run(NAME, text, _items(), _TERMINALS)


_DECIMAL = re.compile(INT_PATTERN)
_HEXADECIMAL = re.compile(r"0[xX][0-9A-Fa-f]{1,32}")


def _int(value: str | None, base: int, what: str, line: int, col: int) -> int | None:
    if value is None:
        return None
    # int() alone would also take blanks, underscores and non-ASCII digits
    if (_HEXADECIMAL if base == 16 else _DECIMAL).fullmatch(value) is None:
        raise Fault(f"expected {what}, found {describe(value)}", line, col + 1)
    return int(value, base)


def build(items: list[Item]) -> list[Record]:
    """Records from the grammar's items."""
    records: list[Record] = []
    pending: Header | None = None

    def flush(details: tuple[Entry, ...], line: int) -> None:
        assert pending is not None
        records.append(_partition(pending.line, pending.number, pending.entries, details, line))

    for item in items:
        if type(item) is Header:
            if pending is not None:
                flush((), pending.line)
            pending = item
        elif type(item) is Detail:
            if pending is None:
                entry = item.entries[0]
                message = f"expected a partition line <#N> Partition:<...> before {entry.key}:<...>"
                raise Fault(message, item.line, entry.column + 1)
            flush(item.entries, item.line)
            pending = None
        else:
            assert type(item) is Addresses
            records.extend(_addresses(item.line, item.column, item.text))
    if pending is not None:
        flush((), pending.line)
    return records


_KNOWN = {"Partition", "Active", "OS", "DCaps", "CmdCaps", "PinnedMem"}


def _partition(
    line: int, index: int, head: tuple[Entry, ...], details: tuple[Entry, ...], detail_line: int
) -> DlparPartition:
    entries: dict[str, tuple[int, int, tuple[Value, ...]]] = {}
    extra: dict[str, list[str | None]] = {}
    for entries_of, where in ((head, line), (details, detail_line)):
        for key, _, col, values in entries_of:  # (an Entry)
            if key in _KNOWN and key not in entries:
                entries[key] = (where, col, values)
            else:
                extra[key] = [v.text for v in values]
    if "Partition" not in entries:
        raise Fault("expected Partition:<...> after the index", line, 1)
    pline, pcol, pvalues = entries["Partition"]
    ident = pvalues[0].text or ""
    parts = ident.split("*")
    if len(pvalues) != 3 or len(parts) > 3:
        raise Fault(f"expected Partition:<LPARID*TYPE-MODEL*SERIAL, HOSTNAME, IP>, found {len(pvalues)} items",
                    pline, pcol + 1)
    lpar_id = _int(parts[0], 10, "a partition id", pline, pvalues[0].column)
    assert lpar_id is not None or parts[0] == ""
    if lpar_id is None:
        raise Fault("expected a partition id", pline, pvalues[0].column + 1)

    def one(key: str, base: int, what: str) -> int | None:
        if key not in entries:
            return None
        where, col, values = entries[key]
        if len(values) != 1:
            raise Fault(f"expected one value in {key}:<...>, found {len(values)}", where, col + 1)
        return _int(values[0].text, base, what, where, values[0].column)

    os_type = os_version = os_level = None
    if "OS" in entries:
        os_values = [v.text for v in entries["OS"][2]] + [None, None, None]
        os_type, os_version, os_level = os_values[:3]
    cmd_caps = None
    if "CmdCaps" in entries:
        where, col, values = entries["CmdCaps"]
        if len(values) != 2:
            raise Fault(f"expected two values in CmdCaps:<...>, found {len(values)}", where, col + 1)
        a = _int(values[0].text, 16, "a hex value", where, values[0].column)
        b = _int(values[1].text, 16, "a hex value", where, values[1].column)
        cmd_caps = (a, b) if a is not None and b is not None else None
    return DlparPartition(
        index=index,
        lpar_id=lpar_id,
        machine_type_model=parts[1] if len(parts) > 1 and parts[1] else None,
        serial_number=parts[2] if len(parts) > 2 and parts[2] else None,
        hostname=pvalues[1].text,
        ip_address=pvalues[2].text,
        active=one("Active", 10, "0 or 1"),
        os_type=os_type,
        os_version=os_version,
        os_level=os_level,
        dcaps=one("DCaps", 16, "a hex value (0x...)"),
        cmd_caps=cmd_caps,
        pinned_mem=one("PinnedMem", 10, "a number of MB"),
        extra=extra,
    )


def _addresses(line: int, col: int, text: str) -> list[PartitionAddress]:
    out = []
    start = 0  # offset of the record in text
    for record in text.rstrip(";").split(";"):
        f = record.split(",")
        lpar_id = int(f[0])
        count = f[2].strip(" \t")
        active = int(count) if _DECIMAL.fullmatch(count) else None
        if count and active is None:
            where = col + start + len(f[0]) + len(f[1]) + 2
            raise Fault(f"expected an active count, found {describe(f[2])}", line, where + 1)
        start += len(record) + 1
        if len(f) == 6:
            out.append(PartitionAddress(lpar_id, f[1], active, f[3] or None, f[4] or None, f[5] or None))
        else:
            out.append(PartitionAddress(lpar_id, f[1], active))
    return out


_HEADER = re.compile(r"[ \t]*<#(" + INT_PATTERN + r")>[ \t]*Partition[ \t]*:[ \t]*<([^<>\n]*)>[ \t]*")
_ENTRY = re.compile(r"[ \t]*([A-Za-z][A-Za-z0-9_]*)[ \t]*:[ \t]*<([^<>\n]*)>[ \t]*(,?)")
_ADDRESSES = re.compile(
    r"[ \t]*(" + INT_PATTERN + r",[^,;\n]*,[^,;\n]*(,[^,;\n]*,[^,;\n]*,[^,;\n]*)?"
    r"(;" + INT_PATTERN + r",[^,;\n]*,[^,;\n]*(,[^,;\n]*,[^,;\n]*,[^,;\n]*)?)*;?)[ \t]*"
)
_SEPARATOR = re.compile(r"[ \t]*--[ \t]*")


def _values(inner: str) -> tuple[Value, ...]:
    return tuple(Value(0, item.strip(" \t") or None) for item in inner.split(","))


# One partition as ``lspartition -dlpar`` prints it (its two lines, after any blank or ``--`` lines), by one
# anchored match; every item without blanks, so a group is the item as _values strips it ('' for None).
# Anything else is read by fast_items below.
_ITEM = r"([^ \t,<>\n]*+)"  # (possessive where giving back cannot help: no backtracking marks)
_HEX = r"(0[xX][0-9A-Fa-f]{1,32})"
_PARTITION = re.compile(
    r"(?:[ \t]*(?:--)?[ \t]*\n)*+"
    rf"<#({INT_PATTERN})> Partition:<({INT_PATTERN})\*([^ \t*,<>\n]*+)\*([^ \t*,<>\n]*+), {_ITEM}, {_ITEM}>[ \t]*+\n"
    rf"[ \t]*+Active:<({INT_PATTERN})>, OS:<{_ITEM}, {_ITEM}, {_ITEM}>, DCaps:<{_HEX}>, "
    rf"CmdCaps:<{_HEX}, {_HEX}>, PinnedMem:<({INT_PATTERN})>[ \t]*+\n"
)
_TRAILER = re.compile(r"(?:[ \t]*(?:--)?[ \t]*\n)*")




_DRAFT = draft(DlparPartition)


def fast_records(text: str) -> list[Record]:
    """The hand engine: records of clean ``-dlpar`` output a partition at a time, else of fast_items."""
    records: list[Record] = []
    append = records.append
    match = _PARTITION.match
    pos = 0
    make, cls = _DRAFT, DlparPartition
    record: Any
    while (m := match(text, pos)) is not None:
        index, lpar, mtm, serial, host, ip, active, os_type, os_version, os_level, dcaps, cmd_a, cmd_b, mem = (
            m.groups())
        record = make()
        record.index = int(index)
        record.lpar_id = int(lpar)
        record.machine_type_model = mtm or None
        record.serial_number = serial or None
        record.hostname = host or None
        record.ip_address = ip or None
        record.active = int(active)
        record.os_type = os_type or None
        record.os_version = os_version or None
        record.os_level = os_level or None
        record.dcaps = int(dcaps, 16)
        record.cmd_caps = (int(cmd_a, 16), int(cmd_b, 16))
        record.pinned_mem = int(mem)
        record.extra = {}  # (its default: a new dict)
        record.__class__ = cls
        append(record)
        pos = m.end()
    if _TRAILER.fullmatch(text, pos) is not None:
        return records
    return build(fast_items(text))


def fast_items(text: str) -> list[Item]:
    """The hand engine: the grammar's items (columns left 0: a fault sends the text to the grammar)."""
    items: list[Item] = []
    lines = text.split("\n")
    lines.pop()
    for number, line in enumerate(lines, 1):
        m = _HEADER.fullmatch(line)
        if m is not None:
            items.append(Header(number, int(m.group(1)), (Entry("Partition", number, 0, _values(m.group(2))),)))
            continue
        if not line.strip(" \t") or _SEPARATOR.fullmatch(line):
            continue
        if line.lstrip(" \t")[:1].isalpha():
            entries = []
            pos, last_comma = 0, True
            while pos < len(line) and last_comma:
                e = _ENTRY.match(line, pos)
                if e is None:
                    raise Reject
                entries.append(Entry(e.group(1), number, 0, _values(e.group(2))))
                pos, last_comma = e.end(), bool(e.group(3))
            if pos != len(line) or last_comma:
                raise Reject
            items.append(Detail(number, tuple(entries)))
            continue
        a = _ADDRESSES.fullmatch(line)
        if a is None:
            raise Reject
        items.append(Addresses(number, 0, a.group(1)))
    return items




_SNIFF = re.compile(r"[ \t]*(<#[0-9]+>[ \t]*Partition:<|[0-9]+,[^,;\n]*,[0-9]*(,[^,;\n]*,[^,;\n]*,[^,;\n]*)?;)")


def sniff(head: list[str]) -> bool:
    """``<#N> Partition:<`` lines, or ``-i`` records."""
    return bool(_SNIFF.match(head[0]))


def _item(value: str | None) -> str:
    return "" if value is None else value


def render(records: list[Record]) -> str:
    """Canonical ``lspartition -dlpar`` output (``-ix`` for PartitionAddress records)."""
    out: list[str] = []
    addresses: list[str] = []
    for r in records:
        if isinstance(r, DlparPartition):
            ident = "*".join([str(r.lpar_id), _item(r.machine_type_model), _item(r.serial_number)])
            out.append(f"<#{r.index}> Partition:<{ident}, {_item(r.hostname)}, {_item(r.ip_address)}>")
            parts = []
            if r.active is not None:
                parts.append(f"Active:<{r.active}>")
            if r.os_type is not None or r.os_version is not None or r.os_level is not None:
                parts.append(f"OS:<{_item(r.os_type)}, {_item(r.os_version)}, {_item(r.os_level)}>")
            if r.dcaps is not None:
                parts.append(f"DCaps:<{r.dcaps:#x}>")
            if r.cmd_caps is not None:
                parts.append(f"CmdCaps:<{r.cmd_caps[0]:#x}, {r.cmd_caps[1]:#x}>")
            if r.pinned_mem is not None:
                parts.append(f"PinnedMem:<{r.pinned_mem}>")
            for key, values in r.extra.items():
                parts.append(f"{key}:<{', '.join(_item(v) for v in values)}>")
            if parts:
                out.append("       " + ", ".join(parts))
        elif isinstance(r, PartitionAddress):
            fields = [str(r.lpar_id), r.ip_address, "" if r.active is None else str(r.active)]
            if r.hostname is not None or r.os_type is not None or r.os_level is not None:
                fields += [_item(r.hostname), _item(r.os_type), _item(r.os_level)]
            addresses.append(",".join(fields))
    if addresses:
        out.append(";".join(addresses))
    return "".join(line + "\n" for line in out)


COMMAND = Command(NAME, fast_records, _grammar.grammar_engine(NAME, _lines, build), sniff, render, __doc__)
