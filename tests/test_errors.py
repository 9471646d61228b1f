"""ParseError: positioned, compiler-like, picklable, the only exception parsers raise."""

from __future__ import annotations

import pickle

import pytest

import rsctparse
from rsctparse import ParseError


def test_str_reads_like_a_compiler() -> None:
    err = ParseError("expected a PID (digits), found 'x1'", command="lssrc", line=3, column=5,
                     text_line="\tab x1 active", source="f.txt")
    assert str(err) == "f.txt:3:5: lssrc: expected a PID (digits), found 'x1'\n\tab x1 active\n\t   ^"
    assert isinstance(err, ValueError)
    assert err.location == "f.txt:3:5"


def test_unknown_source_is_named_input() -> None:
    err = ParseError("m", command="lssrc", line=1, column=1, text_line="x")
    assert str(err).startswith("<input>:1:1: lssrc: m\n")


def test_pickles() -> None:
    err = ParseError("m", command="lssrc", line=2, column=3, text_line="abc", source="s")
    again = pickle.loads(pickle.dumps(err))
    assert (again.message, again.command, again.line, again.column, again.text_line, again.source) == (
        "m", "lssrc", 2, 3, "abc", "s")


def test_long_line_is_shortened_around_the_fault() -> None:
    line = "a" * 10_000 + "X" + "b" * 10_000
    err = ParseError("m", command="lssrc", line=1, column=10_001, text_line=line)
    shown, caret = str(err).splitlines()[1:]
    assert len(shown) < 200
    assert shown[len(caret) - 1] == "X"


def test_control_characters_are_not_printed_raw() -> None:
    err = ParseError("m", command="lssrc", line=1, column=2, text_line="a\x00\x1bb")
    assert "\x00" not in str(err) and "\x1b" not in str(err)


def test_parse_sets_source_and_position() -> None:
    with pytest.raises(ParseError) as info:
        rsctparse.parse("Subsystem Group PID Status\n a b c d e f\n", "lssrc", source="x.txt")
    assert info.value.source == "x.txt"
    assert (info.value.line, info.value.column) == (2, 10)
    assert info.value.text_line == " a b c d e f"


def test_grammar_error_names_what_was_expected() -> None:
    # a lone CR breaks the header terminal: the grammar path reports the row problem
    with pytest.raises(ParseError) as info:
        rsctparse.parse("foo\n", "lssrc", engine="lark")
    assert str(info.value) == (
        "<input>:1:4: lssrc: expected 2 to 4 fields (Subsystem, Group, PID, Status), found 1\nfoo\n   ^"
    )


def test_undetectable_text() -> None:
    with pytest.raises(ParseError) as info:
        rsctparse.parse("hello world\n")
    assert info.value.message.startswith("cannot tell which command printed this")
    assert info.value.command == "rsctparse"


def test_unknown_command_and_engine_are_usage_errors() -> None:
    with pytest.raises(ValueError, match="unknown command"):
        rsctparse.parse("x", "nosuch")
    with pytest.raises(ValueError, match="engine"):
        rsctparse.parse("x", "lssrc", engine="slow")  # type: ignore[arg-type]
