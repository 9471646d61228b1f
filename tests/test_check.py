"""The checks: scenario transcripts give exactly their findings; healthy estates are silent."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rsctparse
from rsctparse._check import RULES, canonical, run_checks, same_identity
from tests import estate
from tests.golden import CORPUS

SCENARIOS = sorted((CORPUS / "scenarios").glob("*.txt"))

# The rule(s) each injected fault must raise (other findings it causes are listed in its golden file).
EXPECTED_RULE = {
    "hmc_lacks_lpar_identity": "HOST_IDENTITY", "lpar_lacks_hmc_identity": "HOST_IDENTITY",
    "stale_key": "HOST_IDENTITY", "pending_up": "RMC_DOMAIN_STATE", "down": "RMC_DOMAIN_STATE",
    "lower_level": "RMC_LOWER_LEVEL", "view_mismatch": "RMC_VIEW_MISMATCH", "duplicate_node_id": "DUPLICATE_NODE_ID",
    "lspartition_inactive": "LSPARTITION_DLPAR", "dcaps_zero": "LSPARTITION_DLPAR",
    "lspartition_wrong_ip": "LSPARTITION_IP", "running_rmc_inactive": "LSSYSCFG_RMC_STATE",
    "rmc_ipaddr_mismatch": "LSSYSCFG_LSPARTITION", "drm_inoperative": "LSSRC_RSCT", "ctrmc_inoperative": "LSSRC_RSCT",
    "mgmt_domain_rm_inoperative": "LSSRC_RSCT", "mcp_missing": "MANAGEMENT_SERVER", "mcp_stale": "MANAGEMENT_SERVER",
    "mcp_unknown_hmc": "MANAGEMENT_SERVER", "mcp_ip_mismatch": "MANAGEMENT_SERVER",
}


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_scenario_findings(path: Path) -> None:
    meta = json.loads(path.with_suffix(".json").read_text())
    assert meta["provenance"]
    report = run_checks(rsctparse.iter_sections(path, file=path.name))
    assert [f.as_data() for f in report.findings] == meta["findings"]
    assert not report.skipped, "a scenario has every command"
    if meta["fault"] is None:
        assert report.findings == ()
    else:
        rules = {f.rule for f in report.findings}
        assert EXPECTED_RULE[meta["fault"]] in rules
        # findings are about the partition the fault was injected on, with evidence inside the file
        lines = path.read_text().count("\n")
        for f in report.findings:
            assert all(e.file == path.name and 1 <= e.line <= lines for e in f.evidence)


def test_every_fault_has_a_scenario_and_every_rule_a_fault() -> None:
    names = {p.stem for p in SCENARIOS}
    assert {f.replace("_", "-") for f in estate.FAULTS} | {"healthy"} == names
    assert {r.id for r in RULES} == set(EXPECTED_RULE.values())


def test_evidence_points_at_the_line() -> None:
    path = CORPUS / "scenarios" / "drm-inoperative.txt"
    [finding] = rsctparse.check(rsctparse.iter_sections(path, file=str(path)))
    [ev] = finding.evidence
    assert "IBM.DRM" in path.read_text().splitlines()[ev.line - 1]
    assert "inoperative" in path.read_text().splitlines()[ev.line - 1]


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10**6), st.integers(1, 3), st.integers(1, 6))
def test_generated_healthy_estates_are_silent(seed: int, hmcs: int, lpars: int) -> None:
    text = estate.render(estate.estate(seed, hmcs, lpars))
    assert rsctparse.check(rsctparse.iter_sections([text])) == []


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10**6), st.integers(1, 3), st.integers(2, 6), st.sampled_from(estate.FAULTS))
def test_injected_fault_raises_its_rule(seed: int, hmcs: int, lpars: int, fault: str) -> None:
    e = estate.estate(seed, hmcs, lpars, fault)
    findings = rsctparse.check(rsctparse.iter_sections([estate.render(e)]))
    assert EXPECTED_RULE[fault] in {f.rule for f in findings}
    victim = e.lpars[e.victim].name
    if fault != "duplicate_node_id":  # there the clone is whichever partition comes second
        assert {f.subject for f in findings} == {victim}


def test_missing_inputs_skip_rules_without_guessing() -> None:
    text = "aix10:/ # lssrc -a | grep rsct\n IBM.DRM          rsct_rm                       inoperative\n"
    report = run_checks(rsctparse.iter_sections([text]))
    assert [f.rule for f in report.findings] == ["LSSRC_RSCT"]
    skipped = dict(report.skipped)
    assert skipped["HOST_IDENTITY"] == ("ctsthl", "ctsvhbal") and skipped["MANAGEMENT_SERVER"] == ("lsrsrc",)


def test_identity_matching_semantics() -> None:
    assert same_identity("AIX10.domain.com", "aix10.DOMAIN.com")
    assert not same_identity("aix10", "aix10.domain.com")  # RSCT does not expand short names
    assert same_identity("100.026.217.218", "100.26.217.218")
    assert canonical("FE80::0:1") == "fe80::1"


def test_cli_check_exit_status_and_json() -> None:
    bad = CORPUS / "scenarios" / "down.txt"
    proc = subprocess.run([sys.executable, "-m", "rsctparse", "--check", "--json", str(bad)],
                          capture_output=True, text=True)
    assert proc.returncode == 1
    objs = [json.loads(line) for line in proc.stdout.splitlines()]
    assert objs and all(set(o) == {"rule", "severity", "subject", "message", "evidence", "remedy"} for o in objs)
    good = subprocess.run([sys.executable, "-m", "rsctparse", "--check", str(CORPUS / "scenarios" / "healthy.txt")],
                          capture_output=True, text=True)
    assert good.returncode == 0 and "0 error(s)" in good.stdout


def test_report_groups_by_host_worst_first() -> None:
    from rsctparse._check import render_report

    text = (CORPUS / "scenarios" / "lower-level.txt").read_text() + (CORPUS / "scenarios" / "down.txt").read_text()
    report = run_checks(rsctparse.iter_sections(io.BytesIO(text.encode())))
    rendered = render_report(report)
    assert rendered.index("ERROR") < rendered.index("INFO")
