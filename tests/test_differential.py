"""The fast engines equal the grammars: on every corpus sample and on mutations of them."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import rsctparse
from rsctparse._parse import Engine
from tests.golden import cases, golden

SAMPLES = [(golden(p)["command"], golden(p).get("options", {}), p.read_bytes().decode("utf-8")) for p in cases()]
Sample = tuple[str, dict[str, Any], str]


def outcome(text: str, command: str, options: dict[str, Any], engine: Engine) -> object:
    try:
        return [r.as_data() for r in rsctparse.parse(text, command, engine=engine, **options)]
    except rsctparse.ParseError as exc:
        return (exc.line, exc.column, exc.message)


LINE_NOISE = st.sampled_from(["", " ", "\t", "  \t ", "--", "-" * 20, "x", "0513-085 Msg.", "resource 1:",
                              "Identity:  h", "a,b", "<#9> Partition:<1*2*3, , 1.2.3.4>", "I A  0x1  0001  h"])


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(SAMPLES), st.data())
def test_fast_equals_grammar_on_mutated_samples(sample: Sample, data: st.DataObject) -> None:
    command, options, text = sample
    lines = text.split("\n")
    for _ in range(data.draw(st.integers(0, 3))):
        i = data.draw(st.integers(0, max(0, len(lines) - 1)))
        op = data.draw(st.sampled_from(["drop", "dup", "insert", "indent", "blanks", "char"]))
        if op == "drop" and lines:
            del lines[i]
        elif op == "dup" and lines:
            lines.insert(i, lines[i])
        elif op == "insert":
            lines.insert(i, data.draw(LINE_NOISE))
        elif op == "indent" and lines:
            lines[i] = data.draw(st.sampled_from([" ", "\t", "    "])) + lines[i]
        elif op == "blanks" and lines:
            lines[i] = lines[i].replace(" ", data.draw(st.sampled_from(["  ", "\t", " \t"])))
        elif op == "char" and lines and lines[i]:
            j = data.draw(st.integers(0, len(lines[i]) - 1))
            lines[i] = lines[i][:j] + data.draw(st.sampled_from(list(" \t,:=<>\"{}x09-.\x0b\r"))) + lines[i][j + 1 :]
    mutated = "\n".join(lines)
    assert outcome(mutated, command, options, "fast") == outcome(mutated, command, options, "lark")
