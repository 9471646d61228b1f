"""The rule registry: each rule is a function registered with its id, severity and the commands it reads."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import attrs

from .finding import Evidence, Finding, Severity
from .fleet import Fleet


@attrs.frozen
class Found:
    """What a rule function yields; the registry makes it a ``Finding`` carrying the rule's id."""

    subject: str
    message: str
    evidence: tuple[Evidence, ...]
    remedy: str
    severity: Severity | None = None  # None: the rule's own severity


RuleFunction = Callable[[Fleet], Iterator[Found]]


@attrs.frozen
class Rule:
    """A registered check: its id, severity, the commands it reads and the function that runs it."""

    id: str
    severity: Severity
    needs: tuple[str, ...]  # commands it reads; it runs only when all are in the dump
    summary: str
    run: RuleFunction

    def findings(self, f: Fleet) -> Iterator[Finding]:
        """The rule's findings on a fleet, each carrying the rule's id."""
        for found in self.run(f):
            yield Finding(self.id, found.severity or self.severity, found.subject, found.message, found.evidence,
                          found.remedy)


RULES: list[Rule] = []


def rule(rule_id: str, severity: Severity, needs: tuple[str, ...], summary: str) -> Callable[[RuleFunction],
                                                                                           RuleFunction]:
    """Register a rule (adding a rule is one decorated function and its scenarios)."""

    def register(fn: RuleFunction) -> RuleFunction:
        if any(r.id == rule_id for r in RULES):
            raise ValueError(f"rule {rule_id} registered twice")
        RULES.append(Rule(rule_id, severity, needs, summary, fn))
        return fn

    return register
