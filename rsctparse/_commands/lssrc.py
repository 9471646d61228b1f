"""lssrc: SRC status tables, subserver tables and SRC messages."""

from __future__ import annotations

import functools
import itertools
import operator
import re
from typing import TYPE_CHECKING, Any, NamedTuple, cast

import attrs

from .. import _grammar
from .._command import Command
from .._errors import Fault, Reject, describe
from .._records import Message, Record, draft, fields_writer, shared_records, write_record
from .._values import CACHED_LINE_MAX, MAX_INT_DIGITS, is_small_int

if TYPE_CHECKING:
    from lark import Token, Transformer

NAME = "lssrc"

@attrs.frozen
class Subsystem(Record):
    """One row of the status table: ``lssrc -a``, ``-g``, ``-s``, ``-p``."""

    subsystem: str
    group: str | None
    pid: int | None
    status: str


# (the JSON of the rows read most, written as one dict display, and in a comprehension for a run of rows:
# tests/test_jsonl.py compares them with the generic writer)
fields_writer(
    Subsystem,
    lambda r: {"subsystem": r.subsystem, "group": r.group, "pid": r.pid, "status": r.status},
    lambda rows: [{"subsystem": r.subsystem, "group": r.group, "pid": r.pid, "status": r.status}
                  if type(r) is Subsystem else write_record(r) for r in rows],
)


@attrs.frozen
class Subserver(Record):
    """One row of the subserver table: ``lssrc -t``."""

    service: str
    command: str | None
    description: str | None
    status: str


# --- the grammar's items (the fast engine reads lines straight to records) -------------------
class Field(NamedTuple):
    """A run of non-blanks in a row: its columns (0-based, end exclusive) and text."""

    start: int
    end: int
    text: str


class Header(NamedTuple):
    """A table header; ``columns`` are the starts of its 2nd, 3rd and 4th words."""

    line: int
    subserver: bool  # the subserver table (-t), else the status table
    columns: tuple[int, int, int]


class MessageItem(NamedTuple):
    """An SRC message and the continuation lines that follow it."""

    line: int
    code: str
    text: str
    continuations: tuple[str, ...]


class Row(NamedTuple):
    """A table row: its fields."""

    line: int
    fields: tuple[Field, ...]


Item = Header | MessageItem | Row

_HEADER_WORD = re.compile(r"[^ \t\n]+")


def _columns(header: str, base: int) -> tuple[int, int, int]:
    starts = [m.start() + base for m in _HEADER_WORD.finditer(header)]
    return starts[1], starts[2], starts[3]


def _message(text: str) -> tuple[str, str]:
    body = text.strip(" \t")
    return body[:8], body[9:].strip(" \t")


@functools.cache
def _items() -> type[Transformer[Token, list[Item]]]:
    """The grammar's transformer, built on first use (importing rsctparse does not import Lark)."""
    from lark import Token, Transformer, v_args

    @v_args(inline=True)
    class _Items(Transformer[Token, list[Item]]):
        def start(self, *items: Item) -> list[Item]:
            return list(items)

        def status_header(self, tok: Token) -> Item:
            return Header(tok.line or 0, False, _columns(tok.value, (tok.column or 1) - 1))

        def subserver_header(self, tok: Token) -> Item:
            return Header(tok.line or 0, True, _columns(tok.value, (tok.column or 1) - 1))

        def message(self, tok: Token, *conts: Token) -> Item:
            code, text = _message(tok.value)
            return MessageItem(tok.line or 0, code, text, tuple(c.value.rstrip(" \t") for c in conts))

        def row(self, *fields: Token) -> Item:
            spans = tuple(Field((f.column or 1) - 1, (f.end_column or 1) - 1, f.value) for f in fields)
            return Row(fields[0].line or 0, spans)

    return _Items


