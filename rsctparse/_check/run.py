"""Running the checks: the fleet built from a dump, every rule whose inputs are there, findings in causal order."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import attrs

from . import rules as _rules  # noqa: F401  (registers the rules)
from .finding import SEVERITIES, Finding, Section
from .fleet import fleet
from .registry import RULES, STAGES, Rule


@attrs.frozen
class CheckReport:
    """The findings of a dump, in causal order per host, and the rules that could not run for lack of a command."""

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
    return CheckReport(causal_order(list(dict.fromkeys(findings))), tuple(skipped),
                       tuple(h.label for h in f.hosts.values()), unattributed)


def _rank(rules: dict[str, Rule], finding: Finding) -> tuple[int, int, int]:
    r = rules[finding.rule]
    return STAGES.index(r.stage), SEVERITIES.index(finding.severity), RULES.index(r)


def causal_order(findings: list[Finding]) -> tuple[Finding, ...]:
    """Per subject: root causes in the chain's order, each followed by the findings that follow from it.

    A finding follows from another finding of the same subject when its rule names that rule in
    ``explained_by``; it then carries ``caused_by`` (the root of that chain). Subjects come worst first.
    """
    rules = {r.id: r for r in RULES}
    by_subject: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_subject[finding.subject].append(finding)
    ordered: list[Finding] = []
    order = sorted(by_subject, key=lambda s: (min(SEVERITIES.index(f.severity) for f in by_subject[s]), s))
    for subject in order:
        group = sorted(by_subject[subject], key=lambda x: _rank(rules, x))
        present = {f.rule for f in group}

        def root(rule_id: str, seen: frozenset[str] = frozenset(), present: set[str] = present) -> str:
            causes = [c for c in rules[rule_id].explained_by if c in present and c not in seen]
            if not causes:
                return rule_id
            first = min(causes, key=lambda c: (STAGES.index(rules[c].stage), RULES.index(rules[c])))
            return root(first, seen | {rule_id})

        roots = [f for f in group if root(f.rule) == f.rule]
        consequences: dict[str, list[Finding]] = defaultdict(list)
        for f in group:
            if root(f.rule) != f.rule:
                consequences[root(f.rule)].append(attrs.evolve(f, caused_by=root(f.rule)))
        for i, cause in enumerate(roots):
            ordered.append(cause)
            if i + 1 == len(roots) or roots[i + 1].rule != cause.rule:  # after the last finding of that rule
                ordered.extend(consequences.pop(cause.rule, []))
    return tuple(ordered)


def check(sections: Iterable[Section]) -> list[Finding]:
    """The findings of the checks on parsed sections (see docs/checks.md)."""
    return list(run_checks(sections).findings)
