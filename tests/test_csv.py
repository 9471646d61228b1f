"""CSV tables: one per command, one row per record, read back as what the records hold."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rsctparse
from rsctparse._cli import main
from rsctparse._csvout import CONTEXT, LIST_JOIN, Table, cell, records_table, tables
from rsctparse._records import JSON
from tests.golden import CORPUS, cases, golden

GOLDEN = [p for p in cases() if golden(p).get("records")]


def read(text: str) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = list(reader)
    return list(reader.fieldnames or []), rows


def written(table: Table, bom: bool = False) -> str:
    out = io.StringIO(newline="")
    table.write(out, bom)
    return out.getvalue()


def expected_cells(data: dict[str, JSON]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            out.update({f"{key}.{k}": cell(v) for k, v in value.items()})
        else:
            out[key] = cell(value)
    return out


@pytest.mark.parametrize("sample", GOLDEN, ids=[f"{p.parent.name}/{p.stem}" for p in GOLDEN])
def test_golden_records_read_back_from_csv(sample: Path) -> None:
    meta = golden(sample)
    records = rsctparse.parse(sample.read_bytes(), None if meta.get("detect", True) else meta["command"],
                              **meta.get("options", {}))
    header, rows = read(written(records_table(records, meta["command"], host="h1", file=sample.name, line=7)))
    assert header[:4] == list(CONTEXT)
    assert len(rows) == len(meta["records"])
    for got, data, record in zip(rows, meta["records"], records, strict=True):
        assert got["host"] == "h1" and got["file"] == sample.name and got["line"] == "7"
        assert got["record"] == type(record).__name__
        want = expected_cells(data)
        assert {k: got[k] for k in want} == want
        assert all(v == "" for k, v in got.items() if k not in want and k not in CONTEXT)


def test_lists_share_a_cell_one_item_per_line() -> None:
    text = 'name=lpar1,lpar_id=1,"virtual_eth_adapters=2/0/1//0/0/ETHERNET0//all/none,3/0/2//0/0/ETHERNET0//all/none"\n'
    header, rows = read(written(records_table(rsctparse.parse(text, "lssyscfg"), "lssyscfg")))
    assert header == [*CONTEXT, "name", "lpar_id", "virtual_eth_adapters"]
    assert rows[0]["virtual_eth_adapters"].split(LIST_JOIN) == ["2/0/1//0/0/ETHERNET0//all/none",
                                                                 "3/0/2//0/0/ETHERNET0//all/none"]
    assert rows[0]["lpar_id"] == "1"


def test_lssyscfg_header_is_the_union_of_names_in_first_seen_order(tmp_path: Path) -> None:
    dump = tmp_path / "d.txt"
    dump.write_text(
        "hscroot@hmc1:~> lssyscfg -r lpar -m p1 -F name,lpar_id,state\n"
        "aix1,1,Running\n"
        "hscroot@hmc1:~> lssyscfg -r lpar -m p2 -F lpar_id,rmc_state,name\n"
        "7,active,aix7\n"
        "hscroot@hmc1:~> lssrc -a\n"
        "HSCL8012 The command was not found.\n"
        "hscroot@hmc2:~> lssyscfg -r lpar -m p3\n"
        "name=aix9,lpar_id=9,rmc_ipaddr=10.1.1.9\n"
    )
    found = tables(rsctparse.iter_sections(dump))
    assert list(found) == ["lssyscfg"]
    header, rows = read(written(found["lssyscfg"]))
    assert header == [*CONTEXT, "name", "lpar_id", "state", "rmc_state", "rmc_ipaddr"]
    assert [(r["host"], r["line"], r["name"], r["lpar_id"], r["state"], r["rmc_state"], r["rmc_ipaddr"])
            for r in rows] == [("hmc1", "2", "aix1", "1", "Running", "", ""), ("hmc1", "4", "aix7", "7", "", "active",
                                                                                 ""),
                               ("hmc2", "8", "aix9", "9", "", "", "10.1.1.9")]


def test_rows_lead_back_to_the_dump() -> None:
    dump = CORPUS / "scenarios" / "down.txt"
    lines = dump.read_text(encoding="utf-8").split("\n")
    found = tables(rsctparse.iter_sections(dump))
    assert {"lspartition", "lssyscfg", "rmcdomainstatus", "ctsthl", "ctsvhbal", "lssrc", "lsrsrc"} <= set(found)
    for command, table in found.items():
        _, rows = read(written(table))
        assert rows
        for r in rows:
            assert r["file"] == str(dump)
            prompt = lines[int(r["line"]) - 2]  # the line before a section's first output line is its prompt
            assert command in prompt and r["host"] in prompt


def test_bom_and_crlf() -> None:
    table = records_table(rsctparse.parse("ctrmc rsct 1 active\n", "lssrc"), "lssrc", host="hôte")
    text = written(table, bom=True)
    assert text.startswith("\ufeffhost,file,line,record,") and "\r\nhôte," in text
    assert written(table).startswith("host,")


def test_cells() -> None:
    assert [cell(None), cell(True), cell(3), cell(["a", "b"]), cell([["x", 1]]), cell({"k": 1})] == [
        "", "true", "3", "a\nb", '["x", 1]', '{"k": 1}']


SAFE = st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\r\n"), max_size=12)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["name", "io_slots", "state", "x_adapters", "desc"]),
                          st.one_of(SAFE, st.lists(SAFE, min_size=2, max_size=4))), min_size=1, max_size=6))
def test_any_values_round_trip(items: list[tuple[str, str | list[str]]]) -> None:
    record = rsctparse.HmcRecord(tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in items))
    _, rows = read(written(records_table([record], "lssyscfg")))
    for key, value in record.as_data().items():
        got = rows[0][key]
        assert (got.split(LIST_JOIN) if isinstance(value, list) else got) == value


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(newline=""), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def test_cli_one_command_to_stdout() -> None:
    sample = CORPUS / "lssrc" / "aix-status-all.txt"
    status, out, err = cli("--format", "csv", str(sample))
    assert status == 0 and err == ""
    want = io.StringIO(newline="")
    records_table(rsctparse.parse(sample.read_bytes()), "lssrc", file=str(sample)).write(want)
    assert out == want.getvalue()
    status, out, _ = cli("--format", "csv", "--bom", str(sample))
    assert out == "\ufeff" + want.getvalue()


def test_cli_several_commands_need_a_directory(tmp_path: Path) -> None:
    dump = CORPUS / "scenarios" / "down.txt"
    status, out, err = cli("--format", "csv", str(dump))
    assert status == 2 and out == ""
    assert err.startswith("rsctparse: the FILEs hold 7 commands (lspartition, lssyscfg, ") and "--output DIR" in err
    status, out, err = cli("--format", "csv", "--output", str(tmp_path / "t"), "--bom", str(dump))
    assert status == 0 and out == "" and err == ""
    found = tables(rsctparse.iter_sections(dump))
    assert sorted(p.name for p in (tmp_path / "t").iterdir()) == sorted(f"{c}.csv" for c in found)
    for command, table in found.items():
        data = (tmp_path / "t" / f"{command}.csv").read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")
        assert data.decode("utf-8-sig") == written(table)


def test_cli_failed_section_is_exit_1_and_stderr(tmp_path: Path) -> None:
    bad = CORPUS / "lssrc" / "invalid-too-many-fields.txt"
    status, out, err = cli("--format", "csv", str(bad))
    assert status == 1 and out == ""
    assert err.startswith(f"{bad}:2:60: lssrc: expected 2 to 4 fields")


def test_cli_csv_usage_errors(tmp_path: Path) -> None:
    sample = str(CORPUS / "lssrc" / "aix-status-all.txt")
    assert cli("--output", str(tmp_path), sample) == (2, "", "rsctparse: --output and --bom go with --format csv\n")
    assert cli("--format", "csv", "--check", sample) == (
        2, "", "rsctparse: --format goes with neither --check nor --anonymise\n")
    assert cli("--format", "csv", str(tmp_path / "missing.txt"))[0] == 2
