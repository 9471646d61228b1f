"""The fast engines as tuned for speed (issue 16) against the engines they replaced, and their record makers.

The engines before the tuning are kept here verbatim (main e96eee2) as references: the tuned ones must give the
same records (same types, equal values) or fail the same way (Reject or Fault, same message and place) on
generated tables and near misses of them, on the corpus, and on a generated dump's sections.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.gen_dump import write
from rsctparse import iter_sections
from rsctparse._commands import ctsthl, ctsvhbal, lspartition, lsrsrc, lssrc, rmcdomainstatus
from rsctparse._commands.lssrc import Subsystem
from rsctparse._errors import Fault, Reject
from rsctparse._records import Message, Record
from rsctparse._registry import COMMANDS, LOADED
from rsctparse._values import INT_PATTERN, MAX_INT_DIGITS
from tests.test_fast_paths import CTSVHBAL_LINE, LSRSRC_LINE

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def outcome(engine: object, text: str) -> object:
    """Records with their types, or the failure."""
    try:
        records = engine(text)  # type: ignore[operator]
    except Reject:
        return "Reject"
    except Fault as fault:
        return ("Fault", fault.message, fault.line, fault.column)
    return [(type(r), r) for r in records]


def generated_inputs(module: object, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts a generated dump gives ``module``'s fast engine (at least one)."""
    out = io.StringIO()
    write(out, 0.3, seed=3)
    texts: list[str] = []
    engine = module.fast_records  # type: ignore[attr-defined]

    def spy(text: str) -> list[Record]:
        texts.append(text)
        return engine(text)  # type: ignore[no-any-return]

    command = module.COMMAND  # type: ignore[attr-defined]
    assert COMMANDS[command.name] is command
    monkeypatch.setitem(LOADED, command.name, attrs.evolve(command, parse_fast=spy))  # (what the stream runs)
    for _ in iter_sections(io.BytesIO(out.getvalue().encode())):
        pass
    monkeypatch.undo()
    assert texts
    return texts


def corpus_texts(command: str) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((CORPUS / command).glob("*.txt"))]


# --- lssrc ------------------------------------------------------------------------------------
_OLD_NO_PID_ROWS: dict[str, lssrc.Subsystem] = {}


def _old_odd_space(text: str) -> bool:
    if text.isascii():
        return any(c in text for c in "\r\x0b\x0c\x1c\x1d\x1e\x1f")
    return lssrc._ODD_SPACE.search(text) is not None


