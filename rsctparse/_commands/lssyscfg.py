"""lssyscfg: HMC ls* records (name=value and -F), HMC messages.

About 870 lines on purpose: the one output convention of the HMC's ``ls*`` commands (records, command line,
two engines, and the rules that read a header, a list and a cut line from the text), each part small and
read together when the convention changes. Split it (records / engines / rules) if a second convention comes.
"""

from __future__ import annotations

import collections
import functools
import itertools
import operator
import re
import shlex
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

import attrs

from .. import _grammar
from .._command import Command, Engine
from .._errors import Fault, ParseError, Reject, describe
from .._records import JSON, AttributeRecord, Message, Record, attribute, encoder_writer
from .._registry import HMC_FAMILY
from .._values import CACHED_LINE_MAX, small_int

if TYPE_CHECKING:
    from lark import Token, Transformer

NAME = "lssyscfg"

Value = str | tuple[str, ...]

# Attributes whose value is a list even with one element (HMC man pages: "comma separated list").
LIST_SUFFIXES = ("_adapters", "_slots")
LIST_NAMES = frozenset({"io_slots", "lpar_proc_compat_modes", "power_ctrl_lpar_ids", "lpar_io_pool_ids"})
# Attributes shown as integers in JSON.
INT_NAMES = frozenset({"lpar_id"})
FAMILY = HMC_FAMILY  # the HMC commands that print this convention (kept in the registry: it needs no import)


def is_list_name(name: str) -> bool:
    """Whether ``name`` is a list-valued attribute (its value is always an array)."""
    return _is_list_name(name) if len(name) <= CACHED_LINE_MAX else _reads_as_list_name(name)


def _reads_as_list_name(name: str) -> bool:
    return name in LIST_NAMES or name.endswith(LIST_SUFFIXES)


_is_list_name = functools.lru_cache(maxsize=4096)(_reads_as_list_name)  # (short names only: bounded memory)


def flag(value: object) -> bool | None:
    """``1`` as True, ``0`` as False (anything else: None)."""
    if value == "1":
        return True
    return False if value == "0" else None


def number(value: object) -> int | None:
    """The int of a value of 1 to 19 ASCII digits (anything else: None)."""
    return small_int(value) if isinstance(value, str) else None


@attrs.frozen
class HmcRecord(AttributeRecord):
    """One record of an HMC ls* command: attributes as printed, in order, none dropped.

    Values are strings; list-valued attributes (see ``is_list_name``) are tuples of strings.
    ``resource`` is the ``-r`` resource type when known (``lpar``, ``sys``, ``prof``, ...).
    """

    items: tuple[tuple[str, Value], ...]
    resource: str | None = None

    def as_data(self) -> dict[str, JSON]:
        # (in order, list values as lists; a name printed twice keeps its first value below)
        out: dict[str, JSON] = {key: list(value) if type(value) is tuple else value for key, value in self.items}
        if len(out) != len(self.items):
            out = {}
            for key, value in self.items:
                out.setdefault(key, list(value) if type(value) is tuple else value)
        for key in INT_NAMES:
            number_text = out.get(key)
            if type(number_text) is str and (n := small_int(number_text)) is not None:
                out[key] = n
        return out


def _encoded(record: HmcRecord) -> dict[str, JSON]:
    """``HmcRecord.as_data`` with list values left as tuples (for the JSON encoders: ``encoder_writer``)."""
    items = record.items
    out: dict[str, JSON] = dict(items)
    if len(out) != len(items):  # a name printed twice keeps its first value (dict() keeps the last)
        out = {}
        for key, value in items:
            out.setdefault(key, value)
    for key in INT_NAMES:
        number_text = out.get(key)
        if type(number_text) is str and (n := small_int(number_text)) is not None:
            out[key] = n
    return out


encoder_writer(HmcRecord, _encoded)


@attrs.frozen
class Lpar(HmcRecord):
    """A partition (``lssyscfg -r lpar``)."""

    lpar_id = attribute("lpar_id", number)
    name = attribute("name")
    state = attribute("state", doc="``Running``, ``Not Activated``, ``Open Firmware``, ... as printed.")
    lpar_env = attribute("lpar_env")
    os_version = attribute("os_version")
    rmc_state = attribute("rmc_state", doc="``active``, ``inactive``, ``none``, ``unknown``, ``busy`` as printed.")
    rmc_ipaddr = attribute("rmc_ipaddr", doc="The IP the HMC's RMC uses for the partition; ``\"\"`` when none.")
    dlpar_mem_capable = attribute("dlpar_mem_capable", flag)
    dlpar_proc_capable = attribute("dlpar_proc_capable", flag)
    dlpar_io_capable = attribute("dlpar_io_capable", flag)


@attrs.frozen
class ManagedSystem(HmcRecord):
    """A managed system (``lssyscfg -r sys``)."""

    name = attribute("name")
    type_model = attribute("type_model")
    serial_num = attribute("serial_num")
    ipaddr = attribute("ipaddr")
    state = attribute("state", doc="``Operating``, ``Power Off``, ``No Connection``, ... as printed.")


@attrs.frozen
class LparProfile(HmcRecord):
    """A partition profile (``lssyscfg -r prof``); ``name`` is the profile's name."""

    name = attribute("name")
    lpar_name = attribute("lpar_name")
    lpar_id = attribute("lpar_id", number)


@attrs.frozen
class Values(Record):
    """A ``-F`` row whose attribute names are not known: the values in order (a list value as a tuple)."""

    values: tuple[Value, ...]


_CLASSES: dict[str | None, type[HmcRecord]] = {"lpar": Lpar, "sys": ManagedSystem, "prof": LparProfile}


def _guess_resource(names: Sequence[str]) -> str | None:
    s = set(names)
    if "lpar_name" in s:
        return "prof"
    if "lpar_id" in s or "lpar_env" in s or "rmc_state" in s:
        return "lpar"
    if "type_model" in s or "serial_num" in s:
        return "sys"
    return None


# --- options: what the command line says ----------------------------------------------------
@attrs.frozen
class LsArguments:
    """What an HMC ``ls*`` command line tells the parser (``-r``, ``-m``, ``-F``, ``--header``)."""

    resource: str | None = None
    managed_system: str | None = None
    fields: tuple[str, ...] | None = None  # -F names (empty tuple: -F with no names)
    delimiter: str = ","
    header: bool = False
    command: str | None = None  # the command as invoked (its base name), when the line names one


