"""The CLI's JSON Lines are the same bytes with orjson and without it (rsctparse._jsonl)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rsctparse
from rsctparse import _jsonl
from rsctparse._cli import main
from rsctparse._commands.lsrsrc import Resource
from rsctparse._schema import names, schema
from rsctparse._sections import Section

orjson = pytest.importorskip("orjson")  # in the test extra; without it only the standard encoder runs

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
FILES = sorted(p for p in CORPUS.rglob("*.txt"))


def _cli(args: list[str], use_orjson: bool, monkeypatch: pytest.MonkeyPatch) -> str:
    out, err = io.StringIO(), io.StringIO()
    with monkeypatch.context() as m:
        m.setattr(_jsonl, "_orjson", orjson if use_orjson else None)
        main(args, stdout=out, stderr=err)
    return out.getvalue()


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(CORPUS)))
def test_every_corpus_file_gives_the_same_lines_both_ways(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with_orjson = _cli([str(path)], True, monkeypatch)
    assert with_orjson == _cli([str(path)], False, monkeypatch)
    for line in with_orjson.splitlines():
        json.loads(line)  # one object per line


def test_the_values_orjson_would_write_otherwise_go_to_the_standard_encoder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dump = tmp_path / "d.txt"
    dump.write_bytes(
        b"# lsrsrc IBM.MCP\nResource Persistent Attributes for IBM.MCP\nresource 1:\n"
        b'\tName = "hmc\xff1"\n\tRatio = 1e-05\n\tBig = 123456789012345678901234567890\n\tSmall = 1.5e+16\n'
        b"# lssrc -a\nSubsystem         Group            PID          Status\n"
        b" ctrmc            rsct        \x01 1 active\n"
    )
    lines = _cli([str(dump)], True, monkeypatch)
    assert lines == _cli([str(dump)], False, monkeypatch)
    records = json.loads(lines.splitlines()[0])["records"]
    assert records[0]["attributes"]["Ratio"] == 1e-05 and '"Ratio":1e-05' in lines  # Python's form, not 0.00001
    assert records[0]["attributes"]["Big"] == 123456789012345678901234567890
    assert "\udcff" in lines  # the byte that was not UTF-8, as the standard encoder writes it


def test_only_lsrsrc_records_can_hold_a_float() -> None:
    """``_jsonl`` sends sections with floats to the standard encoder by looking at lsrsrc resources only."""
    with_numbers = {n for n in names() if '"number"' in json.dumps(schema(n))}
    assert with_numbers == {"lsrsrc", "section"}
    assert _jsonl._holds_float((Resource((("a", (1, (2.5,))),)),))
    assert not _jsonl._holds_float((Resource((("a", (1, ("x",))),)),))


_TEXT = st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=20)
_LEAF = st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70) | _TEXT
_DATA = st.recursive(_LEAF, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4),
                     max_leaves=20)


@settings(max_examples=400)
@given(_DATA)
def test_orjson_and_the_standard_encoder_agree_on_what_rsctparse_writes(data: Any) -> None:
    """Every value but floats: orjson's bytes, or a TypeError that sends the value to the standard encoder."""
    try:
        fast = orjson.dumps(data).decode()
    except TypeError:
        return
    assert fast == _jsonl._STANDARD(data)


@settings(max_examples=200)
@given(_TEXT, _TEXT)
def test_a_section_line_is_the_same_both_ways(text: str, host: str) -> None:
    records = tuple(rsctparse.parse(" a b 1 active\n", "lssrc"))
    section = Section(host, "lssrc", text, 3, text, records, None, None, "f.txt", 2)
    assert _jsonl.compact_line(section) == _jsonl.standard_line(section)
    assert json.loads(_jsonl.standard_line(section)) == section.as_data()


