"""lssrc's fast engine as tuned in session 9 (issue 16): records made through an unfrozen twin class, the
first-line header shortcut, against the grammar on whole tables (headers, rows with and without PIDs, short
rows, rows of five fields or more, messages, subserver tables, odd white space), cold and warm caches."""

from __future__ import annotations

import pickle

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rsctparse
from rsctparse import Subsystem
from rsctparse._commands import lssrc


def outcome(text: str, engine: str) -> object:
    """Records with their types (equal records of another type would pass ``==``), or the error's place."""
    try:
        return [(type(r), r) for r in rsctparse.parse(text, "lssrc", engine=engine)]  # type: ignore[arg-type]
    except rsctparse.ParseError as exc:
        return (exc.line, exc.column, exc.message)


# --- the twin: records of type Subsystem, made with plain slot stores --------------------------
def test_the_twin_adds_nothing_to_subsystem() -> None:
    twin = lssrc._DRAFT
    assert twin.__bases__ == (Subsystem,) and vars(twin)["__slots__"] == ()
    assert twin.__basicsize__ == Subsystem.__basicsize__ and twin.__weakrefoffset__ == Subsystem.__weakrefoffset__
    assert attrs.fields(twin) == attrs.fields(Subsystem)
    assert set(vars(twin)) <= {"__module__", "__slots__", "__setattr__", "__delattr__", "__init__", "__doc__",
                               "__qualname__"}


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"[A-Za-z][A-Za-z0-9._-]{0,15}", fullmatch=True),
       st.from_regex(r"[A-Za-z0-9._-]{1,16}", fullmatch=True), st.integers(0, 10**19 - 1),
       st.from_regex(r"[a-z]{1,11}", fullmatch=True), st.sampled_from([" ", "  ", "\t", "     "]))
def test_twin_made_records_are_subsystems_equal_frozen_and_picklable(
    name: str, group: str, pid: int, status: str, sep: str
) -> None:
    text = f"{sep}{name}{sep}{group}{sep}{pid}{sep}{status}\n"
    [made] = lssrc.fast_records(text)
    built = Subsystem(name, group, pid, status)
    assert type(made) is Subsystem and made == built and built == made
    assert hash(made) == hash(built) and repr(made) == repr(built) and attrs.asdict(made) == attrs.asdict(built)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        made.pid = 1  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        del made.status
    copy = pickle.loads(pickle.dumps(made))
    assert type(copy) is Subsystem and copy == built


def test_three_field_rows_with_a_pid_are_twin_made_subsystems() -> None:
    [made] = lssrc.fast_records("aso  6029758  active\n")
    assert type(made) is Subsystem and made == Subsystem("aso", None, 6029758, "active")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        made.group = "x"  # type: ignore[misc]


# --- whole tables against the grammar -------------------------------------------------------------
_HEADERS = ["Subsystem         Group            PID          Status",
            "Subsystem         Group            PID     Status ", " Subsystem Group PID Status",
            "\tSubsystem\tGroup\tPID\tStatus\t"]
_NAME = st.one_of(st.from_regex(r"[A-Za-z][A-Za-z0-9._-]{0,12}", fullmatch=True),
                  st.sampled_from(["syslogd", "IBM.DRM", "_x", ".x", "-x", "9lives", ":x", "@x", "x\u00e9", "\u00e9x",
                                   "Subsystem", "Service", "0513-085"]))
_GROUP = st.one_of(_NAME, st.from_regex(r"[0-9]{1,9}", fullmatch=True))
_PID = st.one_of(st.from_regex(r"[0-9]{1,9}", fullmatch=True),
                 st.sampled_from(["1234567890123456789", "12345678901234567890", "00000000000000000001", "\u0663\u0664",
                                  "12a", "+5", "1_000", "PID"]))
_STATUS = st.one_of(st.sampled_from(["active", "inoperative", "stopping", "warned", "123", "9x", "-", "Status",
                                     "inoperative."]),
                    st.from_regex(r"[a-z]{1,11}", fullmatch=True))
_SEP = st.sampled_from([" ", "  ", "\t", "      ", " \t", "\x0b", "\xa0", "\r", "\u2028"])
_PLAIN_SEP = st.sampled_from([" ", "  ", "\t", "      ", " \t"])


@st.composite
def _row(draw: st.DrawFn) -> str:
    """A status-table row: 1 to 6 fields, PIDs and near misses, at aligned or ragged columns."""
    fields = draw(st.sampled_from([
        ("name", "group", "pid", "status"), ("name", "pid", "status"), ("name", "group", "status"),
        ("name", "status"), ("name",), ("name", "group", "pid", "status", "status"),
        ("name", "group", "pid", "status", "status", "status")]))
    words = [draw({"name": _NAME, "group": _GROUP, "pid": _PID, "status": _STATUS}[f]) for f in fields]
    if draw(st.booleans()):  # aligned under the AIX header
        widths = {"name": 17, "group": 17, "pid": 13}
        return " " + "".join(w.ljust(widths.get(f, 0)) if f != "status" else w + " " for f, w in zip(
            fields, words, strict=True)).rstrip(" ") + draw(st.sampled_from(["", " "]))
    sep = _SEP if draw(st.integers(0, 9)) == 0 else _PLAIN_SEP
    return "".join(draw(sep) + w for w in words) + draw(st.sampled_from(["", " ", "\t"]))


_LINE = st.one_of(
    _row(), _row(), _row(), _row(), st.sampled_from(_HEADERS),
    st.sampled_from(["Service       Command                  Description              Status ",
                     " telnetd      /usr/sbin/telnetd        telnetd -a               active",
                     "0513-085 The chef Subsystem is not on file.", "Multiple instances are not supported.",
                     " sendmail         mail                          inoperative",
                     " aso                                            inoperative",
                     " gsclvmd                           13684905     active",
                     " aso                               10126127     active", "", "  ", "\t"]),
)


@settings(max_examples=600, deadline=None)
@given(st.booleans(), st.lists(_LINE, max_size=12), st.booleans())
def test_fast_equals_grammar_on_tables(header: bool, lines: list[str], twice: bool) -> None:
    """Differential: equal records of equal types, or the same error; cold caches, then warm (the header
    shortcut and the row cache only take effect the second time a line is met)."""
    text = "\n".join(([_HEADERS[0]] if header else []) + lines) + "\n"
    lssrc._NO_PID_ROWS.clear()
    lssrc._HEADERS.clear()
    expected = outcome(text, "lark")
    assert outcome(text, "fast") == expected
    assert outcome(text, "fast") == expected  # (again: now from the caches)


def test_the_header_shortcut_sets_the_columns_for_the_rows_after_it() -> None:
    # three fields whose middle one sits in the Group column: a group by the columns, a PID without them
    header = "Subsystem         Group            PID          Status"
    row = " lpd              12345                         active"
    for _ in range(2):  # (the second time, the header comes from the cache of headers met)
        assert lssrc.fast_records(f"{header}\n{row}\n") == [Subsystem("lpd", "12345", None, "active")]
        assert header in lssrc._HEADERS
    assert lssrc.fast_records(f"{row}\n") == [Subsystem("lpd", None, 12345, "active")]
