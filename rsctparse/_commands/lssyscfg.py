"""lssyscfg: HMC ls* records (name=value and -F), HMC messages."""

from __future__ import annotations

import csv
import functools
import re
import shlex
from collections.abc import Sequence
from typing import Any

import attrs
from lark import Token, Transformer, v_args

from .. import _grammar
from .._errors import Fault, Reject, describe
from .._records import JSON, AttributeRecord, Message, Record, attribute
from .._values import small_int

NAME = "lssyscfg"

Value = str | tuple[str, ...]

# Attributes whose value is a list even with one element (HMC man pages: "comma separated list").
LIST_SUFFIXES = ("_adapters", "_slots")
LIST_NAMES = frozenset({"io_slots", "lpar_proc_compat_modes", "power_ctrl_lpar_ids", "lpar_io_pool_ids"})
# Attributes shown as integers in JSON.
INT_NAMES = frozenset({"lpar_id"})
# Attribute names known from published output: a first -F row made only of these is a --header row.
KNOWN_NAMES = frozenset(
    """name lpar_id lpar_env state resource_config os_version logical_serial_num default_profile curr_profile
    work_group_id shared_proc_pool_util_auth allow_perf_collection power_ctrl_lpar_ids boot_mode lpar_keylock
    auto_start redundant_err_path_reporting rmc_state rmc_ipaddr sync_curr_profile time_ref lpar_avail_priority
    desired_lpar_proc_compat_mode curr_lpar_proc_compat_mode suspend_capable remote_restart_capable
    affinity_group_id simplified_remote_restart_capable remote_restart_status vtpm_enabled ipl_source
    rmc_osshutdown_capable dlpar_mem_capable dlpar_proc_capable dlpar_io_capable uuid type_model serial_num
    ipaddr lpar_name description os msp migr_storage_vios_data_status curr_secure_boot pend_secure_boot
    keystore_kbytes powervm_mgmt_capable virtual_serial_num sp_type state_detail detailed_state
    virtual_eth_adapters virtual_scsi_adapters virtual_serial_adapters virtual_fc_adapters io_slots
    lpar_proc_compat_modes""".split()
)


@functools.lru_cache(maxsize=4096)
def is_list_name(name: str) -> bool:
    """Whether ``name`` is a list-valued attribute (its value is always an array)."""
    return name in LIST_NAMES or name.endswith(LIST_SUFFIXES)


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
        out: dict[str, JSON] = {}
        for key, value in self.items:
            if key in out:
                continue
            if isinstance(value, tuple):
                out[key] = list(value)
            elif key in INT_NAMES and (n := small_int(value)) is not None:
                out[key] = n
            else:
                out[key] = value
        return out


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
    """A ``-F`` row whose attribute names are not known: the values in order."""

    values: tuple[str, ...]


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


_DELIMS = re.compile(r"[^A-Za-z0-9_]")
# Delimiters a -F list may use (ASCII punctuation but the quote); a command line with another separator
# (as read from a transcript) gives no names rather than an unusable delimiter.
DELIMITERS = frozenset(",:;|!#%&*+./=?@^~-$'")


def invocation(argv: str | Sequence[str] | None) -> LsArguments:
    """Read ``-r``, ``-m``, ``-F`` and ``--header`` from a command line (tolerant of anything else)."""
    if argv is None:
        return LsArguments()
    if isinstance(argv, str):
        try:
            words = shlex.split(argv)
        except ValueError:
            words = argv.split()
    else:
        words = list(argv)
    resource = managed = None
    fields: tuple[str, ...] | None = None
    delimiter = ","
    header = False
    i = 0
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
    return LsArguments(resource, managed, fields, delimiter, header)


def _options(options: dict[str, Any]) -> LsArguments:
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
    if inv.delimiter not in DELIMITERS:
        raise ValueError(f"lssyscfg delimiter must be one of {''.join(sorted(DELIMITERS))}: {inv.delimiter!r}")
    return inv


