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
