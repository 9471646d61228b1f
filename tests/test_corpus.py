"""One test walks the whole corpus: every sample against its golden JSON, on both engines."""

from __future__ import annotations

from pathlib import Path

import pytest

import rsctparse
from rsctparse._parse import Engine
from tests.golden import cases, golden, outcome

CASES = cases()


@pytest.mark.parametrize("sample", CASES, ids=[f"{p.parent.name}/{p.stem}" for p in CASES])
@pytest.mark.parametrize("engine", ["fast", "lark"])
def test_sample_matches_golden(sample: Path, engine: Engine) -> None:
    meta = golden(sample)
    assert meta["provenance"].strip(), "every sample names where it or its format comes from"
    assert sample.parent.name == meta["command"]
    expected = {k: meta[k] for k in ("records", "error") if k in meta}
    assert len(expected) == 1, "a golden file holds records or an error"
    assert outcome(sample, engine) == expected


@pytest.mark.parametrize("sample", CASES, ids=[f"{p.parent.name}/{p.stem}" for p in CASES])
def test_detection(sample: Path) -> None:
    meta = golden(sample)
    if meta.get("detect", True):
        assert rsctparse.detect(sample.read_bytes()) == meta["command"]


def test_corpus_is_not_empty() -> None:
    assert len(CASES) >= 10