def test_hand_written_writers_give_what_the_generic_writer_gives() -> None:
    """``fields_writer`` classes (the rows read most): same keys, in order, and values on every corpus record, one
    record at a time and in runs (``records_data``, what ``Section.as_data`` writes)."""
    from rsctparse._commands.ctsthl import TrustedHost
    from rsctparse._commands.lspartition import DlparPartition
    from rsctparse._commands.lssrc import Subsystem
    from rsctparse._commands.rmcdomainstatus import DomainNode
    from rsctparse._records import _ROWS, _WRITERS, HAND_WRITTEN, generic_writer, records_data

    hand = set(HAND_WRITTEN)
    assert {Subsystem, DomainNode, TrustedHost, DlparPartition} <= hand
    seen: set[type] = set()
    for path in FILES:
        for section in rsctparse.iter_sections(str(path)):
            for record in section.records:
                if type(record) in hand:
                    seen.add(type(record))
                    got, want = record.as_data(), generic_writer(type(record))(record)
                    assert list(got.items()) == list(want.items()), (path, record)
            run = records_data(section.records)
            assert [list(d.items()) for d in run] == [list(r.as_data().items()) for r in section.records]
            assert records_data(list(section.records)) == run
    assert seen == hand  # each hand-written writer met on the corpus
    for cls in hand:  # every field is written: a field added later without the writer fails here
        names = [f.name for f in attrs.fields(cls)]
        assert list(_WRITERS[cls](cls(**{n: None for n in names}))) == names
        assert list(_ROWS[cls]([cls(**{n: None for n in names})])[0]) == names


def test_a_run_of_records_of_several_classes_is_written_record_by_record() -> None:
    from rsctparse._commands.lsrsrc import Mcp
    from rsctparse._commands.lssrc import Subserver, Subsystem
    from rsctparse._records import Message, records_data

    @attrs.frozen
    class Wider(Subsystem):  # the same fields and one more: not written as a Subsystem
        extra: int = 7

    mixed: list[rsctparse.Record] = [
        Subsystem("a", None, 1, "active"), Message("0513-085", "not on file"), Wider("b", "g", None, "inoperative"),
        Subserver("s", None, "d", "active"), Mcp((("NodeID", 3), ("IPAddresses", ("1.2.3.4",)))),
        Subsystem("c", "g", None, "inoperative"),
    ]
    want = [r.as_data() for r in mixed]
    assert want[2] == {"subsystem": "b", "group": "g", "pid": None, "status": "inoperative", "extra": 7}
    for start in range(len(mixed)):  # each class first in turn
        run = mixed[start:] + mixed[:start]
        assert records_data(tuple(run)) == [r.as_data() for r in run]
    assert records_data(()) == []


def _standard_text(section: Section) -> str:
    """The reference: the standard encoder over ``as_data()``, with the newline the CLI writes."""
    return _jsonl.standard_line(section) + "\n"


