"""Running the checks: the fleet built from a dump, every rule whose inputs are there, the findings ordered."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from .._stream import Section
from . import rules as _rules  # noqa: F401  (registers the rules)
from .finding import SEVERITIES, Finding
from .fleet import fleet
from .registry import RULES


@attrs.frozen
class CheckReport:
    """The findings of a dump, worst first, and the rules that could not run for lack of a command."""

    findings: tuple[Finding, ...]
    skipped: tuple[tuple[str, tuple[str, ...]], ...]  # (rule id, missing commands)
    hosts: tuple[str, ...] = ()  # the hosts checked
    unattributed: int = 0  # parsed sections with no host (plain files): the checks cannot use them


def run_checks(sections: Iterable[Section]) -> CheckReport:
    """Build the fleet model and run every rule whose inputs are in the dump."""
    sections = list(sections)
    f = fleet(sections)
    present = {s.command for h in f.hosts.values() for s in h.sections if s.error is None}
    unattributed = sum(1 for s in sections if s.host is None and s.command != "unknown" and s.error is None)
    findings: list[Finding] = []
    skipped: list[tuple[str, tuple[str, ...]]] = []
    for r in RULES:
        missing = tuple(c for c in r.needs if c not in present)
        if missing:
            skipped.append((r.id, missing))
            continue
        findings.extend(r.findings(f))
    unique = list(dict.fromkeys(findings))
    unique.sort(key=lambda x: (SEVERITIES.index(x.severity), x.subject, x.rule))
    return CheckReport(tuple(unique), tuple(skipped), tuple(h.name for h in f.hosts.values()), unattributed)


def check(sections: Iterable[Section]) -> list[Finding]:
    """The findings of the field guide's checks on parsed sections (see docs/checks.md)."""
    return list(run_checks(sections).findings)