# --- items: what both engines produce --------------------------------------------------------
# ("record", line, ((column, text, quoted), ...))   text already unquoted; None for an empty field
# ("message", line, (code, text))
# ("none", line, None)                              No results were found.
Item = tuple[str, int, Any]
Cell = tuple[int, str | None, bool]


def _unquote(raw: str) -> str:
    return raw[1:-1].replace('""', '"')


@v_args(inline=True)
class _Items(Transformer[Token, list[Item]]):
    def start(self, *items: Item) -> list[Item]:
        return list(items)

    def field(self, tok: Token) -> Token:
        return tok

    def record(self, *parts: Token | None) -> Item:
        cells: list[Cell] = []
        line = 0
        column = 0  # 0-based column where an empty field would start
        for part in parts:
            if part is None:
                cells.append((column, None, False))
                continue
            line = line or part.line or 0
            if part.type == "DELIM":
                column = part.end_column or 1
                column -= 1
            elif part.type == "QUOTED":
                cells.append(((part.column or 1) - 1, _unquote(part.value), True))
            else:
                cells.append(((part.column or 1) - 1, part.value, False))
        return ("record", line, tuple(cells))

    def message(self, tok: Token) -> Item:
        return ("message", tok.line or 0, (tok.value[:8], tok.value[9:].rstrip(" \t")))

    def no_results(self, tok: Token) -> Item:
        return ("none", tok.line or 0, None)


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
    return _grammar.run(NAME, text, _Items, _TERMINALS, _grammar_text(delimiter))


# --- the fast engine ---------------------------------------------------------------------------
_MESSAGE = re.compile(r"HSCL[0-9A-Fa-f]{4}[ \t]")
_NO_RESULTS = re.compile(r"(No results were found\.|Nie znaleziono wyników\.)[ \t]*")


def fast_items(text: str, delimiter: str = ",") -> list[Item]:
    """The hand engine: the same items as :func:`lark_items` (raises Reject when unsure)."""
    items: list[Item] = []
    lines = text.split("\n")
    lines.pop()
    for number, line in enumerate(lines, 1):
        # the grammar's priorities: a message or "No results" line first, whatever it contains
        if line.startswith("HSCL") and _MESSAGE.match(line):
            items.append(("message", number, (line[:8], line[9:].rstrip(" \t"))))
        elif line.startswith(("No", "Nie")) and _NO_RESULTS.fullmatch(line):
            items.append(("none", number, None))
        elif '"' in line:
            if line.count('"') % 2 or (line[0] != '"' and f'{delimiter}"' not in line) or "\r" in line:
                raise Reject  # a quoted field spanning lines, a quote inside a bare field, a CR (csv eats it)
            try:
                row = next(csv.reader([line], delimiter=delimiter, strict=True))
            except csv.Error:
                raise Reject from None
            if len(row) == 1:
                raise Reject  # one quoted field: whether it was quoted matters (a quoted blank is not a blank line)
            cells = []
            for value in row:
                cells.append((0, value if value != "" else None, False))
            if f'{delimiter}""' in line or line.startswith('""'):
                raise Reject  # an empty quoted field: let the grammar say so exactly
            items.append(("record", number, tuple(cells)))
        else:
            col = 0
            cells = []
            for value in line.split(delimiter):
                cells.append((col, value or None, False))
                col += len(value) + 1
            items.append(("record", number, tuple(cells)))
    return items


# --- records from items ---------------------------------------------------------------------
_SENTENCE = re.compile(r"[A-Za-z\u00c0-\u024f][^=]*\.")  # and a blank inside (checked apart: no backtracking)


_QUOTED_ELEMENT = re.compile(r'"((?:[^"]|"")*)"')


def _list(value: str) -> tuple[str, ...]:
    """The elements of a list value: CSV once more (``"2/1/1/3,4,5/0/1"`` is one element); never fails."""
    if value == "" or value == "none":
        return ()
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