_DELIMS = re.compile(r"[^A-Za-z0-9_]")
# Delimiters a -F list may use (ASCII punctuation but the quote); a command line with another separator
# (as read from a transcript) gives no names rather than an unusable delimiter.
DELIMITERS = frozenset(",:;|!#%&*+./=?@^~-$'")


def invocation(argv: str | Sequence[str] | None) -> LsArguments:
    """Read ``-r``, ``-m``, ``-F`` and ``--header`` from a command line (tolerant of anything else)."""
    if argv is None:
        return LsArguments()
    if isinstance(argv, str):
        return _invocation_of(argv)
    return _invocation(list(argv))


@functools.lru_cache(maxsize=1024)
def _invocation_of(argv: str) -> LsArguments:
    """``invocation`` of a command line (each is read twice a section: its options and its managed system)."""
    if argv.isascii() and argv.isprintable() and "'" not in argv and '"' not in argv and "\\" not in argv:
        return _invocation(argv.split())  # (printable ASCII, nothing quoted: shlex's words, made in C)
    try:
        words = shlex.split(argv)
    except ValueError:
        words = argv.split()
    return _invocation(words)


def _invocation(words: list[str]) -> LsArguments:
    resource = managed = None
    fields: tuple[str, ...] | None = None
    delimiter = ","
    header = False
    command = words[0].rsplit("/", 1)[-1] if words and words[0].rsplit("/", 1)[-1] in FAMILY else None
    i = 1 if command else 0
    while i < len(words):
        word = words[i]
        nxt = words[i + 1] if i + 1 < len(words) else None
        if word == "-r" and nxt is not None:
            resource, i = nxt, i + 1
        elif word == "-m" and nxt is not None:
            managed, i = nxt, i + 1
        elif word == "-F":
            if nxt is not None and not nxt.startswith("-"):
                delim = _DELIMS.search(nxt)
                sep = delim.group() if delim else ","
                if sep in DELIMITERS:
                    delimiter, fields = sep, tuple(nxt.split(sep))
                else:
                    fields = ()
                i += 1
            else:
                fields = ()
        elif word == "--header":
            header = True
        elif word == "|":
            break
        i += 1
    return LsArguments(resource, managed, fields, delimiter, header, command)


def check_options(options: dict[str, Any]) -> None:
    """Raise TypeError or ValueError, naming the argument, for parse options of the wrong type or value."""
    argv = options.get("argv")
    if argv is not None and not isinstance(argv, str) and not (
        isinstance(argv, Sequence) and all(isinstance(w, str) for w in argv)
    ):
        raise TypeError(f"argv must be a str or a sequence of str, not {type(argv).__name__}")
    fields = options.get("fields")
    if fields is not None:
        if not isinstance(fields, str) and not (
            isinstance(fields, Sequence) and all(isinstance(f, str) for f in fields)
        ):
            raise TypeError(f"fields must be a str or a sequence of str, not {type(fields).__name__}")
        separator = _DELIMS.search(fields) if isinstance(fields, str) else None
        if separator is not None and separator.group() not in DELIMITERS:
            raise ValueError(f"fields: the names are separated by {separator.group()!r}, not one of "
                             f"{''.join(sorted(DELIMITERS))}")
    if "delimiter" in options:
        delimiter = options["delimiter"]
        if not isinstance(delimiter, str):
            raise TypeError(f"delimiter must be a str, not {type(delimiter).__name__}")
        if delimiter not in DELIMITERS:
            raise ValueError(f"delimiter must be one character of {''.join(sorted(DELIMITERS))}, not {delimiter!r}")
    if "header" in options and not isinstance(options["header"], bool):
        raise TypeError(f"header must be a bool, not {type(options['header']).__name__}")
    resource = options.get("resource")
    if resource is not None and not isinstance(resource, str):
        raise TypeError(f"resource must be a str, not {type(resource).__name__}")


def _options(options: dict[str, Any]) -> LsArguments:
    check_options(options)
    inv = invocation(options.get("argv"))
    fields = options.get("fields")
    if fields is not None:
        if isinstance(fields, str):
            delim = _DELIMS.search(fields)
            delimiter = delim.group() if delim else ","
            names = tuple(fields.split(delimiter)) if fields else ()
        else:
            names, delimiter = tuple(fields), options.get("delimiter", inv.delimiter)
        inv = attrs.evolve(inv, fields=names, delimiter=delimiter)
    if "delimiter" in options:
        inv = attrs.evolve(inv, delimiter=options["delimiter"])
    if options.get("header"):
        inv = attrs.evolve(inv, header=True, fields=inv.fields if inv.fields is not None else ())
    if options.get("resource"):
        inv = attrs.evolve(inv, resource=options["resource"])
    return inv


# --- items: what both engines produce --------------------------------------------------------
class Row(NamedTuple):
    """A record: one line, or more when a quoted field holds a newline."""

    line: int  # the 1-based line it starts on
    texts: tuple[str, ...]  # each field's text, unquoted ('' for an empty field)
    quoted: tuple[bool, ...] | None = None  # which fields were quoted (None: none was)
    # each field's 0-based column, as the grammar's tokens give it: on its own line, for a field after a quoted
    # field that holds a newline (None: no field quoted, so each starts after the one before and a delimiter)
    columns: tuple[int, ...] | None = None

    def column(self, index: int) -> int:
        """The 0-based column where field ``index`` starts."""
        if self.columns is not None:
            return self.columns[index]
        return sum(len(t) + 1 for t in self.texts[:index])

    def is_quoted(self, index: int) -> bool:
        """Whether field ``index`` was quoted."""
        return self.quoted is not None and self.quoted[index]


class MessageLine(NamedTuple):
    """An HMC message line (``HSCL1234 text``)."""

    line: int
    code: str
    text: str


class NoResults(NamedTuple):
    """``No results were found.``"""

    line: int


Item = Row | MessageLine | NoResults


class Texts(NamedTuple):
    """The fast engine's record of one line holding a quote, read for its field texts alone (the grammar's
    engine and :func:`fast_items` give the :class:`Row`). ``row()`` reads the rest (which fields were quoted,
    their columns) from the line when :func:`build` needs it: for a fault's position or a row it is unsure of.
    """

    line: int  # the 1-based line
    texts: tuple[str, ...]  # each field's text, unquoted: the Row's
    source: str  # the line as read
    delimiter: str

    def row(self) -> Row:
        """The :class:`Row` of the line (the same texts)."""
        return (_quoted_line(self.source, self.delimiter, self.line)
                or _quoted_row(self.source, iter(()), self.line, self.delimiter)[0])


