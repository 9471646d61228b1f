"""render(): every corpus sample's records render to text that parses back to the same records."""

from __future__ import annotations

from pathlib import Path

import pytest

import rsctparse
from tests.golden import cases, golden

VALID = [p for p in cases() if "records" in golden(p) and golden(p)["records"]]


@pytest.mark.parametrize("sample", VALID, ids=[f"{p.parent.name}/{p.stem}" for p in VALID])
def test_render_round_trip(sample: Path) -> None:
    meta = golden(sample)
    command = meta["command"]
    records = rsctparse.parse(sample.read_bytes(), command, **meta.get("options", {}))
    text = rsctparse.render(records, command)
    again = rsctparse.parse(text, command)

    def data(rs: list[rsctparse.Record]) -> list[dict[str, object]]:
        out: list[dict[str, object]] = [r.as_data() for r in rs]
        if command == "ctsvhbal":  # the renderer writes its own explanatory messages
            for d in out:
                d.pop("messages")
        return out

    assert data(again) == data(records)
    assert rsctparse.render(again, command) == text  # canonical: rendering is a fixed point


def test_render_unknown_command() -> None:
    with pytest.raises(ValueError, match="unknown command"):
        rsctparse.render([], "nosuch")