def _old_lssrc(text: str) -> list[Record]:
    """The hand engine: the grammar's records, line by line (faults go to the grammar for their message)."""
    records: list[Record] = []
    append = records.append
    columns: tuple[int, int, int] | None = None  # the status table's, or the subserver table's
    subserver = False
    known = _OLD_NO_PID_ROWS
    # the lines of the message being read (its first line's text, then continuations): the record is
    # built once when the message ends, so n continuation lines cost O(n), not O(n^2)
    message_lines: list[str] = []
    lines = text.split("\n")
    lines.pop()  # text ends with a newline
    # str.split() also splits at other white space (\r, \x0b, ...): check lines only when the text has some
    odd_space = _old_odd_space(text)
    for number, line in enumerate(lines, 1):
        if message_lines:
            body = line.lstrip(" \t")
            if lssrc._CONTINUATION.fullmatch(body):
                message_lines.append(body.rstrip(" \t"))
                continue
            lssrc._end_message(records, message_lines)
        if not subserver:
            record = known.get(line)
            if record is not None:
                append(record)
                continue
        words = line.split()
        if odd_space and len(line) - line.count(" ") - line.count("\t") != sum(map(len, words)):
            raise Reject  # separators other than blanks and TABs
        n = len(words)
        if n == 4:  # the usual row (a header, a message or a subserver row go on below)
            first, group, pid, status = words
            pid_ok = pid.isdigit() and pid.isascii() and len(pid) <= MAX_INT_DIGITS
            if not pid_ok:
                if first == "Subsystem" and lssrc._STATUS_HEADER.fullmatch(line):
                    columns, subserver = lssrc._columns(line, 0), False
                    continue
                if first == "Service" and lssrc._SUBSERVER_HEADER.fullmatch(line):
                    columns, subserver = lssrc._columns(line, 0), True
                    continue
            if not subserver and not (first[0].isdigit() and lssrc._MESSAGE.match(line)):
                # the token rule and the column rule agree on these (docs/commands/lssrc.md)
                if not pid_ok or (status.isdigit() and status.isascii()):
                    raise Reject
                append(Subsystem(first, group, int(pid), status))
                continue
        if not words:
            continue
        first = words[0]
        if first[0].isdigit() and lssrc._MESSAGE.match(line):
            code, message = lssrc._message(line)
            append(Message(code, message))
            message_lines.append(message)
        elif subserver:
            assert columns is not None
            append(lssrc._subserver_row(number, lssrc._fields(line), columns))
        elif n == 2 or n == 3:
            status = words[-1]
            if status.isdigit() and status.isascii():
                raise Reject
            middle = words[1]
            if n == 3 and middle.isdigit() and middle.isascii() and len(middle) <= MAX_INT_DIGITS:
                # name, PID, status; a PID-like group (its first character in the Group column) only by the
                # header's columns: _status_row's rules for three fields, without building its fields
                if columns is not None:
                    g, p, s = columns
                    start = line.index(first)
                    at = line.index(middle, start + len(first))
                    if start < g <= at < p and line.index(status, at + len(middle)) >= s:
                        append(Subsystem(first, middle, None, status))
                        continue
                append(Subsystem(first, None, int(middle), status))
                continue
            record = Subsystem(first, middle if n == 3 else None, None, status)
            if len(known) >= lssrc._NO_PID_ROWS_MAX:
                known.clear()
            known[line] = record
            append(record)
        else:
            append(lssrc._status_row(number, lssrc._fields(line), columns))
    if message_lines:
        lssrc._end_message(records, message_lines)
    return records




# lines made of what lssrc prints and near misses: headers, messages and continuations, rows of 1-6 words (names,
# PIDs, statuses, words starting with digits or punctuation, message codes), blanks, TABs and other white space
_WORD = st.one_of(
    st.sampled_from(["syslogd", "IBM.DRM", "ctrmc", "rsct_rm", "active", "inoperative", "Subsystem", "Group", "PID",
                     "Status", "Service", "0513-085", "1234", "_x", ".x", "-x", "9lives", "\u0663\u0664", "x\u00e9",
                     "12345678901234567890", "1234567890123456789", "0", "9513-085"]),
    st.from_regex(r"[A-Za-z][A-Za-z0-9._-]{0,10}", fullmatch=True),
    st.from_regex(r"[0-9]{1,9}", fullmatch=True),
)
_SEPARATOR = st.sampled_from([" ", "  ", "\t", "      ", " \t", "\x0b", "\xa0", "\r"])
_ROW = st.lists(_WORD, min_size=1, max_size=6).flatmap(
    lambda words: st.lists(_SEPARATOR, min_size=len(words) + 1, max_size=len(words) + 1).map(
        lambda seps: "".join(s + w for s, w in zip(seps, words, strict=False)) + seps[-1][: len(seps) % 2]))
_LSSRC_LINE = st.one_of(
    _ROW, _ROW, _ROW,
    st.sampled_from(["Subsystem         Group            PID          Status",
                     "Subsystem         Group            PID     Status ", " Subsystem Group PID Status",
                     "Service       Command                  Description              Status ",
                     "0513-085 The chef Subsystem is not on file.", "Multiple instances are not supported.",
                     " syslogd          ras              18074969     active",
                     " sendmail         mail                          inoperative",
                     " aso                                            inoperative",
                     " gsclvmd                           13684905     active", "", "  ", "\t"]),
)


@settings(max_examples=1000, deadline=None)
@given(st.lists(_LSSRC_LINE, max_size=10), st.booleans())
def test_lssrc_engine_equals_the_one_it_replaced(lines: list[str], newline: bool) -> None:
    text = "\n".join(lines) + ("\n" if newline or not lines else "")
    assert outcome(lssrc.fast_records, text) == outcome(_old_lssrc, text)
    assert outcome(lssrc.fast_records, text) == outcome(_old_lssrc, text)  # (again: now from the row caches)


