"""The Dask recipe of docs/scale.md on Dask's local scheduler gives what a plain loop gives."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

import rsctparse
from rsctparse._csvout import tables
from tests.golden import CORPUS, ROOT

REQUIRED = os.environ.get("RSCTPARSE_REQUIRE_EXTRAS") == "1"  # CI: a missing dask is a failure
DUMPS = sorted(str(p) for folder in ("dumps", "scenarios") for p in (CORPUS / folder).glob("*.txt"))


def recipe() -> ModuleType:
    if importlib.util.find_spec("dask") is None:
        if REQUIRED:
            pytest.fail("dask is not installed (pip install -e '.[scale]')")
        pytest.skip("dask is not installed (pip install -e '.[scale]')")
    spec = importlib.util.spec_from_file_location("scale", ROOT / "docs" / "scale.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def sequential_findings() -> list[dict[str, object]]:
    return [{"dump": p, **f.as_data()} for p in DUMPS for f in rsctparse.check(rsctparse.iter_sections(p))]


def test_findings_on_the_process_scheduler_match_the_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    scale = recipe()
    # worker processes (spawned with this sys.path) import the recipe and this checkout's rsctparse by name
    monkeypatch.syspath_prepend(str(ROOT))
    monkeypatch.syspath_prepend(str(ROOT / "docs"))
    monkeypatch.setitem(sys.modules, "scale", scale)
    got = scale.findings(DUMPS, scheduler="processes", num_workers=2)
    want = sequential_findings()
    assert len(want) >= 20
    assert got == want


def test_tables_on_the_threaded_scheduler_match_the_csv_tables() -> None:
    scale = recipe()
    got = scale.tables(DUMPS, scheduler="threads")
    want: dict[str, list[dict[str, str]]] = {}
    for path in DUMPS:
        for command, table in tables(rsctparse.iter_sections(path)).items():
            want.setdefault(command, []).extend(table.rows)
    assert got == want
    assert set(rsctparse.COMMANDS) <= set(got)  # every parsed command of the corpus (and HMC ls* ones)


def test_the_script_writes_findings_and_tables(tmp_path: Path) -> None:
    scale = recipe()
    paths = scale.dumps(CORPUS / "scenarios")
    written = list(scale.write(tmp_path, scale.findings(paths, scheduler="sync"), scale.tables(paths,
                                                                                                 scheduler="sync")))
    commands = {s.command for p in paths for s in rsctparse.iter_sections(p) if s.records}
    assert {p.name for p in written} == {"findings.jsonl", *(f"{c}.csv" for c in commands)}
    assert set(rsctparse.COMMANDS) <= commands
    header = (tmp_path / "lssyscfg.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("host,file,line,record,")