_TERMINALS = {
    "FIELD": "a field",
    "STATUS_HEADER": "the header 'Subsystem Group PID Status'",
    "SUBSERVER_HEADER": "the header 'Service Command Description Status'",
    "MESSAGE": "an SRC message",
    "CONTINUATION": "a message continuation",
}


def lark_items(text: str) -> list[Item]:
    """The grammar engine: items of ``text`` (which ends with a newline)."""
    return _grammar.run(NAME, text, _items(), _TERMINALS)


# --- the fast engine -----------------------------------------------------------------------
_STATUS_HEADER = re.compile(r"[ \t]*Subsystem[ \t]+Group[ \t]+PID[ \t]+Status[ \t]*")
_SUBSERVER_HEADER = re.compile(r"[ \t]*Service[ \t]+Command[ \t]+Description[ \t]+Status[ \t]*")
_MESSAGE = re.compile(r"[ \t]*[0-9]{4}-[0-9]{3}[ \t]")
_CONTINUATION = re.compile(r"[A-Za-z][^\n]*\.[ \t]*")
_FIELD = re.compile(r"[^ \t\n]+")
_ODD_SPACE = re.compile("[^\\S \\t\\n]")  # white space other than blank, TAB and newline


def _odd_space(text: str) -> bool:
    """Whether ``text`` holds white space other than blank, TAB and newline (str.split() would split at it)."""
    if text.isascii():  # substring scans, spelled out (a generator over the characters costs 6 times as much)
        return ("\r" in text or "\x0b" in text or "\x0c" in text or "\x1c" in text or "\x1d" in text
                or "\x1e" in text or "\x1f" in text)
    return _ODD_SPACE.search(text) is not None


def _fields(line: str) -> tuple[Field, ...]:
    return tuple(Field(m.start(), m.end(), m.group()) for m in _FIELD.finditer(line))


_FOUR_FIELDS = re.compile(r"[ \t]*+(?:[^ \t\n]++[ \t]++){4}")


def _too_many_fields(line: int, text: str) -> Fault:
    """``_status_row``'s fault for a row of five fields or more, without a Field (or a word) per field: a row of a
    million fields costs memory in proportion to its text only."""
    m = _FOUR_FIELDS.match(text)
    assert m is not None  # (the row has five fields or more)
    n = 4 + _FIELD.subn("", text[m.end():])[1]
    return Fault(f"expected 2 to 4 fields (Subsystem, Group, PID, Status), found {n}", line, m.end() + 1)


# Rows without a PID (``sendmail  mail  inoperative``) repeat from host to host: their record depends on the
# line alone (the token rule; the column rule agrees on them, docs/commands/lssrc.md), and records are
# frozen, so one record serves every copy. Bounded: emptied when full.
_NO_PID_ROWS: dict[str, Subsystem] = {}
_NO_PID_ROWS_MAX = 4096  # lines, each at most CACHED_LINE_MAX characters (a longer line is read, not remembered)
# (and the CLI's JSON Lines write the text of each such record once, _jsonl.py; a row with a PID is never shared,
# so it is not looked up)
shared_records(Subsystem, _NO_PID_ROWS, lambda rows, known: [
    {"subsystem": r.subsystem, "group": r.group, "pid": r.pid, "status": r.status}
    if type(r) is Subsystem and r.pid is not None else known(id(r)) or write_record(r) for r in rows])
# The status headers met, with their columns (a handful of layouts: AIX, Linux, ...). Bounded likewise.
_HEADERS: dict[str, tuple[int, int, int]] = {}


# Subsystem records made as drafts (_records.draft: plain slot stores, then the class; 2.3 k instructions a record
# against 4.7 k through the slots' __set__, dealloc included): what attrs' __init__ does, the class having no
# validator, converter or post-init for this to skip (tests/test_fast_records.py, tests/test_drafts.py)
_DRAFT = draft(Subsystem)


