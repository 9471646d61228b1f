"""What the checks report: a finding, its evidence (file and line) and its severity."""

from __future__ import annotations

from typing import Literal

import attrs

from .._records import Record
from .._stream import Section

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


def evidence(section: Section, needle: str | None = None) -> Evidence:
    """Evidence pointing at the output line of ``section`` that holds ``needle``."""
    line = section.locate(needle) if needle else section.line
    return Evidence(section.file, line, section.host, section.command)
