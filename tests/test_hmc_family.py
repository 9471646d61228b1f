"""The HMC ls* family: headers by shape, lists by the quoting rule, cut lines, no grammar fallback on valid input."""

from __future__ import annotations

import gc
import io

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import rsctparse
from bench import gen_dump
from rsctparse._commands import lssyscfg
from rsctparse._commands.lssyscfg import FAMILY, HmcRecord, Lpar, Values
from rsctparse._errors import Reject
from rsctparse._parse import Engine
from tests.golden import cases, golden

LSSYSCFG_SAMPLES = [p for p in cases() if golden(p)["command"] == "lssyscfg"]


# --- the names read this way ---------------------------------------------------------------
def test_family_names() -> None:
    assert {"lssyscfg", "lshwres", "lshmc", "lssysconn", "lsrefcode", "lsmemopt", "lsaccfg", "lshmcusr", "lscod",
            "lssvcevents"} <= FAMILY
    assert not FAMILY & {"lspartition", "lsrsrc", "lssrc"}  # RSCT commands on an HMC print other formats
    assert all(name.startswith("ls") and name.isalpha() for name in FAMILY)


def test_invocation_of_a_family_command() -> None:
    inv = lssyscfg.invocation("lshwres -r mem --level lpar -m p750 -F lpar_name:curr_mem --header")
    assert (inv.command, inv.resource, inv.managed_system, inv.fields, inv.delimiter, inv.header) == (
        "lshwres", "mem", "p750", ("lpar_name", "curr_mem"), ":", True)
    assert lssyscfg.invocation("/usr/bin/lssyscfg -r lpar").command == "lssyscfg"
    assert lssyscfg.invocation("-r lpar -F name").command is None


def test_resource_names_a_class_only_for_lssyscfg() -> None:
    text = "lpar_name=aix1,lpar_id=3,time_stamp=06/03/2018 15:56:33,refcode=00000000\n"
    [rec] = rsctparse.parse(text, "lssyscfg", argv="lsrefcode -r lpar -m p750")
    assert type(rec) is HmcRecord and rec.resource == "lpar"
    [rec] = rsctparse.parse("name=aix1,lpar_id=3\n", "lssyscfg", argv="lssyscfg -r lpar -m p750")
    assert isinstance(rec, Lpar) and rec.lpar_id == 3


# --- headers by shape --------------------------------------------------------------------------
def test_header_recognised_by_shape_with_unknown_names() -> None:
    text = "curr_mem_x,pool_name\n2048,Default Pool\n"
    assert [r.as_data() for r in rsctparse.parse(text, "lssyscfg")] == [
        {"curr_mem_x": "2048", "pool_name": "Default Pool"}]


@pytest.mark.parametrize("delimiter", sorted(lssyscfg.HEADER_DELIMITERS - {",", "$", "'"}))
def test_header_delimiter_recognised_by_shape(delimiter: str) -> None:
    text = f"lpar_name{delimiter}curr_procs\nnim1{delimiter}1\nVIOS 2{delimiter}2\n"
    for engine in ("fast", "lark"):
        assert [r.as_data() for r in rsctparse.parse(text, "lssyscfg", engine=engine)] == [
            {"lpar_name": "nim1", "curr_procs": "1"}, {"lpar_name": "VIOS 2", "curr_procs": "2"}]


@pytest.mark.parametrize("text", ["p570-lpar3\nAIX-test\n", "a=b\na=\n", "www.example\nWWW.b\n"])
def test_no_header_shape_with_the_characters_of_names_and_pairs(text: str) -> None:
    lines = text.split()
    expected = [HmcRecord((("a", "b"),)), HmcRecord((("a", ""),))] if "=" in text else [
        Values((line,)) for line in lines]
    assert [r.as_data() for r in rsctparse.parse(text, "lssyscfg")] == [r.as_data() for r in expected]


def test_rows_that_could_all_be_names_stay_values() -> None:
    # documented ambiguity: no field below the first row could not be a name, so there is no header evidence
    text = "nim1,active\naix2,inactive\n"
    assert rsctparse.parse(text, "lssyscfg") == [Values(("nim1", "active")), Values(("aix2", "inactive"))]


def test_header_needs_rows_of_its_length() -> None:
    text = "name,state\naix1,Running,extra\n"
    assert rsctparse.parse(text, "lssyscfg") == [Values(("name", "state")), Values(("aix1", "Running", "extra"))]