def _full(row: Row | Texts) -> Row:
    """The :class:`Row` of a row read for its texts alone (a Row as it is)."""
    return row.row() if isinstance(row, Texts) else row


def _unquote(raw: str) -> str:
    return raw[1:-1].replace('""', '"')


@functools.cache
def _items() -> type[Transformer[Token, list[Item]]]:
    """The grammar's transformer, built on first use (importing rsctparse does not import Lark)."""
    from lark import Token, Transformer, v_args

    @v_args(inline=True)
    class _Items(Transformer[Token, list[Item]]):
        def start(self, *items: Item) -> list[Item]:
            return list(items)

        def field(self, tok: Token) -> Token:
            return tok

        def record(self, *parts: Token | None) -> Row:
            texts: list[str] = []
            quoted: list[bool] = []
            columns: list[int] = []
            line = 0
            column = 0  # 0-based column where an empty field would start
            for part in parts:
                if part is None:
                    texts.append("")
                    quoted.append(False)
                    columns.append(column)
                    continue
                line = line or part.line or 0
                if part.type == "DELIM":
                    column = part.end_column or 1
                    column -= 1
                    continue
                texts.append(_unquote(part.value) if part.type == "QUOTED" else part.value)
                quoted.append(part.type == "QUOTED")
                columns.append((part.column or 1) - 1)
            if True not in quoted:
                return Row(line, tuple(texts))
            return Row(line, tuple(texts), tuple(quoted), tuple(columns))

        def message(self, tok: Token) -> MessageLine:
            return MessageLine(tok.line or 0, tok.value[:8], tok.value[9:].rstrip(" \t"))

        def no_results(self, tok: Token) -> NoResults:
            return NoResults(tok.line or 0)

    return _Items


_TERMINALS = {
    "QUOTED": "a quoted field",
    "BARE": "a field",
    "DELIM": "a delimiter",
    "MESSAGE": "an HMC message",
    "NO_RESULTS": "'No results were found.'",
}


def _grammar_text(delimiter: str) -> dict[str, str]:
    if delimiter == ",":
        return {}
    d = "\\" + delimiter  # escaped inside a character class and inside lark's /.../ literal
    return {
        'DELIM: ","': f'DELIM: "{delimiter}"',
        'BARE: /[^,"\\n][^,\\n]*/': f'BARE: /[^{d}"\\n][^{d}\\n]*/',
    }


def lark_items(text: str, delimiter: str = ",") -> list[Item]:
    """The grammar engine: items of ``text`` (ending in a newline)."""
    return _grammar.run(NAME, text, _items(), _TERMINALS, _grammar_text(delimiter))


# --- the fast engine ---------------------------------------------------------------------------
_MESSAGE = re.compile(r"HSCL[0-9A-Fa-f]{4}[ \t]")
_NO_RESULTS = re.compile(r"(No results were found\.|Nie znaleziono wyników\.)[ \t]*")

# How often the fast engine left a text to the grammar since the last reset: "reject" (unsure of the
# input), "fault" (bad input whose position only the grammar can tell: the fast engine rejects text after
# the fault). Valid input gives 0 and 0, and so does bad input the fast engine reads to its end.
FALLBACKS = {"reject": 0, "fault": 0}


def reset_fallbacks() -> None:
    """Set the fallback counts to 0."""
    FALLBACKS["reject"] = FALLBACKS["fault"] = 0


_BLOCK = 1 << 16  # characters split into lines at a time


def _blocks(text: str) -> Iterator[list[str]]:
    """The lines of ``text`` without their ends (the last, unended, left out), a block of lines at a time:
    no list of every line of a large text is made."""
    start, n = 0, len(text)
    while True:
        end = text.find("\n", start + _BLOCK) + 1 if n - start > _BLOCK else 0
        lines = (text[start:end] if end else text[start:] if start else text).split("\n")
        lines.pop()
        yield lines
        if not end:
            return
        start = end


def _quoted_row(line: str, lines: Iterator[str], number: int, delimiter: str) -> tuple[Row, int]:
    """The record starting with ``line`` (which holds a quote; ``lines``: the lines after it) and how many of
    ``lines`` it took.

    The HMC's quoting rule, as the grammar reads it: a field starting with a quote runs to the quote that
    closes it (inner quotes doubled, delimiters and newlines inside kept) and is followed by the delimiter or
    the end of the line; any other field runs to the next delimiter (quotes inside it are text).
    """
    pieces = line.split(delimiter)
    texts: list[str] = []
    quoted: list[bool] = []
    columns: list[int] = []
    col = 0
    k = 0
    more = 0
    while k < len(pieces):
        piece = pieces[k]
        k += 1
        columns.append(col)
        if not piece.startswith('"'):
            texts.append(piece)
            quoted.append(False)
            col += len(piece) + 1
            continue
        parts = [piece]
        quotes = piece.count('"')
        while quotes % 2:  # the closing quote is further on: in the next piece or line
            if k < len(pieces):
                parts.append(delimiter)
            else:
                following = next(lines, None)
                if following is None:
                    raise Reject  # never closed
                more += 1
                pieces = following.split(delimiter)
                k = 0
                parts.append("\n")
            parts.append(pieces[k])
            quotes += pieces[k].count('"')
            k += 1
        field = "".join(parts) if len(parts) > 1 else piece
        inner = field[1:-1]
        if len(field) < 2 or field[-1] != '"' or '"' in inner.replace('""', ""):
            raise Reject  # text after the closing quote
        texts.append(inner.replace('""', '"'))
        quoted.append(True)
        # the next field's column is counted on the line it is on (as the grammar's tokens count it)
        newline = field.rfind("\n")
        col = col + len(field) + 1 if newline < 0 else len(field) - newline
    if True not in quoted:  # quotes inside fields only
        return Row(number, tuple(texts)), more
    return Row(number, tuple(texts), tuple(quoted), tuple(columns)), more