def test_lssrc_engine_equals_the_one_it_replaced_on_the_corpus_and_a_dump(monkeypatch: pytest.MonkeyPatch) -> None:
    generated = generated_inputs(lssrc, monkeypatch)
    for text in corpus_texts("lssrc") + generated:
        assert outcome(lssrc.fast_records, text) == outcome(_old_lssrc, text)
    assert sum(len(lssrc.fast_records(t)) for t in generated) > 1000


# --- lsrsrc -----------------------------------------------------------------------------------
_OLD_LSRSRC_LINE = re.compile(
    r"[ \t]*(?:"
    r'([A-Za-z_][A-Za-z0-9_.]*)[ \t]*=[ \t]*(?:("[^"\n]*")|((?:[^\n]*[^ \t\n])?))'
    r"|resource[ \t]+(" + INT_PATTERN + r")[ \t]*:"
    r"|Resource[ \t]+(Persistent|Dynamic)[ \t]+Attributes[ \t]+for[ \t]*:?[ \t]*([^ \t\n]+)"
    r"|(class_name)"
    r'|("[^"\n]*")'
    r"|([^\n]*)"
    r")[ \t]*\n"
)


def _old_lsrsrc(text: str) -> list[Record]:
    """The hand engine: records of clean long-format output (Reject when unsure)."""
    if text[-1:] not in ("\n", ""):
        raise Reject  # (parse's callers end the text with a newline)
    records: list[Record] = []
    append = records.append
    persistence = class_name = ""
    kind: type[lsrsrc.Resource] | None = None  # the class header's record type, once one is read
    index = 0
    attributes: list[tuple[str, lsrsrc.Value]] | None = None
    listing = False
    for name, string, value, number, persistent, cls, class_list, quoted, other in _OLD_LSRSRC_LINE.findall(text):
        if name:
            if attributes is None:
                raise Reject
            attributes.append((name, string[1:-1] if string else lsrsrc._fast_value(value)))
        elif number:
            if kind is None:
                raise Reject
            if attributes is not None:
                append(kind(tuple(attributes), class_name, index, persistence))
            index, attributes = int(number), []
        elif persistent:
            if attributes is not None and kind is not None:
                append(kind(tuple(attributes), class_name, index, persistence))
            persistence, class_name = persistent, cls.lstrip(":")
            kind, attributes, listing = lsrsrc.CLASSES.get(class_name, lsrsrc.Resource), None, False
        elif class_list:
            listing = True
        elif quoted:
            if not listing:
                raise Reject
            append(lsrsrc.ResourceClass(quoted[1:-1]))
        elif other:
            raise Reject
    if attributes is not None and kind is not None:
        append(kind(tuple(attributes), class_name, index, persistence))
    return records



@settings(max_examples=1000, deadline=None)
@given(st.booleans(), st.lists(LSRSRC_LINE, max_size=10), st.booleans())
def test_lsrsrc_engine_equals_the_one_it_replaced(headers: bool, lines: list[str], newline: bool) -> None:
    if headers:
        lines[:0] = ["Resource Persistent Attributes for IBM.MCP", "resource 1:"]
    text = "\n".join(lines) + ("\n" if newline or not lines else "")
    assert outcome(lsrsrc.fast_records, text) == outcome(_old_lsrsrc, text)
    assert outcome(lsrsrc.fast_records, text) == outcome(_old_lsrsrc, text)  # (again: now from the line cache)


def test_lsrsrc_engine_equals_the_one_it_replaced_on_the_corpus_and_a_dump(monkeypatch: pytest.MonkeyPatch) -> None:
    generated = generated_inputs(lsrsrc, monkeypatch)
    for text in corpus_texts("lsrsrc") + generated:
        assert outcome(lsrsrc.fast_records, text) == outcome(_old_lsrsrc, text)
    assert sum(len(lsrsrc.fast_records(t)) for t in generated) > 50