def test_command_line_without_header_is_believed() -> None:
    text = "lpar_id,name\n2,aix10\n"
    recs = rsctparse.parse(text, "lssyscfg", argv="lssyscfg -r lpar -m p750 -F")
    assert recs == [Values(("lpar_id", "name")), Values(("2", "aix10"))]


# --- one-field -F and lists ---------------------------------------------------------------------
def test_one_field_F_rows_are_values_never_a_name_value_error() -> None:
    text = '"default,POWER7,POWER8"\nPOWER9\n"a ""quoted"" word"\n'
    for engine in ("fast", "lark"):
        assert rsctparse.parse(text, "lssyscfg", engine=engine) == [
            Values((("default", "POWER7", "POWER8"),)), Values(("POWER9",)), Values(('a "quoted" word',))]


@pytest.mark.parametrize(("field", "value"), [
    ('"resources=""a,b"",""c"""', ("a,b", "c")),
    ('"x=""a"""', ("a",)),
    ('"x=""a""""b"",c"', ('a"b', "c")),  # csv once more, as for known lists: "" inside an element is a quote
    ('"x=1,""2,3"",4"', ("1", "2,3", "4")),
])
def test_doubled_quote_lists_for_any_name(field: str, value: tuple[str, ...]) -> None:
    [rec] = rsctparse.parse(f"name=a,{field}\n", "lssyscfg")
    assert isinstance(rec, HmcRecord)
    assert rec.items[1][1] == value


@pytest.mark.parametrize("field", ['"description=say ""hi"", ok"', '"text=a, b"', "note=a\"b"])
def test_quotes_that_make_no_list_stay_text(field: str) -> None:
    [rec] = rsctparse.parse(f"name=a,{field}\n", "lssyscfg")
    assert isinstance(rec, HmcRecord) and isinstance(rec.items[1][1], str)


def test_an_attribute_listed_in_one_record_is_a_list_in_all() -> None:
    text = 'name=a,"files=x/1,""y/2, z"""\nname=b,"files=x/1,w/2"\nname=c,files=none\n'
    recs = rsctparse.parse(text, "lssyscfg")
    assert [r.get("files") for r in recs if isinstance(r, HmcRecord)] == [("x/1", "y/2, z"), ("x/1", "w/2"), ()]


# --- cut lines ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "where", "message"), [
    ("name=aix1,lpar_id=3,sta\n", (1, 21), "expected name=value, found 'sta'"),
    ("name=aix1,lpar_id=3,state=Running\nname=aix2,lp\n", (2, 11), "expected name=value, found 'lp'"),
    ("name=aix1,lpar_id=3,\n", (1, 21), "expected name=value, found end of input"),
])
def test_a_line_cut_inside_an_attribute_is_a_positioned_error(text: str, where: tuple[int, int], message: str) -> None:
    for engine in ("fast", "lark"):
        with pytest.raises(rsctparse.ParseError) as info:
            rsctparse.parse(text, "lssyscfg", engine=engine)
        assert (info.value.line, info.value.column, info.value.message) == (*where, message)


@pytest.mark.parametrize("engine", ["fast", "lark"])
def test_a_cut_line_keeps_the_pairs_before_the_cut(engine: Engine) -> None:
    text = 'name=aix1,lpar_id=3,state=Running\nname=aix2,"io_slots=21010002/none/1,x",lpar_id=4,sta\n'
    records, error = lssyscfg.parse_partial(text, engine=engine)
    assert [r.as_data() for r in records] == [
        {"name": "aix1", "lpar_id": 3, "state": "Running"},
        {"name": "aix2", "io_slots": ["21010002/none/1", "x"], "lpar_id": 4}]
    assert isinstance(records[1], Lpar) and error is not None
    assert (error.line, error.column, error.message) == (2, 50, "expected name=value, found 'sta'")


def test_partial_reading_of_other_faults() -> None:
    assert lssyscfg.parse_partial("name=a\n") == (rsctparse.parse("name=a\n", "lssyscfg"), None)
    records, error = lssyscfg.parse_partial("1,2\n1\n", fields="a,b")  # rows before a short row
    assert [r.as_data() for r in records] == [{"a": "1", "b": "2"}] and error is not None
    records, error = lssyscfg.parse_partial('name=a\nname=b,"x=1\n')  # a quote never closed: no reading
    assert records == [] and error is not None and error.message.startswith("unterminated quoted string")


