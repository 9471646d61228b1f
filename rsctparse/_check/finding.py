"""What the checks report: a finding, its evidence (file and line) and its severity."""

from __future__ import annotations

from typing import Literal

import attrs

from .._records import Record
from .._stream import Section as Section  # the checks import the stream's Section here only

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@attrs.frozen
class Evidence(Record):
    """Where a finding's input is: file, line, the host and command of its section."""

    file: str | None
    line: int
    host: str | None
    command: str


@attrs.frozen
class Finding(Record):
    """One problem (or note) found in a dump; ``as_data()`` is its JSON form (the CLI's ``--json``)."""

    rule: str
    severity: Severity
    subject: str  # the host the finding is about
    message: str
    evidence: tuple[Evidence, ...]
    remedy: str
    caused_by: str | None = None  # the rule of the finding (same subject) this one follows from


def evidence(section: Section, *needles: str) -> Evidence:
    """Evidence at the output line of ``section`` that proves a finding.

    With several needles, each is searched from the line of the one before (``"resource 2:", "HMCIPAddr"``:
    the HMCIPAddr line of resource 2); the section's first output line when a needle is not found.
    """
    return Evidence(section.file, locate(section, *needles), section.host, section.command)


def evidence_line(section: Section, *parts: str) -> Evidence:
    """Evidence at the first output line of ``section`` holding every one of ``parts``."""
    line = section.line
    for i, text in enumerate(section.text.split("\n")):
        if section.text_line + i >= section.line and all(p in text for p in parts):
            line = section.text_line + i
            break
    return Evidence(section.file, line, section.host, section.command)


def locate(section: Section, *needles: str) -> int:
    """The dump line found by searching ``needles`` in turn (see ``evidence``)."""
    lines = section.text.split("\n")
    at = max(0, section.line - section.text_line)
    for needle in needles:
        for i in range(at, len(lines)):
            if needle in lines[i]:
                at = i
                break
        else:
            return section.line
    return section.text_line + at