def _quoted_line(line: str, delimiter: str, number: int) -> Row | None:
    """The record of ``line`` (which holds a quote) read at its quotes, when it is one line of fields each quoted
    whole or holding no quote (else None: :func:`_quoted_row` reads it).

    Split at the quotes, the odd parts are inside quotes (an empty part between two is a doubled quote) and the
    others are the bare fields between, with a delimiter next to each quoted field.
    """
    parts = line.split('"')
    last = len(parts) - 1
    if last % 2:
        return None  # an odd number of quotes: a field goes on to the next line, or a quote inside a bare field
    texts: list[str] = []
    quoted: list[bool] = []
    widths: list[int] = []  # each field's width with the delimiter after it
    part = parts[0]
    if part:
        if part[-1] != delimiter:
            return None
        bare = part[:-1].split(delimiter)
        texts += bare
        quoted += [False] * len(bare)
        widths += map(_WIDER, map(len, bare))
    i = 1
    while True:
        inner = parts[i]
        width = len(inner) + 3
        while i + 1 < last and not parts[i + 1]:  # a doubled quote
            i += 2
            inner += '"' + parts[i]
            width += len(parts[i]) + 2
        texts.append(inner)
        quoted.append(True)
        widths.append(width)
        part = parts[i + 1]
        if i + 1 == last:
            if part:
                if part[0] != delimiter:
                    return None
                bare = part[1:].split(delimiter)
                texts += bare
                quoted += [False] * len(bare)
                widths += map(_WIDER, map(len, bare))
            break
        if part[0] != delimiter or part[-1] != delimiter:
            return None
        if len(part) > 1:
            bare = part[1:-1].split(delimiter)
            texts += bare
            quoted += [False] * len(bare)
            widths += map(_WIDER, map(len, bare))
        i += 2
    return Row(number, tuple(texts), tuple(quoted), (0, *itertools.accumulate(widths[:-1])))


_WIDER = (1).__add__  # a field's width with the delimiter after it


class _RejectedAt(Reject):
    """Internal: the fast engine is unsure of the record starting on ``line``."""

    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


def fast_items(text: str, delimiter: str = ",") -> Iterator[Item]:
    """The hand engine: the same items as :func:`lark_items` (raises Reject when unsure), blank lines left out.

    The items come as the text is read, so a reader that stops (at a fault) has read the text only so far,
    and no list of the items of a whole text is made. (:func:`_read` builds from :func:`_fast_rows`, whose
    one-line quoted rows are :class:`Texts`: this is it with each made the Row it stands for.)
    """
    return (item.row() if type(item) is Texts else item for item in _fast_rows(text, delimiter))  # type: ignore[misc]


_new_row = functools.partial(tuple.__new__, Row)  # (a Row made in C: Row(...) is a Python call)
_new_texts = functools.partial(tuple.__new__, Texts)


def _fast_rows(text: str, delimiter: str = ",") -> Iterator[Item | Texts]:
    """The items of :func:`fast_items`, a line holding a quote read as :class:`Texts` when it reads as one line
    of fields each quoted whole or holding no quote (the usual case), else as a Row."""
    lines = itertools.chain.from_iterable(_blocks(text))
    i = 0
    for line in lines:
        i += 1
        if not line or line.isspace():
            continue  # a blank line: no record (and nothing allocated for it)
        # the grammar's priorities: a message or "No results" line first, whatever it contains
        if line.startswith("HSCL") and _MESSAGE.match(line):
            yield MessageLine(i, line[:8], line[9:].rstrip(" \t"))
        elif line.startswith(("No", "Nie")) and _NO_RESULTS.fullmatch(line):
            yield NoResults(i)
        elif '"' in line:
            if (texts := _quoted_texts(line, delimiter)) is not None:
                yield _new_texts((i, texts, line, delimiter))
                continue
            if (quick := _quoted_line(line, delimiter, i)) is not None:
                yield quick
                continue
            try:
                row, more = _quoted_row(line, lines, i, delimiter)
            except Reject:
                raise _RejectedAt(i) from None
            yield row
            i += more
        else:
            yield _new_row((i, tuple(line.split(delimiter)), None, None))


# A quoted field as the HMC prints one: from a quote to the quote that closes it, inner quotes doubled.
_QUOTED_FIELD = re.compile(r'"([^"]*(?:""[^"]*)*)"')
_MARK = "\0"  # a line holding it is left to the other readers (it stood for a quoted field in an older reader)


def _quoted_texts(line: str, delimiter: str) -> tuple[str, ...] | None:
    """The field texts of ``line`` (which holds a quote) when it is one line of fields each quoted whole or
    holding no quote, else None (:func:`_quoted_line` or :func:`_quoted_row` reads it; a line holding the
    character _MARK too, as when a mark stood for each quoted field here).

    Split at its quoted fields (each the longest from a quote: the one that closes it), the rest of the line
    must hold no quote, and each quoted field must be a field of its own (a delimiter or an end on each side):
    the text before the first ends with a delimiter, the text between two starts and ends with one (or is one),
    the text after the last starts with one. Those texts split at their delimiters are the other fields.
    """
    chunks = _QUOTED_FIELD.split(line)
    last = len(chunks) - 1  # (bare texts at even indices, quoted fields' texts at odd ones)
    if not last or _MARK in line:
        return None if last or '"' in line or _MARK in line else tuple(line.split(delimiter))
    # (a quote before a quoted field would have begun one: only the text after the last can hold a quote)
    bare = chunks[0]
    if bare:
        if bare[-1] != delimiter:
            return None
        fields = bare[:-1].split(delimiter)
    else:
        fields = []
    for k in range(2, last, 2):
        fields.append(chunks[k - 1].replace('""', '"'))
        bare = chunks[k]
        if len(bare) > 1:
            if bare[0] != delimiter or bare[-1] != delimiter:
                return None
            fields += bare[1:-1].split(delimiter)
        elif bare != delimiter:
            return None
    fields.append(chunks[last - 1].replace('""', '"'))
    bare = chunks[last]
    if bare:
        if bare[0] != delimiter or '"' in bare:
            return None
        fields += bare[1:].split(delimiter)
    return tuple(fields)


# --- records from items ---------------------------------------------------------------------
_SENTENCE = re.compile(r"[A-Za-z\u00c0-\u024f][^=]*\.")  # and a blank inside (checked apart: no backtracking)
_QUOTED_ELEMENT = re.compile(r'"([^"]*(?:""[^"]*)*)"')
# An attribute name as the HMC prints them (lower case, digits, underscores; at least one letter).
NAME_SHAPE = re.compile(r"[a-z0-9_]*[a-z][a-z0-9_]*")
_PAIR = re.compile(r"[A-Za-z0-9_]+=")  # a field that starts like name=value
_ELEMENT = r'(?:"[^"]*(?:""[^"]*)*"|[^",]*)'
# A list as the HMC prints one inside a value: elements separated by commas, an element holding a comma
# in quotes (inner quotes doubled). A value with a quote that has this shape is a list whatever its name.
_LIST_SHAPE = re.compile(f"{_ELEMENT}(?:,{_ELEMENT})*")