def fast_records(text: str) -> list[Record]:
    """The hand engine: the grammar's records, line by line (faults go to the grammar for their message)."""
    records: list[Record] = []
    append = records.append
    columns: tuple[int, int, int] | None = None  # the status table's, or the subserver table's
    subserver = False
    known = _NO_PID_ROWS
    # the lines of the message being read (its first line's text, then continuations): the record is
    # built once when the message ends, so n continuation lines cost O(n), not O(n^2)
    message_lines: list[str] = []
    lines = text.split("\n")
    lines.pop()  # text ends with a newline
    # str.split() also splits at other white space (\r, \x0b, ...): check lines only when the text has some
    odd_space = _odd_space(text)
    start = 0  # the first line left to the loop below
    if not odd_space:
        # The plain status table, the lines of nearly every lssrc: the status header, rows with a PID whose name
        # and status begin with no digit nor punctuation (the checks of the loop below, most of them skipped),
        # rows without a PID seen before, blank lines. At any other line, the loop below goes on from there.
        get = known.get
        make, cls = _DRAFT, Subsystem
        ascii_text = text.isascii()
        it = iter(lines)
        if lines and lines[0] in _HEADERS:  # (the usual first line: a status header met before)
            columns = _HEADERS[next(it)]
        for line in it:
            record = get(line)
            if record is not None:
                append(record)
                continue
            words = line.split(None, 4)  # (five items: five fields or more, which the loop below reads)
            if len(words) == 4:
                first, group, pid, status = words
                # (a word >= ":" is one whose first character is not a digit, blank or punctuation < ":")
                if (first >= ":" and status >= ":" and pid.isdigit() and len(pid) <= MAX_INT_DIGITS
                        and (ascii_text or pid.isascii())):
                    made = make()
                    made.subsystem = first
                    made.group = group
                    made.pid = int(pid)
                    made.status = status
                    made.__class__ = cls
                    append(made)
                    continue
                if first == "Subsystem":
                    found = _HEADERS.get(line)
                    if found is None and _STATUS_HEADER.fullmatch(line):
                        found = _columns(line, 0)
                        if len(line) <= CACHED_LINE_MAX:
                            if len(_HEADERS) >= _NO_PID_ROWS_MAX:
                                _HEADERS.clear()
                            _HEADERS[line] = found
                    if found is not None:
                        columns = found
                        continue
            elif words:
                if 1 < len(words) < 4 and words[0] >= ":":  # (two or three fields, not a message)
                    append(_short_row(line, words, columns))
                    continue
            else:
                continue
            start = len(lines) - operator.length_hint(it) - 1
            break
        else:
            return records
    for number, line in enumerate(itertools.islice(lines, start, None), start + 1):
        if message_lines:
            body = line.lstrip(" \t")
            if _CONTINUATION.fullmatch(body):
                message_lines.append(body.rstrip(" \t"))
                continue
            _end_message(records, message_lines)
        if not subserver:
            record = known.get(line)
            if record is not None:
                append(record)
                continue
        # (without odd white space, a row of five fields or more is a fault: its first five are enough)
        words = line.split() if odd_space else line.split(None, 4)
        if odd_space and len(line) - line.count(" ") - line.count("\t") != sum(map(len, words)):
            raise Reject  # separators other than blanks and TABs
        n = len(words)
        if n == 4:  # the usual row (a header, a message or a subserver row go on below)
            first, group, pid, status = words
            pid_ok = pid.isdigit() and pid.isascii() and len(pid) <= MAX_INT_DIGITS
            if not pid_ok:
                if first == "Subsystem" and _STATUS_HEADER.fullmatch(line):
                    columns, subserver = _columns(line, 0), False
                    continue
                if first == "Service" and _SUBSERVER_HEADER.fullmatch(line):
                    columns, subserver = _columns(line, 0), True
                    continue
            if not subserver and not (first[0].isdigit() and _MESSAGE.match(line)):
                # the token rule and the column rule agree on these (docs/commands/lssrc.md)
                if not pid_ok or (status.isdigit() and status.isascii()):
                    raise Reject
                append(Subsystem(first, group, int(pid), status))
                continue
        if not words:
            continue
        first = words[0]
        if first[0].isdigit() and _MESSAGE.match(line):
            code, message = _message(line)
            append(Message(code, message))
            message_lines.append(message)
        elif subserver:
            assert columns is not None
            append(_subserver_row(number, _fields(line), columns))
        elif n == 2 or n == 3:
            append(_short_row(line, words, columns))
        elif n > 4 and not odd_space:
            raise _too_many_fields(number, line)
        else:
            append(_status_row(number, _fields(line), columns))
    if message_lines:
        _end_message(records, message_lines)
    return records