# --- ctsvhbal ---------------------------------------------------------------------------------
def _old_ctsvhbal(text: str) -> list[Record]:
    """The hand engine: build()'s record from the lines the grammar reads as its items (Reject when unsure)."""
    identities: list[str] = []
    mechanisms: list[tuple[str | None, str]] = []
    messages: list[str] = []
    mechanism: str | None = None
    first_line = 0  # the first item's
    lines = text.split("\n")
    lines.pop()
    for number, line in enumerate(lines, 1):
        m = ctsvhbal._IDENTITY.fullmatch(line)
        if m is not None:
            identity = m.group(1)
            identities.append(identity)
            mechanisms.append((mechanism, identity))
        elif not line.strip(" \t"):
            continue
        elif ctsvhbal._LABEL.match(line):
            raise Reject
        else:
            message = line.rstrip(" \t")
            messages.append(message)
            mechanism = ctsvhbal._mechanism(message, mechanism)
        first_line = first_line or number
    if not first_line:
        return []
    return ctsvhbal._record(identities, mechanisms, messages, first_line)



@settings(max_examples=1000, deadline=None)
@given(st.lists(st.one_of(CTSVHBAL_LINE, st.sampled_from(["Identity", "x Identity: y", " \r", "\xa0"])), max_size=8),
       st.booleans())
def test_ctsvhbal_engine_equals_the_one_it_replaced(lines: list[str], newline: bool) -> None:
    text = "\n".join(lines) + ("\n" if newline or not lines else "")
    assert outcome(ctsvhbal.fast_records, text) == outcome(_old_ctsvhbal, text)


def test_ctsvhbal_engine_equals_the_one_it_replaced_on_the_corpus_and_a_dump(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    generated = generated_inputs(ctsvhbal, monkeypatch)
    for text in corpus_texts("ctsvhbal") + generated:
        assert outcome(ctsvhbal.fast_records, text) == outcome(_old_ctsvhbal, text)
    assert sum(len(ctsvhbal.fast_records(t)) for t in generated) > 50
    assert outcome(ctsvhbal.fast_records, "\n \nfoo\n") == (  # (the first item's line)
        "Fault", "expected ctsvhbal output ('ctsvhbal:' messages or 'Identity:' lines)", 3, 1)


# --- record makers ----------------------------------------------------------------------------
# Classes whose records the fast engines make by setting their slots (object.__new__ and the slots' __set__),
# what attrs' __init__ does: that is only the same while the class has no default, validator, converter,
# on_setattr hook or __attrs_post_init__/__attrs_pre_init__ to run, and while the slots set are its fields.
SLOT_MADE: dict[type, tuple[str, ...]] = {
    lssrc.Subsystem: ("subsystem", "group", "pid", "status"),
    rmcdomainstatus.DomainNode: ("domain", "state_code", "state", "queue_code", "node_id", "node_number", "address",
                                 "peer_domain"),
    ctsthl.TrustedHost: ("host_identity", "identifier_generation_method", "identifier_value"),
    lspartition.DlparPartition: ("index", "lpar_id", "machine_type_model", "serial_number", "hostname", "ip_address",
                                 "active", "os_type", "os_version", "os_level", "dcaps", "cmd_caps", "pinned_mem",
                                 "extra"),
}
# the defaults the fast engines set themselves (DlparPartition's extra: a new empty dict each)
SLOT_DEFAULTS: dict[tuple[type, str], object] = {(lspartition.DlparPartition, "extra"): attrs.Factory(dict)}


@pytest.mark.parametrize("cls", list(SLOT_MADE), ids=lambda c: c.__name__)
def test_slot_made_classes_have_nothing_for_init_to_run(cls: type) -> None:
    assert tuple(f.name for f in attrs.fields(cls)) == SLOT_MADE[cls]
    for field in attrs.fields(cls):
        assert field.validator is None and field.converter is None and field.on_setattr in (None, attrs.NOTHING)
        assert field.default == SLOT_DEFAULTS.get((cls, field.name), attrs.NOTHING)
    for hook in ("__attrs_post_init__", "__attrs_pre_init__", "__attrs_init__"):
        assert not hasattr(cls, hook)


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1), st.none() | st.text(min_size=1), st.none() | st.integers(0, 2**63), st.text(min_size=1))
def test_slot_made_subsystems_equal_constructed_ones_and_stay_frozen(
    name: str, group: str | None, pid: int | None, status: str
) -> None:
    made = lssrc.fast_records(f"{'x'}  g  {7}  active\n")[0]  # (one the engine made)
    assert type(made) is lssrc.Subsystem and made == lssrc.Subsystem("x", "g", 7, "active")
    record: Any = lssrc._DRAFT()  # (as the engine makes them: a draft's slots stored, then its class set)
    record.subsystem = name
    record.group = group
    record.pid = pid
    record.status = status
    record.__class__ = lssrc.Subsystem
    built = lssrc.Subsystem(name, group, pid, status)
    assert record == built and hash(record) == hash(built) and repr(record) == repr(built)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        record.pid = 1


