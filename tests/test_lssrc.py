"""lssrc: the format rules of docs/commands/lssrc.md, round trips, fast path equals grammar."""

from __future__ import annotations

from typing import Literal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rsctparse
from rsctparse import Message, Subserver, Subsystem
from rsctparse._commands import lssrc

NAME = st.from_regex(r"[A-Za-z][A-Za-z0-9._-]{0,15}", fullmatch=True)
STATUS = st.one_of(st.sampled_from(["active", "inoperative", "stopping", "warned"]),
                   st.from_regex(r"[a-z]{1,11}", fullmatch=True))
SUBSYSTEM = st.builds(Subsystem, NAME, st.none() | NAME, st.none() | st.integers(1, 2**31), STATUS)
SUBSERVER = st.builds(
    Subserver,
    st.from_regex(r"[a-z][a-z0-9]{0,11}", fullmatch=True),
    st.none() | st.from_regex(r"/[a-z/]{1,22}", fullmatch=True),
    st.none() | st.from_regex(r"[a-z]{1,8}( -[a-z]){0,2}", fullmatch=True),
    STATUS,
)


@settings(max_examples=200, deadline=None)
@given(st.lists(SUBSYSTEM, min_size=1, max_size=20), st.booleans())
def test_status_table_round_trip(records: list[Subsystem], linux: bool) -> None:
    text = lssrc.render(list(records), linux=linux)
    assert rsctparse.parse(text) == records
    assert rsctparse.parse(text, "lssrc", engine="lark") == records


@settings(max_examples=100, deadline=None)
@given(st.lists(SUBSERVER, min_size=1, max_size=5))
def test_subserver_table_round_trip(records: list[Subserver]) -> None:
    text = lssrc.render(list(records))
    assert rsctparse.parse(text, "lssrc") == records


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(
    st.sampled_from(["Subsystem         Group            PID          Status",
                     "Subsystem         Group            PID     Status ",
                     "Service       Command                  Description              Status ",
                     "0513-085 The chef Subsystem is not on file.", "Multiple instances are not supported.",
                     "", "  ", "\t"]),
    st.lists(st.one_of(NAME, st.from_regex(r"[0-9]{1,8}", fullmatch=True), STATUS), min_size=1, max_size=6)
    .flatmap(lambda words: st.lists(st.sampled_from([" ", "  ", "\t", "      "]), min_size=len(words),
                                    max_size=len(words))
             .map(lambda seps: "".join(s + w for s, w in zip(seps, words, strict=True)))),
), max_size=12))
def test_fast_path_equals_grammar(lines: list[str]) -> None:
    """Differential: both engines give equal records, or both fail at the same place."""
    text = "\n".join(lines) + "\n"
    results: list[object] = []
    for engine in ("fast", "lark"):
        try:
            results.append(rsctparse.parse(text, "lssrc", engine=engine))
        except rsctparse.ParseError as exc:
            results.append((exc.line, exc.column, exc.message))
    assert results[0] == results[1]


def test_three_tokens_decide_by_digits() -> None:
    assert rsctparse.parse("aso 6029758 active\nlpd spooler inoperative\n", "lssrc") == [
        Subsystem("aso", None, 6029758, "active"), Subsystem("lpd", "spooler", None, "inoperative")]


def test_columns_come_from_the_header_not_fixed_offsets() -> None:
    # Linux: PID column 8 wide; a digits-only group would fool the token rule but not the columns
    text = ("Subsystem         Group            PID     Status \n"
            " odd              12345                    inoperative\n")
    assert rsctparse.parse(text) == [Subsystem("odd", "12345", None, "inoperative")]


def test_status_may_not_be_a_number() -> None:
    with pytest.raises(rsctparse.ParseError, match="expected a status after the PID"):
        rsctparse.parse("ctrmc rsct 123\n", "lssrc")


def test_message_then_table() -> None:
    text = "0513-085 The chef Subsystem is not on file.\nSubsystem Group PID Status\n ctrmc rsct 1 active\n"
    assert rsctparse.parse(text) == [Message("0513-085", "The chef Subsystem is not on file."),
                                     Subsystem("ctrmc", "rsct", 1, "active")]


def test_records_are_frozen_and_picklable() -> None:
    import pickle

    import attrs
    rec = Subsystem("ctrmc", "rsct", 1, "active")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        rec.status = "x"  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(rec)) == rec
    assert not hasattr(rec, "__dict__")


