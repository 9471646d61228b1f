"""One test walks the whole corpus: commands, dumps and scenarios, each sample against its golden JSON."""

from __future__ import annotations

from pathlib import Path

import pytest

import rsctparse
from tests.golden import cases, computed, everything, expected, golden, kind, outcome, report_outcome, report_path

CASES = cases()
ALL = everything()


@pytest.mark.parametrize("sample", ALL, ids=[f"{p.parent.name}/{p.stem}" for p in ALL])
def test_sample_matches_golden(sample: Path) -> None:
    meta = golden(sample)
    assert meta["provenance"].strip(), "every sample names where it or its format comes from"
    if kind(sample) == "command":
        assert sample.parent.name == meta["command"]
        assert len(expected(sample)) == 1, "a golden file holds records or an error"
    assert computed(sample) == expected(sample)
    if kind(sample) == "scenario":
        assert report_outcome(sample) == report_path(sample).read_text(encoding="utf-8")


@pytest.mark.parametrize("sample", CASES, ids=[f"{p.parent.name}/{p.stem}" for p in CASES])
def test_lark_engine_matches_golden(sample: Path) -> None:
    assert outcome(sample, "lark") == expected(sample)


@pytest.mark.parametrize("sample", CASES, ids=[f"{p.parent.name}/{p.stem}" for p in CASES])
def test_detection(sample: Path) -> None:
    meta = golden(sample)
    if meta.get("detect", True):
        assert rsctparse.detect(sample.read_bytes()) == meta["command"]


def test_corpus_is_not_empty() -> None:
    assert len(CASES) >= 10
    assert {kind(p) for p in ALL} == {"command", "dump", "scenario"}
