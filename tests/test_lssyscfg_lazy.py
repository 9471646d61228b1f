"""lssyscfg reads its items lazily: a fault stops the reading, is positioned without the grammar when the fast
engine reads the rest of the text, and memory stays bounded on a large malformed section (issue 18)."""

from __future__ import annotations

import io
import tracemalloc

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rsctparse
from rsctparse import _grammar, _session
from rsctparse._commands import lssyscfg
from rsctparse._commands.lssyscfg import MessageLine, NoResults, Row
from rsctparse._errors import Reject
from tests.golden import cases, golden

UNBALANCED = 'name="a""b,"c""",d=",e\n'  # issue 18's 31 MB section, one line of it
ARGV = "lssyscfg -r lpar -m s"


def _error(text: str, engine: str, **options: object) -> tuple[object, ...]:
    with pytest.raises(rsctparse.ParseError) as info:
        rsctparse.parse(text, "lssyscfg", engine=engine, **options)  # type: ignore[arg-type]
    e = info.value
    return e.message, e.line, e.column, e.text_line, str(e)


@pytest.fixture
def no_grammar(monkeypatch: pytest.MonkeyPatch) -> None:
    """The grammar fails the test if it runs (engine="lark" is asked for outside the fixture's tests)."""

    def refuse(text: str, delimiter: str = ",") -> list[lssyscfg.Item]:
        raise AssertionError("the grammar ran")

    monkeypatch.setattr(lssyscfg, "lark_items", refuse)
    _grammar.reset_fallbacks()
    lssyscfg.reset_fallbacks()


def _grammar_error(text: str, **options: object) -> tuple[object, ...]:
    return _error(text, "lark", **options)


CASES = [
    (UNBALANCED * 50, {"argv": ARGV}),
    ("name=a,state=Running\nname=b,bad\n" + "name=c\n" * 20, {}),
    ('name="a\nb",x\nname=c\n', {}),  # the fault's column is on the line after a quoted newline, as Lark counts
    ('name=a,"x\ny",\n', {}),  # an empty field after a quoted newline
    ("a,b\n1,2\n1,2,3\n1,2\n", {"fields": "a,b"}),
    ('a;b\n"x;y";1\n2\n', {"fields": "a;b"}),
    ('HSCL1234 message\nname=a\nname=b,"q",zz\n', {}),
]


@pytest.mark.parametrize(("text", "options"), CASES)
def test_fast_engine_positions_a_fault_alone(text: str, options: dict[str, object]) -> None:
    expected = _grammar_error(text, **options)
    mp = pytest.MonkeyPatch()
    with mp.context() as m:
        m.setattr(lssyscfg, "lark_items", lambda *a: (_ for _ in ()).throw(AssertionError("the grammar ran")))
        _grammar.reset_fallbacks()
        lssyscfg.reset_fallbacks()
        assert _error(text, "fast", **options) == expected
        assert not _grammar.FALLBACKS and lssyscfg.FALLBACKS == {"reject": 0, "fault": 0}


def test_a_fault_before_text_the_fast_engine_rejects_is_left_to_the_grammar() -> None:
    # a quote never closed after the fault: the grammar stops there first, so its error is the answer
    text = UNBALANCED * 3 + 'name=a,"never closed\n'
    _grammar.reset_fallbacks()
    lssyscfg.reset_fallbacks()
    fast = _error(text, "fast", argv=ARGV)
    assert fast == _grammar_error(text, argv=ARGV)
    assert fast[1] == 4  # the grammar's error, not the first line's fault
    assert dict(_grammar.FALLBACKS) == {"lssyscfg": 1} and lssyscfg.FALLBACKS == {"reject": 0, "fault": 1}


def test_parse_partial_keeps_the_records_before_an_exact_fault(no_grammar: None) -> None:
    records, error = lssyscfg.parse_partial("name=a\nname=b\nname=c,oops\n" + "name=d\n" * 5)
    assert [r.get("name") for r in records] == ["a", "b", "c"]  # type: ignore[attr-defined]
    assert error is not None and (error.line, error.column) == (3, 8)


def test_build_stops_at_the_fault() -> None:
    items = lssyscfg.fast_items("name=a\nname=b,bad\nname=c\nname=d\n")
    with pytest.raises(lssyscfg.Cut):
        lssyscfg.build(items, lssyscfg.LsArguments())
    assert [row.line for row in items] == [3, 4]  # the rows after the fault were not read