def _short_row(line: str, words: list[str], columns: tuple[int, int, int] | None) -> Subsystem:
    """A status row of two or three fields (``words``; not a message), remembered when it has no PID."""
    first, middle, status = words[0], words[1], words[-1]
    if status.isdigit() and status.isascii():
        raise Reject
    if len(words) == 3 and middle.isdigit() and middle.isascii() and len(middle) <= MAX_INT_DIGITS:
        # name, PID, status; a PID-like group (its first character in the Group column) only by the
        # header's columns: _status_row's rules for three fields, without building its fields
        if columns is not None:
            g, p, s = columns
            start = line.index(first)
            at = line.index(middle, start + len(first))
            if start < g <= at < p and line.index(status, at + len(middle)) >= s:
                return Subsystem(first, middle, None, status)
        made: Any = _DRAFT()  # (these rows are not remembered: their PIDs differ from host to host)
        made.subsystem = first
        made.group = None
        made.pid = int(middle)
        made.status = status
        made.__class__ = Subsystem
        return cast(Subsystem, made)
    record = Subsystem(first, middle if len(words) == 3 else None, None, status)
    if len(line) <= CACHED_LINE_MAX:
        known = _NO_PID_ROWS
        if len(known) >= _NO_PID_ROWS_MAX:
            known.clear()
        known[line] = record
    return record


def _end_message(records: list[Record], message_lines: list[str]) -> None:
    """Give the last record (the message just read) its continuation lines, then empty ``message_lines``."""
    if len(message_lines) > 1:
        last = records[-1]
        assert isinstance(last, Message)
        records[-1] = Message(last.code, "\n".join(message_lines))
    message_lines.clear()


# --- records from items --------------------------------------------------------------------
def _digits(value: str) -> bool:
    return value.isascii() and value.isdigit()


_pid = is_small_int  # (an alias, not a call: it runs once per row)


def _joined(fields: tuple[Field, ...] | list[Field]) -> str | None:
    """Fields joined with the blanks that separated them (a TAB counts as one blank)."""
    if not fields:
        return None
    parts = [fields[0].text]
    for prev, cur in itertools.pairwise(fields):
        parts.append(" " * (cur.start - prev.end))
        parts.append(cur.text)
    return "".join(parts)


def _status_row(line: int, fields: tuple[Field, ...], columns: tuple[int, int, int] | None) -> Subsystem:
    if columns is not None:
        g, p, s = columns
        slots: list[list[Field]] = [[], [], [], []]
        for f in fields:
            slots[0 if f.start < g else 1 if f.start < p else 2 if f.start < s else 3].append(f)
        if (
            all(len(slot) <= 1 for slot in slots)
            and slots[0]
            and slots[3]
            and (not slots[2] or _pid(slots[2][0].text))
            and not _digits(slots[3][0].text)
        ):
            return Subsystem(
                slots[0][0].text,
                slots[1][0].text if slots[1] else None,
                int(slots[2][0].text) if slots[2] else None,
                slots[3][0].text,
            )
    n = len(fields)
    if n > 4 or n < 2:
        where = fields[4] if n > 4 else fields[-1]
        raise Fault(
            f"expected 2 to 4 fields (Subsystem, Group, PID, Status), found {n}",
            line,
            (where.end if n < 2 else where.start) + 1,
        )
    name, status = fields[0], fields[-1]
    group: Field | None = None
    pid: Field | None = None
    if n == 4:
        group, pid = fields[1], fields[2]
    elif n == 3:
        if _pid(fields[1].text):
            pid = fields[1]
        else:
            group = fields[1]
    if pid is not None and not _pid(pid.text):
        raise Fault(f"expected a PID (digits), found {describe(pid.text)}", line, pid.start + 1)
    if _digits(status.text):
        raise Fault("expected a status after the PID, found end of line", line, status.end + 1)
    return Subsystem(name.text, group.text if group else None, int(pid.text) if pid else None, status.text)


