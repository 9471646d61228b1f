"""The HTML estate report: one self-contained page of the checks' findings (docs/report.md)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from typing import Any

from ._check import RULES, SEVERITIES, CheckReport, Finding, fleet, managed_pairs, run_checks
from ._commands.lspartition import DlparPartition
from ._commands.lssyscfg import Lpar
from ._commands.rmcdomainstatus import DomainNode
from ._sections import Section

_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
CONTEXT_LINES = 1  # dump lines shown before and after an evidence line

STYLE = """
body{font:14px/1.45 system-ui,sans-serif;margin:1.5em auto;max-width:78em;color:#1d2329;padding:0 1em}
h1{font-size:1.5em;margin-bottom:.2em}h2{border-bottom:1px solid #ccd;padding-bottom:.2em;margin-top:1.6em}
table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #ccd;padding:.25em .5em;text-align:left}
thead th{background:#eef0f4;font-weight:600}.matrix{font-size:12px}.matrix td{text-align:center;white-space:nowrap}
.error{background:#fbe3e4}.warning{background:#fff3cd}.info{background:#e3f0fb}.passed{background:#e6f4e6}
.not-collected{background:#f3f3f3;color:#777}.bad{background:#fbe3e4}.good{background:#e6f4e6}
article{border:1px solid #ccd;border-left-width:6px;border-radius:3px;margin:.7em 0;padding:.3em .8em}
article.error{border-left-color:#c62828;background:#fff}article.warning{border-left-color:#e0a800;background:#fff}
article.info{border-left-color:#1e6bb8;background:#fff}.sev{font-weight:700;text-transform:uppercase}
pre{background:#f6f8fa;padding:.4em .6em;overflow-x:auto;margin:.2em 0 .6em}pre .hit{background:#fff3a0;display:block}
.where{color:#555;margin:.4em 0 0}.ln{color:#888;user-select:none}.muted{color:#666}
"""


def esc(text: object) -> str:
    """Dump text as HTML text: markup escaped, control characters and undecodable bytes as U+FFFD."""
    return html.escape(_UNPRINTABLE.sub("\ufffd", str(text)), quote=True)


def _excerpt(sections: Sequence[Section], file: str | None, line: int, host: str | None) -> str:
    """The dump lines around ``line`` of ``file``, numbered, the line itself marked."""
    for s in sections:
        if s.file != file or s.host != host or not s.text_line <= line <= s.text_line + s.text.count("\n"):
            continue
        lines = s.text.split("\n")
        start = max(s.text_line, line - CONTEXT_LINES)
        end = min(s.text_line + len(lines) - 1, line + CONTEXT_LINES)
        shown = []
        for n in range(start, end + 1):
            text = f'<span class="ln">{n:>5}  </span>{esc(lines[n - s.text_line])}'
            shown.append(f'<span class="hit">{text}</span>' if n == line else text + "\n")
        return "<pre>" + "".join(shown).rstrip("\n") + "</pre>"
    return ""


def _cause(f: Finding) -> str:
    """The finding's cause when the checks name one (``caused_by``: a finding, a rule id or several)."""
    cause: Any = getattr(f, "caused_by", None)
    if not cause:
        return ""
    causes = cause if isinstance(cause, (list, tuple)) else [cause]
    names = [getattr(c, "rule", None) or str(c) for c in causes]
    return f'<p class="cause">caused by: {esc(", ".join(names))}</p>'


def _finding(f: Finding, sections: Sequence[Section]) -> str:
    evidence = "".join(
        f'<p class="where">{esc(e.file or "<input>")}:{e.line} ({esc(e.host or "?")}: {esc(e.command)})</p>'
        + _excerpt(sections, e.file, e.line, e.host)
        for e in f.evidence
    )
    return (f'<article class="finding {esc(f.severity)}" data-rule="{esc(f.rule)}">'
            f'<p><span class="sev">{esc(f.severity)}</span> <strong>{esc(f.rule)}</strong></p>'
            f'<p class="message">{esc(f.message)}</p>{_cause(f)}'
            f'<div class="evidence">{evidence}</div>'
            f'<p class="remedy"><strong>Fix:</strong> {esc(f.remedy)}</p></article>')


def _matrix(report: CheckReport, hosts: list[str], by_host: dict[str, list[Finding]], anchors: dict[str, str]) -> str:
    skipped = {rule_id for rule_id, _ in report.skipped}
    head = "".join(f'<th title="{esc(r.summary)}">{esc(r.id).replace("_", "_<wbr>")}</th>' for r in RULES)
    rows = []
    for host in hosts:
        cells = []
        for r in RULES:
            found = [f for f in by_host.get(host, []) if f.rule == r.id]
            if found:
                worst = min((f.severity for f in found), key=SEVERITIES.index)
                cells.append(f'<td class="failed {esc(worst)}">{esc(worst)} ({len(found)})</td>')
            elif r.id in skipped:
                cells.append('<td class="not-collected">not collected</td>')
            else:
                cells.append('<td class="passed">passed</td>')
        rows.append(f'<tr><th><a href="#{anchors[host]}">{esc(host)}</a></th>{"".join(cells)}</tr>')
    return (f'<table class="matrix"><thead><tr><th>host</th>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


VIEWS = ("HMC: rmcdomainstatus", "HMC: lspartition -dlpar", "HMC: lssyscfg rmc_state", "partition: rmcdomainstatus")
_HEALTHY = ("I", "Active:<1>", "active", "I")  # how each view's healthy value begins
SVG_MAX = 120  # hosts on one side beyond which the diagram is left out (the table stays)


def links(sections: Sequence[Section]) -> list[tuple[str, str, list[list[str]]]]:
    """(HMC, partition, values of each of VIEWS) for every HMC to partition link the dump shows."""
    f = fleet(sections)
    out = []
    for hmc, lpar, _ in managed_pairs(f):
        hmc_view = [f"{n.state_code} {n.state or ''}".strip() for n, _ in hmc.records(DomainNode)
                    if n.domain == "managed_nodes" and f.find(n.address) is lpar]
        dlpar = [f"Active:<{p.active}> DCaps:<{p.dcaps:#x}>" if p.dcaps is not None else f"Active:<{p.active}>"
                 for p, _ in hmc.records(DlparPartition) if (f.find(p.hostname) or f.find(p.ip_address)) is lpar]
        rmc_state = [lp.rmc_state or "" for lp, _ in hmc.records(Lpar) if (f.find(lp.name) or f.find(
            lp.rmc_ipaddr)) is lpar]
        lpar_view = [f"{n.state_code} {n.state or ''}".strip() for n, _ in lpar.records(DomainNode)
                     if n.domain == "management_control_points" and f.find(n.address) is hmc]
        out.append((hmc.name, lpar.name, [hmc_view, dlpar, rmc_state, lpar_view]))
    return out


def _health(values: list[str], healthy: str) -> str:
    return "" if not values else "good" if all(v.startswith(healthy) for v in values) else "bad"


def _links_table(found: list[tuple[str, str, list[list[str]]]]) -> str:
    rows = []
    for hmc, lpar, views in found:
        cells = "".join(
            f'<td class="state {_health(values, healthy)}">'
            f'{esc(", ".join(values)) or "<span class=muted>not collected</span>"}</td>'
            for values, healthy in zip(views, _HEALTHY, strict=True))
        rows.append(f"<tr><td>{esc(hmc)}</td><td>{esc(lpar)}</td>{cells}</tr>")
    head = "".join(f"<th>{esc(v)}</th>" for v in VIEWS)
    return (f'<table class="links"><thead><tr><th>HMC</th><th>partition</th>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def _links_svg(found: list[tuple[str, str, list[list[str]]]]) -> str:
    """An inline SVG: HMCs on the left, partitions on the right, each link coloured by what the views say."""
    hmcs = list(dict.fromkeys(h for h, _, _ in found))
    lpars = list(dict.fromkeys(p for _, p, _ in found))
    if max(len(hmcs), len(lpars)) > SVG_MAX:
        return ""
    step, width, box = 34, 640, 150
    height = step * max(len(hmcs), len(lpars)) + 16
    y_hmc = {h: 8 + i * step + (height - 16 - step * len(hmcs)) // 2 for i, h in enumerate(hmcs)}
    y_lpar = {p: 8 + i * step + (height - 16 - step * len(lpars)) // 2 for i, p in enumerate(lpars)}
    colours = {"bad": "#c62828", "good": "#2e7d32", "": "#9e9e9e"}
    parts = []
    for hmc, lpar, views in found:
        health = {_health(v, h) for v, h in zip(views, _HEALTHY, strict=True)} - {""}
        state = "bad" if "bad" in health else "good" if health else ""
        tip = "; ".join(f"{name}: {', '.join(v) or 'not collected'}" for name, v in zip(VIEWS, views, strict=True))
        dash = ' stroke-dasharray="6 4"' if state == "bad" else ""
        parts.append(f'<line class="link {state or "unknown"}" x1="{box + 8}" y1="{y_hmc[hmc] + 13}" '
                     f'x2="{width - box - 8}" y2="{y_lpar[lpar] + 13}" stroke="{colours[state]}" stroke-width="2"'
                     f"{dash}>"
                     f"<title>{esc(hmc)} \u2194 {esc(lpar)}: {esc(tip)}</title></line>")
    for names, x, ys in ((hmcs, 8, y_hmc), (lpars, width - box - 8, y_lpar)):
        for name in names:
            label = name if len(name) <= 20 else name[:19] + "\u2026"
            parts.append(f'<rect x="{x}" y="{ys[name]}" width="{box}" height="26" rx="4" fill="#eef0f4" '
                         f'stroke="#8a94a6"/><text x="{x + box // 2}" y="{ys[name] + 17}" text-anchor="middle" '
                         f'font-size="13">{esc(label)}<title>{esc(name)}</title></text>')
    return (f'<svg class="links-diagram" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" aria-label="HMC to partition links">{"".join(parts)}</svg>'
            '<p class="muted">Green: every view collected says the link is up; red, dashed: a view says it is '
            "not; grey: no view collected. Hover a line for the values.</p>")


def _links(sections: Sequence[Section]) -> str:
    """HMC to partition links the dump shows: a diagram and a table of what each side's commands say about RMC."""
    found = links(sections)
    if not found:
        return '<p class="muted">The dump shows no HMC managing a partition of the dump.</p>'
    return _links_svg(found) + _links_table(found)


def render_html(sections: Iterable[Section], report: CheckReport | None = None, title: str = "") -> str:
    """The report page of parsed sections (``report``: their checks, run here when not given)."""
    sections = list(sections)
    if report is None:
        report = run_checks(sections)
    by_host: dict[str, list[Finding]] = {}
    for f in report.findings:  # the checks' order (root causes first) is kept within each host
        by_host.setdefault(f.subject, []).append(f)
    hosts = list(dict.fromkeys([*report.hosts, *by_host]))  # worst first, then as the dump has them
    hosts.sort(key=lambda h: min((SEVERITIES.index(f.severity) for f in by_host.get(h, [])), default=len(SEVERITIES)))
    anchors = {h: f"host-{i}" for i, h in enumerate(hosts)}
    counts = {s: sum(1 for f in report.findings if f.severity == s) for s in SEVERITIES}
    files = sorted({s.file or "<input>" for s in sections})
    failed = [s for s in sections if s.error is not None]
    out = [
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title or 'RMC / DLPAR report')}</title><style>{STYLE}</style></head><body>",
        f"<h1>{esc(title or 'RMC / DLPAR report')}</h1>",
        f'<p class="summary">{counts["error"]} error(s), {counts["warning"]} warning(s), {counts["info"]} note(s) '
        f"on {len(by_host)} of {len(hosts)} host(s); from {esc(', '.join(files))}.</p>",
        '<h2 id="matrix">Hosts and checks</h2>',
        '<p class="muted">passed: the check ran over the dump and found nothing about the host; not collected: '
        "the dump lacks a command the check reads.</p>",
        _matrix(report, hosts, by_host, anchors),
        '<h2 id="links">HMC and partition links</h2>',
        _links(sections),
        '<h2 id="findings">Findings by host</h2>',
    ]
    for host in hosts:
        found = by_host.get(host, [])
        out.append(f'<section class="host" id="{anchors[host]}"><h3>{esc(host)}</h3>')
        out.extend(_finding(f, sections) for f in found)
        out.append("" if found else '<p class="muted">No finding.</p>')
        out.append("</section>")
    if report.skipped or failed or report.unattributed:
        out.append('<h2 id="gaps">Not checked</h2><ul>')
        out.extend(f"<li>{esc(rule_id)}: the dump has no {esc(', '.join(missing))} output</li>"
                   for rule_id, missing in report.skipped)
        out.extend(f"<li>{esc(s.error.headline())}</li>" for s in failed if s.error is not None)
        if report.unattributed:
            out.append(f"<li>{report.unattributed} section(s) name no host (plain files without prompts or "
                       "markers)</li>")
        out.append("</ul>")
    out.append('<p class="muted">Made by rsctparse from the dump alone: no network, no scripts.</p></body></html>\n')
    return "\n".join(out)
