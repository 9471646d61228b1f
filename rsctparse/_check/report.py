"""The report: findings rendered as text for a person or as JSON Lines, and nothing else."""

from __future__ import annotations

import json
from collections import defaultdict

from .finding import SEVERITIES, Finding
from .run import CheckReport


def render_report(report: CheckReport) -> str:
    """The human report: grouped by host, worst first, evidence as FILE:LINE and the remedy."""
    out: list[str] = []
    by_host: dict[str, list[Finding]] = defaultdict(list)
    for f in report.findings:
        by_host[f.subject].append(f)
    order = sorted(by_host, key=lambda h: (min(SEVERITIES.index(f.severity) for f in by_host[h]), h))
    for host in order:
        out.append(f"== {host}")
        for f in by_host[host]:
            out.append(f"  {f.severity.upper():7} {f.rule}: {f.message}")
            for e in f.evidence:
                out.append(f"          at {e.file or '<input>'}:{e.line} ({e.host or '?'}: {e.command})")
            out.append(f"          fix: {f.remedy}")
        out.append("")
    counts = {s: sum(1 for f in report.findings if f.severity == s) for s in SEVERITIES}
    out.append(f"{counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} note(s) "
               f"on {len(by_host)} of {len(report.hosts)} host(s) checked")
    if report.unattributed:
        out.append(f"{report.unattributed} section(s) name no host (plain files without prompts or markers): "
                   "the checks cannot use them; see docs/transcripts.md")
    for rule_id, missing in report.skipped:
        out.append(f"not run: {rule_id} (the dump has no {', '.join(missing)} output)")
    return "\n".join(out) + "\n"


def render_json(report: CheckReport) -> str:
    """The findings as JSON Lines: one ``Finding.as_data()`` object per line."""
    return "".join(json.dumps(f.as_data(), ensure_ascii=False) + "\n" for f in report.findings)