@pytest.mark.parametrize("engine", ["fast", "lark"])
def test_continuation_lines_build_the_message_once(
    engine: Literal["fast", "lark"], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 18: a message with n continuation lines is built once, not once per line (which was O(n^2))."""
    built: list[int] = []

    class CountingMessage(Message):
        def __init__(self, code: str | None, message: str) -> None:
            built.append(message.count("\n"))
            super().__init__(code, message)

    monkeypatch.setattr(lssrc, "Message", CountingMessage)
    n = 500
    text = "0513-059 The ctrmc Subsystem has been started.\n" + "Ab.\n" * n + " ctrmc rsct 1 active\n"
    records = rsctparse.parse(text, "lssrc", engine=engine)
    assert len(records) == 2
    assert records[0].as_data() == {"code": "0513-059",
                                    "message": "The ctrmc Subsystem has been started." + "\nAb." * n}
    assert records[1] == Subsystem("ctrmc", "rsct", 1, "active")
    # the first line's record, then the whole message once: the text of every line is copied twice at most
    assert len(built) <= 2 and sum(built) == n


@pytest.mark.parametrize("engine", ["fast", "lark"])
def test_messages_in_a_row_keep_their_own_continuations(engine: Literal["fast", "lark"]) -> None:
    text = ("0513-059 The a Subsystem has been started.\nSubsystem PID is 1.\n"
            "0513-085 The b Subsystem is not on file.\n"
            "0513-059 The c Subsystem has been started.\nSubsystem PID is 3.\nIt is fine.\n")
    assert rsctparse.parse(text, "lssrc", engine=engine) == [
        Message("0513-059", "The a Subsystem has been started.\nSubsystem PID is 1."),
        Message("0513-085", "The b Subsystem is not on file."),
        Message("0513-059", "The c Subsystem has been started.\nSubsystem PID is 3.\nIt is fine."),
    ]


@settings(max_examples=300, deadline=None)
@given(st.booleans(), st.lists(st.tuples(
    st.integers(0, 3), NAME, st.integers(1, 40), st.from_regex(r"[0-9]{1,8}|[a-z]{1,8}", fullmatch=True),
    st.integers(1, 40), STATUS), min_size=1, max_size=8))
def test_three_field_rows_under_a_header_equal_the_grammar(
    linux: bool, rows: list[tuple[int, str, int, str, int, str]]
) -> None:
    """The fast path's three-field rows (a PID, a PID-like group, or a group) wherever their fields fall."""
    header = ("Subsystem         Group            PID     Status " if linux
              else "Subsystem         Group            PID          Status")
    lines = [header] + [" " * lead + name + " " * gap + middle + " " * gap2 + status
                        for lead, name, gap, middle, gap2, status in rows]
    text = "\n".join(lines) + "\n"
    assert rsctparse.parse(text, "lssrc") == rsctparse.parse(text, "lssrc", engine="lark")


def test_a_repeated_row_without_pid_is_read_again_where_it_means_something_else() -> None:
    """Rows without a PID are remembered from section to section; a subserver table or a message still
    reads the same line its own way."""
    row = " lpd              spooler                       inoperative."
    assert rsctparse.parse(row + "\n", "lssrc") == [Subsystem("lpd", "spooler", None, "inoperative.")]
    subserver = "Service       Command                  Description              Status \n" + row + "\n"
    assert rsctparse.parse(subserver, "lssrc") == [Subserver("lpd", "spooler", None, "inoperative.")]
    message = "0513-085 The chef Subsystem is not on file.\n" + row + "\n"
    assert rsctparse.parse(message, "lssrc") == [
        Message("0513-085", "The chef Subsystem is not on file.\n" + row.strip())]
    assert rsctparse.parse(row + "\n", "lssrc") == [Subsystem("lpd", "spooler", None, "inoperative.")]


_WORD = st.text(alphabet=st.sampled_from("abc19#$%>-_."), min_size=1, max_size=4)
_GAP = st.text(alphabet=st.sampled_from(" \t"), min_size=1, max_size=3)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_GAP, _WORD), min_size=5, max_size=12), st.booleans(), st.booleans())
def test_a_row_of_five_fields_or_more_faults_as_the_grammar_says(fields: list[tuple[str, str]], header: bool,
                                                                  before: bool) -> None:
    """The fast engine's fault for a long row (read without a word per field) is the grammar's, exactly."""
    row = "".join(gap + word for gap, word in fields)
    text = ("Subsystem         Group            PID          Status\n" if header else "") + (
        " sendmail  mail  inoperative\n" if before else "") + row + "\n"
    errors = []
    for engine in ("fast", "lark"):
        with pytest.raises(rsctparse.ParseError) as caught:
            rsctparse.parse(text, "lssrc", engine=engine)
        errors.append((caught.value.message, caught.value.line, caught.value.column))
    assert errors[0] == errors[1]
    assert errors[0][0].startswith("expected 2 to 4 fields")


def test_a_row_of_a_million_fields_costs_memory_in_proportion_to_its_text() -> None:
    import tracemalloc

    row = "# $ > % " * (1 << 17)  # 1 MiB, 524,288 fields
    tracemalloc.start()
    try:
        with pytest.raises(rsctparse.ParseError, match="found 524288"):
            rsctparse.parse(f" sendmail  mail  inoperative\n{row}\n", "lssrc")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * len(row)  # (a few copies of the text; a word per field cost about 80 bytes per byte)