def is_list_shaped(value: str) -> bool:
    """Whether ``value`` is a list with a quoted element (``"a,b",c``): a list for any attribute name."""
    return '"' in value and _LIST_SHAPE.fullmatch(value) is not None


def _list(value: str) -> tuple[str, ...]:
    """The elements of a list value: CSV once more (``"2/1/1/3,4,5/0/1"`` is one element); never fails."""
    if value == "" or value == "none":
        return ()
    if '"' not in value:
        return tuple(value.split(","))
    if '""' not in value:
        parts = value.split('"')
        last = len(parts) - 1
        if not last % 2:
            if not parts[last] and parts[2:last:2].count(",") == (last >> 1) - 1:
                # quoted elements last ("a,b","c,d"), a comma between each two
                head = parts[0]
                if not head:
                    return tuple(parts[1::2])  # every element quoted
                if head[-1] == ",":
                    return (*head[:-1].split(","), *parts[1::2])  # elements without a quote before them
            if (elements := _quoted_elements(parts, last)) is not None:
                return elements
    out: list[str] = []
    pos, n = 0, len(value)
    while True:
        if pos < n and value[pos] == '"':
            m = _QUOTED_ELEMENT.match(value, pos)
            if m is None:  # an unterminated quote: the rest is the element, as the csv module reads it
                out.append(value[pos + 1 :].replace('""', '"'))
                return tuple(out)
            end = value.find(",", m.end())
            end = n if end < 0 else end
            out.append(m.group(1).replace('""', '"') + value[m.end() : end])
        else:
            end = value.find(",", pos)
            end = n if end < 0 else end
            out.append(value[pos:end])
        if end >= n:
            return tuple(out)
        pos = end + 1


def _quoted_elements(parts: list[str], last: int) -> tuple[str, ...] | None:
    """The elements of a list whose text split at its quotes is ``parts`` (``last`` + 1 of them, an odd number:
    the odd ones inside quotes), when each quoted element is whole (a comma or an end on each side), else None."""
    out: list[str] = []
    for i, part in enumerate(parts):
        if i % 2:
            out.append(part)
        elif i == 0:
            if part:
                if part[-1] != ",":
                    return None
                out += part[:-1].split(",")
        elif i == last:
            if part:
                if part[0] != ",":
                    return None
                out += part[1:].split(",")
        elif part[0] != "," or part[-1] != ",":
            return None
        elif len(part) > 1:
            out += part[1:-1].split(",")
    return tuple(out)


def _blank(row: Row) -> bool:
    return len(row.texts) == 1 and not row.quoted and not row.texts[0].strip()


def _not_names(row: Row) -> bool:
    """Whether some field of ``row`` could be no attribute name (quoted, empty, a capital, digits only, ...)."""
    return (row.quoted is not None and True in row.quoted) or not all(NAME_SHAPE.fullmatch(t) for t in row.texts)


def _is_header(row: Row, following: Iterator[Item | Texts], seen: list[Item | Texts]) -> bool:
    """Whether ``row`` is a ``--header`` row, by its shape alone (the items read after it are added to ``seen``).

    Distinct unquoted attribute names, followed by at least one row, every row with as many fields, and some
    field below that no name could be (a capital, a blank, an empty or quoted field, digits only, ...).
    The rows below are read only as far as needed: to the end for a header (valid ``-F`` output).
    """
    names = row.texts
    if _not_names(row) or len(set(names)) != len(names):
        return False
    rows = 0
    evidence = False
    for item in following:
        seen.append(item)
        if type(item) is Texts:  # (a row holding a quoted field: evidence, never blank; its Row is not needed)
            if len(item.texts) != len(names):
                return False
            rows += 1
            evidence = True
            continue
        if not isinstance(item, Row) or _blank(item):
            continue
        if len(item.texts) != len(names):
            return False
        rows += 1
        evidence = evidence or _not_names(item)
    return rows > 0 and evidence


def _unnamed(text: str, quoted: bool) -> Value:
    """A value of a row without names: a quoted field holding a comma is a list (what else is quoted so)."""
    if (quoted and "," in text) or is_list_shaped(text):
        return _list(text)
    return text


class _NotHeader(Exception):
    """Internal: the first row was taken for a header with another delimiter, and is none."""


_EQUALS = itertools.repeat("=")


class _Plan(NamedTuple):
    """What the names of a row decide: which values are lists, the record's class and resource."""

    lists: tuple[int, ...]  # the indices of the list-valued names
    cls: type[HmcRecord]
    resource: str | None
    names: tuple[str, ...]  # the names (one tuple for every record of the plan)


def _plan(names: tuple[str, ...], cls: type[HmcRecord] | None, resource: str | None) -> _Plan:
    kind_cls = cls or _CLASSES.get(_guess_resource(names), HmcRecord)
    return _Plan(tuple(i for i, n in enumerate(names) if is_list_name(n)), kind_cls,
                 resource or _RESOURCE_OF.get(kind_cls), names)


def _convert(pairs: list[tuple[str, Value]], lists: tuple[int, ...], quotes: int, shaped: set[str]) -> None:
    """The values of ``pairs`` read in place: those at ``lists`` as lists, and (when the ``quotes`` quotes of the
    values are not all in those) any other value with a quote as a list when it has a list's shape."""
    for i in lists:
        key, value = pairs[i]
        if '"' in value:
            quotes -= value.count('"')
            pairs[i] = (key, _list(value))  # type: ignore[arg-type]
        else:  # (what _list does, without its call)
            pairs[i] = (key, () if value == "none" or not value else tuple(value.split(",")))  # type: ignore[union-attr]
    if quotes:
        for i, (key, value) in enumerate(pairs):
            if type(value) is str and '"' in value:
                pairs[i] = (key, _value(key, value, shaped))


class _NotPair(Exception):
    """Internal: a field that is not name=value with one '=', or whose value has a list's shape (see _Pairs)."""


