"""The published JSON Schemas: generated from the record classes, in step with docs/schema/, true of real output."""

from __future__ import annotations

import functools
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

import rsctparse
from rsctparse import _schema
from rsctparse._check import run_checks
from rsctparse._cli import main
from tests.golden import CORPUS, ROOT, cases, golden

PUBLISHED = ROOT / "docs" / "schema"
DUMPS = sorted((CORPUS / "dumps").glob("*.txt")) + sorted((CORPUS / "scenarios").glob("*.txt"))


@functools.cache
def validator(name: str) -> Draft202012Validator:
    schema = _schema.schema(name)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def errors(name: str, instance: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(name).iter_errors(instance)]


def test_published_schemas_are_current() -> None:
    """Regenerates docs/schema/ and fails when a file changed (review the diff and commit it)."""
    PUBLISHED.mkdir(exist_ok=True)
    drifted = []
    for name in _schema.names():
        path = PUBLISHED / f"{name}.json"
        text = _schema.text(name)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            drifted.append(path.name)
    stray = {p.name for p in PUBLISHED.glob("*.json")} - {f"{n}.json" for n in _schema.names()}
    assert not stray, f"docs/schema/ has schemas of nothing: {sorted(stray)}"
    assert not drifted, f"docs/schema/ was out of date and has been rewritten: {drifted}"


def test_every_schema_is_valid_draft_2020_12() -> None:
    for name in _schema.names():
        schema = _schema.schema(name)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        Draft202012Validator.check_schema(schema)


def test_types_come_from_the_fields() -> None:
    node = _schema.schema("rmcdomainstatus")["$defs"]["DomainNode"]
    assert list(node["properties"]) == [f.name for f in attrs.fields(rsctparse.DomainNode)]
    assert node["properties"]["node_number"] == {"type": "integer"}
    assert node["properties"]["peer_domain"] == {"type": ["string", "null"]}
    part = _schema.schema("lspartition")["$defs"]["DlparPartition"]
    assert part["properties"]["cmd_caps"] == {"anyOf": [
        {"type": "array", "prefixItems": [{"type": "integer"}] * 2, "items": False, "minItems": 2}, {"type": "null"}]}
    assert "extra" not in part["required"]  # a field with a default
    lssyscfg = _schema.schema("lssyscfg")
    assert {r["$ref"].rsplit("/", 1)[1] for r in lssyscfg["items"]["anyOf"]} == {
        "HmcRecord", "Lpar", "LparProfile", "ManagedSystem", "Message", "Values"}


def test_an_unknown_as_data_shape_is_refused() -> None:
    @attrs.frozen
    class Odd(rsctparse.Record):
        value: int

        def as_data(self) -> dict[str, Any]:
            return {"renamed": self.value}

    with pytest.raises(TypeError, match=r"Odd\.as_data has no view"):
        _schema.define(Odd, {})


def test_unknown_name_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="unknown schema 'nosuch'; known: rmcdomainstatus, "):
        _schema.schema("nosuch")


GOLDEN = [p for p in cases() if "records" in golden(p)]


@pytest.mark.parametrize("sample", GOLDEN, ids=[f"{p.parent.name}/{p.stem}" for p in GOLDEN])
def test_golden_records_follow_their_command_schema(sample: Path) -> None:
    meta = golden(sample)
    assert errors(meta["command"], meta["records"]) == []


def test_golden_corpus_covers_every_command() -> None:
    assert {golden(p)["command"] for p in GOLDEN} == set(rsctparse.COMMANDS)


@pytest.mark.parametrize("dump", DUMPS, ids=[f"{p.parent.name}/{p.stem}" for p in DUMPS])
def test_cli_output_follows_the_section_schema(dump: Path) -> None:
    out = io.StringIO()
    main([str(dump)], stdout=out, stderr=io.StringIO())
    lines = out.getvalue().splitlines()
    assert lines
    for line in lines:
        assert errors("section", json.loads(line)) == []


def test_golden_dump_sections_follow_the_section_schema() -> None:
    for dump in sorted((CORPUS / "dumps").glob("*.json")):
        for section in json.loads(dump.read_text(encoding="utf-8"))["sections"]:
            assert errors("section", section) == [], dump.name


