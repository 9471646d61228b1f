"""CSV tables of records: one table per command, one row per record, for spreadsheets (docs/csv.md)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO

from ._records import JSON, Record
from ._sections import Section

CONTEXT = ("host", "file", "line", "record")  # the leading columns: where a row comes from, its record type
LIST_JOIN = "\n"  # list items share one cell, one item per line


def cell(value: JSON) -> str:
    """A JSON value as one cell: null empty, booleans true/false, lists one item per line."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_JOIN.join(
            json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def flat(data: dict[str, JSON]) -> dict[str, str]:
    """A record's JSON as cells: an object-valued key becomes one column per inner key (``outer.inner``)."""
    out: dict[str, str] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            for inner, v in value.items():
                out[f"{key}.{inner}"] = cell(v)
        else:
            out[key if key not in CONTEXT else key + "_"] = cell(value)
    return out


def row(record: Record, host: str | None, file: str | None, line: int) -> dict[str, str]:
    """The CSV row of a record of a section (``line``: the section's first output line)."""
    return {"host": host or "", "file": file or "", "line": str(line), "record": type(record).__name__,
            **flat(record.as_data())}


class Table:
    """The rows of one command; the header is every column seen, in first-seen order."""

    def __init__(self, command: str) -> None:
        self.command = command
        self.columns: dict[str, None] = dict.fromkeys(CONTEXT)
        self.rows: list[dict[str, str]] = []

    def add(self, cells: dict[str, str]) -> None:
        for key in cells:
            if key not in self.columns:
                self.columns[key] = None
        self.rows.append(cells)

    def write(self, out: IO[str], bom: bool = False) -> None:
        """The table as CSV (RFC 4180: CRLF line ends, quotes where needed); ``bom`` starts it with U+FEFF."""
        if bom:
            out.write("\ufeff")
        writer = csv.DictWriter(out, fieldnames=list(self.columns), restval="")
        writer.writeheader()
        writer.writerows(self.rows)


def tables(sections: Iterable[Section]) -> dict[str, Table]:
    """One table per command of the sections that parsed, in first-seen order (failed sections have no rows)."""
    out: dict[str, Table] = {}
    for section in sections:
        if not section.records:
            continue
        table = out.get(section.command)
        if table is None:
            table = out[section.command] = Table(section.command)
        for record in section.records:
            table.add(row(record, section.host, section.file, section.line))
    return out


def records_table(
    records: Iterable[Record], command: str, *, host: str | None = None, file: str | None = None, line: int = 1
) -> Table:
    """A table of records parsed from one output (``rsctparse.parse``), all rows with the same context."""
    table = Table(command)
    for record in records:
        table.add(row(record, host, file, line))
    return table
