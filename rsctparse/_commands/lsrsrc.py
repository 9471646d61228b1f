"""lsrsrc: RMC resources in long format (any class; typed views of IBM.ManagementServer and IBM.MCP)."""

from __future__ import annotations

import functools
import math
import re
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs

from .. import _grammar
from .._command import Command
from .._errors import Fault, Reject
from .._records import (
    JSON,
    LEAVES,
    AttributeRecord,
    Record,
    as_data,
    attribute,
    draft,
    encoder_writer,
    integer,
    texts,
)
from .._values import CACHED_LINE_MAX, INT_PATTERN

if TYPE_CHECKING:
    from lark import Token, Transformer

NAME = "lsrsrc"

Value = str | int | float | tuple[Any, ...] | None


@attrs.frozen
class Resource(AttributeRecord):
    """One ``resource N:`` block: its class, number and attributes (names as printed, in order).

    Values: str (quotes removed), int (exact, any size), float, tuple (arrays), None (nothing printed).
    """

    items: tuple[tuple[str, Value], ...]
    resource_class: str = ""
    index: int = 0
    persistence: str = "Persistent"  # or "Dynamic"

    def as_data(self) -> dict[str, JSON]:
        items: tuple[tuple[str, Any], ...] = self.items
        named: dict[str, Any] = dict(items)  # (in order; when a name is printed twice, the first value is the one kept)
        if len(named) == len(items):
            for k, v in items:  # (a new dict: its arrays become lists in place)
                kind = type(v)
                if kind is tuple:
                    named[k] = list(v) if LEAVES.issuperset(map(type, v)) else as_data(v)
                elif kind not in LEAVES:
                    named[k] = as_data(v)
        else:
            named = self.attributes
            for k, v in named.items():
                if type(v) not in LEAVES:
                    named[k] = as_data(v)
        return {"resource_class": self.resource_class, "index": self.index, "attributes": named}


def _encoded(resource: Resource) -> dict[str, JSON]:
    """``Resource.as_data`` with its arrays left as tuples (for the JSON encoders: ``encoder_writer``)."""
    items = resource.items
    named = dict(items)
    if len(named) != len(items):
        named = resource.attributes
    return {"resource_class": resource.resource_class, "index": resource.index, "attributes": named}


encoder_writer(Resource, _encoded)


@attrs.frozen
class ManagementServer(Resource):
    """An ``IBM.ManagementServer`` resource: an HMC known to this partition (CSMAgentRM era)."""

    name = attribute("Name")
    hostname = attribute("Hostname")
    manager_type = attribute("ManagerType")
    local_hostname = attribute("LocalHostname")
    cluster_tm = attribute("ClusterTM")
    cluster_snum = attribute("ClusterSNum")
    active_peer_domain = attribute("ActivePeerDomain")
    node_name_list = attribute("NodeNameList", texts)
    hmc_ip_addr = attribute("HMCIPAddr")


@attrs.frozen
class Mcp(Resource):
    """An ``IBM.MCP`` resource: a management control point (HMC) of this partition (MgmtDomainRM)."""

    mn_name = attribute("MNName", doc="This partition's primary name as the HMC knows it.")
    node_id = attribute("NodeID", integer)
    key_token = attribute("KeyToken", doc="The identity used to find the HMC's key in the trusted host list.")
    ip_addresses = attribute("IPAddresses", texts)
    connectivity_names = attribute("ConnectivityNames", texts)
    hmc_name = attribute("HMCName")
    hmc_ip_addr = attribute("HMCIPAddr")
    hmc_add_ips = attribute("HMCAddIPs")
    hmc_add_ipv6s = attribute("HMCAddIPv6s")
    active_peer_domain = attribute("ActivePeerDomain")
    node_name_list = attribute("NodeNameList", texts)
    active_comm_mode = attribute("ActiveCommMode", integer)
    rmc_key = attribute("RMCKey")


@attrs.frozen
class ResourceClass(Record):
    """One class name of ``lsrsrc`` with no class argument."""

    class_name: str


CLASSES: dict[str, type[Resource]] = {"IBM.ManagementServer": ManagementServer, "IBM.MCP": Mcp}