@pytest.mark.parametrize("use_orjson", [True, False])
def test_every_corpus_section_line_is_the_standard_encoding_of_as_data(
    use_orjson: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``compact_text`` writes its own object (the records' tuples left as they are): the same text as ``as_data()``."""
    monkeypatch.setattr(_jsonl, "_orjson", orjson if use_orjson else None)
    for path in FILES:
        for section in rsctparse.iter_sections(str(path)):
            assert _jsonl.compact_text(section) == _standard_text(section), (path, section.line)
            assert _jsonl.pretty_text(section) == _jsonl.pretty_line(section) + "\n"


@pytest.mark.parametrize("use_orjson", [True, False])
def test_one_writer_fills_its_dicts_right_for_every_kind_of_section_in_turn(
    use_orjson: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The CLI's writer fills the same dicts for section after section: nothing of one is left in the next (a text, a
    managed system, an error, records), whatever the order."""
    monkeypatch.setattr(_jsonl, "_orjson", orjson if use_orjson else None)
    sections = [s for path in FILES for s in rsctparse.iter_sections(str(path))]
    assert {s.error is not None for s in sections} == {True, False}
    assert {s.managed_system is not None for s in sections} == {True, False}
    assert {s.command == "unknown" for s in sections} == {True, False}
    write = _jsonl.compact_writer()
    for order in (sections, sections[::-1], sections[::2] + sections[1::2]):
        for section in order:
            assert write(section).decode("utf-8", "surrogatepass") == _standard_text(section)


_SCALAR = st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70) | _TEXT | st.floats()
_ARRAY = st.recursive(st.tuples(_SCALAR) | st.tuples(_SCALAR, _SCALAR),
                      lambda inner: st.lists(inner | _SCALAR, max_size=3).map(tuple), max_leaves=6)
_NAME = st.sampled_from(["Name", "NodeID", "IPAddresses", "a", "b"])
_ITEMS = st.lists(st.tuples(_NAME, _SCALAR | _ARRAY), max_size=6).map(tuple)


@settings(max_examples=300)
@given(_ITEMS, st.sampled_from([Resource, *(c for c in Resource.__subclasses__() if not c.__name__.startswith("_"))]))
def test_a_resource_line_is_the_standard_encoding_of_as_data(items: Any, cls: type[Resource]) -> None:
    """Arrays in arrays, floats anywhere (to the standard encoder), a name printed twice, big integers."""
    section = Section("h", "lsrsrc", "lsrsrc IBM.MCP", 2, "text", (cls(items, "IBM.MCP", 1),), None, None, "f", 1)
    assert _jsonl.compact_text(section) == _standard_text(section)


def _old_resource_data(resource: Resource) -> dict[str, Any]:
    """``Resource.as_data`` as it was written before (a dict of the items, then every value not a leaf through
    ``as_data``)."""
    from rsctparse._records import LEAVES, as_data

    named = dict(resource.items)
    if len(named) != len(resource.items):
        named = resource.attributes
    for k, v in named.items():
        if type(v) not in LEAVES:
            named[k] = as_data(v)
    return {"resource_class": resource.resource_class, "index": resource.index, "attributes": named}


@settings(max_examples=300)
@given(st.lists(st.tuples(_NAME, _SCALAR | _ARRAY | st.just([1, ("x",)]) | st.just(("a", [2]))
                          | st.builds(rsctparse.Message, st.none(), _TEXT).map(lambda m: (m, 1))), max_size=6))
def test_resource_as_data_is_what_it_was(items: list[tuple[str, Any]]) -> None:
    """Lists, records in arrays (values no parser makes, but a Resource can be given) as before."""
    resource = Resource(tuple(items), "IBM.MCP", 3)
    got, want = resource.as_data(), _old_resource_data(resource)
    assert repr(got) == repr(want)  # (lists where lists were: repr tells a tuple from a list)


@settings(max_examples=200)
@given(st.lists(_TEXT, max_size=3), st.lists(st.tuples(st.sampled_from([None, "HBA", "HBA2"]), _TEXT), max_size=4),
       st.lists(_TEXT, max_size=3))
def test_a_host_identities_line_is_the_standard_encoding_of_as_data(
    identities: list[str], mechanisms: list[tuple[str | None, str]], messages: list[str]
) -> None:
    from rsctparse._commands.ctsvhbal import HostIdentities

    record = HostIdentities(tuple(identities), tuple(mechanisms), tuple(messages))
    section = Section(None, "ctsvhbal", None, 1, "text", (record, record), None, None, None, 1)
    assert _jsonl.compact_text(section) == _standard_text(section)
    assert record.as_data()["identities"] == identities and type(record.as_data()["messages"]) is list


def test_floats_are_found_at_any_depth() -> None:
    deep: Any = 1.5
    for _ in range(4):
        deep = ("x", (deep,))
    assert _jsonl._holds_float((Resource((("a", "1.5"), ("b", deep))),))
    assert _jsonl._holds_float((rsctparse.Message(None, "m"), Resource((("a", 2.0),))))
    assert not _jsonl._holds_float((Resource((("a", ("1.5", (2, (None, True)))), ("b", 3))),))


def test_the_help_is_argparse_own(monkeypatch: pytest.MonkeyPatch) -> None:
    """The parser is built with one shared formatter (``_Formatters``); its help and usage are argparse's own, at
    any terminal width."""
    import argparse

    from rsctparse import _cli

    class Plain:
        built = False

        def __call__(self, prog: str) -> argparse.HelpFormatter:
            return argparse.HelpFormatter(prog)

    helps = set()
    for columns in ("30", "80", "200"):
        monkeypatch.setenv("COLUMNS", columns)
        ours = _cli._arguments()
        with monkeypatch.context() as m:
            m.setattr(_cli, "_Formatters", Plain)
            plain = _cli._arguments()
        assert ours.format_help() == plain.format_help()
        assert ours.format_usage() == plain.format_usage()
        helps.add(ours.format_help())
    assert len(helps) == 3  # (the width read when the help is written)


_HMC_NAME = st.sampled_from(["name", "lpar_id", "state", "virtual_eth_adapters", "io_slots", "x"])
_HMC_VALUE = _TEXT | st.sampled_from(["7", "007", "-1", "1" * 30, "", "null"]) | st.lists(_TEXT, max_size=3).map(tuple)


@settings(max_examples=300)
@given(st.lists(st.tuples(_HMC_NAME, _HMC_VALUE), max_size=6),
       st.sampled_from(["HmcRecord", "Lpar", "ManagedSystem", "LparProfile"]))
def test_an_hmc_record_line_is_the_standard_encoding_of_as_data(items: list[tuple[str, Any]], cls_name: str) -> None:
    """A name printed twice (the first value is kept), list values, lpar_id as a number or as printed."""
    cls = getattr(rsctparse, cls_name)
    record = cls(tuple(items), "lpar")
    section = Section("h", "lssyscfg", "lssyscfg -r lpar -m s", 2, "t", (record, record), None, "s", "f", 1)
    assert _jsonl.compact_text(section) == _standard_text(section)


# --- records shared between lines (lssrc rows without a PID): their text made once --------------------------------
_ROWS_TEXT = (
    "Subsystem         Group            PID          Status\n"
    " ctrmc            rsct             4063724      active\n"
    " sendmail         mail                          inoperative\n"
    " IBM.ERRM         rsct_rm                       inoperative\n"
    "0513-085 The nfsd Subsystem is not on file.\n"
)


def _lssrc_section(text: str, host: str) -> Section:
    return Section(host, "lssrc", "lssrc -a", 2, text, tuple(rsctparse.parse(text, "lssrc")), None, None, "f", 1)


def test_a_shared_record_is_written_from_its_text_made_once() -> None:
    from rsctparse._commands.lssrc import _NO_PID_ROWS, Subsystem

    _NO_PID_ROWS.clear()  # (room for this test's rows: a full cache is emptied as a row is added)
    first, second = _lssrc_section(_ROWS_TEXT, "h1"), _lssrc_section(_ROWS_TEXT, "h2")
    assert first.records[1] is second.records[1]  # (the engine's one record for the line)
    assert _jsonl.compact_text(first) == _standard_text(first)
    shared = _jsonl._SHARED_WRITERS[Subsystem].__self__  # type: ignore[attr-defined]
    text = shared.texts[id(first.records[1])]
    assert orjson.dumps(text) == orjson.dumps(first.records[1].as_data())  # the line's record's text
    assert first.records[1] in shared.kept  # and the record kept: no other record can take its id
    assert id(first.records[0]) not in shared.texts  # (a row with a PID is its own)
    assert _jsonl.compact_text(second) == _standard_text(second)
    assert shared.texts[id(second.records[1])] is text  # made once
    assert set(shared.texts) <= {id(r) for r in shared.kept}
    assert _NO_PID_ROWS[" sendmail         mail                          inoperative"] is first.records[1]


@pytest.mark.parametrize("use_orjson", [True, False])
def test_shared_records_are_written_right_across_the_engine_cache_emptied(
    use_orjson: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The engine empties its cache when full, and its records die: the texts kept are those of records kept
    alive, so a record made later at the same address never gets another record's text."""
    from rsctparse._commands import lssrc

    monkeypatch.setattr(_jsonl, "_orjson", orjson if use_orjson else None)
    monkeypatch.setattr(lssrc, "_NO_PID_ROWS_MAX", 5)
    monkeypatch.setattr(_jsonl, "_SHARED_MAX", 7)
    for n in range(60):  # new rows without a PID in every section: the cache emptied again and again
        text = "".join(f" s{n}x{i} g{i % 3} inoperative\n" for i in range(n % 9)) + " ctrmc rsct 5 active\n"
        section = _lssrc_section(text, f"h{n}")
        assert _jsonl.compact_text(section) == _standard_text(section), n
        assert json.loads(_jsonl.compact_text(section))["records"] == [r.as_data() for r in section.records]


def test_a_writer_keeps_nothing_of_the_section_it_wrote() -> None:
    """Its dicts are filled for each section: a section's rows and text are let go once its line is made (a big
    failed section's text is not held until the next one)."""
    import gc
    import weakref

    class Text(str):  # (a str that a weak reference can follow)
        pass

    text = Text("garbage line\n" * 1000)
    section = Section("h", "unknown", None, 1, text, (), None, None, "f", 1)
    write = _jsonl.compact_writer()
    assert write(section).endswith(b"\n")
    rows_section = _lssrc_section(_ROWS_TEXT, "h")
    write(rows_section)
    watched = weakref.ref(text)
    del section, text
    gc.collect()
    assert watched() is None
    cells = [c.cell_contents for c in write.__closure__ or () if isinstance(c.cell_contents, dict)
             and "file" in c.cell_contents]  # (the section object's dicts)
    assert len(cells) == 4 and all(d["records"] in ((), None) and d.get("text") is None for d in cells)


def test_a_cache_changed_while_it_is_read_is_read_again_later() -> None:
    """Another thread's parse may add to the engine's cache while the writer reads it: the records are then
    written as dicts (the same text), and the cache read again at the next section."""
    from rsctparse._commands.lssrc import Subsystem
    from rsctparse._records import SHARED

    cache: dict[str, Subsystem] = {f"row {i}": Subsystem(f"s{i}", None, None, "inoperative") for i in range(3)}
    rows = SHARED[Subsystem][1]
    added = iter(range(100, 101))

    def meddling(records: Any, known: Any) -> list[Any]:
        for i in added:  # (once: as the first text is made, a parse elsewhere adds a row)
            cache[f"row {i}"] = Subsystem(f"s{i}", None, None, "inoperative")
        return rows(records, known)

    shared = _jsonl._Shared(cache, meddling)
    records = tuple(cache.values())
    written = shared.write(records)  # (texts made up to the change, the rest written as dicts)
    assert [orjson.dumps(w) for w in written] == [orjson.dumps(r.as_data()) for r in records]
    assert shared.seen == 0 and len(shared.texts) < 3
    written = shared.write(tuple(cache.values()))  # the cache read again, whole
    assert shared.seen == 4 and len(shared.texts) == 4
    assert [orjson.dumps(w) for w in written] == [orjson.dumps(r.as_data()) for r in cache.values()]


def test_writing_in_one_thread_while_another_parses() -> None:
    """Lines written in one thread stay the standard ones while another thread's parses fill and empty the
    engine's cache (no exception from a cache changed while it is read)."""
    import threading

    from rsctparse._commands import lssrc

    stop = threading.Event()
    failures: list[BaseException] = []

    def parse_new_rows() -> None:
        n = 0
        try:
            while not stop.is_set():
                n += 1
                rsctparse.parse("".join(f" p{n}x{i} g inoperative\n" for i in range(50)), "lssrc")
        except BaseException as exc:  # pragma: no cover - reported below
            failures.append(exc)

    import sys

    saved, interval = lssrc._NO_PID_ROWS_MAX, sys.getswitchinterval()
    lssrc._NO_PID_ROWS_MAX = 300  # (emptied often)
    sys.setswitchinterval(1e-6)  # (the threads take turns often: within a read of the cache too)
    parser = threading.Thread(target=parse_new_rows)
    parser.start()
    try:
        for n in range(150):
            text = "".join(f" w{n % 7}x{i} g inoperative\n" for i in range(20)) + " ctrmc rsct 5 active\n"
            section = _lssrc_section(text, f"h{n}")
            assert _jsonl.compact_text(section) == _standard_text(section), n
    finally:
        stop.set()
        parser.join()
        lssrc._NO_PID_ROWS_MAX = saved
        sys.setswitchinterval(interval)
    assert not failures
