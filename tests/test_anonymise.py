"""--anonymise: nothing identifying is left, the dump still parses, and the checks find the same faults."""

from __future__ import annotations

import io
import re
import subprocess
import sys

import pytest

import rsctparse
from rsctparse._check import run_checks
from tests.golden import CORPUS

SCENARIOS = sorted((CORPUS / "scenarios").glob("*.txt"))


@pytest.mark.parametrize("path", [*SCENARIOS[:6], CORPUS / "dumps" / "field-guide-mixed-prompts.txt"],
                         ids=lambda p: p.stem)
def test_anonymised_dump_keeps_its_meaning(path: object) -> None:
    from pathlib import Path

    assert isinstance(path, Path)
    original = path.read_text(encoding="utf-8", errors="surrogateescape")
    text = "".join(rsctparse.anonymise(rsctparse.iter_sections(path)))
    # no original IP, host name or key survives
    for ip in set(re.findall(r"\b(?:\d{1,3}\.){3}\d{1,3}\b", original)):
        assert not re.search(rf"(?<![\d.]){re.escape(ip)}(?![\d.])", text), ip
    for host in {s.host for s in rsctparse.iter_sections(path) if s.host}:
        assert host.lower() not in text.lower(), host
    for key in set(re.findall(r"[0-9a-f]{40,}", original)):
        assert key not in text
    # the same structure: same commands, same number of records, same findings by rule and severity
    before = list(rsctparse.iter_sections(path))
    after = list(rsctparse.iter_sections(io.BytesIO(text.encode("utf-8", "surrogateescape"))))
    assert [(s.command, len(s.records), s.error is None) for s in before] == \
        [(s.command, len(s.records), s.error is None) for s in after]
    assert sorted((f.rule, f.severity) for f in run_checks(before).findings) == \
        sorted((f.rule, f.severity) for f in run_checks(after).findings)


def test_cli_anonymise_is_consistent_across_files() -> None:
    a, b = CORPUS / "scenarios" / "healthy.txt", CORPUS / "scenarios" / "down.txt"
    proc = subprocess.run([sys.executable, "-m", "rsctparse", "--anonymise", str(a), str(b)],
                          capture_output=True, text=True, check=True)
    assert "hmc1" not in proc.stdout and "10.10.50." not in proc.stdout
    assert proc.stdout.count("hscroot@host1:~>") >= 2  # hmc1 became host1 in both files