def test_slot_made_domain_nodes_equal_constructed_ones() -> None:
    text = ("Management Domain Status: Managed Nodes\n  I a  0xd20b5d59db610487  0001  10.1.1.10\n"
            "  O r  0x0e5e18baf320cd57  0008  10.1.1.17  pd1\n")
    made = rmcdomainstatus.fast_records(text)
    assert made == [
        rmcdomainstatus.DomainNode("managed_nodes", "I", "up", "a", "0xd20b5d59db610487", 1, "10.1.1.10", None),
        rmcdomainstatus.DomainNode("managed_nodes", "O", "down", "r", "0x0e5e18baf320cd57", 8, "10.1.1.17", "pd1")]
    assert [hash(r) for r in made] == [hash(rmcdomainstatus.DomainNode(*attrs.astuple(r))) for r in made]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        made[0].node_number = 2  # type: ignore[attr-defined]


def test_slot_made_partitions_equal_constructed_ones() -> None:
    text = ("<#0> Partition:<1*8286-42A*21A4B7V, aix01000.domain.com, 10.1.1.10>\n"
            "       Active:<1>, OS:<AIX, 7.2, 7200-05-03-2148>, DCaps:<0x2c5f>, CmdCaps:<0x4000001b, 0x1b>, "
            "PinnedMem:<2048>\n"
            "<#1> Partition:<2**, , >\n"
            "       Active:<0>, OS:<, , >, DCaps:<0x0>, CmdCaps:<0x0, 0x0>, PinnedMem:<0>\n")
    made = lspartition.fast_records(text)
    assert made == [
        lspartition.DlparPartition(0, 1, "8286-42A", "21A4B7V", "aix01000.domain.com", "10.1.1.10", 1, "AIX", "7.2",
                                   "7200-05-03-2148", 0x2C5F, (0x4000001B, 0x1B), 2048),
        lspartition.DlparPartition(1, 2, None, None, None, None, 0, None, None, None, 0, (0, 0), 0)]
    assert made == lspartition.build(lspartition._lines(text))  # (the grammar's)
    first, second = made
    assert isinstance(first, lspartition.DlparPartition) and isinstance(second, lspartition.DlparPartition)
    assert first.extra == {} and first.extra is not second.extra  # (a dict each, as the factory makes)
    assert hash(first) == hash(lspartition.DlparPartition(*attrs.astuple(first, recurse=False)))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        first.extra = {}  # type: ignore[misc]


def test_slot_made_trusted_hosts_equal_constructed_ones() -> None:
    text = ("--------------------\nHost Identity: hmc01.domain.com\nIdentifier Generation Method: rsa1024\n"
            "Identifier Value:\n1204\n00d5\n--------------------\n")
    made = ctsthl.fast_records(text)
    assert made == [ctsthl.TrustedHost("hmc01.domain.com", "rsa1024", "120400d5")] == ctsthl._line_records(text)
    assert hash(made[0]) == hash(ctsthl.TrustedHost("hmc01.domain.com", "rsa1024", "120400d5"))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        made[0].identifier_value = ""  # type: ignore[attr-defined]
