"""The benchmark's own checks: a generated dump is split and parsed with every byte and line accounted for."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.bench import run_mode
from bench.gen_dump import write


@pytest.fixture(scope="module")
def dump(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bench") / "dump.txt"
    with open(path, "w", encoding="utf-8", newline="") as out:
        write(out, 0.3)
    return path


@pytest.mark.parametrize("timed", [False, True])
@pytest.mark.parametrize("mode", ["split", "parse"])
def test_generated_dump_is_accounted_for(dump: Path, mode: str, timed: bool) -> None:
    import rsctparse

    row = run_mode(mode, str(dump), 0.1, account_timed=timed)
    assert row["accounted"] == "yes"
    assert row["bytes"] == dump.stat().st_size
    if mode == "parse":  # no section of the valid generated dump left the fast engine for the grammar
        assert row["fallbacks"] == dict.fromkeys(rsctparse.COMMANDS, 0)


def test_accounting_notices_a_lost_line(dump: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import rsctparse

    real = rsctparse.iter_sections

    def dropping(path: str) -> object:
        for i, section in enumerate(real(path)):
            if i != 3:  # one section goes missing
                yield section

    monkeypatch.setattr(rsctparse, "iter_sections", dropping)
    assert str(run_mode("parse", str(dump), 0.1)["accounted"]).startswith("NO: line ")
    assert str(run_mode("parse", str(dump), 0.1, account_timed=True)["accounted"]).startswith("NO: line ")


def test_ceiling_builds_the_records_rsctparse_returns(dump: Path) -> None:
    # the no-checks ceiling is only a fair bound if it builds the same records from the same sections
    import rsctparse
    from bench.bench import F_NAMES, _subset, bare_records

    lssrc_text, f_text = _subset(str(dump))
    expected = rsctparse.parse(lssrc_text, "lssrc") + rsctparse.parse(
        f_text[f_text.index(b"\n") + 1 :], "lssyscfg", fields=",".join(F_NAMES)
    )
    assert len(expected) > 100
    assert bare_records(lssrc_text, f_text) == expected


@pytest.mark.parametrize("mode", ["words", "bare-records"])
def test_ceiling_modes_read_the_dump(dump: Path, mode: str) -> None:
    from bench.bench import _subset

    row = run_mode(mode, str(dump), 0.1, repeat=2)
    expected = dump.stat().st_size if mode == "words" else sum(map(len, _subset(str(dump))))
    assert row["bytes"] == expected and float(row["seconds"]) > 0


def test_fallbacks_count_a_section_left_to_the_grammar(tmp_path: Path) -> None:
    from tests.golden import CORPUS

    path = tmp_path / "bad.txt"
    path.write_bytes(b"$ ctsthl -l\n" + (CORPUS / "ctsthl" / "invalid-value-not-hex.txt").read_bytes()
                     + b"$ lssrc -a\n" + (CORPUS / "lssrc" / "aix-status-all.txt").read_bytes())
    for mode in ("parse", "cli"):
        fallbacks = run_mode(mode, str(path), 0.1)["fallbacks"]
        assert fallbacks["ctsthl"] == 1 and sum(fallbacks.values()) == 1, (mode, fallbacks)


def test_startup_bench_runs_each_case_in_a_new_process(tmp_path: Path) -> None:
    """bench/startup.py: every case runs and is printed, beside the same-run baselines (pass, import attrs)."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, str(root / "bench" / "startup.py"), "--runs", "1"], capture_output=True,
                         text=True, check=True, cwd=tmp_path).stdout
    from bench.startup import CASES

    rows = [line.split("  ")[0].strip() for line in out.splitlines()[1:]]
    assert rows == list(CASES)
    assert all(float(line.split()[-3]) > 0 for line in out.splitlines()[2:])  # ms (best): the code ran


def test_split_accounting_notices_lost_bytes(dump: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from rsctparse import _split

    real = _split.split_raw

    def dropping(path: str) -> object:
        for i, raw in enumerate(real(path)):
            yield raw._replace(body=raw.body[1:]) if i == 3 else raw  # one byte goes missing

    monkeypatch.setattr(_split, "split_raw", dropping)
    assert str(run_mode("split", str(dump), 0.1)["accounted"]).startswith("NO: ")