class ClassHeader(NamedTuple):
    """``Resource Persistent Attributes for CLASS``."""

    line: int
    persistence: str
    class_name: str


class ResourceHeader(NamedTuple):
    """``resource N:``, where it starts (0-based column)."""

    line: int
    column: int
    number: int


class AttributeLine(NamedTuple):
    """``Name = value``, where the name starts."""

    line: int
    column: int
    name: str
    value: Value


class ClassListHeader(NamedTuple):
    """``class_name``: the class list follows."""

    line: int


class ClassName(NamedTuple):
    """A quoted class name of the class list, where it starts."""

    line: int
    column: int
    class_name: str


Item = ClassHeader | ResourceHeader | AttributeLine | ClassListHeader | ClassName


@functools.cache
def _items() -> type[Transformer[Token, Any]]:
    """The grammar's transformer, built on first use (importing rsctparse does not import Lark)."""
    from lark import Token, Transformer, v_args

    @v_args(inline=True)
    class _Items(Transformer[Token, Any]):
        def start(self, *items: Item) -> list[Item]:
            return list(items)

        def class_header(self, tok: Token) -> Item:
            m = _CLASS_HEADER.fullmatch(tok.value)
            assert m is not None  # the terminal and the pattern describe the same line
            return ClassHeader(tok.line or 0, m.group(1), m.group(2).lstrip(":"))

        def resource_header(self, tok: Token) -> Item:
            return ResourceHeader(tok.line or 0, (tok.column or 1) - 1, int(re.sub(r"[^0-9]", "", tok.value)))

        def attribute(self, name: Token, value: Value = None) -> Item:
            return AttributeLine(name.line or 0, (name.column or 1) - 1, name.value, value)

        def class_list_header(self, tok: Token) -> Item:
            return ClassListHeader(tok.line or 0)

        def class_name(self, tok: Token) -> Item:
            return ClassName(tok.line or 0, (tok.column or 1) - 1, tok.value[1:-1])

        def string(self, tok: Token) -> str:
            return str(tok.value)[1:-1]

        def number(self, tok: Token) -> int | float | str:
            return _number(str(tok.value))

        def bare(self, tok: Token) -> str:
            return str(tok.value)

        def array(self, *values: Value) -> tuple[Value, ...]:
            return tuple(v for v in values) if values != (None,) else ()

        def structure(self, *values: Value) -> tuple[Value, ...]:
            return tuple(v for v in values) if values != (None,) else ()

        def flat_array(self, *values: Value) -> tuple[Value, ...]:
            return tuple(v for v in values) if values != (None,) else ()

    return _Items


_TERMINALS = {
    "CLASS_HEADER": "'Resource Persistent Attributes for CLASS'",
    "RESOURCE_HEADER": "'resource N:'",
    "ATTRIBUTE_NAME": "an attribute name",
    "CLASS_LIST_HEADER": "'class_name'",
    "STRING": "a quoted string",
    "NUMBER": "a number",
    "BARE": "a value",
    "EQUAL": "'='",
}


def build(items: list[Item]) -> list[Record]:
    """Records from the grammar's items."""
    records: list[Record] = []
    cls: ClassHeader | None = None
    index = 0
    attributes: list[tuple[str, Value]] | None = None
    listing = False

    def close() -> None:
        if attributes is not None and cls is not None:
            kind = CLASSES.get(cls.class_name, Resource)
            records.append(kind(tuple(attributes), cls.class_name, index, cls.persistence))

    for item in items:
        if type(item) is AttributeLine:
            if attributes is None:
                raise Fault("expected 'resource N:' before an attribute line", item.line, item.column + 1)
            attributes.append((item.name, item.value))
        elif type(item) is ResourceHeader:
            if cls is None:
                raise Fault("expected 'Resource Persistent Attributes for CLASS' before 'resource N:'",
                            item.line, item.column + 1)
            close()
            index, attributes = item.number, []
        elif type(item) is ClassHeader:
            close()
            cls, attributes, listing = item, None, False
        elif type(item) is ClassListHeader:
            listing = True
        else:
            assert type(item) is ClassName
            if not listing:
                raise Fault("expected an attribute line (Name = value), found a quoted string",
                            item.line, item.column + 1)
            records.append(ResourceClass(item.class_name))
    close()
    return records


