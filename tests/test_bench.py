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


@pytest.mark.parametrize("mode", ["split", "parse"])
def test_generated_dump_is_accounted_for(dump: Path, mode: str) -> None:
    row = run_mode(mode, str(dump), 0.1)
    assert row["accounted"] == "yes"
    assert row["bytes"] == dump.stat().st_size


def test_accounting_notices_a_lost_line(dump: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import rsctparse

    real = rsctparse.iter_sections

    def dropping(path: str) -> object:
        for i, section in enumerate(real(path)):
            if i != 3:  # one section goes missing
                yield section

    monkeypatch.setattr(rsctparse, "iter_sections", dropping)
    assert str(run_mode("parse", str(dump), 0.1)["accounted"]).startswith("NO: line ")
