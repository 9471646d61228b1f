"""The corpus: samples in ``corpus/<command>/<case>.txt`` with golden ``<case>.json`` beside them.

Run ``python tests/golden.py [CASE.txt ...]`` to (re)write the records or error of golden files from the
current parsers; review the diff by eye before committing.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from rsctparse._parse import Engine

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


TRANSCRIPT_FOLDERS = ("dumps", "scenarios")


def cases() -> list[Path]:
    """Every single-command sample of the corpus (``.txt`` files with a golden ``.json``)."""
    return sorted(
        p for p in CORPUS.glob("*/*.txt")
        if p.with_suffix(".json").exists() and p.parent.name not in TRANSCRIPT_FOLDERS
    )


def dumps() -> list[Path]:
    """Every transcript of ``corpus/dumps`` (golden: the CLI's JSON objects, one per section)."""
    return sorted(p for p in (CORPUS / "dumps").glob("*.txt") if p.with_suffix(".json").exists())


def dump_outcome(sample: Path) -> list[dict[str, Any]]:
    """The sections of a transcript now, as the CLI prints them (file named by its base name)."""
    import rsctparse

    return [s.as_data() for s in rsctparse.iter_sections(sample, file=sample.name)]


def golden(sample: Path) -> dict[str, Any]:
    """The golden data of a sample."""
    data: dict[str, Any] = json.loads(sample.with_suffix(".json").read_text(encoding="utf-8"))
    return data


def outcome(sample: Path, engine: Engine = "fast") -> dict[str, Any]:
    """What the parser makes of a sample now: ``{"records": [...]}`` or ``{"error": text}``."""
    import rsctparse

    meta = golden(sample)
    command = None if meta.get("detect", True) else meta["command"]
    try:
        records = rsctparse.parse(
            sample.read_bytes(), command, source=sample.name, engine=engine, **meta.get("options", {})
        )
    except rsctparse.ParseError as exc:
        return {"error": str(exc)}
    return {"records": rsctparse.as_data(records)}


def regenerate(samples: list[Path]) -> None:
    for sample in samples:
        if sample.parent.name == "dumps":
            meta = golden(sample)
            meta["sections"] = dump_outcome(sample)
            sample.with_suffix(".json").write_text(
                json.dumps(meta, indent=2) + "\n", encoding="utf-8")
            print("wrote", sample.with_suffix(".json").relative_to(ROOT))
            continue
        meta = golden(sample)
        meta.pop("records", None)
        meta.pop("error", None)
        meta.update(outcome(sample))
        sample.with_suffix(".json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print("wrote", sample.with_suffix(".json").relative_to(ROOT))


if __name__ == "__main__":
    regenerate([Path(a).resolve() for a in sys.argv[1:]] or cases() + dumps())