_CLASS_HEADER = re.compile(
    r"[ \t]*Resource[ \t]+(Persistent|Dynamic)[ \t]+Attributes[ \t]+for[ \t]*:?[ \t]*([^ \t\n]+)[ \t]*"
)
_NUMBER = r"-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?"
_STRING = r'"[^"\n]*"'
_ELEMENT = re.compile(f"{_STRING}|{_NUMBER}")
_ARRAY = re.compile(rf"\{{[ \t]*(?:(?:{_STRING}|{_NUMBER})(?:[ \t]*,[ \t]*(?:{_STRING}|{_NUMBER}))*)?[ \t]*\}}")
_SCALAR = re.compile(f"{_STRING}|{_NUMBER}")
_INT = re.compile(r"-?[0-9]+")


def _number(text: str) -> int | float | str:
    """An int (exact at any size up to 1000 digits), a finite float, or else the text as printed."""
    if _INT.fullmatch(text):
        return int(text) if len(text) <= 1000 else text
    value = float(text)
    return value if math.isfinite(value) else text


def _scalar(text: str) -> Value:
    if text[0] == '"':
        return text[1:-1]
    return _number(text)


_STRING_ARRAY = re.compile(rf"\{{[ \t]*{_STRING}(?:[ \t]*,[ \t]*{_STRING})*[ \t]*\}}")  # an _ARRAY of strings only
_STRING_CONTENT = re.compile(r'"([^"\n]*)"')


def _fast_value(text: str) -> Value:
    if not text:
        return None
    first = text[0]
    if first == '"':  # the common case, a string: what _STRING matches, without a regex
        if len(text) >= 2 and text[-1] == '"' and text.count('"') == 2:
            return text[1:-1]
        raise Reject
    if first == "{" and _STRING_ARRAY.fullmatch(text):
        return tuple(_STRING_CONTENT.findall(text))
    if (text.isdigit() and text.isascii()) or _INT.fullmatch(text):
        return int(text) if len(text) <= 1000 else text
    if _SCALAR.fullmatch(text):
        return _scalar(text)
    if _ARRAY.fullmatch(text):
        return tuple(_scalar(m.group()) for m in _ELEMENT.finditer(text))
    raise Reject


# What a line holds, by one match: an attribute's name and its value (a string with its quotes, or else anything
# else as printed); a resource header's index; a class header's persistence and class; the class list header; a
# quoted class name; else what the line holds after its indent ('' for a blank line). Each alternative is one of
# the patterns above, tried in the same order.
_LINE = re.compile(
    r"[ \t]*(?:"
    r'([A-Za-z_][A-Za-z0-9_.]*)[ \t]*=[ \t]*(?:("[^"\n]*")|((?:[^\n]*[^ \t\n])?))'
    r"|resource[ \t]+(" + INT_PATTERN + r")[ \t]*:"
    r"|Resource[ \t]+(Persistent|Dynamic)[ \t]+Attributes[ \t]+for[ \t]*:?[ \t]*([^ \t\n]+)"
    r"|(class_name)"
    r'|("[^"\n]*")'
    r"|([^\n]*)"
    r")[ \t]*"
)

# A line as fast_records reads it: an attribute line's (name, value), else None; then the resource header's index,
# the class header's persistence and class, the class list header, a quoted class name ('' where not that line).
Line = tuple[tuple[str, Value] | None, str, str, str, str, str]

# The lines met, read: most repeat from host to host (class headers, 'resource 1:', attributes of the same HMC),
# and what a line holds depends on the line alone. Bounded: emptied when full.
_LINES: dict[str, Line] = {}
_LINES_MAX = 4096  # lines, each at most CACHED_LINE_MAX characters