def test_findings_follow_the_finding_schema() -> None:
    seen = 0
    for dump in sorted((CORPUS / "scenarios").glob("*.txt")):
        for finding in run_checks(rsctparse.iter_sections(dump)).findings:
            assert errors("finding", finding.as_data()) == []
            assert errors("finding", finding.as_data()) == []
            seen += 1
    assert seen >= 20


def test_schemas_reject_what_the_parsers_never_write() -> None:
    row = {"subsystem": "ctrmc", "group": "rsct", "pid": 1, "status": "active"}
    assert errors("lssrc", [row]) == []
    assert errors("lssrc", [{**row, "pid": "1"}])  # wrong type
    assert errors("lssrc", [{**row, "extra": 1}])  # unknown key
    assert errors("lssrc", [{k: v for k, v in row.items() if k != "status"}])  # missing key
    section = {"file": "d.txt", "command": "lssrc", "host": "aix1", "argv": "lssrc -a", "line": 3,
               "records": [row], "error": None}
    assert errors("section", section) == []
    assert errors("section", {**section, "command": "rmcdomainstatus"})  # records of another command
    assert errors("section", {**section, "command": "unknown"})  # unknown: no records, text required
    assert errors("section", {**section, "line": 0})
    failed = {**section, "records": [], "error": {"message": "m", "line": 4, "column": 2}, "text": "x\n"}
    assert errors("section", failed) == []
    assert errors("section", {**failed, "records": [row]})  # an error section has no records ...
    assert errors("section", {k: v for k, v in failed.items() if k != "text"})  # ... and keeps its text
    assert errors("finding", {"rule": "R", "severity": "fatal", "subject": "h", "message": "m", "evidence": [],
                              "remedy": "r"})


def test_cli_prints_the_schemas() -> None:
    for argv, name in ((["--schema"], "section"), (["--schema", "lssrc"], "lssrc"), (["--schema", "finding"],
                                                                                       "finding")):
        out, err = io.StringIO(), io.StringIO()
        assert main(argv, stdout=out, stderr=err) == 0
        assert out.getvalue() == (PUBLISHED / f"{name}.json").read_text(encoding="utf-8") and err.getvalue() == ""
    proc = subprocess.run([sys.executable, "-m", "rsctparse", "--schema", "nosuch"], capture_output=True, text=True)
    assert proc.returncode == 2 and "invalid choice: 'nosuch'" in proc.stderr


def test_cli_needs_a_file_without_schema() -> None:
    err = io.StringIO()
    assert main([], stdout=io.StringIO(), stderr=err) == 2
    assert err.getvalue() == "rsctparse: give at least one FILE (or --schema)\n"


RECORD_CLASSES = sorted({c for name in rsctparse.COMMANDS for c in _schema.record_classes(name)
                         if not issubclass(c, rsctparse.Resource)}, key=lambda c: c.__name__)


@pytest.mark.parametrize("cls", RECORD_CLASSES, ids=[c.__name__ for c in RECORD_CLASSES])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_record_of_a_class_follows_its_schema(cls: type, data: st.DataObject) -> None:
    """Records built from the field types alone (hypothesis reads the same annotations) validate."""
    fields = {name: st.from_type(hint) for name, hint in _schema._fields(cls).items()}  # resolved annotations
    record = data.draw(st.builds(cls, **fields))
    command = next(n for n in rsctparse.COMMANDS if cls in _schema.record_classes(n))
    assert errors(command, [record.as_data()]) == []


@settings(max_examples=60, deadline=None)
@given(attributes=st.dictionaries(st.text(min_size=1, max_size=8), st.one_of(
    st.none(), st.text(max_size=8), st.integers(), st.floats(allow_nan=False), st.lists(st.text(max_size=4))),
    max_size=5), index=st.integers(min_value=0, max_value=99))
def test_any_resource_follows_the_lsrsrc_schema(attributes: dict[str, Any], index: int) -> None:
    items = tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in attributes.items())
    for cls in (rsctparse.Resource, rsctparse.Mcp, rsctparse.ManagementServer):
        record = cls(items, resource_class="IBM.MCP", index=index)
        assert errors("lsrsrc", [record.as_data()]) == []