class _Pairs(dict[str, tuple[str, Value]]):
    """The pair of each name=value field read (its text: its name and value, a list name's value as a list).

    A field's pair depends on its text alone, and records are frozen, so one pair serves every copy of a field
    (``boot_mode=norm`` in every row): a row of fields read before is one lookup a field, in C. A field read for
    the first time is read here (:meth:`__missing__`). Bounded: emptied when full, fields of at most
    CACHED_LINE_MAX characters kept.
    """

    def __missing__(self, field: str) -> tuple[str, Value]:
        key, eq, value = field.partition("=")
        if not eq or "=" in value:
            raise _NotPair
        if _is_list_name(key) if len(field) <= CACHED_LINE_MAX else _reads_as_list_name(key):  # (is_list_name)
            pair: tuple[str, Value] = (key, _list(value))
        elif '"' in value and is_list_shaped(value):
            raise _NotPair  # (a list for an attribute not known as one: build notes its name)
        else:
            pair = (key, value)
        if len(field) <= CACHED_LINE_MAX:
            if len(self) >= _PAIRS_MAX:
                self.clear()
            self[field] = pair
        return pair


_PAIRS = _Pairs()
# HmcRecords made by setting their slots: what attrs' __init__ does, without its frozen-setattr detour (the same
# records, equal and frozen; tests/test_lssyscfg_pairs.py checks that the classes have nothing else for it to run)
_new = object.__new__
_SET_ITEMS = vars(AttributeRecord)["items"].__set__
_SET_RESOURCE = vars(HmcRecord)["resource"].__set__
_PAIRS_MAX = 4096  # fields, each at most CACHED_LINE_MAX characters (a longer one is read, not remembered)
_NAME_OF = operator.itemgetter(0)


def build(items: Iterable[Item | Texts], inv: LsArguments, by_shape: bool = False) -> list[Record]:
    """Records from the items of either engine, read in order: a fault stops the reading (raised as a Cut).

    ``by_shape``: the first row is a header with the delimiter of ``inv`` (raise _NotHeader when it is none).
    A :class:`Texts` row is read for its texts where they decide, else made its Row first (:func:`_full`).
    """
    records: list[Record] = []
    names = inv.fields if inv.fields else None
    want_header = inv.header
    mode_f = inv.fields is not None
    typed = inv.command is None or inv.command == NAME  # -r names a class only for lssyscfg itself
    cls = _CLASSES.get(inv.resource, HmcRecord) if inv.resource and typed else (HmcRecord if inv.resource else None)
    pairs_seen = False
    shaped: set[str] = set()  # attributes not known as lists whose value had a list's shape
    plans: dict[tuple[str, ...], _Plan] = {}  # by the names of a row, in order
    pair_of, pairs_known = _PAIRS.__getitem__, _PAIRS.__len__
    pairs_wait = 0  # name=value rows to read without _PAIRS before it is tried again (see below), and the last wait
    pairs_backoff = 1
    last_keys: list[str] | None = None  # the names of the last name=value row read at once, and their plan:
    pair_plan: _Plan | None = None  # (rows of one set of names: compared in C, not hashed as new strings)
    new, set_items, set_resource = _new, _SET_ITEMS, _SET_RESOURCE
    rows: Iterator[Item | Texts] = iter(items)
    row: Row | Texts
    while (item := next(rows, None)) is not None:
        if type(item) is Row:
            if len(item.texts) == 1 and _blank(item):
                continue
        elif type(item) is not Texts:  # (a Texts row is never blank: it holds a quoted field)
            if type(item) is MessageLine:
                records.append(Message(item.code, item.text))
            continue
        row = item
        texts = row.texts
        if want_header:
            names = texts
            want_header = False
            continue
        if by_shape:
            by_shape = False
            seen: list[Item | Texts] = []
            if not _is_header(_full(row), rows, seen):
                raise _NotHeader
            rows = itertools.chain(seen, rows)
            names, mode_f = texts, True
            continue
        if not mode_f and names is None:
            if not pairs_wait:
                known = pairs_known()
                try:
                    found = tuple(map(pair_of, texts))  # (each field's pair, read before or now: _Pairs)
                except _NotPair:  # a field not name=value with one '=', or a value with a list's shape:
                    pairs_wait = pairs_backoff = min(2 * pairs_backoff, 64)  # (this row and the next read below)
                else:
                    # the cache pays when most fields were read before: past the first row, a row with more than
                    # a third of its fields new has the next rows read below (a new field costs more there),
                    # 2, 4, ... 64 rows before the cache is tried again
                    if pairs_seen and (pairs_known() - known) * 3 > len(found):
                        pairs_wait = pairs_backoff = min(2 * pairs_backoff, 64)
                    pairs_seen = True
                    if cls is not None:  # (then inv.resource is set: any names' plan is (cls, inv.resource))
                        record = new(cls)
                        set_resource(record, inv.resource)
                    else:
                        plan = plans.get(named := tuple(map(_NAME_OF, found)))
                        if plan is None:
                            plan = plans[named] = _plan(named, cls, inv.resource)
                        record = new(plan.cls)
                        set_resource(record, plan.resource)
                    set_items(record, found)
                    records.append(record)
                    continue
            else:
                pairs_wait -= 1
            parts = "=".join(texts).split("=")
            if len(parts) == 2 * len(texts) and all(map(operator.contains, texts, _EQUALS)):
                # every field is name=value with one '=' (rows _PAIRS is not used for): the branch below, at once
                pairs_seen = True
                keys = parts[0::2]
                if keys != last_keys or pair_plan is None:
                    pair_plan = plans.get(named := tuple(keys))
                    if pair_plan is None:
                        pair_plan = plans[named] = _plan(named, cls, inv.resource)
                    last_keys = keys
                found_values = parts[1::2]
                quotes = "".join(found_values).count('"')
                if pair_plan.lists or quotes:
                    pair_list: list[tuple[str, Value]] = list(zip(pair_plan.names, found_values, strict=True))
                    _convert(pair_list, pair_plan.lists, quotes, shaped)
                    records.append(pair_plan.cls(tuple(pair_list), pair_plan.resource))
                else:
                    records.append(pair_plan.cls(tuple(zip(pair_plan.names, found_values, strict=True)),
                                                 pair_plan.resource))
                continue
            row = _full(row)
            if not all("=" in t for t in texts if t) or (row.quoted is not None and any(
                    q and not t for t, q in zip(texts, row.quoted, strict=True))):  # (a quoted empty field)
                if len(texts) == 1 and " " in texts[0].strip() and _SENTENCE.fullmatch(texts[0].strip()):
                    records.append(Message(None, texts[0].strip()))
                    continue
                if pairs_seen or (_PAIR.match(texts[0]) and len(texts) > 1):
                    # name=value lines before, or this line starts as one: a field without '=' is a fault
                    # (a line cut inside an attribute is not read as -F values)
                    cut = next(i for i, t in enumerate(texts) if "=" not in t)
                    before: list[tuple[str, Value]] = []
                    for t in texts[:cut]:
                        key, _, value = t.partition("=")
                        before.append((key, _list(value) if is_list_name(key) else
                                       _value(key, value, shaped) if '"' in value else value))
                    raise _cut(f"expected name=value, found {describe(texts[cut])}", row.line, row.column(cut) + 1,
                               records, before, shaped, inv)
                if inv.fields is None:
                    seen = []
                    header = _is_header(row, rows, seen)
                    rows = itertools.chain(seen, rows)
                    if header:
                        names = texts  # a --header row
                        mode_f = True
                        continue
                mode_f = True
        if mode_f:
            if names is None:
                if type(row) is Texts and row.delimiter == ",":
                    # an unquoted field holds no ',' here, so "quoted and holding a comma" is "holding a comma"
                    records.append(Values(tuple(_unnamed(t, True) for t in texts)))
                    continue
                row = _full(row)
                if row.quoted is None:
                    records.append(Values(tuple(_unnamed(t, False) for t in texts)))
                else:
                    records.append(Values(tuple(_unnamed(t, q) for t, q in zip(texts, row.quoted, strict=True))))
                continue
            if len(texts) != len(names):
                col = _full(row).column(min(len(texts), len(names)) - 1) + 1
                message = f"expected {len(names)} values ({inv.delimiter.join(names)}), found {len(texts)}"
                raise _cut(message, row.line, col, records, [], shaped, inv)
            plan = plans.get(names)
            if plan is None:
                plan = plans[names] = _plan(names, cls, inv.resource)
            quotes = "".join(texts).count('"')
            if plan.lists or quotes:
                values: list[tuple[str, Value]] = list(zip(names, texts, strict=True))
                _convert(values, plan.lists, quotes, shaped)
                found = tuple(values)
            else:
                found = tuple(zip(names, texts, strict=True))
            record = new(plan.cls)
            set_items(record, found)
            set_resource(record, plan.resource)
            records.append(record)
            continue
        else:
            pairs_seen = True
            pair_list = []
            for index, t in enumerate(texts):
                key, eq, value = t.partition("=")
                if not eq:
                    raise _cut(f"expected name=value, found {describe(t)}", row.line, _full(row).column(index) + 1,
                               records, pair_list, shaped, inv)
                pair_list.append((key, _list(value) if is_list_name(key) else
                                  _value(key, value, shaped) if '"' in value else value))
            pairs = tuple(pair_list)
        kind_cls = cls or _CLASSES.get(_guess_resource([p[0] for p in pairs]), HmcRecord)
        records.append(kind_cls(pairs, inv.resource or _RESOURCE_OF.get(kind_cls)))
    return _promoted(records, shaped) if shaped else records


