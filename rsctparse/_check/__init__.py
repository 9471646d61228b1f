"""The cross-record checks (``--check``): the RMC / DLPAR diagnosis as findings with evidence and a remedy.

Modules: ``identity`` (when two names are one host), ``fleet`` (hosts joined by alias), ``finding`` (what a
rule reports), ``registry`` and ``rules/`` (the rules, one module per area), ``remedies`` (the commands they
advise), ``run`` (running them, root causes first), ``report`` (rendering). docs/checks.md describes the rules.
"""

from .finding import SEVERITIES, Evidence, Finding, Severity
from .fleet import Fleet, Host, fleet, managed_pairs
from .identity import canonical, names_of, same_identity
from .registry import RULES, Rule
from .report import render_json, render_report
from .run import CheckReport, check, run_checks

__all__ = [
    "RULES",
    "SEVERITIES",
    "CheckReport",
    "Evidence",
    "Finding",
    "Fleet",
    "Host",
    "Rule",
    "Severity",
    "canonical",
    "check",
    "fleet",
    "managed_pairs",
    "names_of",
    "render_json",
    "render_report",
    "run_checks",
    "same_identity",
]
