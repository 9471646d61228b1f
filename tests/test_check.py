"""The checks: scenarios give their findings root cause first; healthy estates are silent; remedies fit the host."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rsctparse
from rsctparse._check import RULES, canonical, run_checks, same_identity
from rsctparse._check.registry import STAGES
from tests import estate
from tests.golden import CORPUS, golden, scenarios

SCENARIOS = scenarios()
FAULTY = [p for p in SCENARIOS if golden(p)["fault"] is not None]
HEALTHY = [p for p in SCENARIOS if golden(p)["fault"] is None]


def _findings(path: Path) -> list[dict[str, object]]:
    found: list[dict[str, object]] = golden(path)["findings"]
    return found


def _victim(path: Path) -> str:
    e = estate.scenario(path.stem)
    lpar = e.lpars[e.victim]
    return f"prod_{lpar.name}" if e.hmc_names else lpar.name


def test_every_scenario_is_written_by_the_estate_and_every_rule_fires_somewhere() -> None:
    assert {p.stem for p in SCENARIOS} == set(estate.SCENARIOS)
    fired = {f["rule"] for p in SCENARIOS for f in _findings(p)}
    assert {r.id for r in RULES} <= fired


@pytest.mark.parametrize("path", HEALTHY, ids=[p.stem for p in HEALTHY])
def test_healthy_estates_are_silent(path: Path) -> None:
    """No finding at all, but for notes of output the dump lacks (a look-alike that collected less)."""
    assert {(f["rule"], f["severity"]) for f in _findings(path)} <= {("DATA_MISSING", "info")}
    if golden(path)["style"].get("hmc_addresses", "ctsvhbal") == "ctsvhbal":
        assert _findings(path) == []


@pytest.mark.parametrize("path", FAULTY, ids=[p.stem for p in FAULTY])
def test_fault_gives_its_rule_first_for_its_partition(path: Path) -> None:
    meta = golden(path)
    findings = _findings(path)
    victim = [f for f in findings if f["subject"] == _victim(path)]
    if estate.FAULTS[meta["fault"]] is None:  # the dump cannot prove this fault: silence, and notes only
        assert not victim and {f["severity"] for f in findings} <= {"info"}
        return
    assert victim, "the partition the fault was injected on has a finding"
    assert victim[0]["rule"] == estate.FAULTS[meta["fault"]]
    assert victim[0]["caused_by"] is None
    lines = path.read_text().count("\n")
    for f in findings:
        assert all(e["file"] == path.name and 1 <= int(e["line"]) <= lines for e in f["evidence"])  # type: ignore[attr-defined]


def test_consequences_follow_their_cause() -> None:
    findings = _findings(CORPUS / "scenarios" / "ctrmc-down-chain.json")
    errors = [f for f in findings if f["severity"] == "error"]
    assert errors[0]["rule"] == "CTRMC_INACTIVE"
    assert {f["caused_by"] for f in errors[1:]} == {"CTRMC_INACTIVE"}
    assert {f["rule"] for f in errors} >= {"RMC_DOWN", "LSPARTITION_INACTIVE", "LSSYSCFG_RMC_STATE", "DRM_INACTIVE"}
    report = (CORPUS / "scenarios" / "ctrmc-down-chain.report").read_text()
    assert report.index("CTRMC_INACTIVE:") < report.index("RMC_DOWN (follows from CTRMC_INACTIVE)")


def test_explained_by_names_rules_and_has_no_cycle() -> None:
    rules = {r.id: r for r in RULES}
    for r in RULES:
        assert set(r.explained_by) <= set(rules), r.id
        assert r.stage in STAGES and r.source

    def reaches(start: str, goal: str, seen: frozenset[str] = frozenset()) -> bool:
        return any(c == goal or (c not in seen and reaches(c, goal, seen | {c})) for c in rules[start].explained_by)

    assert not [r.id for r in RULES if reaches(r.id, r.id)]


def test_one_subject_per_partition_the_hmc_name() -> None:
    findings = _findings(CORPUS / "scenarios" / "down-hmc-names-fqdn-prompts.json")
    assert {f["subject"] for f in findings} == {"prod_aix30"}  # not aix30.domain.com, not 10.10.50.22


def test_duplicate_node_id_names_both_and_never_advises_recfgct_on_both() -> None:
    findings = _findings(CORPUS / "scenarios" / "duplicate-node-id.json")
    assert sorted(str(f["subject"]) for f in findings) == ["aix30", "aix40"]
    for f in findings:
        assert "first find out which partition is the copy" in str(f["remedy"])
        assert "never run it on both" in str(f["remedy"])
    clone = _findings(CORPUS / "scenarios" / "duplicate-node-id-clone.json")
    by_subject = {f["subject"]: f for f in clone}
    assert set(by_subject) == {"aix30", "aix40"}
    assert "recfgct" in str(by_subject["aix30"]["remedy"]) and "never on aix40" in str(by_subject["aix30"]["remedy"])
    assert "recfgct" not in str(by_subject["aix40"]["remedy"])
    assert "is the copy: its trusted host list holds aix40.domain.com" in str(by_subject["aix30"]["message"])


def test_remedies_fit_the_os() -> None:
    linux = _findings(CORPUS / "scenarios" / "linux-drm-not-installed.json")
    assert all("/usr/sbin/rsct" not in str(f["remedy"]) for f in linux)
    assert "/opt/rsct/bin/rmcctrl -z" in str(linux[0]["remedy"]) and "DynamicRM" in str(linux[0]["remedy"])
    vios = _findings(CORPUS / "scenarios" / "vios-ctrmc-inoperative.json")
    assert "oem_setup_env" in str(vios[0]["remedy"]) and "/usr/sbin/rsct/bin/rmcctrl -z" in str(vios[0]["remedy"])
    hmc_side = _findings(CORPUS / "scenarios" / "stale-key.json")
    assert "pesh" in str(hmc_side[0]["remedy"]) and "HMC reboot" in str(hmc_side[0]["remedy"])
    assert "five minutes" in str(hmc_side[0]["remedy"])


def test_no_doubled_words_or_phrases() -> None:
    doubled = re.compile(r"\b(\w+(?:[ ,;:]+\w+){0,5})[ ,;:]+\1\b", re.IGNORECASE)
    assert doubled.search("run it on the partition: on the partition, then")
    for path in SCENARIOS:
        for f in _findings(path):
            for text in (str(f["message"]), str(f["remedy"])):
                match = doubled.search(text)
                assert match is None or match.group(1).isdigit(), (path.stem, match and match.group(0))


def test_evidence_points_at_the_proving_line() -> None:
    path = CORPUS / "scenarios" / "mcp-ip-mismatch.txt"
    [finding] = _findings(path)
    line = path.read_text().splitlines()[int(finding["evidence"][0]["line"]) - 1]  # type: ignore[index]
    assert "HMCIPAddr" in line and "10.10.50.250" in line
    path = CORPUS / "scenarios" / "drm-inoperative.txt"
    [finding] = _findings(path)
    line = path.read_text().splitlines()[int(finding["evidence"][0]["line"]) - 1]  # type: ignore[index]
    assert "IBM.DRM" in line and "inoperative" in line


def test_missing_data_is_info_with_the_failure_line() -> None:
    findings = _findings(CORPUS / "scenarios" / "partial-dump.json")
    assert {f["severity"] for f in findings} == {"info"}
    text = " ".join(str(f["message"]) for f in findings)
    assert "hmc2: ctsvhbal not collected" in text
    assert re.search(r"aix30: lsrsrc output failed to parse at partial-dump\.txt:\d+", text)


def test_absence_is_evidence_only_for_full_listings() -> None:
    rows = (" ctrmc            rsct             4129174      active\n"
            " IBM.MgmtDomainRM rsct_rm          5047130      active\n"
            " IBM.ERRM         rsct_rm                       inoperative\n")
    absent = ["RM_NOT_INSTALLED"]
    for argv, expected in (("lssrc -a", absent), ("lssrc -a | grep rsct", absent), ("lssrc -g rsct_rm", absent),
                           ("lssrc -s ctrmc", []), ("lssrc -a | grep ctrmc", []), ("lssrc -g rsct", [])):
        assert run_checks(rsctparse.iter_sections([f"aix10:/ # {argv}\n" + rows.split("\n", 1)[0] + "\n"])).findings[
            0].rule == "DATA_MISSING", "a trimmed listing (no IBM.ERRM or IBM.AuditRM) proves nothing"
        text = f"aix10:/ # {argv}\n" + ("Subsystem         Group            PID          Status\n" if "|" not in argv
                                        else "") + rows
        report = run_checks(rsctparse.iter_sections([text]))
        assert [f.rule for f in report.findings if f.severity != "info"] == expected, argv


def test_missing_inputs_skip_rules_without_guessing() -> None:
    text = "aix10:/ # lssrc -a | grep rsct\n IBM.DRM          rsct_rm                       inoperative\n"
    report = run_checks(rsctparse.iter_sections([text]))
    assert [f.rule for f in report.findings] == ["DRM_INACTIVE", "DATA_MISSING"]
    skipped = dict(report.skipped)
    assert skipped["HOST_IDENTITY"] == ("ctsthl", "ctsvhbal") and skipped["MCP_MISSING"] == ("lsrsrc",)


def test_odd_digits_never_crash_or_read_as_addresses() -> None:
    assert canonical("1²7.0.0.1") == "1²7.0.0.1"
    assert canonical("١٢٧.0.0.1") == "١٢٧.0.0.1"
    assert canonical("9" * 5000 + ".1.1.1") == "9" * 5000 + ".1.1.1"
    text = ("aix10:/ # /usr/sbin/rsct/bin/ctsvhbal\nIdentifier Generation Method: HBA\n"
            "Identity: 1²7.0.0.1\n\naix10:/ # lssrc -a | grep rsct\n ctrmc  rsct  1  active\n")
    run_checks(rsctparse.iter_sections([text]))  # no exception


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10**6), st.integers(1, 3), st.integers(1, 6),
       st.sampled_from(["aix", "linux", "vios", "old-aix"]), st.booleans(), st.booleans())
def test_generated_healthy_estates_are_silent(seed: int, hmcs: int, lpars: int, flavour: str, ipv6: bool,
                                              names: bool) -> None:
    e = estate.estate(seed, hmcs, lpars, flavour=flavour, ipv6=ipv6, hmc_names=names, fqdn_prompts=names)
    assert rsctparse.check(rsctparse.iter_sections([estate.render(e)])) == []


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10**6), st.integers(1, 3), st.integers(2, 6), st.sampled_from(sorted(estate.FAULTS)))
def test_injected_fault_raises_its_rule(seed: int, hmcs: int, lpars: int, fault: str) -> None:
    e = estate.estate(seed, hmcs, lpars, fault)
    findings = rsctparse.check(rsctparse.iter_sections([estate.render(e)]))
    victim, other = e.lpars[e.victim].name, e.lpars[(e.victim + 1) % lpars].name
    expected = estate.FAULTS[fault]
    if expected is None:
        assert not [f for f in findings if f.subject == victim or f.severity != "info"]
        return
    assert expected in {f.rule for f in findings if f.subject == victim}
    assert {f.subject for f in findings} <= {victim, other} | {h.name for h in e.hmcs}


def test_cli_check_exit_status_and_json() -> None:
    bad = CORPUS / "scenarios" / "down.txt"
    proc = subprocess.run([sys.executable, "-m", "rsctparse", "--check", "--json", str(bad)],
                          capture_output=True, text=True)
    assert proc.returncode == 1
    objs = [json.loads(line) for line in proc.stdout.splitlines()]
    keys = {"rule", "severity", "subject", "message", "evidence", "remedy", "caused_by"}
    assert objs and all(set(o) == keys for o in objs)
    good = subprocess.run([sys.executable, "-m", "rsctparse", "--check", str(CORPUS / "scenarios" / "healthy.txt")],
                          capture_output=True, text=True)
    assert good.returncode == 0 and good.stdout.startswith("0 error(s)")


def test_report_groups_by_host_worst_first() -> None:
    from rsctparse._check import render_report

    text = (CORPUS / "scenarios" / "lower-level.txt").read_text() + (CORPUS / "scenarios" / "down.txt").read_text()
    report = run_checks(rsctparse.iter_sections(io.BytesIO(text.encode())))
    rendered = render_report(report)
    assert rendered.index("ERROR") < rendered.index("INFO")


def test_identity_matching_semantics() -> None:
    assert same_identity("AIX10.domain.com", "aix10.DOMAIN.com")
    assert not same_identity("aix10", "aix10.domain.com")  # RSCT does not expand short names
    assert same_identity("100.026.217.218", "100.26.217.218")
    assert canonical("FE80::0:1") == "fe80::1"


def test_docs_name_every_rule_with_its_severity_stage_and_a_source() -> None:
    docs = (CORPUS.parent / "docs" / "checks.md").read_text()
    table = docs[docs.index("## Rules"):docs.index("### Identity matching")]
    rows = {line.split("|")[1].strip(" `"): [c.strip() for c in line.split("|")[2:-1]]
            for line in table.splitlines() if line.startswith("| `")}
    for r in RULES:
        assert r.id in rows, r.id
        severity, stage, *_, source = rows[r.id]
        assert (severity, stage) == (r.severity, r.stage), r.id
        assert source, r.id


def test_node_id_value_reads_both_notations() -> None:
    from rsctparse._values import node_id_value

    assert node_id_value("0xC8BC2C9647C1CEF3") == node_id_value("14464485127167790835") == 0xC8BC2C9647C1CEF3
    assert node_id_value("0x") is None and node_id_value("0x" + "f" * 17) is None
    assert node_id_value("1²3") is None and node_id_value(str(2**64)) is None and node_id_value("٣") is None


def test_stale_node_id_needs_comparable_notations() -> None:
    path = CORPUS / "scenarios" / "mcp-stale-node-id.txt"
    assert [f["rule"] for f in _findings(path)] == ["MCP_STALE_NODE_ID"]
    # every hex node id rewritten (as an anonymiser might): the notations no longer agree anywhere
    text = re.sub(r"0x[0-9a-f]{16}", lambda m: "0x" + m.group()[2:][::-1], path.read_text())
    assert not [f for f in rsctparse.check(rsctparse.iter_sections([text])) if f.rule == "MCP_STALE_NODE_ID"]


def test_one_cause_seen_three_times_is_one_finding() -> None:
    row = " ctrmc            rsct                          inoperative\n"
    text = "".join(f"aix10:/ # {argv}\n{row}" for argv in ("lssrc -s ctrmc", "lssrc -a | grep rsct", "lssrc -g rsct"))
    [finding] = [f for f in rsctparse.check(rsctparse.iter_sections([text], file="d.txt")) if f.severity == "error"]
    assert finding.rule == "CTRMC_INACTIVE"
    assert [e.line for e in finding.evidence] == [2, 4, 6]


def test_docs_chain_table_matches_the_rules() -> None:
    from rsctparse._check.rules.causes import CONNECTION_CAUSES, CONNECTION_STATES

    docs = (CORPUS.parent / "docs" / "checks.md").read_text()
    table = docs[docs.index("| a finding of |"):docs.index("The connection causes:")]
    documented = {}
    for line in table.splitlines()[2:]:
        if line.startswith("| `"):
            rule_id, causes = (c.strip() for c in line.split("|")[1:3])
            listed = re.findall(r"`([A-Z_]+)`", causes)
            if "every connection cause or state" in causes:
                listed = [*CONNECTION_CAUSES, *CONNECTION_STATES, *listed]
            documented[rule_id.strip("`")] = set(listed)
    assert documented == {r.id: set(r.explained_by) for r in RULES if r.explained_by}


def test_every_rule_has_fault_scenarios_and_a_silent_look_alike_and_docs_say_which() -> None:
    fired: dict[str, list[str]] = {}
    for path in FAULTY:
        for f in _findings(path):
            names = fired.setdefault(str(f["rule"]), [])
            if path.stem not in names:
                names.append(path.stem)
    docs = (CORPUS.parent / "docs" / "checks.md").read_text()
    table = docs[docs.index("### Scenarios per rule"):docs.index("## Sources")]
    for r in RULES:
        look_alike = CORPUS / "scenarios" / f"{estate.LOOK_ALIKES[r.id]}.txt"
        assert r.id not in {f["rule"] for f in _findings(look_alike)}, r.id
        assert fired.get(r.id), f"{r.id} fires in no fault scenario"
        row = f"| `{r.id}` | {', '.join(sorted(fired[r.id]))} | {estate.LOOK_ALIKES[r.id]} |"
        assert row in table, row