class Cut(Fault):
    """Internal: a fault in a row, with the records before it (the pairs of a cut line before the cut last)."""

    def __init__(self, message: str, line: int, column: int, records: list[Record]) -> None:
        super().__init__(message, line, column)
        self.records = records


def _cut(message: str, line: int, column: int, records: list[Record], pairs: list[tuple[str, Value]],
         shaped: set[str], inv: LsArguments) -> Cut:
    """The fault at ``line``/``column``, keeping the records so far and a record of ``pairs`` (when any)."""
    kept = list(records)
    if pairs:
        typed = inv.command is None or inv.command == NAME
        cls = _CLASSES.get(inv.resource if inv.resource and typed else _guess_resource([k for k, _ in pairs]),
                           HmcRecord)
        kept.append(cls(tuple(pairs), inv.resource or _RESOURCE_OF.get(cls)))
    return Cut(message, line, column, _promoted(kept, shaped) if shaped else kept)


def parse_partial(text: str, *, engine: Engine = "fast", **options: Any) -> tuple[list[Record], ParseError | None]:
    """The records of ``text`` and None; on bad input, the records before the fault and its ParseError.

    A name=value line cut inside an attribute (a truncated copy) keeps the pairs before the cut as a last
    record, so nothing read is lost; the error is the one :func:`parse` raises. The text is read as
    :func:`parse` reads it, once.
    """
    return _read_all(text, engine, options)


def _value(name: str, text: str, shaped: set[str]) -> Value:
    """The value of an attribute not known as a list that holds a quote: a list when it has a list's shape."""
    if is_list_shaped(text):
        shaped.add(name)
        return _list(text)
    return text


def _promoted(records: list[Record], shaped: set[str]) -> list[Record]:
    """Records whose attributes in ``shaped`` (a list in some record) are lists in every record."""
    out: list[Record] = []
    for r in records:
        if isinstance(r, HmcRecord) and any(k in shaped and isinstance(v, str) for k, v in r.items):
            items = tuple((k, _list(v) if k in shaped and isinstance(v, str) else v) for k, v in r.items)
            r = attrs.evolve(r, items=items)
        out.append(r)
    return out


_RESOURCE_OF: dict[type[HmcRecord], str] = {Lpar: "lpar", ManagedSystem: "sys", LparProfile: "prof"}


def _header_delimiter(text: str) -> str | None:
    """The delimiter of a first line shaped like a ``-F`` header with a delimiter other than ',' (or None)."""
    start = 0
    while True:
        end = text.find("\n", start)
        if end < 0:
            return None
        line = text[start:end]
        if line.strip():
            break
        start = end + 1
    m = _HEADER_LINE.fullmatch(line)
    return m.group(1) if m is not None and m.group(1) in HEADER_DELIMITERS and m.group(1) != "," else None


# Delimiters a header row read from the text alone may use: not '-', '.', '/' (inside host names, DNS names,
# location codes: a column of 'p570-lpar3' is no header) nor '=' (a name=value line has that shape).
HEADER_DELIMITERS = DELIMITERS - frozenset("-./=")
_HEADER_LINE = re.compile(r"[a-z0-9_]+([^a-z0-9_\s\"])[a-z0-9_]+(?:\1[a-z0-9_]+)*")


def _rest_reads(items: Iterator[Item | Texts]) -> Reject | None:
    """The fast engine's Reject in the rest of its text, or None (the items read and dropped)."""
    try:
        collections.deque(items, maxlen=0)
    except Reject as reject:
        return reject
    return None


