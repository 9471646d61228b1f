"""The report: findings rendered as text for a person or as JSON Lines, and nothing else."""

from __future__ import annotations

from .finding import SEVERITIES, Finding
from .run import CheckReport


def _finding(f: Finding, indent: str) -> list[str]:
    pad = indent + " " * 10
    lines = [f"{indent}  {f.severity.upper():7} {f.rule}: {f.message}"]
    if f.caused_by:
        lines[0] = f"{indent}  {f.severity.upper():7} {f.rule} (follows from {f.caused_by}): {f.message}"
    lines += [f"{pad}at {e.file or '<input>'}:{e.line} ({e.host or '?'}: {e.command})" for e in f.evidence]
    lines.append(f"{pad}fix: first {f.caused_by} above (the JSON report has this finding's own remedy)"
                 if f.caused_by else f"{pad}fix: {f.remedy}")
    return lines


def render_report(report: CheckReport) -> str:
    """The human report: per host, worst host first, the root cause first and its consequences under it."""
    out: list[str] = []
    subjects: list[str] = []
    for f in report.findings:
        if not subjects or subjects[-1] != f.subject:
            if subjects:
                out.append("")
            subjects.append(f.subject)
            out.append(f"== {f.subject}")
        out += _finding(f, "    " if f.caused_by else "")
    if subjects:
        out.append("")
    counts = {s: sum(1 for f in report.findings if f.severity == s) for s in SEVERITIES}
    out.append(f"{counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} note(s) "
               f"about {len(set(subjects))} partition(s) or HMC(s); {len(report.hosts)} host(s) in the dump")
    if report.unattributed:
        out.append(f"{report.unattributed} section(s) name no host (plain files without prompts or markers): "
                   "the checks cannot use them; see docs/transcripts.md")
    for rule_id, missing in report.skipped:
        out.append(f"not run: {rule_id} (the dump has no {', '.join(missing)} output)")
    return "\n".join(out) + "\n"


def render_json(report: CheckReport) -> str:
    """The findings as JSON Lines: one ``Finding.as_data()`` object per line."""
    import json  # here, not at the top: importing rsctparse stays quick

    return "".join(json.dumps(f.as_data(), ensure_ascii=False) + "\n" for f in report.findings)
