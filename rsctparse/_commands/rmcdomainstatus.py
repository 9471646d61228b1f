"""rmcdomainstatus: peer domain and management domain node states (HMC and LPAR views)."""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs

from .. import _grammar
from .._command import Command
from .._errors import Fault, Reject
from .._records import Record, draft, fields_writer, write_record
from .._values import INT_PATTERN

if TYPE_CHECKING:
    from lark import Token, Transformer

NAME = "rmcdomainstatus"

DOMAINS = {
    "Peer Domain Status": "peer_domain",
    "Management Domain Status: Managed Nodes": "managed_nodes",
    "Management Domain Status: Management Control Points": "management_control_points",
}
# Token 1 (node state). X is documented as "communication suspended" [unverified]; Z's meaning is not known.
STATES = {"S": "local", "I": "up", "i": "pending_up", "O": "down", "X": "suspended"}
# Token 2 (message queue): lower case = the remote RMC daemon runs an older code level [unverified].
QUEUES = {"A": "empty", "a": "empty", "R": "queued", "r": "queued", "S": "local"}


@attrs.frozen
class DomainNode(Record):
    """One node line of ``rmcdomainstatus -s ctrmc``."""

    domain: str
    state_code: str
    state: str | None
    queue_code: str
    node_id: str
    node_number: int
    address: str
    peer_domain: str | None

    @property
    def queue(self) -> str | None:
        """``empty`` (nothing queued to the node), ``queued``, ``local``; None for an unknown code."""
        return QUEUES.get(self.queue_code)

    @property
    def lower_rmc_level(self) -> bool:
        """The remote node runs an older RMC daemon than this one (queue code ``a`` or ``r``)."""
        return self.queue_code in ("a", "r")


# (the JSON of the records read most after Subsystem, as one dict display: tests/test_jsonl.py compares it with the
# generic one)
fields_writer(DomainNode, lambda r: {
    "domain": r.domain, "state_code": r.state_code, "state": r.state, "queue_code": r.queue_code,
    "node_id": r.node_id, "node_number": r.node_number, "address": r.address, "peer_domain": r.peer_domain},
    lambda rows: [{
        "domain": r.domain, "state_code": r.state_code, "state": r.state, "queue_code": r.queue_code,
        "node_id": r.node_id, "node_number": r.node_number, "address": r.address, "peer_domain": r.peer_domain}
        if type(r) is DomainNode else write_record(r) for r in rows])


class Header(NamedTuple):
    """A section header: its title with blanks normalised (a key of DOMAINS)."""

    line: int
    title: str


class Node(NamedTuple):
    """A node line: where it starts (0-based column) and its fields."""

    line: int
    column: int
    state: str
    queue: str
    node_id: str
    number: int
    address: str
    tail: str | None


Item = Header | Node


@functools.cache
def _items() -> type[Transformer[Token, list[Item]]]:
    """The grammar's transformer, built on first use (importing rsctparse does not import Lark)."""
    from lark import Token, Transformer, v_args

    @v_args(inline=True)
    class _Items(Transformer[Token, list[Item]]):
        def start(self, *items: Item) -> list[Item]:
            return list(items)

        def header(self, tok: Token) -> Item:
            return Header(tok.line or 0, _title(tok.value))

        def node(
            self, state: Token, queue: Token, node_id: Token, number: Token, address: Token, tail: Token | None
        ) -> Item:
            return Node(state.line or 0, (state.column or 1) - 1, state.value, queue.value, node_id.value,
                        int(number.value), address.value, tail.value.rstrip(" \t") if tail is not None else None)

    return _Items


_TERMINALS = {
    "HEADER": "a section header",
    "STATE": "a state token (I, i, O, S, ...)",
    "QUEUE": "a queue token (A, a, R, r, S)",
    "NODE_ID": "a node id (0x...)",
    "NODE_NUMBER": "a node number",
    "ADDRESS": "a node name or address",
    "TAIL": "a peer domain",
}


def build(items: list[Item]) -> list[Record]:
    """Records from the grammar's items."""
    records: list[Record] = []
    domain: str | None = None
    for item in items:
        if type(item) is Header:
            domain = DOMAINS[item.title]
            continue
        assert type(item) is Node
        if domain is None:
            raise Fault("expected a section header (Peer Domain Status, Management Domain Status: ...)",
                        item.line, item.column + 1)
        records.append(DomainNode(domain, item.state, STATES.get(item.state), item.queue, item.node_id, item.number,
                                  item.address, item.tail))
    return records


_TITLE = r"(Peer Domain Status|Management Domain Status:[ \t]*(?:Managed Nodes|Management Control Points))"
_NODE = (
    r"([A-Za-z])[ \t]++([A-Za-z])[ \t]++(0x[0-9A-Za-z]++)[ \t]++(" + INT_PATTERN + r")[ \t]++([^ \t\n]++)"
    r"(?:[ \t]+([^ \t\n](?:[^\n]*[^ \t\n])?))?"  # greedy, not lazy: linear on long blank runs
)


def _title(header: str) -> str:
    return re.sub(r"[ \t]+", " ", header.strip()).replace(": ", ":").replace(":", ": ")


# Every line of the text, one match each (findall: no match objects): a node line's six fields, or a header's
# title, or else what the line holds after its indent ('' for a blank line).
_LINE = re.compile(rf"[ \t]*(?:{_NODE}[ \t]*|{_TITLE}[ \t]*|([^\n]*))\n")




_DRAFT = draft(DomainNode)


def fast_records(text: str) -> list[Record]:
    """The hand engine: records of clean output; Reject for anything else."""
    if text[-1:] not in ("\n", ""):
        raise Reject  # (parse's callers end the text with a newline)
    records: list[Record] = []
    append = records.append
    states = STATES
    make, cls = _DRAFT, DomainNode
    record: Any
    end = text.find("\n")  # a first line that is a title as printed is not matched again
    domain = DOMAINS.get(text[:end])
    for state, queue, node_id, number, address, tail, header, other in _LINE.findall(text, 0 if domain is None
                                                                                       else end + 1):
        if state:
            if domain is None:
                raise Reject
            record = make()
            record.domain = domain
            record.state_code = state
            record.state = states.get(state)
            record.queue_code = queue
            record.node_id = node_id
            record.node_number = int(number)
            record.address = address
            record.peer_domain = tail or None
            record.__class__ = cls
            append(record)
        elif header:
            domain = DOMAINS.get(header) or DOMAINS[_title(header)]  # (as printed, the title is the key)
        elif other:
            raise Reject
    return records


def render(records: list[Record]) -> str:
    """Canonical output: sections in the order met, 2-blank indent, blank line between sections."""
    titles = {v: k for k, v in DOMAINS.items()}
    out: list[str] = []
    domain = None
    for r in records:
        if not isinstance(r, DomainNode):
            continue
        if r.domain != domain:
            if out:
                out.append("")
            out.append(titles[r.domain])
            domain = r.domain
        tail = f"  {r.peer_domain}" if r.peer_domain else ""
        out.append(f"  {r.state_code} {r.queue_code}  {r.node_id}  {r.node_number:04d}  {r.address}{tail}")
    return "".join(line + "\n" for line in out)


_SNIFF = re.compile(r"[ \t]*(Peer Domain Status|Management Domain Status:)")


def sniff(head: list[str]) -> bool:
    """A section header first."""
    return bool(_SNIFF.match(head[0]))


COMMAND = Command(
    NAME, fast_records, _grammar.grammar_engine(NAME, lambda t: _grammar.run(NAME, t, _items(), _TERMINALS), build),
    sniff, render, __doc__,
)
