"""The shortcuts for output as the commands print it (issue 16) against the engines they front.

Each shortcut must give the same records as the engine behind it, or leave the text to it, on output as printed
and on near misses of it (a character changed, a line doubled or dropped, blanks added).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import rsctparse
from rsctparse._commands import ctsthl, rmcdomainstatus
from rsctparse._parse import Engine
from tests.test_fast_records import outcome  # (records with their types, or the failure)

NEAR_MISS = st.sampled_from(["", " ", "\t", "\n", "-", "x", "0", "\r", ":", "g", "H"])


@st.composite
def mutated(draw: st.DrawFn, lines: list[str]) -> str:
    """``lines`` as a text, perhaps with near misses: a character changed or added, a line doubled, dropped,
    added or joined to the next."""
    lines = list(lines)
    for _ in range(draw(st.integers(0, 2))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        how = draw(st.integers(0, 5))
        if how == 0:
            lines.insert(i, lines[i])
        elif how == 1:
            del lines[i]
        elif how == 4:
            lines.insert(i, draw(st.sampled_from(["", " ", "-" * 20])))
        elif how == 5:
            lines[i : i + 2] = ["".join(lines[i : i + 2])]
        else:
            line = lines[i]
            j = draw(st.integers(0, len(line)))
            lines[i] = line[:j] + draw(NEAR_MISS) + line[j + (how == 2) :]
    return "".join(line + "\n" for line in lines)


HEX_LINE = st.from_regex(r"[0-9a-fA-F]{1,66}", fullmatch=True)


@st.composite
def ctsthl_printed(draw: st.DrawFn) -> list[str]:
    lines: list[str] = []
    for _ in range(draw(st.integers(0, 3))):
        lines.append("-" * 20)
        label = draw(st.sampled_from(["Host Identity:", "Host name:"]))
        host = draw(st.sampled_from(["hmc01.domain.com", "10.1.0.5", "a b", "fe80::1", "h-1", "x\r"]))
        lines.append(label + draw(st.sampled_from([" ", "", "  ", "\t"])) + host + draw(st.sampled_from(["", " "])))
        lines.append("Identifier Generation Method: " + draw(st.sampled_from(["rsa1024", "rsa 2048", "r-1"])))
        lines.append("Identifier Value:")
        lines += draw(st.lists(HEX_LINE, min_size=1, max_size=4))
    lines.append("-" * 20)
    return lines


@settings(max_examples=500, deadline=None)
@given(st.data())
def test_ctsthl_printed_entries_equal_the_entry_matches(data: st.DataObject) -> None:
    lines = data.draw(ctsthl_printed())
    text = data.draw(mutated(lines))
    expected = outcome(ctsthl._entry_records, text)
    assert outcome(ctsthl.fast_records, text) == expected
    if text == "".join(line + "\n" for line in lines):  # (as printed: read by the split, the same records)
        parts = ctsthl._PRINTED.split(text)
        assert parts[-1] == ctsthl._CLOSING and len(parts) == 4 * len(expected) + 1  # type: ignore[arg-type]


def test_ctsthl_printed_shortcut_reads_what_it_must_and_leaves_the_rest() -> None:
    entry = "-" * 20 + "\nHost Identity: h\nIdentifier Generation Method: rsa1024\nIdentifier Value:\n12ab\n34c\n"
    text = entry + "-" * 20 + "\n"
    assert ctsthl.fast_records(text) == [ctsthl.TrustedHost("h", "rsa1024", "12ab34c")]
    assert len(ctsthl._PRINTED.split(text)) == 5
    # a blank line among the hex lines, a non-hex digit, dashes after hex: left to the engines behind it
    for bad in (text.replace("12ab\n", "12ab\n\n"), text.replace("34c", "34g"),
                text.replace("34c\n" + "-" * 20, "34c" + "-" * 20)):
        assert outcome(ctsthl.fast_records, bad) == outcome(ctsthl._entry_records, bad)


def parsed(text: str, command: str, engine: Engine) -> object:
    try:
        return [r.as_data() for r in rsctparse.parse(text, command, engine=engine)]
    except rsctparse.ParseError as exc:
        return (exc.line, exc.column, exc.message)


@st.composite
def rmcdomainstatus_printed(draw: st.DrawFn) -> list[str]:
    lines: list[str] = []
    for title in draw(st.lists(st.sampled_from(list(rmcdomainstatus.DOMAINS)), min_size=1, max_size=2)):
        if lines:
            lines.append("")
        lines.append(title)
        for number in range(draw(st.integers(0, 3))):
            lines.append(f"  {draw(st.sampled_from('IiOSX'))} {draw(st.sampled_from('AaRrS'))}  0x96586cb4b5fc641c"
                         f"  {number:04d}  10.1.1.{number}" + draw(st.sampled_from(["", "  pd1"])))
    return lines


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_rmcdomainstatus_printed_title_first_equals_the_grammar(data: st.DataObject) -> None:
    text = data.draw(mutated(data.draw(rmcdomainstatus_printed())))
    assert parsed(text, "rmcdomainstatus", "fast") == parsed(text, "rmcdomainstatus", "lark")