# --- options ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(("options", "error", "text"), [
    ({"delimiter": "ab"}, ValueError, "delimiter must be one character of"),
    ({"delimiter": 1}, TypeError, "delimiter must be a str, not int"),
    ({"fields": 123}, TypeError, "fields must be a str or a sequence of str, not int"),
    ({"fields": ["a", 1]}, TypeError, "fields must be a str or a sequence of str, not list"),
    ({"fields": "a b"}, ValueError, "fields: the names are separated by ' '"),
    ({"argv": 5}, TypeError, "argv must be a str or a sequence of str, not int"),
    ({"header": "yes"}, TypeError, "header must be a bool, not str"),
    ({"resource": 3}, TypeError, "resource must be a str, not int"),
])
def test_option_misuse_names_the_argument(options: dict[str, object], error: type[Exception], text: str) -> None:
    with pytest.raises(error, match="^" + text.replace("(", r"\(")):
        lssyscfg.check_options(options)
    with pytest.raises(error, match="^" + text.replace("(", r"\(")):
        lssyscfg.parse("a\n", **options)  # type: ignore[arg-type]


# --- blank lines cost nothing ---------------------------------------------------------------------------
def test_blank_lines_allocate_no_containers() -> None:
    text = "\n" * 200_000 + "name=a,state=Running\n" + "  \n" * 100_000
    gc.collect()
    before = gc.get_stats()[0]["collections"]
    [rec] = lssyscfg.parse(text)
    after = gc.get_stats()[0]["collections"]
    assert isinstance(rec, HmcRecord)
    # a container per blank line would run a young-generation collection every 700 lines (about 430 here)
    assert after - before < 20


# --- the fast engine reads all valid input ----------------------------------------------------------------
def test_no_grammar_fallback_on_valid_corpus_samples() -> None:
    lssyscfg.reset_fallbacks()
    valid = [p for p in LSSYSCFG_SAMPLES if "records" in golden(p)]
    for p in valid:
        rsctparse.parse(p.read_bytes(), "lssyscfg", **golden(p).get("options", {}))
    assert len(valid) > 30 and lssyscfg.FALLBACKS == {"reject": 0, "fault": 0}
    # the counter counts: an invalid sample is re-read by the grammar when the fast engine rejects some of its
    # text (otherwise the fast engine's fault is the grammar's: see test_fast_engine_positions_a_fault_alone)
    rejected = 0
    for p in LSSYSCFG_SAMPLES:
        if "error" in golden(p):
            with pytest.raises(rsctparse.ParseError):
                rsctparse.parse(p.read_bytes(), "lssyscfg", **golden(p).get("options", {}))
            text = p.read_bytes().decode()
            try:
                list(lssyscfg.fast_items(text, lssyscfg._options(golden(p).get("options", {})).delimiter))
            except Reject:
                rejected += 1
    assert rejected > 0 and lssyscfg.FALLBACKS["reject"] + lssyscfg.FALLBACKS["fault"] == rejected


def test_no_grammar_fallback_on_a_generated_dump_with_profiles() -> None:
    out = io.StringIO()
    gen_dump.write(out, 0.4, seed=3, profiles=True)
    lssyscfg.reset_fallbacks()
    sections = [s for s in rsctparse.iter_sections(io.BytesIO(out.getvalue().encode())) if s.command == "lssyscfg"]
    assert all(s.error is None for s in sections)
    profiles = [s for s in sections if "-r prof" in (s.argv or "")]
    assert len(profiles) >= 4 and any(isinstance(r.get("virtual_fc_adapters"), tuple) and
                                      len(r.get("virtual_fc_adapters")) == 2
                                      for s in profiles for r in s.records if isinstance(r, HmcRecord))
    assert lssyscfg.FALLBACKS == {"reject": 0, "fault": 0}


# --- rendered by the HMC's rules, read back identical -----------------------------------------------------
NAME = st.from_regex(r"[a-z][a-z0-9_]{0,14}", fullmatch=True).filter(
    lambda n: not lssyscfg.is_list_name(n) and n not in lssyscfg.INT_NAMES)
PLAIN = st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\n\r"), max_size=12).filter(
    lambda t: not lssyscfg.is_list_shaped(t))
