"""What the checks report: a finding, its evidence (file and line) and its severity."""

from __future__ import annotations

from typing import Literal

import attrs

from .._records import Record
from .._sections import Section as Section  # the checks import the Section here only
from .lines import line_index

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
    found = line_index(section.text).first(max(0, section.line - section.text_line), *parts)
    line = section.line if found is None else section.text_line + found
    return Evidence(section.file, line, section.host, section.command)


def locate(section: Section, *needles: str) -> int:
    """The dump line found by searching ``needles`` in turn (see ``evidence``)."""
    index = line_index(section.text)
    at: int | None = max(0, section.line - section.text_line)
    for needle in needles:
        at = index.first(at, needle) if at is not None else None
        if at is None:
            return section.line
    return section.text_line + (at or 0)
