"""Arbitrary text to every registered parser: records or ParseError, never anything else."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rsctparse
from rsctparse._parse import Engine
from tests.golden import cases

NASTY = st.sampled_from(["\x00", "\r", "\t", "\ud800", "\udfff", "\x1b[0m", "\n", " ", "\"", "=", ",", "<", ">",
                         "{", "}", ":", "-" * 20, "0x", "resource 1:", "\ufeff", "\u2028"])
TEXT = st.lists(st.one_of(st.text(max_size=30), NASTY), max_size=40).map("".join)


def _check(text: str | bytes, command: str | None, engine: Engine) -> None:
    try:
        records = rsctparse.parse(text, command, engine=engine)
    except rsctparse.ParseError as exc:
        assert not exc.message.startswith("internal error"), exc.message
        assert exc.line >= 1 and exc.column >= 1
        str(exc)
    else:
        rsctparse.as_data(records)


@pytest.mark.parametrize("command", sorted(rsctparse.COMMANDS))
@pytest.mark.parametrize("engine", ["fast", "lark"])
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT)
def test_arbitrary_text(command: str, engine: Engine, text: str) -> None:
    _check(text, command, engine)


@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=300))
def test_arbitrary_bytes_detected(data: bytes) -> None:
    _check(data, None, "fast")


SAMPLES = [p.read_bytes().decode("utf-8", errors="replace") for p in cases()]


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_mutated_samples(data: st.DataObject) -> None:
    text = data.draw(st.sampled_from(SAMPLES))
    for _ in range(data.draw(st.integers(1, 4))):
        i = data.draw(st.integers(0, len(text)))
        op = data.draw(st.sampled_from(["del", "ins", "dup", "cut"]))
        if op == "del":
            text = text[:i] + text[i + 1 :]
        elif op == "ins":
            text = text[:i] + data.draw(st.one_of(NASTY, st.characters())) + text[i:]
        elif op == "dup":
            text = text[:i] + text[i : i + 10] + text[i:]
        else:
            text = text[:i]
    for command in [None, *sorted(rsctparse.COMMANDS)]:
        for engine in ("fast", "lark"):
            try:
                rsctparse.parse(text, command, engine=engine)
            except rsctparse.ParseError as exc:
                assert not exc.message.startswith("internal error"), exc.message
                lines = text.replace("\r\n", "\n").split("\n")
                assert 1 <= exc.line <= len(lines) + 1
                assert 1 <= exc.column <= len(lines[exc.line - 1] if exc.line <= len(lines) else "") + 1
