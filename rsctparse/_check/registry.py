"""The rule registry: each rule is a function registered with its id, severity, place in the chain and sources."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Literal

import attrs

from .finding import Evidence, Finding, Severity
from .fleet import Fleet

# The field guide's chain of causes, in the order an administrator fixes them; "data" notes come last.
Stage = Literal["reachability", "daemons", "identity", "capability", "data"]
STAGES: tuple[Stage, ...] = ("reachability", "daemons", "identity", "capability", "data")


@attrs.frozen
class Found:
    """What a rule function yields; the registry makes it a ``Finding`` carrying the rule's id and severity."""

    subject: str
    message: str
    evidence: tuple[Evidence, ...]
    remedy: str


RuleFunction = Callable[[Fleet], Iterator[Found]]


@attrs.frozen
class Rule:
    """A registered check: its id, severity, stage, the commands it reads, its sources and its function."""

    id: str
    severity: Severity
    stage: Stage
    needs: tuple[str, ...]  # commands it reads; it runs only when all are in the dump
    summary: str
    source: str  # where the rule and its remedy come from (IBM page ids of ibm-rmc-diagnosis.md, field guide)
    explained_by: tuple[str, ...]  # rules whose finding on the same subject causes this one
    run: RuleFunction

    def findings(self, f: Fleet) -> Iterator[Finding]:
        """The rule's findings on a fleet, each carrying the rule's id and severity."""
        for found in self.run(f):
            yield Finding(self.id, self.severity, found.subject, found.message, found.evidence, found.remedy)


RULES: list[Rule] = []


def rule(rule_id: str, severity: Severity, stage: Stage, needs: tuple[str, ...], summary: str, *, source: str,
         explained_by: tuple[str, ...] = ()) -> Callable[[RuleFunction], RuleFunction]:
    """Register a rule (adding a rule is one decorated function, its scenarios and its row in docs/checks.md)."""

    def register(fn: RuleFunction) -> RuleFunction:
        if any(r.id == rule_id for r in RULES):
            raise ValueError(f"rule {rule_id} registered twice")
        RULES.append(Rule(rule_id, severity, stage, needs, summary, source, explained_by, fn))
        return fn

    return register