def _read_line(line: str) -> Line:
    """What ``line`` holds (remembered), or Reject."""
    m = _LINE.fullmatch(line)
    assert m is not None  # (its last alternative matches any line)
    name, string, value, number, persistent, cls, class_list, quoted, other = m.groups()
    if other:
        raise Reject
    read: Line = (
        (name, string[1:-1] if string else _fast_value(value)) if name else None,
        number or "", persistent or "", cls or "", class_list or "", quoted or "",
    )
    if len(line) <= CACHED_LINE_MAX:
        if len(_LINES) >= _LINES_MAX:
            _LINES.clear()
        _LINES[line] = read
    return read




_DRAFTS: dict[type[Resource], type] = {kind: draft(kind) for kind in (Resource, ManagementServer, Mcp)}


def _resource(
    kind: type[Resource], items: tuple[tuple[str, Value], ...], class_name: str, index: int, persistence: str
) -> Resource:
    """``kind(items, class_name, index, persistence)``, made as a draft when ``kind`` has one."""
    make = _DRAFTS.get(kind)
    if make is None:
        return kind(items, class_name, index, persistence)
    record: Any = make()
    record.items = items
    record.resource_class = class_name
    record.index = index
    record.persistence = persistence
    record.__class__ = kind
    return record  # type: ignore[no-any-return]


def fast_records(text: str) -> list[Record]:
    """The hand engine: records of clean long-format output (Reject when unsure)."""
    if text[-1:] not in ("\n", ""):
        raise Reject  # (parse's callers end the text with a newline)
    records: list[Record] = []
    append = records.append
    persistence = class_name = ""
    kind: type[Resource] | None = None  # the class header's record type, once one is read
    index = 0
    attributes: list[tuple[str, Value]] | None = None
    listing = False
    get = _LINES.get
    lines = text.split("\n")
    lines.pop()
    for line in lines:
        read = get(line) or _read_line(line)
        item, number, persistent, cls, class_list, quoted = read
        if item is not None:
            if attributes is None:
                raise Reject
            attributes.append(item)
        elif number:
            if kind is None:
                raise Reject
            if attributes is not None:
                append(_resource(kind, tuple(attributes), class_name, index, persistence))
            index, attributes = int(number), []
        elif persistent:
            if attributes is not None and kind is not None:
                append(_resource(kind, tuple(attributes), class_name, index, persistence))
            persistence, class_name = persistent, cls.lstrip(":")
            kind, attributes, listing = CLASSES.get(class_name, Resource), None, False
        elif class_list:
            listing = True
        elif quoted:
            if not listing:
                raise Reject
            append(ResourceClass(quoted[1:-1]))
    if attributes is not None and kind is not None:
        append(_resource(kind, tuple(attributes), class_name, index, persistence))
    return records




def _value(v: Value) -> str:
    if v is None:
        return ""
    if isinstance(v, str):
        return f'"{v}"'
    if isinstance(v, tuple):
        return "{" + ",".join(_value(x) for x in v) + "}"
    return repr(v) if isinstance(v, float) else str(v)


def render(records: list[Record]) -> str:
    """Canonical long format: a class header per class, TAB indent, names padded to the longest."""
    out: list[str] = []
    cls = None
    for r in records:
        if isinstance(r, ResourceClass):
            if cls != "class_name":
                out.append("class_name")
                cls = "class_name"
            out.append(f'"{r.class_name}"')
        elif isinstance(r, Resource):
            if cls != r.resource_class:
                out.append(f"Resource {r.persistence} Attributes for {r.resource_class}")
                cls = r.resource_class
            out.append(f"resource {r.index}:")
            width = max((len(k) for k, _ in r.items), default=0)
            out += [f"\t{k:<{width}} = {_value(v)}" for k, v in r.items]
    return "".join(line + "\n" for line in out)


_SNIFF = re.compile(r"(Resource[ \t]+(Persistent|Dynamic)[ \t]+Attributes[ \t]+for|class_name[ \t]*$)")


def sniff(head: list[str]) -> bool:
    """A class header or the class list header first."""
    return bool(_SNIFF.match(head[0].strip()))


COMMAND = Command(
    NAME, fast_records, _grammar.grammar_engine(NAME, lambda t: _grammar.run(NAME, t, _items(), _TERMINALS), build),
    sniff, render, __doc__,
)