def build(items: list[Item], inv: LsArguments) -> list[Record]:
    """Records from the items of either engine."""
    records: list[Record] = []
    names = inv.fields if inv.fields else None
    want_header = inv.header
    mode_f = inv.fields is not None
    cls = _CLASSES.get(inv.resource, HmcRecord) if inv.resource else None
    for kind, line, payload in items:
        if kind == "message":
            records.append(Message(payload[0], payload[1]))
            continue
        if kind == "none":
            continue
        cells: tuple[Cell, ...] = payload
        if len(cells) == 1 and (cells[0][1] is None or not cells[0][1].strip()) and not cells[0][2]:
            continue  # a blank line
        texts = [c[1] or "" for c in cells]
        if want_header:
            names = tuple(texts)
            want_header = False
            continue
        if not mode_f and names is None:
            if not all("=" in t for t, c in zip(texts, cells, strict=True) if c[1] is not None or c[2]):
                if len(cells) == 1 and " " in texts[0].strip() and _SENTENCE.fullmatch(texts[0].strip()):
                    records.append(Message(None, texts[0].strip()))
                    continue
                if not records and all(re.fullmatch(r"[a-z0-9_]+", t) for t in texts) and set(texts) <= KNOWN_NAMES:
                    names = tuple(texts)  # a --header row
                    mode_f = True
                    continue
                if records or len(cells) == 1:
                    bad = next(c for c in cells if "=" not in (c[1] or ""))
                    raise Fault(f"expected name=value, found {describe(bad[1] or '')}", line, bad[0] + 1)
                mode_f = True
        if mode_f:
            if names is None:
                records.append(Values(tuple(texts)))
                continue
            if len(texts) != len(names):
                col = cells[min(len(cells), len(names)) - 1][0] + 1
                message = f"expected {len(names)} values ({inv.delimiter.join(names)}), found {len(texts)}"
                raise Fault(message, line, col)
            pairs = tuple((n, _list(t) if is_list_name(n) else t) for n, t in zip(names, texts, strict=True))
        else:
            pair_list = []
            for (col, _, _), t in zip(cells, texts, strict=True):
                key, eq, value = t.partition("=")
                if not eq:
                    raise Fault(f"expected name=value, found {describe(t)}", line, col + 1)
                pair_list.append((key, _list(value) if is_list_name(key) else value))
            pairs = tuple(pair_list)
        kind_cls = cls or _CLASSES.get(_guess_resource([p[0] for p in pairs]), HmcRecord)
        records.append(kind_cls(pairs, inv.resource or _RESOURCE_OF.get(kind_cls)))
    return records


_RESOURCE_OF: dict[type[HmcRecord], str] = {Lpar: "lpar", ManagedSystem: "sys", LparProfile: "prof"}


def parse(text: str, *, engine: str = "fast", **options: Any) -> list[Record]:
    """Records of lssyscfg (or other HMC ls*) output; options: ``argv``, ``fields``, ``header``, ``resource``."""
    inv = _options(options)
    return _grammar.run_engines(
        NAME, text, engine,
        lambda t: build(fast_items(t, inv.delimiter), inv),
        lambda t: lark_items(t, inv.delimiter),
        lambda it: build(it, inv),
    )


_SNIFF = re.compile(r'"?[A-Za-z0-9_]+=[^\n]*,"?[A-Za-z0-9_]+=')


def sniff(head: list[str]) -> bool:
    """name=value lines, HMC messages, 'No results were found.' and a --header row of known names."""
    first = head[0].rstrip()
    if _SNIFF.match(first) or _MESSAGE.match(first) or _NO_RESULTS.fullmatch(first):
        return True
    names = re.split(r"[,:]", first)
    return len(names) > 1 and set(names) <= KNOWN_NAMES


def _quote_field(text: str, delimiter: str) -> str:
    if delimiter in text or '"' in text or "\n" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


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
            out.append(delimiter.join(_quote_field(v, delimiter) for v in r.values))
        elif isinstance(r, HmcRecord):
            if fields is not None:
                out.append(delimiter.join(_quote_field(_render_value(r.get(n) or ""), delimiter) for n in fields))
            else:
                out.append(",".join(_quote_field(f"{k}={_render_value(v)}", ",") for k, v in r.items))
    return "".join(line + "\n" for line in out)