ELEMENT = st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\n\r"), min_size=1, max_size=8)
WITH_COMMA = st.tuples(ELEMENT, ELEMENT).map(lambda p: f"{p[0]},{p[1]}")  # an element the HMC quotes


@st.composite
def record_sets(draw: st.DrawFn) -> tuple[list[str], list[HmcRecord]]:
    """Records of one command: every attribute a string or a list in all records (a list quoted somewhere)."""
    names = draw(st.lists(NAME, min_size=1, max_size=5, unique=True))
    kinds = {n: draw(st.booleans()) for n in names}  # True: a list
    count = draw(st.integers(1, 4))
    rows: list[list[tuple[str, str | tuple[str, ...]]]] = [[] for _ in range(count)]
    for n in names:
        for i in range(count):
            if not kinds[n]:
                rows[i].append((n, draw(PLAIN)))
                continue
            elements = draw(st.lists(st.one_of(ELEMENT, WITH_COMMA), max_size=3).filter(
                lambda e: e not in (["none"], [""])))
            if i == 0:  # a list in no list of the code is known by a quoted element somewhere
                elements.insert(draw(st.integers(0, len(elements))), draw(WITH_COMMA))
            rows[i].append((n, tuple(elements)))
    return names, [HmcRecord(tuple(row)) for row in rows]


def _items(records: list[rsctparse.Record]) -> list[object]:
    return [list(r.items) for r in records if isinstance(r, HmcRecord)]


@settings(max_examples=150, deadline=None)
@given(record_sets())
def test_name_value_rendering_reads_back(data: tuple[list[str], list[HmcRecord]]) -> None:
    _, records = data
    text = lssyscfg.render(records)
    for engine in ("fast", "lark"):
        assert _items(rsctparse.parse(text, "lssyscfg", engine=engine)) == [list(r.items) for r in records]


@settings(max_examples=150, deadline=None)
@given(record_sets(), st.sampled_from(sorted(lssyscfg.DELIMITERS)))
def test_F_header_rendering_reads_back_with_its_command_line(
        data: tuple[list[str], list[HmcRecord]], delimiter: str) -> None:
    names, records = data
    if len(names) == 1:
        delimiter = ","  # one name: the command line shows no delimiter
    text = delimiter.join(names) + "\n" + lssyscfg.render(records, fields=names, delimiter=delimiter)
    argv = ["lshwres", "-r", "x", "-F", delimiter.join(names), "--header"]
    lssyscfg.reset_fallbacks()
    for engine in ("fast", "lark"):
        parsed = rsctparse.parse(text, "lssyscfg", engine=engine, argv=argv)
        assert _items(parsed) == [list(r.items) for r in records]
    assert lssyscfg.FALLBACKS == {"reject": 0, "fault": 0}


@settings(max_examples=150, deadline=None)
@given(record_sets(), st.sampled_from(sorted(lssyscfg.HEADER_DELIMITERS)))
def test_F_header_rendering_reads_back_from_the_text_alone(
        data: tuple[list[str], list[HmcRecord]], delimiter: str) -> None:
    names, records = data
    assume(len(names) > 1 or delimiter == ",")
    body = lssyscfg.render(records, fields=names, delimiter=delimiter)
    # the header is known by a field below that no name could be (docs/commands/lssyscfg.md)
    assume(any(isinstance(v, tuple) or not lssyscfg.NAME_SHAPE.fullmatch(v) for r in records for _, v in r.items))
    text = delimiter.join(names) + "\n" + body
    for engine in ("fast", "lark"):
        assert _items(rsctparse.parse(text, "lssyscfg", engine=engine)) == [list(r.items) for r in records]


# --- fast engine equals grammar on quote-heavy lines ------------------------------------------------------------
@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(st.sampled_from('ab=,"\n :'), max_size=14), max_size=6),
       st.sampled_from([{}, {"fields": "a,b"}, {"fields": "a:b"}, {"argv": "lshwres -F"}]))
def test_fast_equals_grammar_on_quotes(lines: list[str], options: dict[str, str]) -> None:
    text = "\n".join(lines) + "\n"
    results: list[object] = []
    for engine in ("fast", "lark"):
        try:
            results.append([r.as_data() for r in rsctparse.parse(text, "lssyscfg", engine=engine, **options)])
        except rsctparse.ParseError as exc:
            results.append((exc.line, exc.column, exc.message))
    assert results[0] == results[1]