def _subserver_row(line: int, fields: tuple[Field, ...], columns: tuple[int, int, int]) -> Subserver:
    if len(fields) < 2:
        raise Fault("expected a subserver row (Service ... Status), found one field", line, fields[0].end + 1)
    service, status, middle = fields[0], fields[-1], fields[1:-1]
    c, d, s = columns
    if service.start < c and status.start >= s and all(c <= f.start < s for f in middle):
        command = [f for f in middle if f.start < d]
        description = [f for f in middle if f.start >= d]
        if len(command) <= 1:
            return Subserver(service.text, command[0].text if command else None, _joined(description), status.text)
    return Subserver(service.text, middle[0].text if middle else None, _joined(middle[1:]), status.text)


def build(items: list[Item]) -> list[Record]:
    """Records from the grammar's items, in order."""
    records: list[Record] = []
    header: Header | None = None
    for item in items:
        if type(item) is Row:
            if header is not None and header.subserver:
                records.append(_subserver_row(item.line, item.fields, header.columns))
            else:
                records.append(_status_row(item.line, item.fields, header.columns if header else None))
        elif type(item) is Header:
            header = item
        else:
            assert type(item) is MessageItem
            records.append(Message(item.code, "\n".join((item.text, *item.continuations))))
    return records




_SNIFF_ROW = re.compile(r"[ \t]*[^ \t\n]+([ \t]+[^ \t\n]+){0,2}[ \t]+(active|inoperative|stopping|warned)[ \t]*")


def sniff(head: list[str]) -> bool:
    """Whether the first non-blank lines look like lssrc output."""
    first = head[0]
    if _STATUS_HEADER.fullmatch(first) or _SUBSERVER_HEADER.fullmatch(first):
        return True
    if _MESSAGE.match(first) and first.strip()[:4] == "0513":
        return True
    return all(_SNIFF_ROW.fullmatch(line) for line in head)


def render(records: list[Record], *, linux: bool = False) -> str:
    """Canonical lssrc output for records (AIX layout; ``linux`` narrows the PID column to 8)."""
    lines: list[str] = []
    table = ""
    for r in records:
        if isinstance(r, Subsystem):
            if table != "status":
                lines.append("Subsystem         Group            PID     Status " if linux
                             else "Subsystem         Group            PID          Status")
                table = "status"
            pid = "" if r.pid is None else str(r.pid)
            lines.append(f" {r.subsystem:<16} {r.group or '':<16} {pid:<{7 if linux else 12}} {r.status}")
        elif isinstance(r, Subserver):
            if table != "subserver":
                lines.append("Service       Command                  Description              Status ")
                table = "subserver"
            lines.append(f" {r.service:<12} {r.command or '':<24} {r.description or '':<24} {r.status}")
        elif isinstance(r, Message):
            table = ""
            lines.append(f"{r.code} {r.message}")
    return "".join(line + "\n" for line in lines)


COMMAND = Command(
    NAME, fast_records, _grammar.grammar_engine(NAME, lark_items, build),
    sniff, render, __doc__, exact_faults=True,
)
