"""The Ansible filters: plain data in Python, and a real playbook on localhost over corpus files."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import rsctparse
from rsctparse.ansible import FilterModule
from tests.golden import CORPUS, ROOT, golden

FILTERS = FilterModule().filters()
PLAYBOOK = ROOT / "tests" / "ansible" / "playbook.yml"
REQUIRED = os.environ.get("RSCTPARSE_REQUIRE_EXTRAS") == "1"  # CI: a missing ansible-core is a failure


def filter_error() -> tuple[type[Exception], ...]:
    """What the filters raise: Ansible's filter error, or without Ansible the error itself."""
    try:
        from ansible.errors import AnsibleFilterError  # type: ignore[import-not-found,import-untyped,unused-ignore]
    except ImportError:
        return (rsctparse.ParseError, TypeError, ValueError)
    error: type[Exception] = AnsibleFilterError
    return (error,)


def test_filters_are_registered_by_name() -> None:
    assert set(FILTERS) == {"rsctparse", "rsctparse_check"}


def test_named_detected_and_registered_result_give_the_golden_records() -> None:
    sample = CORPUS / "lssrc" / "aix-status-all.txt"
    text = sample.read_text(encoding="utf-8")
    records = golden(sample)["records"]
    assert FILTERS["rsctparse"](text, "lssrc") == records
    assert FILTERS["rsctparse"](text) == records
    assert FILTERS["rsctparse"]({"stdout": text, "rc": 0}) == records
    assert FILTERS["rsctparse"](text.splitlines()) == records  # stdout_lines
    data = FILTERS["rsctparse"](text)
    json.dumps(data)  # plain data only


def test_parse_options_pass_through() -> None:
    got = FILTERS["rsctparse"]("3,Running\n", "lssyscfg", argv="lssyscfg -r lpar -F lpar_id,state")
    assert got == [{"lpar_id": 3, "state": "Running"}]


def test_transcript_gives_the_cli_sections() -> None:
    dump = CORPUS / "dumps" / "field-guide-mixed-prompts.txt"
    sections = FILTERS["rsctparse"](dump.read_text(encoding="utf-8"), transcript=True)
    want = golden(dump)["sections"]
    assert [{**s, "file": None} for s in sections] == [{**s, "file": None} for s in want]
    assert {s["file"] for s in sections} == {"<input>"}
    assert any(s["error"] for s in sections)  # a failed section is data ...
    with pytest.raises(filter_error(), match=r"<input>:36:14: lsrsrc: unterminated quoted string"):
        FILTERS["rsctparse"](dump.read_text(encoding="utf-8"), transcript=True, strict=True)  # ... or a failure


def test_check_gives_the_golden_findings() -> None:
    for name in ("down", "stale-key", "healthy"):
        dump = CORPUS / "scenarios" / f"{name}.txt"
        found = FILTERS["rsctparse_check"](dump.read_text(encoding="utf-8"))
        want = golden(dump)["findings"]
        assert [{**f, "evidence": [{**e, "file": None} for e in f["evidence"]]} for f in found] == [
            {**f, "evidence": [{**e, "file": None} for e in f["evidence"]]} for f in want]


def test_check_over_a_loop_result_names_each_item() -> None:
    text = (CORPUS / "scenarios" / "down.txt").read_text(encoding="utf-8")
    hmc, _, rest = text.partition("\naix10")  # two dumps: the HMCs' and the partitions'
    found = FILTERS["rsctparse_check"]({"results": [{"stdout": hmc}, {"stdout": "aix10" + rest}]})
    files = {e["file"] for f in found for e in f["evidence"]}
    assert files == {"<item 0>", "<item 1>"}


def test_errors_are_ansible_filter_errors_with_the_position() -> None:
    bad = (CORPUS / "lssrc" / "invalid-too-many-fields.txt").read_text(encoding="utf-8")
    with pytest.raises(filter_error()) as info:
        FILTERS["rsctparse"](bad, "lssrc")
    message = str(info.value).removeprefix("rsctparse: ")  # (Ansible's error adds the prefix; without it, the error)
    assert message.startswith(
        "<input>:2:60: lssrc: expected 2 to 4 fields (Subsystem, Group, PID, Status), found 6\n")
    assert str(info.value).rstrip().endswith("^")
    with pytest.raises(filter_error(), match="cannot tell which command printed this"):
        FILTERS["rsctparse"]("hello\n")
    with pytest.raises(filter_error(), match="unknown command 'nosuch'"):
        FILTERS["rsctparse"]("x\n", "nosuch")
    with pytest.raises(filter_error(), match="not int"):
        FILTERS["rsctparse"](3)
    with pytest.raises(filter_error(), match="give no command or option"):
        FILTERS["rsctparse"]("x\n", "lssrc", transcript=True)


def ansible_playbook() -> Path | None:
    local = Path(sys.executable).parent / "ansible-playbook"
    if local.exists():
        return local
    found = shutil.which("ansible-playbook")
    return Path(found) if found else None


def printed(output: str) -> dict[str, Any]:
    """The values the playbook printed: ``"msg": "RESULT name json"`` lines of the minimal callback."""
    out: dict[str, Any] = {}
    for line in output.splitlines():
        text = line.strip()
        if text.startswith('"msg": "RESULT '):
            msg = json.loads(text.removeprefix('"msg": ').rstrip(","))
            _, name, payload = msg.split(" ", 2)
            out[name] = payload if name == "error" else json.loads(payload)
    return out


def test_playbook_on_localhost(tmp_path: Path) -> None:
    runner = ansible_playbook()
    if runner is None:
        if REQUIRED:
            pytest.fail("ansible-playbook is not installed (pip install -e '.[ansible]')")
        pytest.skip("ansible-playbook is not installed (pip install -e '.[ansible]')")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ANSIBLE_STDOUT_CALLBACK": "minimal", "ANSIBLE_NOCOLOR": "1",
           "ANSIBLE_LOCALHOST_WARNING": "false", "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
           "ANSIBLE_HOME": str(tmp_path), "PYTHONWARNINGS": "ignore"}
    proc = subprocess.run(
        [str(runner), "-i", "localhost,", "-c", "local", "-e", f"corpus={CORPUS}",
         "-e", f"ansible_python_interpreter={sys.executable}", str(PLAYBOOK)],
        capture_output=True, text=True, env=env, cwd=PLAYBOOK.parent, timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    got = printed(proc.stdout)
    lssrc = golden(CORPUS / "lssrc" / "aix-status-all.txt")["records"]
    assert got["named"] == [r for r in lssrc if r["subsystem"] in ("ctrmc", "IBM.DRM")]
    nodes = golden(CORPUS / "rmcdomainstatus" / "hmc-managed-nodes.txt")["records"]
    assert got["detected"] == [n["state_code"] for n in nodes]
    dump = golden(CORPUS / "dumps" / "field-guide-mixed-prompts.txt")["sections"]
    assert got["transcript"] == [s["command"] for s in dump]
    assert got["findings"] == [f["rule"] for f in golden(CORPUS / "scenarios" / "down.txt")["findings"]]
    # Ansible's wording around the filter's message differs between versions; the message is ours
    assert "rsctparse: <input>:2:60: lssrc: expected 2 to 4 fields (Subsystem, Group, PID, Status), found 6" in got[
        "error"]
    assert "Traceback" not in proc.stdout + proc.stderr