def _grammar_error_from(text: str, reject: Reject, delimiter: str) -> ParseError | None:
    """The grammar's error on ``text``, read from the record the fast engine rejected, when it finds one there.

    The fast engine read the text before that record without a Reject, so the grammar accepts it (with the
    same items) and reaches the record at the start of a line, as it does the start of a text: its first error
    in the whole text is its first error from that record on, with the lines before counted (None: no error
    there, and the whole text is the grammar's to read).
    """
    line = reject.line if isinstance(reject, _RejectedAt) else 1
    start = 0
    for _ in range(line - 1):
        start = text.index("\n", start) + 1
    if start == 0:
        return None
    try:
        lark_items(text[start:], delimiter)
    except ParseError as exc:
        return exc.moved(line_offset=line - 1)
    return None


# How a text is read: the fast engine resuming the grammar from a record it rejects; the grammar; the fast
# engine alone (a ParseError without a position where it would need the grammar: Command.quick).
_Mode = Literal["fast", "lark", "quick"]


def _read(text: str, engine: _Mode, inv: LsArguments,
          by_shape: bool = False) -> tuple[list[Record], ParseError | None]:
    """The records of ``text`` and None, or the records before the fault and its ParseError.

    The fast engine's items are built into records as they are read, so bad input stops the reading at the
    fault. Its position is the grammar's when the fast engine reads the rest of the text without a Reject:
    its items are then the grammar's (the differential tests), so the grammar would accept the text and the
    same building would fault at the same place. Otherwise the grammar reads the text from the record the
    fast engine rejected (its error there comes first), and the whole text only when it finds none there.
    Raises _NotHeader (``by_shape``) as :func:`build` does.
    """
    if engine != "lark":
        items = _fast_rows(text, inv.delimiter)
        try:
            return build(items, inv, by_shape), None
        except Reject as rejected:
            if engine == "quick":
                return [], _left()
            FALLBACKS["reject"] += 1
            reject = rejected
        except Fault as fault:
            if engine == "quick":
                return [], _left()
            rest = _rest_reads(items)
            if rest is None:
                records = fault.records if isinstance(fault, Cut) else []
                return records, _grammar.error(NAME, text, fault.message, fault.line, fault.column)
            FALLBACKS["fault"] += 1
            reject = rest
        _grammar.FALLBACKS[NAME] += 1
        error = _grammar_error_from(text, reject, inv.delimiter)
        if error is not None:
            return [], error
    try:
        items_read = lark_items(text, inv.delimiter)
    except ParseError as exc:
        return [], exc
    try:
        return build(items_read, inv, by_shape), None
    except Fault as fault:
        records = fault.records if isinstance(fault, Cut) else []
        return records, _grammar.error(NAME, text, fault.message, fault.line, fault.column)


def _left() -> ParseError:
    """The error of the fast engine alone (the stream's cheap re-readings), which gives bad input no position."""
    return ParseError("left to the grammar", command=NAME, line=1, column=1, text_line="")


def _read_all(text: str, engine: _Mode, options: dict[str, Any]) -> tuple[list[Record], ParseError | None]:
    inv = _options(options)
    if inv.fields is None and "delimiter" not in options:
        delimiter = _header_delimiter(text)
        if delimiter is not None:
            try:
                records, error = _read(text, engine, attrs.evolve(inv, delimiter=delimiter), by_shape=True)
            except _NotHeader:
                pass
            else:
                if error is None:
                    return records, None
                # not a header after all: read with ','
    return _read(text, engine, inv)


def _reader(engine: _Mode) -> Callable[..., list[Record]]:
    """An engine of the command's descriptor: the records of ``_read_all``, or its error raised."""

    def read(text: str, **options: Any) -> list[Record]:
        records, error = _read_all(text, engine, options)
        if error is not None:
            raise error
        return records

    return read


_SNIFF = re.compile(r'"?[A-Za-z0-9_]+=[^\n]*,"?[A-Za-z0-9_]+=')


def sniff(head: list[str]) -> bool:
    """name=value lines, HMC messages, 'No results were found.' and a -F header row (by its shape)."""
    first = head[0].rstrip()
    if _SNIFF.match(first) or _MESSAGE.match(first) or _NO_RESULTS.fullmatch(first):
        return True
    m = _HEADER_LINE.fullmatch(first)
    if m is None or m.group(1) not in HEADER_DELIMITERS or len(head) < 2:
        return False
    d = m.group(1)
    names = first.split(d)
    row = head[1].rstrip().split(d)
    return len(row) == len(names) and any(not NAME_SHAPE.fullmatch(v) for v in row)


def _quote_field(text: str, delimiter: str) -> str:
    if delimiter in text or '"' in text or "\n" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def _one_value_row(row: str) -> str:
    """A row that would read as a blank line (one blank value) quoted: a quoted blank is a value."""
    return row if row.strip() else f'"{row}"'


def _quote_unnamed(value: Value, delimiter: str) -> str:
    """A value of a row without names: a list holding a comma is quoted (that is how it reads back as one)."""
    text = _render_value(value)
    if isinstance(value, tuple) and "," in text and not text.startswith('"'):
        return '"' + text.replace('"', '""') + '"'
    return _quote_field(text, delimiter)


def _render_value(value: Value) -> str:
    if isinstance(value, tuple):
        return ",".join(_quote_field(v, ",") for v in value) if value else "none"
    return value


def render(records: Sequence[Record], *, fields: Sequence[str] | None = None, delimiter: str = ",") -> str:
    """HMC output for records: name=value lines, or ``-F`` rows when ``fields`` is given."""
    out: list[str] = []
    for r in records:
        if isinstance(r, Message):
            out.append(f"{r.code} {r.message}" if r.code else r.message)
        elif isinstance(r, Values):
            out.append(_one_value_row(delimiter.join(_quote_unnamed(v, delimiter) for v in r.values)))
        elif isinstance(r, HmcRecord):
            if fields is not None:
                row = delimiter.join(_quote_field(_render_value(r.get(n) or ""), delimiter) for n in fields)
                out.append(_one_value_row(row))
            else:
                out.append(",".join(_quote_field(f"{k}={_render_value(v)}", ",") for k, v in r.items))
    return "".join(line + "\n" for line in out)


# The fast engine never leaves a whole text to the generic fallback: it resumes the grammar itself from the
# record it rejects (see _read), hence parse_quick.
COMMAND = Command(NAME, _reader("fast"), _reader("lark"), sniff, render, __doc__,
                  frozenset({"argv", "fields", "header", "resource", "delimiter"}), check_options,
                  parse_quick=_reader("quick"))


def parse(text: str, *, engine: Engine = "fast", **options: Any) -> list[Record]:
    """Records of lssyscfg (or other HMC ls*) output; options: ``argv``, ``fields``, ``header``, ``resource``."""
    return COMMAND.parse(text, engine, **options)