def test_items_are_typed_and_equal_between_engines() -> None:
    text = 'HSCL1234 a message \nNo results were found.\nname=x,"a,""b""",,v\n\n"multi\nline",z\n'
    fast = list(lssyscfg.fast_items(text))
    assert fast == [MessageLine(1, "HSCL1234", "a message"), NoResults(2),
                    Row(3, ("name=x", 'a,"b"', "", "v"), (False, True, False, False), (0, 7, 17, 18)),
                    Row(5, ("multi\nline", "z"), (True, False), (0, 6))]
    assert fast == [it for it in lssyscfg.lark_items(text) if not (isinstance(it, Row) and lssyscfg._blank(it))]


# --- the exactness argument rests on this: where the fast engine does not reject, its items are the grammar's
SAMPLES = [(p.read_bytes().decode(), lssyscfg._options(golden(p).get("options", {})).delimiter)
           for p in cases() if golden(p)["command"] == "lssyscfg"]
NOISE = st.sampled_from(["", " ", '"', '""', ",", "\n", "=", "x", '"a\nb"', "HSCL0001 m", "No results were found.",
                         '",', ',"', "\t"])


def _fast_or_none(text: str, delimiter: str) -> list[lssyscfg.Item] | None:
    try:
        return list(lssyscfg.fast_items(text, delimiter))
    except Reject:
        return None


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(SAMPLES), st.data())
def test_fast_items_equal_the_grammars_where_not_rejected(sample: tuple[str, str], data: st.DataObject) -> None:
    text, delimiter = sample
    for _ in range(data.draw(st.integers(0, 4))):
        at = data.draw(st.integers(0, len(text)))
        text = text[:at] + data.draw(NOISE) + text[at + data.draw(st.integers(0, 3)):]
    text = text if text.endswith("\n") else text + "\n"
    fast = _fast_or_none(text, delimiter)
    if fast is None:
        return
    grammar = lssyscfg.lark_items(text, delimiter)  # raises ParseError if the grammar rejects what fast read
    assert fast == [it for it in grammar if not (isinstance(it, Row) and lssyscfg._blank(it))]


def test_peak_memory_on_a_large_malformed_section_is_bounded() -> None:
    text = UNBALANCED * (1_000_000 // len(UNBALANCED))  # 1 MB; issue 18's section was 31 MB
    tracemalloc.start()
    try:
        with pytest.raises(rsctparse.ParseError):
            rsctparse.parse(text, "lssyscfg", argv=ARGV)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # items for every line, and the grammar's re-reading, held about 30 bytes per byte of input before the
    # items were read lazily; a block of lines at a time is well under one
    assert peak < 5 * len(text), peak / len(text)


def test_peak_memory_of_the_stream_on_a_large_malformed_section_is_bounded() -> None:
    data = b"hscroot@hmc1:~> lssyscfg -r lpar -m s\n" + UNBALANCED.encode() * (1_000_000 // len(UNBALANCED))
    tracemalloc.start()
    try:
        [section] = rsctparse.iter_sections(io.BytesIO(data))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert section.error is not None and (section.error.line, section.error.column) == (2, 12)
    # about 40 bytes per byte of input before; now the raw section, its text (twice), and a list of its lines
    assert peak < 12 * len(data), peak / len(data)


def test_a_failed_runs_messages_are_looked_for_in_the_lines_needed_only() -> None:
    output = "x\n" * 500_000  # the first line is no failed run's message
    tracemalloc.start()
    try:
        assert _session.failure(output) is None
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < len(output) // 10, peak  # a list of every line held about 30 times the output


def test_the_grammar_reads_from_the_rejected_record_only() -> None:
    lines = 1_000_000 // len(UNBALANCED)
    text = UNBALANCED * lines + 'name=a,"never closed\n'  # a fault on line 1, a quote never closed at the end
    tracemalloc.start()
    try:
        with pytest.raises(rsctparse.ParseError) as info:
            rsctparse.parse(text, "lssyscfg", argv=ARGV)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (info.value.line, info.value.column) == (lines + 1, 8)  # the grammar's error comes first
    assert info.value.message == "unterminated quoted string (this quote is never closed)"
    assert peak < 5 * len(text), peak / len(text)  # the grammar read the whole text: about 30 bytes per byte


@pytest.mark.parametrize("unit", ['name=x,"a\nb\n\nc",state=1\n', 'n=1\n\n', '"q,\n"\n' + "x" * 97 + "\n"])
def test_items_across_the_blocks_the_fast_engine_reads(unit: str) -> None:
    text = unit * (3 * lssyscfg._BLOCK // len(unit) + 7)  # records across the boundaries of blocks of lines
    fast = list(lssyscfg.fast_items(text))
    assert len(fast) == len(text) // len(unit) * len(list(lssyscfg.fast_items(unit)))
    assert fast == [it for it in lssyscfg.lark_items(text) if not (isinstance(it, Row) and lssyscfg._blank(it))]
