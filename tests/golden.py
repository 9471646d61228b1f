"""The corpus and its one regenerator: every sample with its golden ``.json`` beside it.

Three kinds, one folder each: single-command samples (``corpus/<command>/``, golden: records or error),
transcripts (``corpus/dumps/``, golden: the CLI's object per section) and check scenarios
(``corpus/scenarios/``, golden: the findings, and the text report in ``.report``). Run
``python -m tests.golden [SAMPLE.txt ...]`` to rewrite the computed part of the golden files from the current
code (default: all); review the diff by eye before committing. Metadata written by hand (provenance, options,
fault) is kept.
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


def scenarios() -> list[Path]:
    """Every check scenario of ``corpus/scenarios`` (golden: its findings)."""
    return sorted(p for p in (CORPUS / "scenarios").glob("*.txt") if p.with_suffix(".json").exists())


def everything() -> list[Path]:
    """Every sample of every kind."""
    return cases() + dumps() + scenarios()


def kind(sample: Path) -> str:
    """``command``, ``dump`` or ``scenario``."""
    return {"dumps": "dump", "scenarios": "scenario"}.get(sample.parent.name, "command")


def dump_outcome(sample: Path) -> list[dict[str, Any]]:
    """The sections of a transcript now, as the CLI prints them (file named by its base name)."""
    import rsctparse

    return [s.as_data() for s in rsctparse.iter_sections(sample, file=sample.name)]



def scenario_outcome(sample: Path) -> list[dict[str, Any]]:
    """The findings of a scenario now, as ``--check --json`` prints them (file named by its base name)."""
    import rsctparse
    from rsctparse._check import run_checks

    return [f.as_data() for f in run_checks(rsctparse.iter_sections(sample, file=sample.name)).findings]


def golden(sample: Path) -> dict[str, Any]:
    """The golden data of a sample."""
    data: dict[str, Any] = json.loads(sample.with_suffix(".json").read_text(encoding="utf-8"))
    return data


def outcome(sample: Path, engine: Engine = "fast") -> dict[str, Any]:
    """What the parser makes of a single-command sample now: ``{"records": [...]}`` or ``{"error": text}``."""
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


def report_path(sample: Path) -> Path:
    """A scenario's golden text report (what ``--check`` prints)."""
    return sample.with_suffix(".report")


def report_outcome(sample: Path) -> str:
    """The text report of a scenario now (file named by its base name)."""
    import rsctparse
    from rsctparse._check import render_report, run_checks

    return render_report(run_checks(rsctparse.iter_sections(sample, file=sample.name)))


def computed(sample: Path) -> dict[str, Any]:
    """The computed part of a sample's golden data, as the code gives it now."""
    k = kind(sample)
    if k == "dump":
        return {"sections": dump_outcome(sample)}
    if k == "scenario":
        return {"findings": scenario_outcome(sample)}
    return outcome(sample)


def expected(sample: Path) -> dict[str, Any]:
    """The computed part of a sample's golden data, as the golden file holds it."""
    meta = golden(sample)
    keys = {"dump": ("sections",), "scenario": ("findings",), "command": ("records", "error")}[kind(sample)]
    return {k: meta[k] for k in keys if k in meta}


def regenerate(samples: list[Path]) -> None:
    """Rewrite the computed part of each sample's golden file (the hand-written metadata stays)."""
    for sample in samples:
        meta = golden(sample)
        ascii_only = kind(sample) != "command"
        if kind(sample) == "command":
            meta.pop("records", None)
            meta.pop("error", None)
        meta.update(computed(sample))
        sample.with_suffix(".json").write_text(
            json.dumps(meta, indent=2, ensure_ascii=ascii_only) + "\n", encoding="utf-8")
        if kind(sample) == "scenario":
            report_path(sample).write_text(report_outcome(sample), encoding="utf-8")
        print("wrote", sample.with_suffix(".json").relative_to(ROOT))


if __name__ == "__main__":
    regenerate([Path(a).resolve() for a in sys.argv[1:]] or everything())
